//! `govkg ingest`: files and directories → extraction on `--threads` workers → a single
//! writer that takes the documents in order and bulk loads new ones in atomic batches
//! (see `govkg::load`), replacing known ones in a transaction each.

use super::args::IngestArgs;
use anyhow::{Context, Result};
use govkg::Pipeline;
use govkg::decode::RawDocument;
use govkg::load::{LoadOptions, Loader};
use govkg::model::Extraction;
use govkg::pipeline::NormalizedDocument;
use govkg::store::{GraphStore, StoreError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxigraph::model::{NamedNode, Quad};
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Read};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Condvar, Mutex, PoisonError};

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
    let threads = super::threads(args.threads);
    let store = GraphStore::open_with_max_open_files(&dir, args.max_open_files)?;
    let bar = progress(files.len());
    let run = Run::new(&files, args.max_size);
    let mut loader = Loader::new(
        &store,
        LoadOptions {
            threads,
            batch_quads: args.batch_quads,
        },
    );

    let mut write = |file: &Path, result: Result<Prepared, String>| -> Result<()> {
        bar.inc(1);
        let doc = match result {
            Ok(doc) => doc,
            Err(reason) => {
                bar.suspend(|| warn(&mut totals, file.display(), &reason));
                totals.failed += 1;
                if args.strict {
                    anyhow::bail!("{}: {reason} (--strict)", file.display());
                }
                return Ok(());
            }
        };
        for d in &doc.diagnostics {
            bar.suspend(|| warn(&mut totals, file.display(), d));
        }
        if args.strict && !doc.diagnostics.is_empty() {
            anyhow::bail!(
                "{}: {} warning(s) (--strict)",
                file.display(),
                doc.diagnostics.len()
            );
        }
        let triples = doc.quads.len();
        loader
            .put(&doc.graph, &doc.source, doc.quads)
            .with_context(|| format!("cannot store {}", file.display()))?;
        totals.documents += 1;
        totals.triples += triples;
        totals.entities += doc.entities;
        totals.quantities += doc.quantities;
        totals.attributions += doc.attributions;
        Ok(())
    };
    let outcome = in_order(
        &files,
        threads,
        |f| prepare(&run, f, args.max_size),
        &mut write,
    );
    bar.finish_and_clear();
    match &outcome {
        // A --strict stop keeps what went in before it, as document-by-document writing did;
        // a storage failure drops the pending batch, whose documents a rerun adds.
        Err(e) if e.downcast_ref::<StoreError>().is_none() => loader.finish()?,
        Err(_) => drop(loader),
        Ok(()) => loader.finish()?,
    }
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

/// One document, extracted and turned into quads on a worker thread.
struct Prepared {
    graph: NamedNode,
    source: String,
    quads: Vec<Quad>,
    entities: usize,
    quantities: usize,
    attributions: usize,
    diagnostics: Vec<String>,
}

fn prepare(run: &Run, file: &Path, max_size: u64) -> Result<Prepared, String> {
    let ex = run.extract(file, max_size)?;
    Ok(Prepared {
        graph: govkg::rdf::document_graph(&ex.document),
        quads: govkg::rdf::to_quads(&ex),
        source: ex.document.source,
        entities: ex.entities.len(),
        quantities: ex.quantities.len(),
        attributions: ex.attributions.len(),
        diagnostics: ex.diagnostics.into_iter().map(|d| d.message).collect(),
    })
}

/// Documents extracted but not yet consumed, per thread: enough to keep every worker busy
/// while the writer stores one, few enough to bound memory (a large report's quads are
/// tens of megabytes until stored).
const WINDOW_PER_THREAD: usize = 2;

/// Runs `work` on every file with `threads` workers and hands the results to `consume` in
/// the files' order (so the store's content does not depend on the thread count). Each worker
/// takes the next file as soon as it is free, as long as it is within a window of the file
/// being consumed, so one long document does not hold up the others and at most
/// `threads * WINDOW_PER_THREAD` results wait in memory. With one thread everything runs on
/// the calling thread. The first error from `consume` stops the work and is returned.
pub(super) fn in_order<T: Send>(
    files: &[PathBuf],
    threads: usize,
    work: impl Fn(&Path) -> T + Sync,
    consume: &mut impl FnMut(&Path, T) -> Result<()>,
) -> Result<()> {
    if threads <= 1 || files.len() <= 1 {
        for file in files {
            consume(file, work(file))?;
        }
        return Ok(());
    }
    /// What workers and the consumer share.
    struct Queue<T> {
        /// The next file to start.
        next: usize,
        /// Files before this one are consumed.
        consumed: usize,
        /// Finished results waiting for their turn.
        done: BTreeMap<usize, T>,
        /// Set after a fatal error: workers start nothing more.
        stop: bool,
        /// A worker panicked: its result will never come.
        panicked: bool,
    }
    let window = threads * WINDOW_PER_THREAD;
    let queue = Mutex::new(Queue {
        next: 0,
        consumed: 0,
        done: BTreeMap::new(),
        stop: false,
        panicked: false,
    });
    let (ready, room) = (Condvar::new(), Condvar::new());
    // A worker's panic is a bug, not bad input: it is re-raised when the scope ends, and the
    // queue it poisoned is still consistent (every update is one assignment).
    let lock = || queue.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut q = lock();
                        loop {
                            if q.stop || q.next >= files.len() {
                                return;
                            }
                            if q.next < q.consumed + window {
                                break;
                            }
                            q = room.wait(q).unwrap_or_else(PoisonError::into_inner);
                        }
                        q.next += 1;
                        q.next - 1
                    };
                    let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(&files[i])));
                    match result {
                        Ok(result) => {
                            lock().done.insert(i, result);
                            ready.notify_one();
                        }
                        Err(panic) => {
                            let mut q = lock();
                            (q.stop, q.panicked) = (true, true);
                            drop(q);
                            ready.notify_one();
                            std::panic::resume_unwind(panic);
                        }
                    }
                }
            });
        }
        let mut run = || -> Result<()> {
            for (i, file) in files.iter().enumerate() {
                let result = {
                    let mut q = lock();
                    loop {
                        if let Some(result) = q.done.remove(&i) {
                            q.consumed = i + 1;
                            break result;
                        }
                        if q.panicked {
                            anyhow::bail!("a worker thread panicked");
                        }
                        q = ready.wait(q).unwrap_or_else(PoisonError::into_inner);
                    }
                };
                room.notify_all();
                consume(file, result)?;
            }
            Ok(())
        };
        let outcome = run();
        if outcome.is_err() {
            lock().stop = true;
            room.notify_all();
        }
        outcome
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn warn(totals: &mut Totals, path: impl std::fmt::Display, reason: &dyn std::fmt::Display) {
    totals.warnings += 1;
    eprintln!("warning: {path}: {reason}");
}

/// Inputs of at most this many bytes in all are read and normalised before the pipeline is
/// built, so that its dictionary holds only the words that can occur in them
/// (`Pipeline::for_documents`). Measured on the provincial reports (best of 3, loaded
/// machine, part-of-speech model included): whole dictionary 190 ms; restricted to 9 KB of
/// text 28 ms, 128 KB 86 ms, 1 MB 134 ms (three quarters of the words by then). Past 1 MB
/// the saving shrinks while extraction takes seconds, so files are read by the workers as
/// they go. The output is the same either way.
const SMALL_RUN: u64 = 1 << 20;

/// The pipeline of a run and, for a small run, its files already read.
pub(super) struct Run {
    pipeline: Pipeline,
    /// Each file read up front: its normalised text, or why it could not be read.
    read: HashMap<PathBuf, Result<NormalizedDocument, String>>,
}

impl Run {
    /// Reads the files first when they are small in all (sizes from the file system, so a
    /// large run reads nothing here), and builds the pipeline for them.
    pub(super) fn new(files: &[PathBuf], max_size: u64) -> Self {
        let size: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        if files.is_empty() || size > SMALL_RUN {
            return Self {
                pipeline: Pipeline::new(),
                read: HashMap::new(),
            };
        }
        let read: HashMap<PathBuf, Result<NormalizedDocument, String>> = files
            .iter()
            .map(|f| (f.clone(), read_normalized(f, max_size)))
            .collect();
        let pipeline = Pipeline::for_documents(read.values().filter_map(|d| d.as_ref().ok()));
        Self { pipeline, read }
    }

    /// One file's extraction; the error is the reason, for a warning.
    pub(super) fn extract(&self, file: &Path, max_size: u64) -> Result<Extraction, String> {
        match self.read.get(file) {
            Some(Ok(doc)) => Ok(self.pipeline.extract(doc)),
            Some(Err(reason)) => Err(reason.clone()),
            None => Ok(self.pipeline.extract(&read_normalized(file, max_size)?)),
        }
    }
}

fn read_normalized(file: &Path, max_size: u64) -> Result<NormalizedDocument, String> {
    let bytes = read_limited(file, max_size)?;
    let raw = RawDocument {
        source: file.display().to_string(),
        bytes,
    };
    Pipeline::normalize(&raw).map_err(|e| {
        // DecodeError already names the file; keep only the reason after it.
        let msg = e.to_string();
        let prefix = format!("{}: ", raw.source);
        msg.strip_prefix(&prefix).map(str::to_owned).unwrap_or(msg)
    })
}

/// Reads a whole file of at most `max_size` bytes; the error is the reason, for a warning.
/// The size is checked before reading and while reading (a file may grow meanwhile).
pub fn read_limited(file: &Path, max_size: u64) -> Result<Vec<u8>, String> {
    let too_big = |size: u64| {
        format!(
            "{size} bytes is more than --max-size {max_size}; split the file or raise --max-size"
        )
    };
    let f = std::fs::File::open(file).map_err(|e| format!("cannot read: {e}"))?;
    let meta = f.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file; give report files or directories".to_owned());
    }
    if meta.len() > max_size {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max_size {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Adds `path` (a file) or the text files under it (a directory, recursively, sorted,
/// hidden entries skipped) to `out`.
pub(super) fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if !meta.is_dir() {
        // A FIFO or device would block or never end; reports are regular files.
        return Err("not a regular file or directory".to_owned());
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
        } else if has_text_extension(&entry) && std::fs::metadata(&entry).is_err() {
            // Listed but gone (a dangling link, a file deleted meanwhile): reading it reports
            // why, rather than the name vanishing from the run unremarked.
            out.push(entry);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("govkg-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        dir
    }

    #[test]
    fn a_file_deleted_between_listing_and_reading_is_a_reason_not_a_panic() {
        let dir = tmp("vanish");
        let file = dir.join("a.txt");
        std::fs::write(&file, "政府工作报告").unwrap_or_else(|e| panic!("{e}"));
        let mut files = Vec::new();
        assert_eq!(collect(&dir, &mut files), Ok(()));
        assert_eq!(files, vec![file.clone()]);
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let reason = read_limited(&file, 1 << 20).err().unwrap_or_default();
        assert!(reason.starts_with("cannot read: "), "{reason}");
        assert!(reason.contains("No such file"), "{reason}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_size_limit_is_exact() {
        let dir = tmp("limit");
        let file = dir.join("a.txt");
        std::fs::write(&file, [b'x'; 100]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_limited(&file, 100).map(|b| b.len()), Ok(100));
        let reason = read_limited(&file, 99).err().unwrap_or_default();
        assert!(
            reason.contains("100 bytes is more than --max-size 99"),
            "{reason}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_dangling_link_in_a_directory_is_listed_so_it_is_reported() {
        let dir = tmp("dangling");
        std::os::unix::fs::symlink(dir.join("gone.txt"), dir.join("link.txt"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut files = Vec::new();
        assert_eq!(collect(&dir, &mut files), Ok(()));
        assert_eq!(files, vec![dir.join("link.txt")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn paths(n: usize) -> Vec<PathBuf> {
        (0..n).map(|i| PathBuf::from(i.to_string())).collect()
    }

    fn index(p: &Path) -> usize {
        p.to_str().and_then(|s| s.parse().ok()).unwrap_or_default()
    }

    #[test]
    fn results_come_in_file_order_and_stay_within_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let files = paths(40);
        let (started, consumed, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let mut seen = Vec::new();
        let work = |p: &Path| {
            let ahead =
                started.fetch_add(1, Ordering::SeqCst) + 1 - consumed.load(Ordering::SeqCst);
            most.fetch_max(ahead, Ordering::SeqCst);
            // later files finish sooner, so results arrive out of order
            std::thread::sleep(std::time::Duration::from_micros(
                200 * (40 - index(p)) as u64 % 3000,
            ));
            index(p)
        };
        let mut consume = |p: &Path, r: usize| {
            assert_eq!(index(p), r);
            seen.push(r);
            consumed.fetch_add(1, Ordering::SeqCst);
            Ok(())
        };
        in_order(&files, 3, work, &mut consume).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(seen, (0..40).collect::<Vec<_>>());
        // a file is started only within the window of the one being consumed
        assert!(
            most.load(Ordering::SeqCst) <= 3 * WINDOW_PER_THREAD + 1,
            "{most:?}"
        );
    }

    #[test]
    fn an_error_while_consuming_stops_the_workers() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let files = paths(100);
        let worked = AtomicUsize::new(0);
        let mut consume = |p: &Path, _: ()| {
            if index(p) == 5 {
                anyhow::bail!("stop at 5");
            }
            Ok(())
        };
        let work = |_: &Path| {
            worked.fetch_add(1, Ordering::SeqCst);
        };
        let err = in_order(&files, 2, work, &mut consume)
            .err()
            .map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("stop at 5"));
        assert!(worked.load(Ordering::SeqCst) < 100);
    }

    /// The consumer must not wait for a result that will never come: the scope ends and
    /// raises the panic (std reports it as "a scoped thread panicked").
    #[test]
    #[should_panic]
    fn a_worker_panic_is_raised_not_waited_for() {
        let files = paths(10);
        let work = |p: &Path| {
            assert_ne!(index(p), 3, "worker bug");
        };
        let _ = in_order(&files, 2, work, &mut |_: &Path, ()| Ok(()));
    }
}
