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
    /// Worker threads for extraction and bulk loading [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Report files, or directories searched recursively for text files (hidden files skipped).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
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
