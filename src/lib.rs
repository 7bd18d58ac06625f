//! govkg turns Chinese government reports into an RDF knowledge graph.
//!
//! The pipeline, one module and one type per stage:
//! [`decode`] (`RawDocument` → `DecodedText`) → [`normalize`] (`NormalizedText`, with an offset
//! map back to the raw text) → [`structure`] (`Structure`: title, sections, sentences) →
//! [`segment`] (jieba words) → [`extract`] ([`model::Extraction`]) → [`rdf`] (quads) →
//! [`store`] (Oxigraph) → [`query`]; [`export`] turns the store into graph files for
//! visualization tools; [`link`] joins the graph with other datasets (CSV or RDF tables,
//! 统一社会信用代码, an OpenRefine reconciliation core); [`serve`] answers SPARQL over HTTP and
//! [`push`] sends graphs to another SPARQL store.
//!
//! See `ARCHITECTURE.md` for the code map and the invariants.

// No unsafe code but one audited call: `load::release_freed_memory` (glibc's malloc_trim).
#![deny(unsafe_code)]

pub mod decode;
pub mod export;
pub mod extract;
pub mod lexicon;
pub mod link;
pub mod load;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod push;
pub mod query;
pub mod rdf;
pub mod segment;
pub mod serve;
pub mod shacl;
pub mod store;
pub mod structure;

pub use pipeline::Pipeline;
