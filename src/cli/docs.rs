//! `govkg docs`: a table of the documents in the store.

use super::args::StoreArgs;
use anyhow::Result;
use comfy_table::{Table, presets};
use govkg::query::compact_iri;
use std::io::Write;
use std::process::ExitCode;

/// Lists graph, source, title and size of every document.
pub fn run(args: &StoreArgs) -> Result<ExitCode> {
    let store = super::open_existing(args)?;
    let docs = store.documents()?;
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(["graph", "source", "title", "triples"]);
    for d in &docs {
        table.add_row([
            compact_iri(&d.graph),
            d.source.clone(),
            d.title.clone().unwrap_or_default(),
            d.triples.to_string(),
        ]);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} document{}",
        docs.len(),
        if docs.len() == 1 { "" } else { "s" }
    )?;
    Ok(ExitCode::SUCCESS)
}
