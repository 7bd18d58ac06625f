//! `govkg stats`: counts over the whole store, one `name: value` per line.

use super::args::StoreArgs;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// Prints the counts, in a stable order so runs can be compared.
pub fn run(args: &StoreArgs) -> Result<ExitCode> {
    let store = super::open_existing(args)?;
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
    Ok(ExitCode::SUCCESS)
}
