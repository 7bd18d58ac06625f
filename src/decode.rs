//! Stage 1: bytes → text. [`decode`] turns a [`RawDocument`] into a [`DecodedText`].
//!
//! Detection order, most certain first, because a wrong guess silently corrupts every offset:
//! known binary magic numbers are refused; a BOM (UTF-8, UTF-16LE/BE, GB18030) decides; strict
//! UTF-8; UTF-16 without BOM when the NUL pattern shows it; GB18030 (a superset of GBK) when it
//! decodes with almost no errors; UTF-16 without BOM when its characters are plausible; and
//! `chardetng` as a last resort. Decoded text with many control characters or replacements is
//! refused as binary rather than fed to extraction.
//!
//! The decoded text keeps its line ends (`\r\n`, `\r`, `\n`) untouched: it is what every
//! [`crate::model::CharSpan`] counts into.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// A file's bytes as read, with the path the user named.
#[derive(Clone, Debug)]
pub struct RawDocument {
    /// The path as the user gave it (used in messages and provenance).
    pub source: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Decoded text with what was learned while decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, BOM removed, line ends untouched.
    pub text: String,
    /// Name of the encoding (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, or what `chardetng`
    /// guessed for the rare file that is none of these).
    pub encoding: &'static str,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replacements: usize,
}

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The file is not text (an image, an archive, ...).
    #[error(
        "{path}: not a text file ({reason}); give govkg plain-text reports (UTF-8, UTF-16 or GBK)"
    )]
    Binary {
        /// The file.
        path: String,
        /// What gave it away.
        reason: String,
    },
    /// The file has no text at all.
    #[error("{path}: the file is empty or holds only whitespace; nothing to ingest")]
    Empty {
        /// The file.
        path: String,
    },
}

/// Magic numbers of formats people plausibly pass by mistake, with advice for each.
const MAGIC: &[(&[u8], &str)] = &[
    (
        b"%PDF",
        "a PDF document; extract its text first, e.g. with pdftotext",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; run OCR on it first"),
    (b"\xff\xd8\xff", "a JPEG image; run OCR on it first"),
    (b"GIF87a", "a GIF image; run OCR on it first"),
    (b"GIF89a", "a GIF image; run OCR on it first"),
    (b"II*\x00", "a TIFF image; run OCR on it first"),
    (b"MM\x00*", "a TIFF image; run OCR on it first"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or a .docx/.xlsx/.odt document); unpack it or save it as plain text",
    ),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive; decompress it first"),
    (b"BZh", "a bzip2 archive; decompress it first"),
    (b"\xfd7zXZ\x00", "an xz archive; decompress it first"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document (.doc/.xls); save it as plain text",
    ),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

/// Share of control characters (other than tab, line ends and form feed) above which decoded
/// "text" is taken for binary data.
const MAX_CONTROL_RATIO: f64 = 0.02;
/// Share of U+FFFD above which a last-resort decoding is taken for binary data.
const MAX_REPLACEMENT_RATIO: f64 = 0.05;

/// Decodes a document. See the module docs for the order of detection.
pub fn decode(raw: &RawDocument) -> Result<DecodedText, DecodeError> {
    let bytes = raw.bytes.as_slice();
    let sha256 = hex_sha256(bytes);
    let binary = |reason: String| DecodeError::Binary {
        path: raw.source.clone(),
        reason,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty {
            path: raw.source.clone(),
        });
    }
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(binary(format!("it starts like {what}")));
    }

    let (text, encoding, replacements) = detect_and_decode(bytes).map_err(binary)?;

    if text.chars().all(is_blank) {
        return Err(DecodeError::Empty {
            path: raw.source.clone(),
        });
    }
    let total = text.chars().count().max(1);
    let controls = text.chars().filter(|&c| is_binary_control(c)).count();
    if controls as f64 / total as f64 > MAX_CONTROL_RATIO {
        return Err(binary(format!(
            "{controls} of {total} characters are control characters when read as {encoding}"
        )));
    }
    if replacements as f64 / total as f64 > MAX_REPLACEMENT_RATIO {
        return Err(binary(format!(
            "{replacements} of {total} characters are undecodable as {encoding}"
        )));
    }
    Ok(DecodedText {
        text,
        encoding,
        sha256,
        replacements,
    })
}

/// Picks the encoding and decodes; `Err` carries the reason the bytes are not text.
fn detect_and_decode(bytes: &[u8]) -> Result<(String, &'static str, usize), String> {
    // BOMs first: they are explicit. GB18030's BOM is the GB18030 encoding of U+FEFF.
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return Ok(with(UTF_8, rest, "UTF-8"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return Ok(with(UTF_16LE, rest, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return Ok(with(UTF_16BE, rest, "UTF-16BE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\x84\x31\x95\x33") {
        return Ok(with(GB18030, rest, "GB18030"));
    }

    let has_nul = bytes.contains(&0);
    if !has_nul {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return Ok((s.to_owned(), "UTF-8", 0));
        }
    }
    if has_nul {
        // Text never holds NUL; only UTF-16 explains them.
        return match utf16_by_nul_pattern(bytes) {
            Some(enc) => Ok(with(enc, bytes, utf16_name(enc))),
            None => Err("it contains NUL bytes and is not UTF-16".to_owned()),
        };
    }

    let (gb, gb_errors) = decode_counting(GB18030, bytes);
    // UTF-8 with a few broken bytes (a truncated download, a bad copy) is still UTF-8: GBK read
    // as UTF-8 fails on nearly every Chinese character, so a handful of errors cannot be GBK.
    let (utf8, utf8_errors) = decode_counting(UTF_8, bytes);
    if utf8_errors <= tolerated_errors(&utf8) && utf8_errors <= gb_errors {
        return Ok((utf8, "UTF-8", utf8_errors));
    }
    // GB18030 accepts almost any byte pair, UTF-16 of pure CJK included; such a misreading
    // shows as errors or control characters, a real GBK text as neither.
    let gb_suspect = gb_errors > 0 || gb.chars().any(is_binary_control);
    if gb_suspect {
        if let Some(enc) = utf16_by_plausibility(bytes) {
            return Ok(with(enc, bytes, utf16_name(enc)));
        }
    }
    if gb_errors <= tolerated_errors(&gb) {
        return Ok((gb, "GB18030", gb_errors));
    }

    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(None, chardetng::Utf8Detection::Allow);
    let name = if guessed == GB18030 || guessed.name() == "GBK" {
        "GB18030"
    } else {
        guessed.name()
    };
    let enc = if name == "GB18030" { GB18030 } else { guessed };
    Ok(with(enc, bytes, name))
}

/// Malformed sequences an encoding may show and still be taken as the file's: one in a
/// thousand characters, at least two (a truncated tail, a damaged byte).
fn tolerated_errors(text: &str) -> usize {
    (text.chars().count() / 1000).max(2)
}

fn utf16_name(enc: &'static Encoding) -> &'static str {
    if enc == UTF_16BE {
        "UTF-16BE"
    } else {
        "UTF-16LE"
    }
}

/// Decodes without BOM sniffing (the caller stripped it) and counts replacements.
fn with(enc: &'static Encoding, bytes: &[u8], name: &'static str) -> (String, &'static str, usize) {
    let (text, replacements) = decode_counting(enc, bytes);
    (text, name, replacements)
}

fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let replacements = text.chars().filter(|&c| c == '\u{FFFD}').count();
    (text.into_owned(), replacements)
}

/// UTF-16 without BOM shows as NULs concentrated in one byte position of each pair: the high
/// byte of ASCII characters (and of Latin punctuation between CJK text).
fn utf16_by_nul_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(1 << 16) & !1];
    let pairs = sample.len() / 2;
    if pairs == 0 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let clear = |many: usize, few: usize| many * 10 >= pairs && few * 100 <= pairs.max(100);
    let enc = if clear(odd, even) {
        UTF_16LE
    } else if clear(even, odd) {
        UTF_16BE
    } else {
        return None;
    };
    // Even with the right pattern, the characters must look like text.
    (plausible_ratio(enc, sample) >= 0.9).then_some(enc)
}

/// UTF-16 without NULs can hold no ASCII, so it is pure CJK text: characters that are almost
/// all ideographs or CJK punctuation in one byte order.
fn utf16_by_plausibility(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() % 2 != 0 || bytes.len() < 16 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(1 << 16)];
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .find(|&enc| plausible_ratio(enc, sample) >= 0.98)
}

/// Share of decoded characters that are the stuff of Chinese reports.
fn plausible_ratio(enc: &'static Encoding, sample: &[u8]) -> f64 {
    let (text, _) = enc.decode_without_bom_handling(sample);
    let mut total = 0usize;
    let mut good = 0usize;
    for c in text.chars() {
        total += 1;
        let plausible = matches!(c,
            '\t' | '\n' | '\r' | ' '..='~'
            | '\u{A0}'..='\u{FF}'
            | '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF00}'..='\u{FFEF}');
        good += usize::from(plausible);
    }
    if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    }
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
}

fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | '\u{85}')
}

fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(bytes: &[u8]) -> RawDocument {
        RawDocument {
            source: "test.txt".to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    fn ok(bytes: &[u8]) -> DecodedText {
        match decode(&doc(bytes)) {
            Ok(d) => d,
            Err(e) => panic!("expected text, got {e}"),
        }
    }

    fn binary_reason(bytes: &[u8]) -> String {
        match decode(&doc(bytes)) {
            Err(DecodeError::Binary { path, reason }) => {
                assert_eq!(path, "test.txt");
                reason
            }
            other => panic!("expected Binary, got {other:?}"),
        }
    }

    const SAMPLE: &str = "区两会特别报道\r\n2022年，在区委区政府的坚强领导下，区发改经信局。\r";

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn plain_utf8() {
        let d = ok(SAMPLE.as_bytes());
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replacements, 0);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = ok(&bytes);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16le_and_be_with_bom() {
        let mut le = vec![0xff, 0xfe];
        le.extend(utf16(SAMPLE, false));
        let d = ok(&le);
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-16LE"));

        let mut be = vec![0xfe, 0xff];
        be.extend(utf16(SAMPLE, true));
        let d = ok(&be);
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom() {
        let mixed = "Report 2023 报告 GDP 增长5.5%\n".repeat(4);
        let d = ok(&utf16(&mixed, false));
        assert_eq!((d.text.as_str(), d.encoding), (mixed.as_str(), "UTF-16LE"));
        let d = ok(&utf16(&mixed, true));
        assert_eq!((d.text.as_str(), d.encoding), (mixed.as_str(), "UTF-16BE"));
        // Pure CJK has no NULs at all: only plausibility tells.
        let cjk = "在区委区政府的坚强领导下区发改经信局紧紧围绕高水平打造时尚之都";
        let d = ok(&utf16(cjk, false));
        assert_eq!((d.text.as_str(), d.encoding), (cjk, "UTF-16LE"));
    }

    #[test]
    fn gbk_and_gb18030() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let d = ok(&bytes);
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "GB18030"));

        let mut with_bom = b"\x84\x31\x95\x33".to_vec();
        with_bom.extend_from_slice(&bytes);
        let d = ok(&with_bom);
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "GB18030"));
    }

    #[test]
    fn gbk_with_a_truncated_tail_counts_the_replacement() {
        let text = "政府工作报告".repeat(20);
        let (bytes, _, _) = GB18030.encode(&text);
        let mut bytes = bytes.into_owned();
        bytes.push(0xb5); // half a character
        let d = ok(&bytes);
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.replacements, 1);
        assert!(d.text.starts_with("政府工作报告"));
    }

    #[test]
    fn refuses_binary_by_magic() {
        assert!(binary_reason(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").contains("PNG"));
        assert!(binary_reason(b"PK\x03\x04\x14\0\0\0").contains("ZIP"));
        assert!(binary_reason(b"%PDF-1.7\n").contains("pdftotext"));
        assert!(binary_reason(b"\xff\xd8\xff\xe0\0\x10JFIF").contains("JPEG"));
        assert!(binary_reason(b"\x7fELF\x02\x01\x01").contains("ELF"));
    }

    #[test]
    fn refuses_nul_bytes_that_are_not_utf16() {
        let mut bytes = "报告".repeat(10).into_bytes();
        bytes.extend_from_slice(&[0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 7]);
        bytes.extend_from_slice("报告".repeat(10).as_bytes());
        assert!(binary_reason(&bytes).contains("NUL"));
    }

    #[test]
    fn utf8_with_a_few_broken_bytes_stays_utf8() {
        let text = "2023年全区实现地区生产总值735亿元，增长5.5%。".repeat(50);
        let mut bytes = text.clone().into_bytes();
        bytes[12] = b'A'; // the last byte of 区 damaged
        bytes.truncate(bytes.len() - 1); // and a truncated last character
        let d = ok(&bytes);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replacements, 2);
        assert!(
            d.text.ends_with("增长5.5%\u{FFFD}"),
            "{}",
            &d.text[d.text.len() - 20..]
        );
    }

    #[test]
    fn gbk_with_a_few_broken_bytes_stays_gbk() {
        // GBK resynchronises at the next ASCII byte, so the damage stays within its line.
        let text = "政府工作报告，全区地区生产总值增长5.5%。\r\n".repeat(50);
        let (bytes, _, _) = GB18030.encode(&text);
        let mut bytes = bytes.into_owned();
        bytes[7] = 0xff;
        bytes[300] = 0x80;
        let d = ok(&bytes);
        assert_eq!(d.encoding, "GB18030");
        assert!((2..=4).contains(&d.replacements), "{}", d.replacements);
        assert!(
            d.text.ends_with("全区地区生产总值增长5.5%。\r\n"),
            "{:?}",
            d.text.lines().last()
        );
        assert_eq!(d.text.lines().filter(|l| l.contains('\u{FFFD}')).count(), 2);
    }

    #[test]
    fn refuses_control_soup() {
        let bytes: Vec<u8> = (1u8..32).cycle().take(400).collect();
        let reason = binary_reason(&bytes);
        assert!(reason.contains("control"), "{reason}");
    }

    #[test]
    fn message_names_file_and_remedy() {
        let err = decode(&doc(b"%PDF-1.4")).err().map(|e| e.to_string());
        let msg = err.unwrap_or_default();
        assert!(msg.starts_with("test.txt: not a text file"), "{msg}");
        assert!(msg.contains("plain-text"), "{msg}");
    }

    #[test]
    fn empty_and_blank_files() {
        for bytes in [
            &b""[..],
            b"  \r\n\t",
            b"\xef\xbb\xbf",
            "\u{3000}\n".as_bytes(),
        ] {
            match decode(&doc(bytes)) {
                Err(e @ DecodeError::Empty { .. }) => {
                    assert!(e.to_string().contains("test.txt"));
                    assert!(e.to_string().contains("empty"));
                }
                other => panic!("expected Empty for {bytes:?}, got {other:?}"),
            }
        }
    }

    #[test]
    fn sha256_is_lower_hex_of_the_bytes() {
        let d = ok(b"abc");
        assert_eq!(
            d.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn line_ends_are_kept() {
        let d = ok(b"a\rb\r\nc\n");
        assert_eq!(d.text, "a\rb\r\nc\n");
    }
}
