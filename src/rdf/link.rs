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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::LinkSet;
    use crate::link::dataset::Dataset;
    use crate::model::EntityKind;

    const TURTLE: &str = r#"
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rov: <http://www.w3.org/ns/regorg#> .
<https://example.org/org/1> a rov:RegisteredOrganization ;
    skos:prefLabel "华东医药股份有限公司"@zh ; skos:altLabel "华东医药"@zh ;
    dcterms:identifier "91330100MA2H00001P" ; dcterms:spatial "杭州市" .
<https://example.org/org/2> dcterms:identifier "no name, not a record" .
"#;

    #[test]
    fn turtle_subjects_with_a_name_are_records() -> Result<(), String> {
        let records = read_records(TURTLE.as_bytes(), true)?;
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r.iri.as_deref(), Some("https://example.org/org/1"));
        assert_eq!(r.identifier, "91330100MA2H00001P");
        assert_eq!(r.aliases, ["华东医药"]);
        assert_eq!(r.kind, Some(EntityKind::Enterprise));
        assert_eq!(r.place.as_deref(), Some("杭州市"));
        assert!(read_records(b"<a> <b> .", true).is_err());
        Ok(())
    }

    #[test]
    fn a_link_set_without_links_still_describes_its_records() -> Result<(), String> {
        let records = read_records(TURTLE.as_bytes(), true)?;
        let set = LinkSet {
            dataset: Dataset {
                name: "orgs".into(),
                path: "orgs.ttl".into(),
                records,
                refused: Vec::new(),
            },
            links: Vec::new(),
        };
        let quads = link_quads(&set);
        let graph = link_graph("orgs");
        assert!(quads.iter().all(|q| q.graph_name == graph.clone().into()));
        // the record keeps its own IRI and is not typed as one of the graph's entities
        assert!(
            quads
                .iter()
                .any(|q| q.subject.to_string() == "<https://example.org/org/1>"
                    && q.predicate == dcterms::TYPE)
        );
        assert!(!quads.iter().any(|q| q.predicate == rdf::TYPE
            && q.object
                == Term::from(crate::rdf::kind_class(EntityKind::Enterprise).into_owned())));
        assert_eq!(quads, link_quads(&set));
        Ok(())
    }
}
