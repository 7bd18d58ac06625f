//! Decoding, normalisation and structure on real corpus files and crafted fixtures.
//!
//! Corpus files live in `../shared/corpus` next to the repository; when that folder is absent
//! the corpus tests print a note and pass, the fixture tests still run.

use govkg::decode::{DecodeError, DecodedText, RawDocument, decode};
use govkg::normalize::{LineKind, NormalizedText, normalize};
use govkg::structure::structure;
use std::path::{Path, PathBuf};

fn shared_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: {} not found; skipping corpus checks", dir.display());
        None
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read(path: &Path) -> RawDocument {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    RawDocument {
        source: path.display().to_string(),
        bytes,
    }
}

fn decoded(path: &Path) -> DecodedText {
    decode(&read(path)).unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts that `phrase` occurs in the normalised text and that its raw span, whitespace
/// removed, reads the same.
fn assert_maps_back(raw: &str, norm: &NormalizedText, phrase: &str) {
    let byte = norm
        .text
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase} not in normalised text"));
    let start = norm.text[..byte].chars().count();
    let span = norm.raw_span(start, start + phrase.chars().count());
    let raw_piece: String = raw
        .chars()
        .skip(span.start)
        .take(span.len())
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(raw_piece, phrase, "raw span {span:?}");
}

#[test]
fn national_reports_are_gbk_with_cr_line_ends() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    for (year, phrase) in [
        ("1954", "1954年国务院政府工作报告"),
        ("2018", "政府工作报告"),
    ] {
        let d = decoded(&corpus.join(format!("national/{year}.txt")));
        assert_eq!(d.encoding, "GB18030", "{year}");
        assert!(d.text.contains(phrase), "{year}");
        if year == "2018" {
            assert!(d.text.contains("\r\r"), "CR-only line ends must be kept");
        }
        assert_eq!(d.replacements, 0, "{year}");
        assert_eq!(d.sha256.len(), 64);

        let norm = normalize(&d.text);
        let s = structure(&norm);
        assert!(
            s.title
                .as_deref()
                .is_some_and(|t| t.contains("政府工作报告")),
            "{year}: title {:?}",
            s.title
        );
        assert!(!norm.text.contains("当前位置"), "{year}: residue kept");
        assert!(
            s.sentences.len() > 100,
            "{year}: {} sentences",
            s.sentences.len()
        );
        assert_maps_back(&d.text, &norm, phrase);
    }
}

#[test]
fn every_national_report_decodes_cleanly() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let mut seen = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(corpus.join("national"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries {
        let d = decoded(&path);
        assert_eq!(d.encoding, "GB18030", "{}", path.display());
        // 1958 is titled 关于一九五八年度国民经济计划草案的报告.
        assert!(d.text.contains("报告"), "{}", path.display());
        assert_eq!(d.replacements, 0, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 40, "only {seen} national reports");
}

#[test]
fn seed_ocr_breaks_are_rejoined_and_map_back() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let d = decoded(&corpus.join("gongshu-2023-lianghui.txt"));
    assert_eq!(d.encoding, "UTF-8");
    let norm = normalize(&d.text);
    for phrase in [
        "区发改经信局",
        "稳进提质八大攻坚行动",
        "在区委区政府的坚强领导下",
        "入选全省共同富裕示范区最佳实践",
        "固定资产投资735亿元",
    ] {
        assert_maps_back(&d.text, &norm, phrase);
    }
    assert!(
        norm.text
            .contains("“拱墅优礼”入选全省共同富裕示范区最佳实践")
    );
    let s = structure(&norm);
    assert_eq!(s.title.as_deref(), Some("区两会特别报道"));
    let headings: Vec<String> = norm
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Heading)
        .map(|l| norm.line_text(l))
        .collect();
    for h in [
        "奋楫笃行谱新篇 踔厉奋发向未来",
        "党建强基 聚力领航促发展",
        "聚焦民生 绘就共富“同心圆”",
        "2023年展望",
    ] {
        assert!(
            headings.iter().any(|x| x == h),
            "{h} not a heading: {headings:?}"
        );
    }
}

#[test]
fn provincial_reports_lose_their_page_residue() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    for (file, title) in [
        ("provinces-2026/beijing.txt", "2026年北京市政府工作报告"),
        ("dev/zhejiang-2026-excerpt.txt", "2026年浙江省政府工作报告"),
    ] {
        let d = decoded(&corpus.join(file));
        let norm = normalize(&d.text);
        let first = norm.lines.first().map(|l| norm.line_text(l));
        assert_eq!(first.as_deref(), Some(title), "{file}");
        assert_eq!(structure(&norm).title.as_deref(), Some(title), "{file}");
        for residue in ["下载\n", "【字号", "来源：", "时间：", "本报记者"] {
            assert!(!norm.text.contains(residue), "{file}: {residue} kept");
        }
    }
}

#[test]
fn fixtures_decode_in_every_encoding() {
    let d = decoded(&fixture("text-bom-crlf.txt"));
    assert_eq!(d.encoding, "UTF-8");
    assert!(d.text.starts_with("区两会") && d.text.contains("\r\n"));
    let norm = normalize(&d.text);
    assert_maps_back(&d.text, &norm, "区发改经信局");
    assert_maps_back(&d.text, &norm, "“高水平”");

    let gbk = decoded(&fixture("text-gbk-residue.txt"));
    let utf16 = decoded(&fixture("text-utf16le.txt"));
    assert_eq!((gbk.encoding, utf16.encoding), ("GB18030", "UTF-16LE"));
    assert_eq!(gbk.text, utf16.text);
    let norm = normalize(&gbk.text);
    assert_eq!(
        norm.text,
        "2026年某省政府工作报告\n各位代表：\n一、2025年工作回顾\n全省生产总值增长5.5%。"
    );
    assert_maps_back(&gbk.text, &norm, "政府工作报告");
}

#[test]
fn binary_fixture_is_refused_with_its_name() {
    let path = fixture("text-image.png.txt");
    match decode(&read(&path)) {
        Err(e @ DecodeError::Binary { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("text-image.png.txt") && msg.contains("PNG"),
                "{msg}"
            );
        }
        other => panic!("expected a Binary error, got {other:?}"),
    }
}
