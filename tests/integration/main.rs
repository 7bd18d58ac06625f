//! The one integration-test binary (ripgrep's layout): each module tests one area.

/// Command-line behaviour, run through the real binary with `assert_cmd`.
mod cli;
/// Exports read by networkx, Graphviz, serde_json and headless Chromium.
mod export;
/// Many documents: bulk loading, thread counts, multi-file extract.
mod load;
/// RDF output: determinism, ontology terms, SHACL shapes parse.
mod rdf;
/// The seed report end to end: ingest, then ask for facts the report states.
mod seed;
/// Decoding and normalisation on real corpus files and crafted bad input.
mod text;
/// Helpers the modules share.
mod util;
