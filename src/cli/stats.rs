//! `govkg stats`: counts over the whole store, one `name: value` per line; with `--graph`, the
//! entity graph's size and its most central bodies and initiatives.

use super::args::StatsArgs;
use anyhow::Result;
use govkg::export::{ExportOptions, Network, project};
use std::io::Write;
use std::process::ExitCode;

/// How many nodes each top list shows.
const TOP: usize = 10;

/// Prints the counts, in a stable order so runs can be compared.
pub fn run(args: &StatsArgs) -> Result<ExitCode> {
    let store = super::open_existing(&args.store)?;
    let s = store.stats()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "documents: {}", s.documents)?;
    writeln!(out, "quads: {}", s.quads)?;
    writeln!(out, "entities: {}", s.entities.values().sum::<usize>())?;
    for (kind, n) in &s.entities {
        writeln!(out, "  {kind}: {n}")?;
    }
    writeln!(out, "quantities: {}", s.quantities)?;
    writeln!(out, "attributions: {}", s.attributions)?;
    if args.graph {
        let net = Network::new(project(&store, &ExportOptions::default())?);
        writeln!(out, "graph nodes: {}", net.node_count())?;
        writeln!(out, "graph edges: {}", net.edge_count())?;
        for (title, category) in [
            ("most central bodies", "GovernmentBody"),
            ("most central initiatives", "Initiative"),
        ] {
            writeln!(out, "{title} (PageRank, degree):")?;
            for (i, n) in net.most_central(category, TOP).iter().enumerate() {
                writeln!(
                    out,
                    "  {:>2}. {} {:.4} {}",
                    i + 1,
                    n.label,
                    n.measures.pagerank,
                    n.measures.degree
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
