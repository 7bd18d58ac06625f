//! `govkg query`: one SPARQL query against the store, results to stdout.

use super::args::QueryArgs;
use anyhow::{Context, Result};
use govkg::query::write_results;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Runs the query from `-e` or the file and writes its results.
pub fn run(args: &QueryArgs) -> Result<ExitCode> {
    let text = match (&args.expression, &args.file) {
        (Some(e), _) => e.clone(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .with_context(|| format!("cannot read query file {}", f.display()))?,
        (None, None) => anyhow::bail!("give a query file or -e QUERY"),
    };
    let store = super::open_existing(&args.store)?;
    let results = store.query(&text)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    write_results(results, args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
