//! Many documents at once: `ingest --threads` bulk loads new documents and must give the same
//! store whatever the thread count, re-ingesting changes nothing, and `extract` of several
//! files is the concatenation of their single-file outputs.

use crate::util::{govkg, root, seed};
use std::path::PathBuf;
use tempfile::TempDir;

/// Readable reports of different sizes and encodings, plus the seed twice under two names
/// (same content, so the same graph).
fn reports(tmp: &TempDir) -> Vec<PathBuf> {
    let copy = tmp.path().join("seed-copy.txt");
    std::fs::copy(seed(), &copy).unwrap_or_else(|e| panic!("{e}"));
    vec![
        root().join("tests/data/cli-report.txt"),
        root().join("tests/data/text-bom-crlf.txt"),
        root().join("tests/data/text-utf16le.txt"),
        seed(),
        copy,
    ]
}

/// Every quad of the store, one per line, sorted.
fn quads(store: &str) -> String {
    let out = govkg()
        .args(["query", "--store", store, "--format", "tsv", "-e"])
        .arg("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines.join("\n")
}

fn ingest(store: &str, threads: &str, files: &[PathBuf]) {
    ingest_with(store, &["--threads", threads], files);
}

fn ingest_with(store: &str, options: &[&str], files: &[PathBuf]) {
    let out = govkg()
        .args(["ingest", "--store", store])
        .args(options)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn one_and_two_threads_build_the_same_store_and_reingesting_changes_nothing() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let files = reports(&tmp);
    let one = tmp.path().join("one").display().to_string();
    let two = tmp.path().join("two").display().to_string();
    ingest(&one, "1", &files);
    ingest(&two, "2", &files);
    let first = quads(&one);
    assert!(first.lines().count() > 1000, "{first}");
    assert_eq!(first, quads(&two));
    // The copy of the seed was read last, so its path is the source of the shared graph.
    assert!(first.contains("seed-copy.txt"));
    assert!(!first.contains("examples/gongshu-2023-lianghui.txt\""));
    ingest(&two, "2", &files);
    assert_eq!(first, quads(&two));
}

#[test]
fn a_store_grown_in_two_runs_equals_one_built_at_once() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let files = reports(&tmp);
    let once = tmp.path().join("once").display().to_string();
    let twice = tmp.path().join("twice").display().to_string();
    ingest(&once, "2", &files);
    ingest(&twice, "2", &files[..2]);
    ingest(&twice, "2", &files);
    assert_eq!(quads(&once), quads(&twice));
}

#[test]
fn batch_size_and_open_file_cap_do_not_change_the_store() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let files = reports(&tmp);
    let default = tmp.path().join("default").display().to_string();
    let small = tmp.path().join("small").display().to_string();
    ingest(&default, "2", &files);
    // With batches of 100 quads each commit holds one or two of these reports (48 quads and
    // up), in small files of its own; RocksDB raises a cap under 20 to 20.
    let options = ["-j", "2", "--batch-quads", "100", "--max-open-files", "20"];
    ingest_with(&small, &options, &files);
    let all = quads(&default);
    assert!(all.lines().count() > 1000, "{all}");
    assert_eq!(all, quads(&small));
}

#[test]
fn extract_of_several_files_concatenates_their_graphs_in_order() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let files = reports(&tmp);
    let mut expected = Vec::new();
    for f in &files {
        let out = govkg()
            .arg("extract")
            .arg(f)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success());
        expected.extend(out.stdout);
    }
    let all = govkg()
        .args(["extract", "-j", "2"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    assert_eq!(all.stdout, expected);
}

#[test]
fn extract_of_several_files_refuses_a_single_graph_format() {
    let out = govkg()
        .args(["extract", "--format", "turtle"])
        .arg(seed())
        .arg(root().join("tests/data/cli-report.txt"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--format nquads"), "{err}");
}
