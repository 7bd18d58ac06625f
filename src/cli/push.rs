//! `govkg push`: the store's (or N-Quads files') document graphs to a Graph Store endpoint.

use super::args::PushArgs;
use anyhow::{Context, Result};
use govkg::push::{PushOptions, push};
use govkg::store::GraphStore;
use std::process::ExitCode;

/// Pushes and prints one line per graph and a summary; exit status 1 if any graph failed.
pub fn run(args: &PushArgs) -> Result<ExitCode> {
    let (store, from) = if args.files.is_empty() {
        let dir = super::store_dir(&args.store)?;
        if !dir.exists() {
            anyhow::bail!(
                "no store at {}; run `govkg ingest` first or give N-Quads files",
                dir.display()
            );
        }
        // read-only: pushing must not stop `govkg ingest` or `govkg serve`
        (GraphStore::open_read_only(&dir)?, dir.display().to_string())
    } else {
        let store = GraphStore::in_memory()?;
        for f in &args.files {
            let file =
                std::fs::File::open(f).with_context(|| format!("cannot read {}", f.display()))?;
            store.load_nquads(std::io::BufReader::new(file), &f.display().to_string())?;
        }
        (store, format!("{} files", args.files.len()))
    };
    let mut options = PushOptions::new(&args.endpoint);
    options.graph_per_document = args.graph_per_document;
    options.graph = args.graph.clone();
    options.retries = args.retries;
    options.authorization = args.authorization.clone().or_else(|| {
        std::env::var("GOVKG_PUSH_AUTHORIZATION")
            .ok()
            .filter(|v| !v.is_empty())
    });
    let report = push(&store, &options, |r| match r {
        Ok(p) => eprintln!(
            "pushed {} -> {}: {} triples, status {}{}",
            p.source,
            p.target,
            p.triples,
            p.status,
            if p.attempts > 1 {
                format!(" after {} attempts", p.attempts)
            } else {
                String::new()
            }
        ),
        Err(e) => eprintln!("failed: {e}"),
    })?;
    println!(
        "pushed {} graphs ({} triples) from {from} to {}{}; {} failed",
        report.pushed.len(),
        report.triples(),
        args.endpoint,
        match (&args.graph, args.graph_per_document) {
            (_, true) => ", one named graph per document".to_owned(),
            (Some(g), false) => format!(", all into graph {g}"),
            (None, false) => " (default graph)".to_owned(),
        },
        report.failed.len()
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
