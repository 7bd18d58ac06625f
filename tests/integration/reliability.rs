//! Bad input, one test each: every file gets one line naming it and the reason, never a panic;
//! the good file of the same run still goes in; the exit status is 1 when a file could not be
//! ingested (0 when it went in with a warning); `--strict` makes any warning fatal.

use crate::util::{govkg, root};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A good report that must go in whatever else the run holds.
fn good() -> PathBuf {
    root().join("tests/data/cli-report.txt")
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn ingest(store: &Path, extra: &[&str], files: &[&Path]) -> Run {
    let out = govkg()
        .arg("ingest")
        .arg("--store")
        .arg(store)
        .args(extra)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn documents(store: &Path) -> usize {
    let out = govkg()
        .arg("stats")
        .arg("--store")
        .arg(store)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("documents: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no document count in {text}"))
}

/// The one stderr line about `file`: `warning: FILE: REASON`.
fn the_line_about(run: &Run, file: &Path) -> String {
    let name = file.display().to_string();
    let lines: Vec<&str> = run.stderr.lines().filter(|l| l.contains(&name)).collect();
    assert_eq!(lines.len(), 1, "one line about {name}:\n{}", run.stderr);
    assert!(
        lines[0].starts_with(&format!("warning: {name}: ")),
        "{}",
        lines[0]
    );
    lines[0].to_owned()
}

/// `file` is refused with `reason`, the good file goes in, exit 1; `--strict` stops the run.
fn refused(file: &Path, reason: &str) -> String {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = tmp.path().join("store");
    let run = ingest(&store, &[], &[file, &good()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let line = the_line_about(&run, file);
    assert!(line.contains(reason), "{line}");
    assert!(
        run.stdout.contains("ingested 1 document "),
        "{}",
        run.stdout
    );
    assert_eq!(documents(&store), 1);
    strict_is_fatal(file);
    line
}

/// `file` goes in with a warning saying `reason`, beside the good file, exit 0; `--strict`
/// stops the run.
fn warned(file: &Path, reason: &str) -> String {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = tmp.path().join("store");
    let run = ingest(&store, &[], &[file, &good()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let line = the_line_about(&run, file);
    assert!(line.contains(reason), "{line}");
    assert!(
        run.stdout.contains("ingested 2 documents "),
        "{}",
        run.stdout
    );
    assert_eq!(documents(&store), 2);
    strict_is_fatal(file);
    line
}

fn strict_is_fatal(file: &Path) {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let run = ingest(&tmp.path().join("store"), &["--strict"], &[file]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let name = file.display().to_string();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(&format!("error: {name}: ")) && l.ends_with("(--strict)")),
        "{}",
        run.stderr
    );
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn report_text() -> String {
    std::fs::read_to_string(good()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_empty_file() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    refused(&write(&tmp, "empty.txt", b""), "empty");
}

#[test]
fn an_image() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    png.extend((0..2000u32).map(|i| (i * 31 % 251) as u8));
    refused(&write(&tmp, "scan.txt", &png), "PNG image; run OCR");
}

#[test]
fn a_zip_archive() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend((0..2000u32).map(|i| (i * 17 % 253) as u8));
    refused(&write(&tmp, "report.docx", &zip), "ZIP archive");
}

#[test]
fn bytes_that_are_no_encoding_at_all() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    // High bytes from a fixed LCG: invalid UTF-8, GBK with errors everywhere.
    let mut x = 12345u32;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345) & 0x7fff_ffff;
            0x80 + ((x >> 16) % 128) as u8
        })
        .collect();
    refused(&write(&tmp, "noise.txt", &bytes), "not a text file");
}

#[test]
fn utf8_with_invalid_bytes() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let text = report_text();
    let at = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(0, |(i, _)| i);
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xff); // between two characters
    bytes.push(0xe5); // a truncated last character
    warned(
        &write(&tmp, "broken-utf8.txt", &bytes),
        "2 malformed byte sequence(s) replaced by U+FFFD while reading it as UTF-8",
    );
}

#[test]
fn gbk_with_a_few_broken_bytes() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let text = report_text();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let mut bytes = gbk.into_owned();
    let digit = bytes
        .iter()
        .position(u8::is_ascii_digit)
        .unwrap_or_else(|| panic!("the report has a digit"));
    bytes[digit] = 0xff; // a damaged byte where a digit was
    bytes.truncate(bytes.len() - 1);
    bytes.push(0xb5); // half a character at the end
    let line = warned(
        &write(&tmp, "broken-gbk.txt", &bytes),
        "while reading it as GB18030",
    );
    assert!(
        line.contains("malformed byte sequence(s) replaced"),
        "{line}"
    );
}

/// UTF-16 in both byte orders, with and without BOM, gives the same facts as UTF-8.
#[test]
fn utf16_with_and_without_bom() {
    let text = report_text();
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let summary = |run: &Run| {
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        let s = run.stdout.clone();
        s[s.find(": ").unwrap_or(0)..].to_owned()
    };
    let utf8 = summary(&ingest(&tmp.path().join("s0"), &["--strict"], &[&good()]));
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let variants = [
        ("le-bom.txt", [&[0xff, 0xfe][..], &le].concat()),
        ("be-bom.txt", [&[0xfe, 0xff][..], &be].concat()),
        ("le.txt", le.clone()),
        ("be.txt", be.clone()),
    ];
    for (i, (name, bytes)) in variants.iter().enumerate() {
        let file = write(&tmp, name, bytes);
        let run = ingest(
            &tmp.path().join(format!("s{}", i + 1)),
            &["--strict"],
            &[&file],
        );
        assert_eq!(summary(&run), utf8, "{name}");
    }
}

/// 50 MB without a line break is admitted by the default --max-size and goes in; a lower
/// --max-size refuses it by name.
#[test]
fn fifty_megabytes_without_a_line_break() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let mut text = report_text().replace(['\r', '\n'], "");
    let filler = "发展经济改善民生";
    text.push_str(&filler.repeat((50 << 20) / filler.len() + 1));
    let file = write(&tmp, "one-line.txt", text.as_bytes());
    let store = tmp.path().join("store");
    let run = ingest(&store, &[], &[&file, &good()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("ingested 2 documents "),
        "{}",
        run.stdout
    );
    assert_eq!(documents(&store), 2);

    let run = ingest(
        &tmp.path().join("small"),
        &["--max-size", "10M"],
        &[&file, &good()],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let line = the_line_about(&run, &file);
    assert!(
        line.contains("is more than --max-size 10485760; split the file or raise --max-size"),
        "{line}"
    );
    assert!(
        run.stdout.contains("ingested 1 document "),
        "{}",
        run.stdout
    );
}

#[test]
fn nothing_but_numbers() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let numbers: String = (0..2000u64).map(|i| format!("{}\n", i * 7919)).collect();
    warned(
        &write(&tmp, "numbers.txt", numbers.as_bytes()),
        "no entities, amounts or attributions found",
    );
}

#[test]
fn an_html_page() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>报告</title></head><body><p>{}</p></body></html>",
        report_text().replace('\n', "</p><p>")
    );
    warned(&write(&tmp, "page.html", page.as_bytes()), "an HTML page");
}

/// A 400-digit figure is kept exactly (xsd:decimal has no size limit); 1e309 is no number
/// of a report and yields no quantity; neither is a panic or an infinity.
#[test]
fn absurd_numbers() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let huge = "9".repeat(400);
    let text = format!(
        "2023年，全区地区生产总值达到{huge}亿元，财政收入增长1e309%，税收增长1.8e308倍。\n"
    );
    let file = write(&tmp, "absurd.txt", text.as_bytes());
    let store = tmp.path().join("store");
    let run = ingest(&store, &["--strict"], &[&file, &good()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = govkg()
        .arg("query")
        .arg("--store")
        .arg(&store)
        .args(["--format", "tsv", "-e"])
        .arg(format!(
            "PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX dct: <http://purl.org/dc/terms/>
             SELECT ?v WHERE {{ ?r dct:source {:?} . GRAPH ?g {{ ?r a gk:Report . ?q a gk:Quantity ; gk:valueAsWritten ?v }} }}",
            file.display().to_string()
        ))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    assert_eq!(rows, vec![format!("\"{huge}\"")]);
}

/// Root reads any file whatever its mode bits, so "unreadable" is a read that fails: a link
/// to /proc/self/mem, whose first page is unmapped (EIO).
#[test]
fn a_file_whose_read_fails() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let link = tmp.path().join("bad-sector.txt");
    std::os::unix::fs::symlink("/proc/self/mem", &link).unwrap_or_else(|e| panic!("{e}"));
    refused(&link, "cannot read: ");
}

/// A file that vanished after it was listed: in a directory, a link whose target is gone.
/// (Deleting between listing and reading takes the same path; the binary's unit test
/// `a_file_deleted_between_listing_and_reading_is_a_reason_not_a_panic` shows it.)
#[test]
fn a_file_that_vanished() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("corpus");
    std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(good(), dir.join("a.txt")).unwrap_or_else(|e| panic!("{e}"));
    let gone = dir.join("b.txt");
    std::os::unix::fs::symlink(tmp.path().join("deleted.txt"), &gone)
        .unwrap_or_else(|e| panic!("{e}"));
    let store = tmp.path().join("store");
    let run = ingest(&store, &[], &[&dir]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let line = the_line_about(&run, &gone);
    assert!(
        line.contains("cannot read: No such file or directory"),
        "{line}"
    );
    assert_eq!(documents(&store), 1);
    let run = ingest(&tmp.path().join("strict"), &["--strict"], &[&dir]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("(--strict)"), "{}", run.stderr);
}

/// A FIFO would block a reader forever; it is refused without being opened.
#[test]
fn a_fifo_is_not_opened() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let fifo = tmp.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo (coreutils) failed");
    refused(&fifo, "not a regular file or directory");
}
