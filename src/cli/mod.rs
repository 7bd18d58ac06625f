//! The `govkg` command: [`run`] parses the arguments ([`args::Cli`]) and hands each subcommand
//! to its module. Only this layer uses anyhow; the library reports typed errors.

pub mod args;
mod docs;
mod export;
mod extract;
mod ingest;
mod link;
mod push;
mod query;
mod serve;
mod stats;
mod validate;

use anyhow::{Context, Result};
use args::{Cli, Command, StoreArgs};
use clap::Parser;
use govkg::store::GraphStore;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command line; the exit code says whether every input went through.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Ingest(a) => ingest::run(&a),
        Command::Query(a) => query::run(&a),
        Command::Extract(a) => extract::run(&a),
        Command::Docs(a) => docs::run(&a),
        Command::Stats(a) => stats::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Link(a) => link::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Push(a) => push::run(&a),
        Command::Validate(a) => validate::run(&a),
    }
}

/// The store directory: `--store`, else `GOVKG_STORE`, else the XDG data directory.
pub fn store_dir(args: &StoreArgs) -> Result<PathBuf> {
    if let Some(dir) = &args.store {
        return Ok(dir.clone());
    }
    if let Some(dir) = std::env::var_os("GOVKG_STORE").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })
        .context("no store given: pass --store DIR or set GOVKG_STORE")?;
    Ok(data.join("govkg").join("store"))
}

/// Worker threads: the `--threads` given (at least one), else the number of cores.
pub fn threads(arg: Option<usize>) -> usize {
    arg.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1)
}

/// Opens an existing store read-only for reading commands: they never create an empty store,
/// and they work while `govkg ingest` writes (they see the store as of opening).
pub fn open_existing(args: &StoreArgs) -> Result<GraphStore> {
    Ok(GraphStore::open_read_only(existing_dir(args)?)?)
}

/// Opens an existing store for writing (`govkg link` adds a graph), never creating one.
pub fn open_existing_for_writing(args: &StoreArgs) -> Result<GraphStore> {
    Ok(GraphStore::open(existing_dir(args)?)?)
}

fn existing_dir(args: &StoreArgs) -> Result<PathBuf> {
    let dir = store_dir(args)?;
    if !dir.exists() {
        anyhow::bail!(
            "no store at {}; run `govkg ingest --store {} FILE...` first",
            dir.display(),
            dir.display()
        );
    }
    Ok(dir)
}

/// Whether an error is only a closed output pipe (`govkg query | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let io = e.downcast_ref::<std::io::Error>().or_else(|| match e
            .downcast_ref::<govkg::query::QueryOutputError>()
        {
            Some(govkg::query::QueryOutputError::Io(io)) => Some(io),
            _ => None,
        });
        io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
