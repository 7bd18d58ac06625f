//! `govkg link`: matches the store's entities against a dataset and writes the links into
//! the dataset's own graph (replaced on a rerun), or removes that graph.

use super::args::LinkArgs;
use anyhow::{Context, Result};
use govkg::link::link_file;
use govkg::link::matching::Strength;
use govkg::rdf::link::{link_graph, link_quads};
use std::io::Write;
use std::process::ExitCode;

/// Links (or with `--remove` unlinks) one dataset; exit status 1 when rows were refused.
pub fn run(args: &LinkArgs) -> Result<ExitCode> {
    let store = super::open_existing_for_writing(&args.store)?;
    let mut out = std::io::stdout().lock();
    if args.remove {
        let name = args
            .dataset
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .context("--dataset needs a file name")?;
        let graph = link_graph(&name);
        let removed = store.remove_graph(&graph)?;
        store.flush()?;
        if removed {
            writeln!(out, "removed link graph {}", graph.as_str())?;
        } else {
            writeln!(out, "no link graph {} to remove", graph.as_str())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let set = link_file(&store, &args.dataset)?;
    let quads = link_quads(&set);
    let graph = link_graph(&set.dataset.name);
    store.replace_graph(&graph, &quads)?;
    store.flush()?;
    let path = args.dataset.display();
    for r in &set.dataset.refused {
        let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
        eprintln!(
            "{path}{line}: row {:?} refused: {}; fix or remove the row and run again",
            r.identifier, r.reason
        );
    }
    let exact = set
        .links
        .iter()
        .filter(|l| l.strength == Strength::Exact)
        .count();
    writeln!(
        out,
        "linked {path}: {} records ({} refused), {exact} exact and {} close links in graph {}",
        set.dataset.records.len(),
        set.dataset.refused.len(),
        set.links.len() - exact,
        graph.as_str()
    )?;
    Ok(if set.dataset.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
