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

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN=1`.
fn check_golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{} differs from the output; review the change and rerun with UPDATE_GOLDEN=1\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// The graph of a small report, byte for byte: IRIs, offsets and ordering are part of the
/// contract (deterministic N-Quads).
#[test]
fn golden_nquads_of_a_small_report() {
    let out = assert_cmd::Command::cargo_bin("govkg")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["extract", "tests/data/cli-report.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    check_golden("cli-report.nq", &String::from_utf8(out.stdout).unwrap());
}

/// What extraction finds in the seed report, one reviewable line per fact.
#[test]
fn golden_facts_of_the_seed_report() {
    use govkg::decode::RawDocument;
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gongshu-2023-lianghui.txt");
    let raw = RawDocument {
        source: "gongshu-2023-lianghui.txt".to_owned(),
        bytes: std::fs::read(path).unwrap(),
    };
    let ex = govkg::Pipeline::new().process(&raw).unwrap();
    let label = |id: Option<govkg::model::EntityId>| {
        id.and_then(|i| ex.entity(i))
            .map_or(String::new(), |e| e.label.clone())
    };
    let mut lines = Vec::new();
    for e in &ex.entities {
        lines.push(format!(
            "entity\t{}\t{}\t{}",
            e.kind,
            e.label,
            e.aliases.join("|")
        ));
    }
    for q in &ex.quantities {
        lines.push(format!(
            "quantity\t{}\t{}\t{}\t{}\t{:?}\t{}\t{}\t{}",
            q.indicator,
            q.value,
            q.unit,
            q.comparator.as_str(),
            q.year,
            q.status.as_str(),
            label(q.org),
            q.period.as_deref().unwrap_or("")
        ));
    }
    for a in &ex.attributions {
        lines.push(format!(
            "attribution\t{}\t{}\t{:?}\t{:?}",
            label(Some(a.subject)),
            label(Some(a.org)),
            a.year,
            a.role
        ));
    }
    check_golden(
        "gongshu-2023-lianghui.facts.tsv",
        &(lines.join("\n") + "\n"),
    );
}
