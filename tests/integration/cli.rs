//! The `govkg` binary end to end: ingest into a temporary store, query, re-ingest, extract,
//! bad input and help texts.

use crate::util::{govkg, root};
use predicates::prelude::*;
use std::path::PathBuf;
use tempfile::TempDir;

fn fixture() -> PathBuf {
    root().join("tests/data/cli-report.txt")
}

fn store_in(dir: &TempDir) -> String {
    dir.path().join("store").display().to_string()
}

fn stats(store: &str) -> String {
    let out = govkg()
        .args(["stats", "--store", store])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn ingest_then_query_entities_as_csv() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .args(["ingest", "--store", &store])
        .arg(fixture())
        .assert()
        .success()
        .stdout(predicate::str::contains("ingested 1 document"));
    govkg()
        .args([
            "query",
            "--store",
            &store,
            "--format",
            "csv",
            "queries/entities.rq",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("entity,label,category\r\n"));
    govkg()
        .args([
            "query",
            "--store",
            &store,
            "--format",
            "csv",
            "queries/quantities.rq",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "indicator,value,unit,comparator,year,status,org,",
        ));
    govkg()
        .args([
            "query",
            "--store",
            &store,
            "--format",
            "csv",
            "queries/attributions.rq",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("subject,org,year,"));
}

#[test]
fn reingest_gives_the_same_stats() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .args(["ingest", "--store", &store])
        .arg(fixture())
        .assert()
        .success();
    let first = stats(&store);
    govkg()
        .args(["ingest", "--store", &store])
        .arg(fixture())
        .assert()
        .success();
    assert_eq!(first, stats(&store));
    assert!(first.contains("documents: 1"), "{first}");
}

#[test]
fn extract_is_byte_identical_across_runs() {
    let run = || {
        let out = govkg()
            .arg("extract")
            .arg(fixture())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let a = run();
    assert!(String::from_utf8_lossy(&a).contains("https://w3id.org/govkg/ontology#Report"));
    assert_eq!(a, run());
}

#[test]
fn extract_writes_turtle_and_trig() {
    for (format, marker) in [("turtle", "@prefix gk:"), ("trig", "{"), ("jsonld", "@id")] {
        govkg()
            .args(["extract", "--format", format])
            .arg(fixture())
            .assert()
            .success()
            .stdout(predicate::str::contains(marker));
    }
}

#[test]
fn a_binary_file_warns_fails_and_the_good_file_still_goes_in() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    let png = tmp.path().join("figure.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 64));
    std::fs::write(&png, bytes).unwrap_or_else(|e| panic!("{e}"));
    govkg()
        .args(["ingest", "--store", &store])
        .arg(&png)
        .arg(fixture())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "warning: {}",
            png.display()
        )));
    assert!(stats(&store).contains("documents: 1"));
}

#[test]
fn strict_makes_a_bad_file_fatal() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    let png = tmp.path().join("figure.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10")
        .unwrap_or_else(|e| panic!("{e}"));
    govkg()
        .args(["ingest", "--strict", "--store", &store])
        .arg(&png)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error:"))
        .stderr(predicate::str::contains("figure.png"));
}

#[test]
fn the_store_can_come_from_govkg_store() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .env("GOVKG_STORE", &store)
        .arg("ingest")
        .arg(fixture())
        .assert()
        .success();
    assert!(stats(&store).contains("documents: 1"));
}

#[test]
fn service_calls_are_refused() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .args(["ingest", "--store", &store])
        .arg(fixture())
        .assert()
        .success();
    govkg()
        .args(["query", "--store", &store, "-e"])
        .arg("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not supported"));
}

#[test]
fn a_directory_is_walked_for_text_files_skipping_hidden_ones() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(dir.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    let report = std::fs::read(fixture()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("sub/a.txt"), &report).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join(".hidden.txt"), b"\x89PNG\r\n\x1a\n\0\0")
        .unwrap_or_else(|e| panic!("{e}"));
    govkg()
        .args(["ingest", "--store", &store])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("ingested 1 document"));
}

#[test]
fn a_missing_input_is_a_warning_and_exit_1() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .args(["ingest", "--store", &store, "no/such/file.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("warning: no/such/file.txt"));
}

#[test]
fn usage_errors_exit_2() {
    govkg().arg("ingest").assert().code(2);
    govkg()
        .args(["query", "--format", "yaml", "-e", "ASK {}"])
        .assert()
        .code(2);
}

#[test]
fn querying_a_missing_store_names_it() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .args(["query", "--store", &store, "-e", "ASK { ?s ?p ?o }"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(&store));
}

#[test]
fn docs_lists_the_ingested_report() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = store_in(&tmp);
    govkg()
        .args(["ingest", "--store", &store])
        .arg(fixture())
        .assert()
        .success();
    govkg()
        .args(["docs", "--store", &store])
        .assert()
        .success()
        .stdout(predicate::str::contains("cli-report.txt"))
        .stdout(predicate::str::contains("1 document"));
}

#[test]
fn help_works_for_every_subcommand() {
    govkg()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("ingest"));
    for sub in [
        "ingest", "query", "extract", "docs", "stats", "export", "validate",
    ] {
        govkg()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: govkg"));
    }
}
