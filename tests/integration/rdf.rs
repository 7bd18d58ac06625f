//! The ontology and the shapes parse, and they declare every `gk:` term the code writes.

use govkg::rdf::vocab::gk;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::collections::BTreeSet;
use std::path::Path;

fn parse(file: &str) -> Vec<Triple> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&bytes)
        .map(|q| {
            q.map(Triple::from)
                .unwrap_or_else(|e| panic!("{file}: {e}"))
        })
        .collect()
}

/// Terms the ontology gives a type to.
fn declared(ontology: &[Triple]) -> BTreeSet<String> {
    ontology
        .iter()
        .filter(|t| t.predicate == rdf::TYPE)
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn ontology_parses_and_declares_every_vocab_term() {
    let onto = parse("ontology/govkg.ttl");
    assert!(
        onto.len() > 100,
        "ontology looks truncated: {} triples",
        onto.len()
    );
    let declared = declared(&onto);
    let missing: Vec<&str> = gk::ALL
        .iter()
        .map(|t| t.as_str())
        .filter(|t| !declared.contains(*t))
        .collect();
    assert!(missing.is_empty(), "not declared in govkg.ttl: {missing:?}");
}

#[test]
fn every_gk_class_and_property_has_zh_and_en_labels() {
    let onto = parse("ontology/govkg.ttl");
    let label =
        oxigraph::model::NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
    for term in gk::ALL {
        for lang in ["zh", "en"] {
            let found = onto.iter().any(|t| {
                t.subject == NamedOrBlankNode::from(term.into_owned())
                    && t.predicate == label
                    && matches!(&t.object, Term::Literal(l) if l.language() == Some(lang))
            });
            assert!(found, "{term} has no @{lang} label");
        }
    }
}

#[test]
fn shapes_parse_and_only_use_declared_gk_terms() {
    let shapes = parse("ontology/shapes.ttl");
    assert!(!shapes.is_empty());
    let declared = declared(&parse("ontology/govkg.ttl"));
    let used: BTreeSet<String> = shapes
        .iter()
        .flat_map(|t| {
            [
                t.subject.to_string(),
                t.predicate.to_string(),
                t.object.to_string(),
            ]
        })
        .filter_map(|s| {
            s.strip_prefix('<')
                .and_then(|s| s.strip_suffix('>'))
                .filter(|s| s.starts_with(gk::NAMESPACE))
                .map(str::to_owned)
        })
        .collect();
    assert!(used.len() > 10, "shapes mention too few gk terms: {used:?}");
    let undeclared: Vec<_> = used.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "shapes use undeclared terms: {undeclared:?}"
    );
}

#[test]
fn canned_queries_parse_and_state_their_question() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let store = govkg::store::GraphStore::in_memory().unwrap_or_else(|e| panic!("{e}"));
    for name in [
        "entities",
        "quantities",
        "attributions",
        "targets-by-year",
        "initiatives-by-body",
        "provenance",
        "documents",
    ] {
        let path = dir.join(format!("{name}.rq"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(text.starts_with('#'), "{name}.rq must open with a comment");
        assert!(text.contains("Columns:"), "{name}.rq must list its columns");
        assert!(store.query(&text).is_ok(), "{name}.rq does not run");
    }
}
