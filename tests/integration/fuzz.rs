//! Property tests (no nightly toolchain, so proptest rather than cargo-fuzz) with bounded case
//! counts, run by `cargo test --release` in `.ci/run`: decoding and number reading never panic
//! on anything. Normalisation (offsets map back inside the raw text) and whole extraction are
//! covered next to their code (`src/normalize/mod.rs`, `src/pipeline.rs`).

use govkg::decode::{DecodeError, RawDocument, decode};
use govkg::extract::number::{arabic_at, chinese_at};
use proptest::prelude::*;

fn doc(bytes: Vec<u8>) -> RawDocument {
    RawDocument {
        source: "fuzz.txt".into(),
        bytes,
    }
}

/// Bytes with a BOM or magic number in front, to reach every branch of detection.
fn prefixed() -> impl Strategy<Value = Vec<u8>> {
    let prefixes: Vec<&'static [u8]> = vec![
        b"",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\x84\x31\x95\x33",
        b"PK\x03\x04",
        b"%PDF",
    ];
    (
        proptest::sample::select(prefixes),
        proptest::collection::vec(any::<u8>(), 0..4096),
    )
        .prop_map(|(p, rest)| [p, rest.as_slice()].concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any bytes decode or are refused with a message naming the file; decoded text is not
    /// blank, and its replacements are counted.
    #[test]
    fn decoding_never_panics(bytes in prefixed()) {
        match decode(&doc(bytes)) {
            Ok(d) => {
                prop_assert!(!d.text.trim().is_empty());
                prop_assert_eq!(d.sha256.len(), 64);
                prop_assert!(d.replacements <= d.text.chars().count());
            }
            Err(e @ (DecodeError::Binary { .. } | DecodeError::Empty { .. })) => {
                prop_assert!(e.to_string().starts_with("fuzz.txt: "));
            }
            Err(e) => prop_assert!(false, "unknown error {e}"),
        }
    }

    /// Valid text in any of the supported encodings decodes back to itself.
    #[test]
    fn text_round_trips_through_utf8_and_utf16(text in "[\\PC&&[^\u{FEFF}]]{1,200}") {
        prop_assume!(!text.trim().is_empty());
        let d = decode(&doc(text.clone().into_bytes()));
        prop_assert_eq!(d.map(|d| d.text).ok(), Some(text.clone()));
        let mut le = vec![0xff, 0xfe];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        if let Ok(d) = decode(&doc(le)) {
            prop_assert_eq!(d.text, text);
        }
    }

    /// Numbers are read from any position of any text: the span is where it should be and
    /// the value is plain decimal text, however long.
    #[test]
    fn numbers_never_panic(
        text in "([0-9.,零〇一二两三四五六七八九十百千万亿点%a-z]|[0-9]{1,400}|\\PC){0,60}",
        at in 0usize..80,
    ) {
        let chars: Vec<char> = text.chars().collect();
        for n in [arabic_at(&chars, at), chinese_at(&chars, at)].into_iter().flatten() {
            prop_assert_eq!(n.start, at);
            prop_assert!(n.end > n.start && n.end <= chars.len());
            let (int, frac) = n.value.split_once('.').unwrap_or((&n.value, ""));
            prop_assert!(!int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()), "{}", n.value);
            prop_assert!(frac.bytes().all(|b| b.is_ascii_digit()), "{}", n.value);
        }
    }
}
