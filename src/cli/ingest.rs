//! `govkg ingest`: files and directories → extraction in parallel → one atomic graph
//! replacement per document, on a single writer thread.

use super::args::IngestArgs;
use anyhow::{Context, Result};
use govkg::Pipeline;
use govkg::decode::RawDocument;
use govkg::model::Extraction;
use govkg::store::GraphStore;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Extensions taken from directories; a file named on the command line is always read.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md"];

/// Totals for the summary line.
#[derive(Default)]
struct Totals {
    documents: usize,
    triples: usize,
    entities: usize,
    quantities: usize,
    attributions: usize,
    warnings: usize,
    failed: usize,
}

/// Ingests every input; exit status 1 when any file could not be read or decoded.
pub fn run(args: &IngestArgs) -> Result<ExitCode> {
    let mut totals = Totals::default();
    let mut files = Vec::new();
    for path in &args.paths {
        match collect(path, &mut files) {
            Ok(()) => {}
            Err(e) => {
                warn(&mut totals, path.display(), &e);
                totals.failed += 1;
                if args.strict {
                    anyhow::bail!("{}: {e} (--strict)", path.display());
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));

    let dir = super::store_dir(&args.store)?;
    let store = GraphStore::open(&dir)?;
    let bar = progress(files.len());
    let pipeline = Pipeline::new();

    let (tx, rx) = mpsc::sync_channel::<(PathBuf, Result<Extraction, String>)>(4);
    let stop = AtomicBool::new(false);
    let outcome: Result<()> = std::thread::scope(|scope| {
        let pipeline = &pipeline;
        let files = &files;
        let stop = &stop;
        scope.spawn(move || {
            files.par_iter().for_each_with(tx, |tx, file| {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let result = read_and_extract(pipeline, file);
                // The receiver only hangs up after a fatal error; the rest is then moot.
                let _ = tx.send((file.clone(), result));
            });
        });
        let consume = || -> Result<()> {
            for (file, result) in rx {
                bar.inc(1);
                let ex = match result {
                    Ok(ex) => ex,
                    Err(reason) => {
                        bar.suspend(|| warn(&mut totals, file.display(), &reason));
                        totals.failed += 1;
                        if args.strict {
                            anyhow::bail!("{}: {reason} (--strict)", file.display());
                        }
                        continue;
                    }
                };
                for d in &ex.diagnostics {
                    bar.suspend(|| warn(&mut totals, file.display(), &d.message));
                }
                if args.strict && !ex.diagnostics.is_empty() {
                    anyhow::bail!(
                        "{}: {} warning(s) (--strict)",
                        file.display(),
                        ex.diagnostics.len()
                    );
                }
                let triples = store
                    .replace_extraction(&ex)
                    .with_context(|| format!("cannot store {}", file.display()))?;
                totals.documents += 1;
                totals.triples += triples;
                totals.entities += ex.entities.len();
                totals.quantities += ex.quantities.len();
                totals.attributions += ex.attributions.len();
            }
            Ok(())
        };
        // Dropping the receiver and raising the flag stop the workers after a fatal error.
        consume().inspect_err(|_| stop.store(true, Ordering::Relaxed))
    });
    bar.finish_and_clear();
    store.flush()?;
    outcome?;

    println!(
        "ingested {} document{} into {}: {} triples, {} entities, {} quantities, {} attributions, {} warning{}",
        totals.documents,
        plural(totals.documents),
        dir.display(),
        totals.triples,
        totals.entities,
        totals.quantities,
        totals.attributions,
        totals.warnings,
        plural(totals.warnings),
    );
    Ok(if totals.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn warn(totals: &mut Totals, path: impl std::fmt::Display, reason: &dyn std::fmt::Display) {
    totals.warnings += 1;
    eprintln!("warning: {path}: {reason}");
}

fn read_and_extract(pipeline: &Pipeline, file: &Path) -> Result<Extraction, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read: {e}"))?;
    let raw = RawDocument {
        source: file.display().to_string(),
        bytes,
    };
    pipeline.process(&raw).map_err(|e| {
        // DecodeError already names the file; keep only the reason after it.
        let msg = e.to_string();
        let prefix = format!("{}: ", raw.source);
        msg.strip_prefix(&prefix).map(str::to_owned).unwrap_or(msg)
    })
}

/// Adds `path` (a file) or the text files under it (a directory, recursively, sorted,
/// hidden entries skipped) to `out`.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot list directory: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !is_hidden(p))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if entry.is_file() && has_text_extension(&entry) {
            out.push(entry);
        }
    }
    Ok(())
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(e)))
}

/// A bar on stderr, drawn only for an interactive run over several files.
fn progress(len: usize) -> ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents ({elapsed}, eta {eta})")
    {
        bar.set_style(style);
    }
    bar
}
