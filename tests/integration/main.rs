//! The one integration-test binary (ripgrep's layout): each module tests one area.

/// Command-line behaviour, run through the real binary with `assert_cmd`.
mod cli;
/// SIGKILL mid-ingest, re-ingest, readers during an ingest, a second writer.
mod durability;
/// Exports read by networkx, Graphviz, serde_json and headless Chromium.
mod export;
/// Property tests: decoding and number reading never panic.
mod fuzz;
/// Linking: division codes, places in context, datasets, credit codes, reconciliation,
/// targets across reports.
mod link;
/// Many documents: bulk loading, thread counts, multi-file extract.
mod load;
/// RDF output: determinism, ontology terms, SHACL shapes parse.
mod rdf;
/// Bad input, one test per kind: a one-line reason, no panic, the rest of the run goes in.
mod reliability;
/// The seed report end to end: ingest, then ask for facts the report states.
mod seed;
/// `govkg serve` queried by curl and SPARQLWrapper, and reconciliation batches in OpenRefine's
/// form; `govkg push` into Virtuoso.
mod serve;
/// Start-up: a small run's restricted dictionary gives the whole dictionary's N-Quads.
mod startup;
/// Decoding and normalisation on real corpus files and crafted bad input.
mod text;
/// Helpers the modules share.
mod util;
/// `govkg validate` (SHACL) against pySHACL.
mod validate;
