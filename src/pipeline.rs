//! [`Pipeline`]: decode → normalize → structure → segment/extract, for one document at a time.
//! It holds the only costly state (the segmenter's dictionary) and is shared by reference
//! across threads.

use crate::decode::{DecodeError, RawDocument, decode};
use crate::extract::{Input, extract};
use crate::lexicon::Lexicon;
use crate::model::{Diagnostic, Extraction};
use crate::normalize::normalize;
use crate::segment::Segmenter;
use crate::structure::structure;

/// The text stages, ready to run on any number of documents.
pub struct Pipeline {
    lexicon: Lexicon,
    segmenter: Segmenter,
}

impl Pipeline {
    /// Loads the embedded lexicon and the segmenter's dictionary.
    pub fn new() -> Self {
        let lexicon = Lexicon::embedded();
        let segmenter = Segmenter::new(&lexicon);
        Self { lexicon, segmenter }
    }

    /// Runs every text stage on one document. Only undecodable input is an error.
    pub fn process(&self, raw: &RawDocument) -> Result<Extraction, DecodeError> {
        let decoded = decode(raw)?;
        let normalized = normalize(&decoded.text);
        let structure = structure(&normalized);
        let input = Input {
            source: &raw.source,
            decoded: &decoded,
            normalized: &normalized,
            structure: &structure,
        };
        let mut extraction = extract(&input, &self.segmenter, &self.lexicon);
        if decoded.replacements > 0 {
            // The file went in, but not all of it was readable: say so (`--strict` fails it).
            extraction.diagnostics.push(Diagnostic {
                span: None,
                message: format!(
                    "{} malformed byte sequence(s) replaced by U+FFFD while reading it as {}; facts near them may be missing",
                    decoded.replacements, decoded.encoding
                ),
            });
        }
        let head: String = decoded.text.trim_start().chars().take(64).collect();
        let head = head.to_ascii_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") {
            extraction.diagnostics.push(Diagnostic {
                span: None,
                message: "an HTML page: markup is read as text and may yield stray names; save the page as plain text".into(),
            });
        }
        if extraction.entities.is_empty()
            && extraction.quantities.is_empty()
            && extraction.attributions.is_empty()
        {
            extraction.diagnostics.push(Diagnostic {
                span: None,
                message: "no entities, amounts or attributions found; is this a report?".into(),
            });
        }
        Ok(extraction)
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CharSpan;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    /// Loading the dictionary is the costly part; one pipeline serves every case.
    static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::new);

    /// Every span lies inside the decoded text and maps to character boundaries of it.
    fn check(text: &str, ex: &Extraction) -> Result<(), TestCaseError> {
        let chars = text.chars().count();
        let spans = ex
            .sentences
            .iter()
            .map(|s| s.span)
            .chain(ex.mentions.iter().map(|m| m.span))
            .chain(ex.quantities.iter().map(|q| q.span))
            .chain(ex.attributions.iter().map(|a| a.span));
        for CharSpan { start, end } in spans {
            prop_assert!(start <= end && end <= chars, "{start}..{end} of {chars}");
            let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
            prop_assert!(text.is_char_boundary(byte(start)) && text.is_char_boundary(byte(end)));
        }
        Ok(())
    }

    fn run(bytes: Vec<u8>) -> Result<(), TestCaseError> {
        let raw = RawDocument {
            source: "fuzz.txt".into(),
            bytes,
        };
        match PIPELINE.process(&raw) {
            Ok(ex) => check(&ex.document.text, &ex),
            Err(e) => {
                prop_assert!(e.to_string().starts_with("fuzz.txt: "), "{e}");
                Ok(())
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// Whole extraction on any string: no panic, spans inside the text.
        #[test]
        fn extraction_never_panics_on_any_text(text in any::<String>()) {
            run(text.into_bytes())?;
        }

        /// Text made of the stuff of reports (numbers, units, organ suffixes, quotes,
        /// punctuation, line ends) reaches the extraction rules rather than being refused.
        #[test]
        fn extraction_never_panics_on_report_like_text(
            text in "([区市省县局委办厅部院会中心公司集团行动工程计划平台小镇“”「」《》（）、，。；：！？%‰亿万千百十元吨个人年月日同比增长下降达到力争完成以上左右约一二三四五六七八九十两零点0-9.,\r\n\u{3000} ]|[0-9]{1,30}|[0-9]{1,3}(,[0-9]{3}){1,4}(\\.[0-9]{1,9})?){0,120}"
        ) {
            run(text.into_bytes())?;
        }

        /// Arbitrary bytes through decoding and everything after it.
        #[test]
        fn the_pipeline_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            run(bytes)?;
        }
    }
}
