//! RDF for linking: a [`LinkSet`] → the quads of its own named graph
//! (`https://w3id.org/govkg/link/<dataset>`), and an RDF dataset file → link records.
//!
//! The graph holds the dataset's records (name, identifier, place), one `gk:Link` per match
//! with its score and evidence, and the plain statements `skos:exactMatch` /
//! `skos:closeMatch` (plus `owl:sameAs` for exact matches) between entity and record, so a
//! rerun replaces it and `--remove` drops it without touching any document's graph.

use super::iri::{BASE, encode_segment};
use super::vocab::{dcterms, gk, owl, prov, skos};
use crate::link::LinkSet;
use crate::link::dataset::Record;
use crate::link::matching::Strength;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeMap;

/// The named graph of a dataset's links.
pub fn link_graph(dataset: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{BASE}link/{}", encode_segment(dataset)))
}

/// A record's IRI: its own when the dataset is RDF or the identifier is an IRI, else one
/// minted under the dataset from the identifier.
pub fn record_iri(dataset: &str, r: &Record) -> NamedNode {
    if let Some(iri) = r.iri.as_deref().and_then(|i| NamedNode::new(i).ok()) {
        return iri;
    }
    let id = r.identifier.trim();
    if (id.starts_with("http://") || id.starts_with("https://"))
        && let Ok(n) = NamedNode::new(id)
    {
        return n;
    }
    NamedNode::new_unchecked(format!(
        "{BASE}ext/{}/{}",
        encode_segment(dataset),
        encode_segment(id)
    ))
}

fn place_iri(code: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{BASE}id/place/{}", encode_segment(code)))
}

fn zh(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "zh")
}

/// A score in thousandths as an `xsd:decimal` (`0.875`).
fn score(thousandths: u32) -> Literal {
    Literal::new_typed_literal(
        format!("{}.{:03}", thousandths / 1000, thousandths % 1000),
        xsd::DECIMAL,
    )
}

/// Every quad of a link set's graph, sorted and deduplicated.
pub fn link_quads(set: &LinkSet) -> Vec<Quad> {
    let name = &set.dataset.name;
    let graph = link_graph(name);
    let g: GraphName = graph.clone().into();
    let mut quads = Vec::new();
    let mut add = |s: NamedNode, p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s, p.into_owned(), o, g.clone()));
    };
    add(graph.clone(), rdf::TYPE, gk::LINK_SET.into_owned().into());
    add(
        graph.clone(),
        gk::DATASET_FILE,
        Literal::new_simple_literal(set.dataset.path.display().to_string()).into(),
    );
    let records: Vec<NamedNode> = set
        .dataset
        .records
        .iter()
        .map(|r| record_iri(name, r))
        .collect();
    for (r, node) in set.dataset.records.iter().zip(&records) {
        add(
            node.clone(),
            rdf::TYPE,
            gk::EXTERNAL_RECORD.into_owned().into(),
        );
        add(node.clone(), skos::PREF_LABEL, zh(&r.name).into());
        for a in &r.aliases {
            add(node.clone(), skos::ALT_LABEL, zh(a).into());
        }
        add(
            node.clone(),
            dcterms::IDENTIFIER,
            Literal::new_simple_literal(&r.identifier).into(),
        );
        add(node.clone(), prov::WAS_DERIVED_FROM, graph.clone().into());
        if let Some(line) = r.line {
            add(
                node.clone(),
                gk::DATASET_LINE,
                Literal::new_typed_literal(line.to_string(), xsd::NON_NEGATIVE_INTEGER).into(),
            );
        }
        if let Some(k) = r.kind {
            add(
                node.clone(),
                dcterms::TYPE,
                super::kind_class(k).into_owned().into(),
            );
        }
        if let Some(p) = &r.place {
            add(node.clone(), dcterms::SPATIAL, place_iri(p).into());
        }
    }
    for l in &set.links {
        let (Some(record), Some(r), Ok(entity)) = (
            records.get(l.record),
            set.dataset.records.get(l.record),
            NamedNode::new(&l.entity),
        ) else {
            continue;
        };
        let property = match l.strength {
            Strength::Exact => skos::EXACT_MATCH,
            Strength::Close => skos::CLOSE_MATCH,
        };
        add(entity.clone(), property, record.clone().into());
        if l.strength == Strength::Exact {
            add(entity.clone(), owl::SAME_AS, record.clone().into());
            // the record's place (a credit code's division) is the entity's place too
            if let Some(p) = &r.place {
                add(entity.clone(), dcterms::SPATIAL, place_iri(p).into());
            }
        }
        let node = NamedNode::new_unchecked(format!(
            "{}/{}/{}",
            graph.as_str(),
            l.record,
            encode_segment(&l.entity)
        ));
        add(node.clone(), rdf::TYPE, gk::LINK.into_owned().into());
        add(node.clone(), gk::IN_LINK_SET, graph.clone().into());
        add(node.clone(), gk::LINKED_ENTITY, entity.into());
        add(node.clone(), gk::LINKED_RECORD, record.clone().into());
        add(
            node.clone(),
            gk::MATCH_PROPERTY,
            property.into_owned().into(),
        );
        add(node.clone(), gk::SCORE, score(l.score).into());
        for e in l.features.evidence() {
            add(
                node.clone(),
                gk::EVIDENCE,
                Literal::new_simple_literal(e).into(),
            );
        }
    }
    quads.sort_by_cached_key(ToString::to_string);
    quads.dedup();
    quads
}

fn text(t: &Term) -> Option<String> {
    match t {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// Reads records from Turtle or N-Triples: each subject with a name (`rdfs:label` or
/// `skos:prefLabel`) is a record; `skos:altLabel` gives aliases, `dcterms:identifier` the
/// identifier (else the IRI), `rdf:type` the category, `dcterms:spatial` the place.
pub fn read_records(bytes: &[u8], turtle: bool) -> Result<Vec<Record>, String> {
    let format = if turtle {
        RdfFormat::Turtle
    } else {
        RdfFormat::NTriples
    };
    #[derive(Default)]
    struct Acc {
        names: Vec<String>,
        aliases: Vec<String>,
        ids: Vec<String>,
        types: Vec<String>,
        places: Vec<String>,
    }
    let mut subjects: BTreeMap<String, Acc> = BTreeMap::new();
    for t in RdfParser::from_format(format).for_slice(bytes) {
        let q = t.map_err(|e| e.to_string())?;
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        let Some(o) = text(&q.object) else { continue };
        let acc = subjects.entry(s.as_str().to_owned()).or_default();
        let p = q.predicate.as_ref();
        if p == rdfs::LABEL || p == skos::PREF_LABEL {
            acc.names.push(o);
        } else if p == skos::ALT_LABEL {
            acc.aliases.push(o);
        } else if p == dcterms::IDENTIFIER || p == skos::NOTATION {
            acc.ids.push(o);
        } else if p == rdf::TYPE || p == dcterms::TYPE {
            acc.types.push(o);
        } else if p == dcterms::SPATIAL {
            acc.places.push(o);
        }
    }
    Ok(subjects
        .into_iter()
        .filter_map(|(iri, mut a)| {
            a.names.sort();
            a.ids.sort();
            a.types.sort();
            a.places.sort();
            a.aliases.sort();
            a.aliases.dedup();
            let name = a.names.first()?.clone();
            Some(Record {
                line: None,
                identifier: a.ids.first().cloned().unwrap_or_else(|| iri.clone()),
                iri: Some(iri),
                aliases: a.aliases.into_iter().filter(|x| *x != name).collect(),
                name,
                kind: a
                    .types
                    .iter()
                    .find_map(|t| crate::link::dataset::parse_kind(t)),
                place: a.places.first().cloned(),
            })
        })
        .collect())
}
