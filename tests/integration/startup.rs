//! A small run's dictionary restricted to its texts (`Pipeline::for_documents`) gives the same
//! N-Quads, byte for byte, as the whole dictionary (`Pipeline::new`), in the library and
//! through `govkg extract` on each side of its size threshold.

use crate::util::{govkg, root, seed};
use govkg::Pipeline;
use govkg::decode::RawDocument;
use govkg::pipeline::NormalizedDocument;
use govkg::rdf::{to_quads, write_quads};
use oxigraph::io::RdfFormat;
use std::path::{Path, PathBuf};

fn raw(path: &Path) -> RawDocument {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    RawDocument {
        source: path.display().to_string(),
        bytes,
    }
}

fn nquads(pipeline: &Pipeline, doc: &NormalizedDocument) -> Vec<u8> {
    let quads = to_quads(&pipeline.extract(doc));
    write_quads(&quads, RdfFormat::NQuads, Vec::new()).unwrap_or_else(|e| panic!("{e}"))
}

/// The seed, the CLI fixture and the shared dev excerpts (when present; required under CI).
fn reports() -> Vec<PathBuf> {
    let mut files = vec![seed(), root().join("tests/data/cli-report.txt")];
    let dev = root().join("../shared/corpus/dev");
    match std::fs::read_dir(&dev) {
        Ok(entries) => {
            let mut more: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
            more.sort();
            files.extend(more);
        }
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "{}: {e}", dev.display());
            eprintln!(
                "note: {}: {e}; checking the bundled reports only",
                dev.display()
            );
        }
    }
    files
}

#[test]
fn a_restricted_dictionary_gives_byte_identical_nquads() {
    let docs: Vec<NormalizedDocument> = reports()
        .iter()
        .map(|f| Pipeline::normalize(&raw(f)).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let full = Pipeline::new();
    // one document at a time, as `govkg extract FILE` builds it, and all together
    for doc in &docs {
        let small = Pipeline::for_documents([doc]);
        let expected = nquads(&full, doc);
        assert!(!expected.is_empty());
        assert!(nquads(&small, doc) == expected, "{}", doc.text().len());
    }
    let small = Pipeline::for_documents(&docs);
    for doc in &docs {
        assert!(nquads(&small, doc) == nquads(&full, doc));
    }
}

#[test]
fn extract_gives_the_same_graph_above_and_below_the_small_run_size() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = dir.path().join("report.txt");
    std::fs::copy(seed(), &report).unwrap_or_else(|e| panic!("{e}"));
    let small = govkg()
        .arg("extract")
        .arg(&report)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        small.status.success(),
        "{}",
        String::from_utf8_lossy(&small.stderr)
    );
    assert!(!small.stdout.is_empty());
    // 2 MB of blank lines: past the threshold (so the whole dictionary is built), yet only a
    // warning (nothing to ingest), and the report's graph still comes out
    let blank = dir.path().join("zz-blank.txt");
    std::fs::write(&blank, vec![b'\n'; 2 << 20]).unwrap_or_else(|e| panic!("{e}"));
    let large = govkg()
        .arg("extract")
        .arg(&report)
        .arg(&blank)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&large.stderr);
    assert_eq!(large.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("zz-blank.txt: ") && stderr.contains("empty"),
        "{stderr}"
    );
    assert!(large.stdout == small.stdout, "the two runs' N-Quads differ");
}
