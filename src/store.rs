//! Stage 7: [`GraphStore`], the persistent Oxigraph store holding one named graph per document.
//!
//! Writes go through [`GraphStore::replace_document`], which swaps a document's graph in one
//! transaction, so re-ingesting a file never duplicates facts and a crash never leaves half a
//! document; documents the store does not hold yet may instead go in by
//! [`GraphStore::bulk_insert`], atomic per batch (see [`crate::load`]). Queries see the union of all documents as their default graph and cannot reach
//! other hosts (SERVICE is refused).

use crate::model::{EntityKind, Extraction};
use crate::rdf::{self, vocab};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::vocab::rdf as rdfv;
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator, UpdateEvaluationError};
use oxigraph::store::{LoaderError, SerializerError, StorageError, Store, StoreOptions};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What can go wrong with the store; each variant names the store or the cause.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The directory could not be created.
    #[error("cannot create store directory {path}: {source}")]
    CreateDir {
        /// The store directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Another process holds the store's lock.
    #[error(
        "store {path} is in use by another govkg process (it holds the lock); wait for it to finish or use another --store: {source}"
    )]
    Locked {
        /// The store directory.
        path: PathBuf,
        /// RocksDB's message.
        source: StorageError,
    },
    /// The directory exists but is not a readable store.
    #[error("cannot open store {path}: {source}")]
    Open {
        /// The store directory.
        path: PathBuf,
        /// The cause.
        source: StorageError,
    },
    /// The directory holds no store (read-only opening never creates one).
    #[error("{path} is not a govkg store (no RocksDB CURRENT file); run `govkg ingest --store {path} FILE...` first", path = .path.display())]
    NotAStore {
        /// The directory.
        path: PathBuf,
    },
    /// A read or write failed.
    #[error("store {store}: {source}")]
    Storage {
        /// The store, as shown to users.
        store: String,
        /// The cause.
        source: StorageError,
    },
    /// The query text is not SPARQL.
    #[error("invalid SPARQL query: {0}")]
    Syntax(#[from] oxigraph::sparql::SparqlSyntaxError),
    /// The query failed while running.
    #[error("query failed: {0}")]
    Evaluation(#[from] oxigraph::sparql::QueryEvaluationError),
    /// Writing a dump failed.
    #[error("cannot write dump: {0}")]
    Dump(#[source] std::io::Error),
    /// A SPARQL update failed while running.
    #[error("update failed: {0}")]
    Update(#[from] UpdateEvaluationError),
    /// RDF given to [`GraphStore::load_nquads`] could not be read.
    #[error("cannot load {origin}: {source}")]
    Load {
        /// Where the data came from, as shown to users.
        origin: String,
        /// The parse or storage error.
        source: LoaderError,
    },
}

/// One ingested document, as listed by [`GraphStore::documents`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSummary {
    /// The named graph (and report IRI).
    pub graph: String,
    /// The path the document was read from.
    pub source: String,
    /// Its title, if one was found.
    pub title: Option<String>,
    /// Number of quads in its graph.
    pub triples: usize,
}

/// Counts over the whole store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Number of ingested documents (graphs holding a report).
    pub documents: usize,
    /// Number of quads.
    pub quads: usize,
    /// Distinct entities per category, keyed by class local name (`GovernmentBody`, ...).
    pub entities: BTreeMap<String, usize>,
    /// Number of quantities.
    pub quantities: usize,
    /// Number of attributions.
    pub attributions: usize,
}

/// An RDF term without oxigraph types, as [`GraphStore::construct_triples`] returns it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlainTerm {
    /// An IRI.
    Iri(String),
    /// A blank node's label.
    Blank(String),
    /// A literal's lexical form.
    Literal(String),
}

/// A triple of [`PlainTerm`]s (the predicate is always an IRI).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlainTriple {
    /// Subject (IRI or blank node).
    pub subject: PlainTerm,
    /// Predicate IRI.
    pub predicate: String,
    /// Object.
    pub object: PlainTerm,
}

fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => b.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// An Oxigraph store with govkg's conventions: one graph per document, replaced atomically.
/// Cloning gives another handle on the same open store (for a background writer).
#[derive(Clone)]
pub struct GraphStore {
    store: Store,
    path: Option<PathBuf>,
}

impl GraphStore {
    /// Opens the store in `dir`, creating the directory if needed. RocksDB keeps as many files
    /// open as the descriptor limit allows, which suits a long-lived reader of a large store.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(dir.as_ref(), StoreOptions::default())
    }

    /// [`GraphStore::open`] keeping at most `max_open_files` SST files open. RocksDB holds each
    /// open file's index in memory (about 1 MB per 60 MB file), so a writer building a large
    /// store caps them to bound its memory; fewer open files mean re-reading indexes.
    pub fn open_with_max_open_files(
        dir: impl AsRef<Path>,
        max_open_files: u32,
    ) -> Result<Self, StoreError> {
        let options = StoreOptions::default().with_max_open_files(max_open_files);
        Self::open_with(dir.as_ref(), options)
    }

    fn open_with(dir: &Path, options: StoreOptions) -> Result<Self, StoreError> {
        let path = dir.to_path_buf();
        std::fs::create_dir_all(&path).map_err(|source| StoreError::CreateDir {
            path: path.clone(),
            source,
        })?;
        let store = Store::open_with_options(&path, options).map_err(|source| {
            let msg = source.to_string().to_ascii_lowercase();
            if msg.contains("lock") {
                StoreError::Locked {
                    path: path.clone(),
                    source,
                }
            } else {
                StoreError::Open {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        Ok(Self {
            store,
            path: Some(path),
        })
    }

    /// Opens an existing store for reading only, so that queries work while another process
    /// ingests. The store is a snapshot as of opening: it shows every transaction committed
    /// before (each document whole) and none committed after, and it never writes, so it
    /// cannot damage the store whatever happens to the writer.
    pub fn open_read_only(dir: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = dir.as_ref().to_path_buf();
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore { path });
        }
        // A writer may swap its manifest or compact files away while we open; a few retries
        // read the new state.
        let mut attempt = 0;
        let store = loop {
            match Store::open_read_only(&path) {
                Ok(store) => break store,
                Err(_) if attempt < 8 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
                }
                Err(source) => {
                    return Err(StoreError::Open {
                        path: path.clone(),
                        source,
                    });
                }
            }
        };
        Ok(Self {
            store,
            path: Some(path),
        })
    }

    /// A store in memory, for tests and one-off extraction.
    pub fn in_memory() -> Result<Self, StoreError> {
        let store = Store::new().map_err(|source| StoreError::Storage {
            store: "in memory".into(),
            source,
        })?;
        Ok(Self { store, path: None })
    }

    /// The directory, if the store is on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn err(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            store: self
                .path
                .as_ref()
                .map_or_else(|| "in memory".to_owned(), |p| p.display().to_string()),
            source,
        }
    }

    /// Converts an extraction and stores it; returns the number of quads written.
    pub fn replace_extraction(&self, ex: &Extraction) -> Result<usize, StoreError> {
        let quads = rdf::to_quads(ex);
        self.replace_document(
            &rdf::document_graph(&ex.document),
            &ex.document.source,
            &quads,
        )?;
        Ok(quads.len())
    }

    /// In one transaction: drops every graph previously ingested from `source` (the file may
    /// have changed, giving a new hash) and replaces the graph named `graph` (the same content
    /// read from another path) by `quads`. Readers see either the old or the new document.
    ///
    /// The graph named `graph` is updated by difference: re-ingesting an unchanged file reads
    /// its graph once and writes nothing, which is several times faster than rewriting it.
    pub fn replace_document(
        &self,
        graph: &NamedNode,
        source: &str,
        quads: &[Quad],
    ) -> Result<(), StoreError> {
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        let source_lit = Literal::new_simple_literal(source);
        let mut stale: Vec<NamedOrBlankNode> = Vec::new();
        for q in tx.quads_for_pattern(
            None,
            Some(vocab::dcterms::SOURCE),
            Some(source_lit.as_ref().into()),
            None,
        ) {
            let q = q.map_err(|e| self.err(e))?;
            if let oxigraph::model::GraphName::NamedNode(g) = q.graph_name {
                if g != *graph {
                    stale.push(g.into());
                }
            }
        }
        stale.dedup();
        for g in &stale {
            tx.remove_named_graph(g).map_err(|e| self.err(e))?;
        }
        let new: HashSet<&Quad> = quads.iter().collect();
        let mut old = HashSet::new();
        for q in tx.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            old.insert(q.map_err(|e| self.err(e))?);
        }
        for q in old.iter().filter(|q| !new.contains(q)) {
            tx.remove(q);
        }
        tx.extend(quads.iter().filter(|q| !old.contains(*q)).map(Quad::as_ref));
        tx.commit().map_err(|e| self.err(e))
    }

    /// Whether the store holds the graph `graph` or any graph read from `source`: such a
    /// document must be replaced in a transaction rather than bulk loaded.
    pub fn knows_document(&self, graph: &NamedNode, source: &str) -> Result<bool, StoreError> {
        if self
            .store
            .contains_named_graph(graph.as_ref())
            .map_err(|e| self.err(e))?
        {
            return Ok(true);
        }
        let source_lit = Literal::new_simple_literal(source);
        match self
            .store
            .quads_for_pattern(
                None,
                Some(vocab::dcterms::SOURCE),
                Some(source_lit.as_ref().into()),
                None,
            )
            .next()
        {
            Some(Ok(_)) => Ok(true),
            Some(Err(e)) => Err(self.err(e)),
            None => Ok(false),
        }
    }

    /// Adds `quads` with Oxigraph's bulk loader: sorted SST files ingested into every index
    /// in one atomic step, so readers and a crash see all of them or none. Only for quads of
    /// documents the store does not hold yet (see [`crate::load::Loader`]): nothing is
    /// removed, and the loader is not isolated from concurrent writers.
    pub fn bulk_insert(
        &self,
        quads: Vec<Quad>,
        options: &crate::load::LoadOptions,
    ) -> Result<(), StoreError> {
        // Oxigraph splits a load into `megabytes * 1000 / threads` quads per thread (its default
        // is 2 GB per thread); this makes one batch one round of `threads` SST builders.
        let megabytes = options.batch_quads.div_ceil(1000).max(1);
        let mut loader = self
            .store
            .bulk_loader()
            .with_num_threads(options.threads.max(1))
            .with_max_memory_size_in_megabytes(megabytes);
        loader.load_quads(quads).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))
    }

    /// Every ingested document, sorted by source path.
    pub fn documents(&self) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut docs = Vec::new();
        for q in self.store.quads_for_pattern(
            None,
            Some(rdfv::TYPE),
            Some(vocab::gk::REPORT.into()),
            None,
        ) {
            let q = q.map_err(|e| self.err(e))?;
            let NamedOrBlankNode::NamedNode(report) = &q.subject else {
                continue;
            };
            let graph = q.graph_name.as_ref();
            let value = |p| -> Result<Option<String>, StoreError> {
                match self
                    .store
                    .quads_for_pattern(Some(report.into()), Some(p), None, Some(graph))
                    .next()
                {
                    Some(Ok(q)) => Ok(match q.object {
                        Term::Literal(l) => Some(l.value().to_owned()),
                        other => Some(other.to_string()),
                    }),
                    Some(Err(e)) => Err(self.err(e)),
                    None => Ok(None),
                }
            };
            let source = value(vocab::dcterms::SOURCE)?.unwrap_or_default();
            let title = value(vocab::dcterms::TITLE)?;
            let mut triples = 0;
            for r in self.store.quads_for_pattern(None, None, None, Some(graph)) {
                r.map_err(|e| self.err(e))?;
                triples += 1;
            }
            docs.push(DocumentSummary {
                graph: report.as_str().to_owned(),
                source,
                title,
                triples,
            });
        }
        docs.sort_by(|a, b| (&a.source, &a.graph).cmp(&(&b.source, &b.graph)));
        docs.dedup();
        Ok(docs)
    }

    fn distinct_of_type(
        &self,
        class: oxigraph::model::NamedNodeRef<'_>,
    ) -> Result<usize, StoreError> {
        let mut seen = HashSet::new();
        for q in self
            .store
            .quads_for_pattern(None, Some(rdfv::TYPE), Some(class.into()), None)
        {
            seen.insert(q.map_err(|e| self.err(e))?.subject);
        }
        Ok(seen.len())
    }

    /// Counts documents, quads, entities per category, quantities and attributions.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let mut entities = BTreeMap::new();
        for kind in EntityKind::ALL {
            entities.insert(
                kind.as_str().to_owned(),
                self.distinct_of_type(rdf::kind_class(kind))?,
            );
        }
        Ok(StoreStats {
            documents: self.distinct_of_type(vocab::gk::REPORT)?,
            quads: self.store.len().map_err(|e| self.err(e))?,
            entities,
            quantities: self.distinct_of_type(vocab::gk::QUANTITY)?,
            attributions: self.distinct_of_type(vocab::gk::ATTRIBUTION)?,
        })
    }

    /// Runs a SPARQL query. Without FROM clauses the default graph is the union of all
    /// documents; SERVICE is refused so a query cannot make the process fetch anything.
    pub fn query(&self, text: &str) -> Result<QueryResults<'static>, StoreError> {
        self.query_cancellable(text, None)
    }

    /// [`GraphStore::query`] that stops with `QueryEvaluationError::Cancelled` once `cancel`
    /// is cancelled (from a timer, for a time limit). Cancellation is checked at store reads.
    pub fn query_cancellable(
        &self,
        text: &str,
        cancel: Option<CancellationToken>,
    ) -> Result<QueryResults<'static>, StoreError> {
        // Built without oxigraph's `http-client` feature, the evaluator has no handler that
        // could fetch anything: every SERVICE fails with `UnsupportedService`.
        let mut evaluator = SparqlEvaluator::new();
        if let Some(token) = cancel {
            evaluator = evaluator.with_cancellation_token(token);
        }
        let mut prepared = evaluator.parse_query(text)?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        Ok(prepared.on_store(&self.store).execute()?)
    }

    /// Runs a SPARQL update (the server's `--allow-update`). The transaction is all or nothing;
    /// SERVICE and LOAD cannot reach other hosts (no HTTP client is built in).
    pub fn update(&self, text: &str) -> Result<(), StoreError> {
        SparqlEvaluator::new()
            .parse_update(text)?
            .on_store(&self.store)
            .execute()?;
        Ok(())
    }

    /// The names of the store's named graphs (one per document), sorted.
    pub fn graph_names(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut names = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g.map_err(|e| self.err(e))? {
                names.push(n);
            }
        }
        names.sort();
        Ok(names)
    }

    /// Whether the named graph `graph` exists.
    pub fn contains_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        self.store
            .contains_named_graph(graph)
            .map_err(|e| self.err(e))
    }

    /// Writes one graph (`None`: the default graph, which holds nothing govkg wrote) in
    /// `format`, sorted so that the same graph gives the same bytes.
    pub fn write_graph<W: Write>(
        &self,
        graph: Option<&NamedNode>,
        format: RdfFormat,
        writer: W,
    ) -> Result<W, StoreError> {
        let name = graph.map_or(GraphNameRef::DefaultGraph, |g| {
            GraphNameRef::NamedNode(g.as_ref())
        });
        let mut quads = Vec::new();
        for q in self.store.quads_for_pattern(None, None, None, Some(name)) {
            quads.push(q.map_err(|e| self.err(e))?);
        }
        quads.sort_by_cached_key(|q| q.to_string());
        let mut ser = RdfSerializer::from_format(format);
        if !matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) {
            for (prefix, ns) in rdf::serializer_prefixes() {
                ser = ser
                    .with_prefix(prefix, ns)
                    .map_err(|e| StoreError::Dump(std::io::Error::other(e)))?;
            }
        }
        let mut out = ser.for_writer(writer);
        for q in &quads {
            let result = if format.supports_datasets() {
                out.serialize_quad(q)
            } else {
                out.serialize_triple(oxigraph::model::TripleRef::new(
                    q.subject.as_ref(),
                    q.predicate.as_ref(),
                    q.object.as_ref(),
                ))
            };
            result.map_err(StoreError::Dump)?;
        }
        out.finish().map_err(StoreError::Dump)
    }

    /// Adds the quads of an N-Quads file (e.g. `govkg extract` output) from `reader`;
    /// `origin` names the source in errors.
    pub fn load_nquads(&self, reader: impl std::io::Read, origin: &str) -> Result<(), StoreError> {
        self.store
            .load_from_reader(RdfParser::from_format(RdfFormat::NQuads), reader)
            .map_err(|source| StoreError::Load {
                origin: origin.to_owned(),
                source,
            })
    }

    /// Runs a SELECT and returns its rows as plain strings (an IRI's text, a literal's
    /// lexical form), one `Option` per variable in projection order, so that callers such as
    /// `export` need no oxigraph types. Any other query form yields no rows.
    pub fn select_strings(&self, text: &str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
        let QueryResults::Solutions(solutions) = self.query(text)? else {
            return Ok(Vec::new());
        };
        let width = solutions.variables().len();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution?;
            rows.push((0..width).map(|i| solution.get(i).map(term_text)).collect());
        }
        Ok(rows)
    }

    /// Runs a CONSTRUCT (or DESCRIBE) and returns its triples as plain values.
    pub fn construct_triples(&self, text: &str) -> Result<Vec<PlainTriple>, StoreError> {
        let QueryResults::Graph(triples) = self.query(text)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for t in triples {
            let t = t?;
            let subject = match &t.subject {
                NamedOrBlankNode::NamedNode(n) => PlainTerm::Iri(n.as_str().to_owned()),
                NamedOrBlankNode::BlankNode(b) => PlainTerm::Blank(b.as_str().to_owned()),
            };
            let object = match &t.object {
                Term::NamedNode(n) => PlainTerm::Iri(n.as_str().to_owned()),
                Term::BlankNode(b) => PlainTerm::Blank(b.as_str().to_owned()),
                Term::Literal(l) => PlainTerm::Literal(l.value().to_owned()),
                #[allow(unreachable_patterns)]
                other => PlainTerm::Literal(other.to_string()),
            };
            out.push(PlainTriple {
                subject,
                predicate: t.predicate.as_str().to_owned(),
                object,
            });
        }
        Ok(out)
    }

    /// Writes every quad as N-Quads.
    pub fn dump_nquads<W: Write>(&self, writer: W) -> Result<W, StoreError> {
        self.store
            .dump_to_writer(RdfSerializer::from_format(RdfFormat::NQuads), writer)
            .map_err(|e| match e {
                SerializerError::Storage(e) => self.err(e),
                other => StoreError::Dump(other.into()),
            })
    }

    /// The triples of one graph, in memory (for validation).
    pub fn graph_triples(&self, graph: &NamedNode) -> Result<oxigraph::model::Graph, StoreError> {
        let mut out = oxigraph::model::Graph::new();
        for q in self.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            out.insert(&oxigraph::model::Triple::from(q.map_err(|e| self.err(e))?));
        }
        Ok(out)
    }

    /// Number of quads in one graph.
    pub fn graph_len(&self, graph: &NamedNode) -> Result<usize, StoreError> {
        let mut n = 0;
        for q in self.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            q.map_err(|e| self.err(e))?;
            n += 1;
        }
        Ok(n)
    }

    /// Replaces a graph that is not a document (a link set) by `quads` in one transaction:
    /// readers see the old or the new graph, never half of it.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        tx.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
            .map_err(|e| self.err(e))?;
        tx.extend(quads.iter().map(Quad::as_ref));
        tx.commit().map_err(|e| self.err(e))
    }

    /// Drops a graph that is not a document (a link set); returns whether it was there.
    pub fn remove_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        let there = tx
            .contains_named_graph(graph.as_ref())
            .map_err(|e| self.err(e))?;
        if there {
            tx.remove_named_graph(graph.as_ref())
                .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(there)
    }

    /// Makes written data durable: commits are not synced to disk one by one.
    pub fn flush(&self) -> Result<(), StoreError> {
        if self.path.is_some() {
            self.store.flush().map_err(|e| self.err(e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::tests::sample;

    fn count(results: QueryResults<'_>) -> usize {
        match results {
            QueryResults::Solutions(s) => s.filter(Result::is_ok).count(),
            _ => 0,
        }
    }

    #[test]
    fn replacing_twice_gives_the_same_quad_count() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        let n = store.replace_extraction(&sample())?;
        let first = store.stats()?;
        store.replace_extraction(&sample())?;
        let second = store.stats()?;
        assert_eq!(first, second);
        assert_eq!(second.quads, n);
        assert_eq!(second.documents, 1);
        Ok(())
    }

    #[test]
    fn a_changed_file_replaces_the_graph_from_the_same_source() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&sample())?;
        let mut changed = sample();
        changed.document.sha256 = "f".repeat(64);
        changed.quantities.clear();
        store.replace_extraction(&changed)?;
        let docs = store.documents()?;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].graph, "https://w3id.org/govkg/doc/ffffffffffffffff");
        assert_eq!(store.stats()?.quantities, 0);
        Ok(())
    }

    #[test]
    fn a_smaller_graph_under_the_same_name_loses_the_missing_quads() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&sample())?;
        let mut fewer = sample();
        fewer.quantities.clear();
        let n = store.replace_extraction(&fewer)?;
        assert_eq!(store.stats()?.quantities, 0);
        assert_eq!(store.stats()?.quads, n);
        Ok(())
    }

    #[test]
    fn stats_count_entities_by_category() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&sample())?;
        let s = store.stats()?;
        assert_eq!(s.entities.get("GovernmentBody"), Some(&1));
        assert_eq!(s.entities.get("Place"), Some(&1));
        assert_eq!(s.entities.get("Initiative"), Some(&1));
        assert_eq!(s.quantities, 1);
        assert_eq!(s.attributions, 1);
        Ok(())
    }

    #[test]
    fn queries_see_the_union_of_document_graphs() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&sample())?;
        let r = store.query(
            "PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT ?q WHERE { ?q a gk:Quantity }",
        )?;
        assert_eq!(count(r), 1);
        Ok(())
    }

    #[test]
    fn service_is_refused() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        let r = store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }");
        let failed = match r {
            Err(_) => true,
            Ok(QueryResults::Solutions(mut s)) => s.next().is_some_and(|x| x.is_err()),
            Ok(_) => false,
        };
        assert!(failed, "SERVICE must not be evaluated");
        Ok(())
    }

    #[test]
    fn documents_lists_source_title_and_size() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        let n = store.replace_extraction(&sample())?;
        let docs = store.documents()?;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].source, "tests/data/sample.txt");
        assert_eq!(docs[0].title.as_deref(), Some("拱墅区2023年政府工作报告"));
        assert_eq!(docs[0].triples, n);
        Ok(())
    }

    #[test]
    fn dump_writes_every_quad_as_nquads() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        let n = store.replace_extraction(&sample())?;
        let out = store.dump_nquads(Vec::new())?;
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.lines().count(), n);
        assert_eq!(
            store.graph_len(&rdf::document_graph(&sample().document))?,
            n
        );
        Ok(())
    }

    #[test]
    fn a_read_only_handle_is_a_snapshot_next_to_a_writer() -> Result<(), StoreError> {
        let dir = std::env::temp_dir().join(format!("govkg-ro-test-{}", std::process::id()));
        let writer = GraphStore::open(&dir)?;
        writer.replace_extraction(&sample())?;
        writer.flush()?;
        let before = GraphStore::open_read_only(&dir)?;
        assert_eq!(before.stats()?.documents, 1);
        let mut other = sample();
        other.document.sha256 = "e".repeat(64);
        other.document.source = "tests/data/other.txt".into();
        writer.replace_extraction(&other)?;
        writer.flush()?;
        // the old handle keeps its snapshot; a new one sees the write
        assert_eq!(before.stats()?.documents, 1);
        assert_eq!(GraphStore::open_read_only(&dir)?.stats()?.documents, 2);
        drop((before, writer));
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn updates_graphs_and_nquads_round_trip() -> Result<(), StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&sample())?;
        let graph = rdf::document_graph(&sample().document);
        assert_eq!(store.graph_names()?, vec![graph.clone()]);
        assert!(store.contains_graph(&graph)?);
        let nt = store.write_graph(Some(&graph), RdfFormat::NTriples, Vec::new())?;
        assert_eq!(
            nt,
            store.write_graph(Some(&graph), RdfFormat::NTriples, Vec::new())?
        );
        assert_eq!(
            nt.iter().filter(|b| **b == b'\n').count(),
            store.graph_len(&graph)?
        );
        let dump = store.dump_nquads(Vec::new())?;
        let copy = GraphStore::in_memory()?;
        copy.load_nquads(dump.as_slice(), "dump")?;
        assert_eq!(copy.stats()?, store.stats()?);
        assert!(
            copy.load_nquads(&b"not n-quads"[..], "bad.nq")
                .is_err_and(|e| e.to_string().contains("bad.nq"))
        );
        store.update("INSERT DATA { <https://example.org/s> <https://example.org/p> 1 }")?;
        assert_eq!(store.stats()?.quads, copy.stats()?.quads + 1);
        assert!(matches!(
            store.update("INSERT nonsense"),
            Err(StoreError::Syntax(_))
        ));
        Ok(())
    }

    #[test]
    fn read_only_refuses_a_directory_that_is_no_store() {
        let dir = std::env::temp_dir();
        match GraphStore::open_read_only(&dir) {
            Err(e @ StoreError::NotAStore { .. }) => {
                assert!(e.to_string().contains("not a govkg store"), "{e}")
            }
            Err(e) => panic!("expected NotAStore, got {e}"),
            Ok(_) => panic!("a directory without a store must be refused"),
        }
    }

    #[test]
    fn open_reports_a_locked_store_by_name() {
        let dir = std::env::temp_dir().join(format!("govkg-lock-test-{}", std::process::id()));
        let first = GraphStore::open(&dir);
        assert!(first.is_ok());
        match GraphStore::open(&dir) {
            Err(e) => assert!(e.to_string().contains(&dir.display().to_string()), "{e}"),
            Ok(_) => panic!("a second writer must be refused"),
        }
        drop(first);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
