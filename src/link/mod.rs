//! Linking the graph with other data: a user's table of enterprises, bureaus or projects
//! ([`dataset`]) matched against the graph's entities ([`matching`]) into a [`LinkSet`]
//! that the store keeps in a named graph of its own, so a run can be redone or removed;
//! 统一社会信用代码 checks ([`uscc`]); and the OpenRefine reconciliation service core
//! ([`reconcile`]).
//!
//! **Invariant:** no oxigraph types here. The store is read through
//! [`GraphStore::select_strings`] and written through `GraphStore::replace_graph`; the
//! RDF form of a link set is minted in [`crate::rdf::link`].

pub mod dataset;
pub mod matching;
pub mod reconcile;
pub mod uscc;

use crate::lexicon::Lexicon;
use crate::model::EntityKind;
use crate::store::{GraphStore, StoreError};
use dataset::{Dataset, Record};
use matching::{CLOSE, Features, GraphEntity, Matcher, Query, Strength};
use std::collections::BTreeMap;
use std::path::PathBuf;
use thiserror::Error;

/// What can stop a link run or a reconciliation request.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LinkError {
    /// The dataset file cannot be read.
    #[error("cannot read dataset {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not CSV or RDF by its extension.
    #[error(
        "dataset {path}: unknown format; give a .csv table or a Turtle (.ttl) or N-Triples (.nt) file"
    )]
    Format {
        /// The file.
        path: PathBuf,
    },
    /// The CSV header lacks a required column.
    #[error(
        "dataset {path}: the header must name the columns name, identifier and type (optional: aliases, place); found {found:?}"
    )]
    Header {
        /// The file.
        path: PathBuf,
        /// The header as read.
        found: String,
    },
    /// The CSV cannot be parsed.
    #[error("dataset {path}, line {line}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// Line of the problem.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// The RDF cannot be parsed.
    #[error("dataset {path}: not valid RDF: {message}")]
    Rdf {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A reconciliation request is not in the API's JSON form.
    #[error("invalid reconciliation request: {0}")]
    Request(String),
    /// The dataset file is not text in any encoding govkg reads.
    #[error(transparent)]
    Decode(#[from] crate::decode::DecodeError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One link from a graph entity to a dataset record.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// Index of the record in [`LinkSet::dataset`]'s records.
    pub record: usize,
    /// IRI of the graph entity.
    pub entity: String,
    /// Its preferred name.
    pub entity_label: String,
    /// Score in thousandths.
    pub score: u32,
    /// Exact or close.
    pub strength: Strength,
    /// What matched.
    pub features: Features,
}

/// The outcome of linking one dataset: what the link graph holds.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSet {
    /// The dataset, with its refused rows.
    pub dataset: Dataset,
    /// Links, by record then score.
    pub links: Vec<Link>,
}

/// How many candidates a record may link to (the best ones).
pub const MAX_LINKS_PER_RECORD: usize = 3;

/// A record as a matcher query.
pub fn query_of(r: &Record) -> Query {
    Query {
        name: r.name.clone(),
        aliases: r.aliases.clone(),
        kind: r.kind,
        place: r.place.clone(),
    }
}

/// Every entity of the documents' graphs (never of link graphs) with its names and places.
pub fn graph_entities(store: &GraphStore) -> Result<Vec<GraphEntity>, LinkError> {
    let classes = EntityKind::ALL
        .iter()
        .map(|k| format!("gk:{}", k.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let q = format!(
        "PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?type ?label ?alt ?code ?docplace WHERE {{
  VALUES ?type {{ {classes} }}
  GRAPH ?g {{
    ?g a gk:Report .
    ?e a ?type ; skos:prefLabel ?label .
    OPTIONAL {{ ?e skos:altLabel ?alt }}
    OPTIONAL {{ ?e gk:adminCode ?code }}
    OPTIONAL {{ ?g dcterms:spatial ?p . ?p gk:adminCode ?docplace }}
  }}
}}"
    );
    let mut by_iri: BTreeMap<String, GraphEntity> = BTreeMap::new();
    for row in store.select_strings(&q)? {
        let (Some(iri), Some(class), Some(label)) = (&row[0], &row[1], &row[2]) else {
            continue;
        };
        let Some(kind) = class.rsplit('#').next().and_then(EntityKind::parse) else {
            continue;
        };
        let e = by_iri.entry(iri.clone()).or_insert_with(|| GraphEntity {
            iri: iri.clone(),
            kind,
            label: label.clone(),
            aliases: Vec::new(),
            places: Vec::new(),
        });
        // two documents may name the node differently: keep the smallest as the label
        if label < &e.label {
            let old = std::mem::replace(&mut e.label, label.clone());
            e.aliases.push(old);
        } else if label != &e.label {
            e.aliases.push(label.clone());
        }
        if let Some(a) = &row[3] {
            e.aliases.push(a.clone());
        }
        // a place is where it is; anything else is where the reports naming it are
        let place = if kind == EntityKind::Place {
            &row[4]
        } else {
            &row[5]
        };
        if let Some(p) = place {
            e.places.push(p.clone());
        }
    }
    Ok(by_iri
        .into_values()
        .map(|mut e| {
            e.aliases.sort();
            e.aliases.dedup();
            e.aliases.retain(|a| a != &e.label);
            e.places.sort();
            e.places.dedup();
            e
        })
        .collect())
}

/// Links every record of a dataset: the best candidates at or above the close threshold,
/// deterministic for the same store and file.
pub fn link_dataset(lex: &Lexicon, matcher: &Matcher, dataset: Dataset) -> LinkSet {
    let mut links = Vec::new();
    for (ri, r) in dataset.records.iter().enumerate() {
        for m in matcher.find(lex, &query_of(r), CLOSE, MAX_LINKS_PER_RECORD) {
            let e = &matcher.entities()[m.entity];
            links.push(Link {
                record: ri,
                entity: e.iri.clone(),
                entity_label: e.label.clone(),
                score: m.score,
                strength: m.strength,
                features: m.features,
            });
        }
    }
    LinkSet { dataset, links }
}

/// Reads a dataset and links it against the store's entities (nothing is written).
pub fn link_file(store: &GraphStore, path: &std::path::Path) -> Result<LinkSet, LinkError> {
    let lex = Lexicon::embedded();
    let dataset = dataset::read(&lex, path)?;
    let matcher = Matcher::new(&lex, graph_entities(store)?);
    Ok(link_dataset(&lex, &matcher, dataset))
}
