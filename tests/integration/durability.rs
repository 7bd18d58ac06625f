//! Crashes and concurrency, through the real binary: `govkg ingest` killed with SIGKILL leaves
//! every document wholly present or wholly absent and a rerun completes the set; re-ingesting
//! unchanged files changes no byte of the dump; readers in other processes see consistent
//! snapshots during an ingest; a second writer is told the store is in use.
//!
//! These are the contract of the CLI, whatever loading path it uses inside.

use crate::util::{govkg, seed};
use govkg::Pipeline;
use govkg::decode::RawDocument;
use govkg::store::GraphStore;
use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use tempfile::TempDir;

/// How many distinct reports a "large run" holds.
const COPIES: usize = 60;

/// `COPIES` distinct reports (the seed with a numbered line added) in `dir/corpus`, and each
/// document's graph as `govkg extract` computes it, keyed by graph IRI: N-Quads lines as the
/// store gives them back (loaded into an in-memory Oxigraph store, which normalises literals
/// the same way).
fn corpus(dir: &Path) -> (PathBuf, BTreeMap<String, BTreeSet<String>>) {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(seed()).unwrap_or_else(|e| panic!("{e}"));
    let pipeline = Pipeline::new();
    let mut expected = BTreeMap::new();
    for i in 0..COPIES {
        let path = corpus.join(format!("report-{i:03}.txt"));
        let bytes = format!("{text}\n第{i}份报告完。\n").into_bytes();
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let raw = RawDocument {
            source: path.display().to_string(),
            bytes,
        };
        let ex = pipeline.process(&raw).unwrap_or_else(|e| panic!("{e}"));
        let graph = govkg::rdf::document_graph(&ex.document);
        let store = oxigraph::store::Store::new().unwrap_or_else(|e| panic!("{e}"));
        store
            .extend(govkg::rdf::to_quads(&ex))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut nquads = Vec::new();
        store
            .dump_to_writer(RdfFormat::NQuads, &mut nquads)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut one = by_graph(&nquads);
        let lines = one.remove(graph.as_str()).unwrap_or_default();
        assert!(one.is_empty(), "a document's quads are all in its graph");
        expected.insert(graph.as_str().to_owned(), lines);
    }
    (corpus, expected)
}

/// N-Quads grouped by graph, each quad as Oxigraph prints it.
fn by_graph(nquads: &[u8]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(nquads) {
        let q = q.unwrap_or_else(|e| panic!("{e}"));
        let g = q.graph_name.to_string();
        out.entry(g.trim_matches(['<', '>']).to_owned())
            .or_default()
            .insert(q.to_string());
    }
    out
}

/// The store's quads grouped by graph, read through a read-only opening.
fn graphs(store: &Path) -> BTreeMap<String, BTreeSet<String>> {
    by_graph(&dump(store))
}

fn dump(store: &Path) -> Vec<u8> {
    GraphStore::open_read_only(store)
        .and_then(|s| s.dump_nquads(Vec::new()))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn spawn_ingest(store: &Path, corpus: &Path) -> Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_govkg"))
        .arg("ingest")
        .arg("--store")
        .arg(store)
        .arg(corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Documents per graph as another process sees them: `govkg query` on a read-only opening.
/// `Err` carries the message of a failed read.
fn snapshot(store: &Path) -> Result<BTreeMap<String, usize>, String> {
    let out = govkg()
        .arg("query")
        .arg("--store")
        .arg(store)
        .args(["--format", "tsv", "-e"])
        .arg("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let mut counts = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines().skip(1) {
        let (g, n) = line.split_once('\t').unwrap_or_else(|| panic!("{line}"));
        let n = n
            .trim_matches('"')
            .split('"')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{line}"));
        counts.insert(g.trim_matches(['<', '>']).to_owned(), n);
    }
    Ok(counts)
}

/// Until the writer has created the store there is nothing to read; after a first
/// successful read, every read must succeed.
fn read_during(store: &Path, opened: &mut bool) -> Option<BTreeMap<String, usize>> {
    match snapshot(store) {
        Ok(s) => {
            *opened = true;
            Some(s)
        }
        Err(e) if !*opened => {
            assert!(
                e.contains("no store at")
                    || e.contains("not a govkg store")
                    || e.contains("cannot open store"),
                "{e}"
            );
            None
        }
        Err(e) => panic!("a read during the ingest failed: {e}"),
    }
}

/// Every graph of the snapshot is a whole document.
fn assert_whole(snap: &BTreeMap<String, usize>, expected: &BTreeMap<String, BTreeSet<String>>) {
    for (g, n) in snap {
        let want = expected
            .get(g)
            .unwrap_or_else(|| panic!("unexpected graph {g}"))
            .len();
        assert_eq!(*n, want, "graph {g} is partial");
    }
}

#[test]
fn sigkill_mid_ingest_loses_nothing_and_a_rerun_completes_the_set() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let (corpus, expected) = corpus(tmp.path());
    let store = tmp.path().join("store");

    let mut child = spawn_ingest(&store, &corpus);
    // Kill as soon as another process sees a first document committed.
    let (mut seen, mut opened) = (0, false);
    while seen == 0 {
        assert!(
            child.try_wait().ok().flatten().is_none(),
            "the ingest ended before it could be killed"
        );
        seen = read_during(&store, &mut opened).map_or(0, |s| s.len());
    }
    child.kill().unwrap_or_else(|e| panic!("{e}")); // SIGKILL on Unix
    let _ = child.wait();

    let after_kill = graphs(&store);
    assert!(!after_kill.is_empty());
    assert!(
        after_kill.len() < COPIES,
        "killed after {} of {COPIES} documents: not mid-run",
        after_kill.len()
    );
    for (g, quads) in &after_kill {
        let want = expected
            .get(g)
            .unwrap_or_else(|| panic!("unexpected graph {g}"));
        assert_eq!(quads, want, "graph {g} is not exactly its document");
    }

    let rerun = govkg()
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(&corpus)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    assert_eq!(graphs(&store), expected);

    let clean = tmp.path().join("clean");
    govkg()
        .arg("ingest")
        .arg("--store")
        .arg(&clean)
        .arg(&corpus)
        .assert()
        .success();
    let recovered = dump(&store);
    assert_eq!(
        recovered,
        dump(&clean),
        "recovered store differs from a clean ingest"
    );

    // Re-ingesting the unchanged set changes no byte of the dump.
    govkg()
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(&corpus)
        .assert()
        .success();
    assert_eq!(dump(&store), recovered);

    // The in-process expectation is what `govkg extract` prints, for one file.
    let file = corpus.join("report-000.txt");
    let out = govkg()
        .arg("extract")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    // Extract's N-Quads pass through Oxigraph as the store's do (it normalises literals).
    let mem = oxigraph::store::Store::new().unwrap_or_else(|e| panic!("{e}"));
    mem.load_from_reader(RdfFormat::NQuads, out.stdout.as_slice())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut normalised = Vec::new();
    mem.dump_to_writer(RdfFormat::NQuads, &mut normalised)
        .unwrap_or_else(|e| panic!("{e}"));
    let printed = by_graph(&normalised);
    assert_eq!(printed.len(), 1);
    for (g, quads) in printed {
        assert_eq!(Some(&quads), expected.get(&g));
    }
}

#[test]
fn readers_see_whole_documents_during_an_ingest_and_a_second_writer_is_refused() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let (corpus, expected) = corpus(tmp.path());
    let store = tmp.path().join("store");

    let mut child = spawn_ingest(&store, &corpus);
    let (mut during, mut refused, mut opened) = (0, false, false);
    while child.try_wait().ok().flatten().is_none() {
        let Some(snap) = read_during(&store, &mut opened) else {
            continue;
        };
        assert_whole(&snap, &expected);
        if child.try_wait().ok().flatten().is_none() {
            during += 1;
        }
        if !snap.is_empty() && !refused {
            // The first writer has the store open: a second one must be told so. (Should the
            // first finish meanwhile, the second writes the same documents again: no change.)
            let out = govkg()
                .arg("ingest")
                .arg("--store")
                .arg(&store)
                .arg(&corpus)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            let stderr = String::from_utf8_lossy(&out.stderr);
            if child.try_wait().ok().flatten().is_none() {
                assert_eq!(out.status.code(), Some(1), "{stderr}");
                assert!(
                    stderr.contains("is in use by another govkg process"),
                    "{stderr}"
                );
                refused = true;
            }
        }
    }
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    assert!(during > 0, "no reader ran while the ingest did");
    assert!(refused, "no second writer ran while the ingest did");
    let last = snapshot(&store).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(last.len(), COPIES);
    assert_whole(&last, &expected);
}
