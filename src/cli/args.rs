//! The command line, declared with clap's derive API: [`Cli`] and one struct per subcommand.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turns Chinese government reports into an RDF knowledge graph and answers SPARQL over it.
#[derive(Debug, Parser)]
#[command(name = "govkg", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read reports (files or directories) into the store, replacing earlier versions.
    Ingest(IngestArgs),
    /// Run a SPARQL query (from a file or -e) against the store.
    Query(QueryArgs),
    /// Print the RDF of one report without touching any store.
    Extract(ExtractArgs),
    /// List the documents in the store.
    Docs(StoreArgs),
    /// Count documents, quads, entities, quantities and attributions in the store.
    Stats(StatsArgs),
    /// Write the entity graph for Gephi, yEd, Cytoscape, Graphviz or a browser.
    Export(ExportArgs),
    /// Link the graph's entities to a dataset (CSV or RDF) in a graph of its own.
    Link(LinkArgs),
    /// Answer SPARQL over HTTP (SPARQL 1.1 Protocol, Graph Store reads, a query page).
    Serve(ServeArgs),
    /// Send the document graphs to another SPARQL store (Graph Store HTTP Protocol).
    Push(PushArgs),
    /// Check every document graph against the SHACL shapes (ontology/shapes.ttl).
    Validate(ValidateArgs),
}

/// Where the store lives.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// Store directory [default: $GOVKG_STORE, else $XDG_DATA_HOME/govkg/store, else
    /// ~/.local/share/govkg/store].
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

/// `govkg ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The store to write.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Treat every warning (undecodable file, extraction problem) as fatal.
    #[arg(long)]
    pub strict: bool,
    /// Refuse files larger than this (bytes; K, M and G suffixes are powers of 1024).
    #[arg(long, value_name = "BYTES", default_value = DEFAULT_MAX_SIZE, value_parser = parse_size)]
    pub max_size: u64,
    /// Worker threads for extraction and bulk loading [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Quads per bulk-load batch. Larger batches make fewer, larger files for RocksDB to
    /// compact, at about 1 KB of memory per quad; each batch becomes visible at once.
    #[arg(long, value_name = "N", default_value_t = govkg::load::LoadOptions::default().batch_quads)]
    pub batch_quads: usize,
    /// Store files RocksDB keeps open. Each open file holds its index in memory, so this bounds
    /// the writer's memory on a large store; more spares re-reading indexes.
    #[arg(long, value_name = "N", default_value_t = govkg::load::MAX_OPEN_FILES)]
    pub max_open_files: u32,
    /// Report files, or directories searched recursively for text files (hidden files skipped).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// The default `--max-size`: far above any real report (the national reports are under 100 KB,
/// the largest provincial one under 1 MB) and admits a 50 MB page saved without line breaks,
/// yet bounds what one file may cost: dense report text takes about 10 s and up to 500 times
/// its size in memory per MB extracted.
pub const DEFAULT_MAX_SIZE: &str = "64M";

/// Parses `123`, `64K`, `64M` or `1G` (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, shift) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 10),
        Some((i, 'm' | 'M')) => (&s[..i], 20),
        Some((i, 'g' | 'G')) => (&s[..i], 30),
        _ => (s, 0),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .ok_or_else(|| format!("{s:?} is not a size; give bytes, e.g. 1048576 or 64M"))
}

/// `govkg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The store to query.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Output format: table, csv, tsv, json, xml for SELECT/ASK; table, turtle, ntriples,
    /// nquads, jsonld for CONSTRUCT/DESCRIBE.
    #[arg(long, short, default_value = "table", value_parser = parse_output_format)]
    pub format: govkg::query::OutputFormat,
    /// The query text, instead of a file.
    #[arg(long, short = 'e', value_name = "QUERY", conflicts_with = "file")]
    pub expression: Option<String>,
    /// A file holding the query (e.g. queries/entities.rq).
    #[arg(value_name = "FILE.rq", required_unless_present = "expression")]
    pub file: Option<PathBuf>,
}

fn parse_output_format(s: &str) -> Result<govkg::query::OutputFormat, String> {
    s.parse()
}

/// RDF syntaxes `extract` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// N-Quads: one line per quad, sorted (byte-identical for identical input).
    Nquads,
    /// Turtle: the triples, without the graph name.
    Turtle,
    /// TriG: the triples inside the document's named graph.
    Trig,
    /// JSON-LD.
    Jsonld,
}

/// `govkg extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Output syntax.
    #[arg(long, short, value_enum, default_value_t = ExtractFormat::Nquads)]
    pub format: ExtractFormat,
    /// Refuse a file larger than this (bytes; K, M and G suffixes are powers of 1024).
    #[arg(long, value_name = "BYTES", default_value = DEFAULT_MAX_SIZE, value_parser = parse_size)]
    pub max_size: u64,
    /// Worker threads when several files are given [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// The reports to read: files, or directories searched recursively for text files.
    /// Several documents need `--format nquads` (each document's quads, in argument order).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// `govkg stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The store to count.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Also print the most central bodies and initiatives of the entity graph (PageRank).
    #[arg(long)]
    pub graph: bool,
}

/// Formats `export` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// GraphML (yEd, Cytoscape desktop, networkx).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Graphviz DOT.
    Dot,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// One self-contained HTML page.
    Html,
}

/// `govkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store to read.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Output format.
    #[arg(long, short, value_enum)]
    pub format: ExportFormatArg,
    /// Output file [default: stdout].
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only one document: its graph IRI or the path it was ingested from.
    #[arg(long, value_name = "IRI-or-PATH")]
    pub document: Option<String>,
    /// Only attributions, quantities and co-mentions of this year.
    #[arg(long, value_name = "YYYY")]
    pub year: Option<u16>,
    /// Only these categories (GovernmentBody, Enterprise, Institution, Platform, Initiative,
    /// Place), comma-separated.
    #[arg(long, value_name = "CATEGORY,...", value_delimiter = ',')]
    pub category: Vec<String>,
    /// Only this body (by its label) and its neighbours.
    #[arg(long, value_name = "LABEL")]
    pub body: Option<String>,
    /// Quantities as nodes linked to their body, rather than only as body attributes.
    #[arg(long)]
    pub quantities_as_nodes: bool,
    /// A SPARQL CONSTRUCT whose triples become the graph (the filters are then ignored).
    #[arg(long, value_name = "FILE.rq", conflicts_with_all = ["document", "year", "category", "body", "quantities_as_nodes"])]
    pub construct: Option<PathBuf>,
}

/// `govkg link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The store to link.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The dataset: a CSV table (header: name, identifier, type, optional aliases separated
    /// by |, place) or a Turtle (.ttl) / N-Triples (.nt) file. Its file name names the link
    /// graph, replaced on each run.
    #[arg(long, value_name = "FILE")]
    pub dataset: PathBuf,
    /// Remove the dataset's link graph instead of linking (the file need not exist).
    #[arg(long)]
    pub remove: bool,
}

/// `govkg serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store to serve.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address and port to listen on (0.0.0.0 exposes it to the network).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Accept SPARQL updates that present the token in $GOVKG_UPDATE_TOKEN as
    /// `Authorization: Bearer TOKEN`; the server then holds the store's write lock.
    #[arg(long)]
    pub allow_update: bool,
    /// Seconds a query may run before it is stopped.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub query_timeout: f64,
    /// Most solutions or triples in one answer.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_results: usize,
    /// Largest request body in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_request_bytes: usize,
    /// Queries that may run at once (more get 503).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_concurrent_queries: usize,
    /// Seconds between looks for writes by another process (`govkg ingest`); 0 looks on
    /// every request.
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    pub refresh: f64,
}

/// `govkg push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The store to read (unless FILEs are given).
    #[command(flatten)]
    pub store: StoreArgs,
    /// The Graph Store HTTP Protocol endpoint, e.g.
    /// http://localhost:8890/sparql-graph-crud (Virtuoso) or http://localhost:7878/store.
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// One named graph per document (PUT ?graph=IRI, replacing it); else every triple goes
    /// into the endpoint's default graph (POST ?default).
    #[arg(long)]
    pub graph_per_document: bool,
    /// Without --graph-per-document: add everything to this named graph instead of the
    /// default graph (Virtuoso's Graph Store endpoint needs one).
    #[arg(long, value_name = "IRI", conflicts_with = "graph_per_document")]
    pub graph: Option<String>,
    /// Retries of a failed request (connection errors, 408, 429, 5xx), with doubling waits.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: u32,
    /// An Authorization header value to send, e.g. "Basic dXNlcjpwYXNz"; defaults to
    /// $GOVKG_PUSH_AUTHORIZATION.
    #[arg(long, value_name = "VALUE")]
    pub authorization: Option<String>,
    /// N-Quads files (e.g. from `govkg extract`) to push instead of the store.
    #[arg(value_name = "FILE.nq")]
    pub files: Vec<PathBuf>,
}

/// `govkg validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The store to check.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Other SHACL shapes (Turtle) instead of the bundled ontology/shapes.ttl.
    #[arg(long, value_name = "FILE.ttl")]
    pub shapes: Option<PathBuf>,
}
