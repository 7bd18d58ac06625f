//! [`Pipeline`]: decode → normalize → structure → segment/extract, for one document at a time.
//! It holds the only costly state (the segmenter's dictionary) and is shared by reference
//! across threads.

use crate::decode::{DecodeError, DecodedText, RawDocument, decode};
use crate::extract::{Input, extract};
use crate::lexicon::Lexicon;
use crate::model::{Diagnostic, Extraction};
use crate::normalize::{NormalizedText, normalize};
use crate::segment::Segmenter;
use crate::structure::structure;
use std::sync::OnceLock;

/// The text stages, ready to run on any number of documents.
pub struct Pipeline {
    lexicon: Lexicon,
    segmenter: Segmenter,
    /// The whole dictionary, built on first need by a pipeline made for some documents when
    /// it is given another one its restricted dictionary does not cover.
    full: OnceLock<Segmenter>,
}

/// A document decoded and normalised, not yet segmented: what [`Pipeline::for_documents`]
/// needs to know before it builds its dictionary.
pub struct NormalizedDocument {
    source: String,
    decoded: DecodedText,
    normalized: NormalizedText,
}

impl NormalizedDocument {
    /// The normalised text, the one the segmenter cuts.
    pub fn text(&self) -> &str {
        &self.normalized.text
    }
}

impl Pipeline {
    /// Loads the embedded lexicon and the segmenter's whole dictionary (about 0.15 s).
    pub fn new() -> Self {
        let lexicon = Lexicon::embedded();
        let segmenter = Segmenter::new(&lexicon);
        Self::with(lexicon, segmenter)
    }

    /// A pipeline for these documents, quick to build when they are small: its dictionary
    /// holds only the words that can occur in them ([`Segmenter::for_texts`]), and it
    /// extracts exactly what [`Pipeline::new`]'s would. Any other document still gets the
    /// same answer, through the whole dictionary built when first needed.
    pub fn for_documents<'a>(docs: impl IntoIterator<Item = &'a NormalizedDocument>) -> Self {
        let lexicon = Lexicon::embedded();
        let segmenter = Segmenter::for_texts(&lexicon, docs.into_iter().map(|d| d.text()));
        Self::with(lexicon, segmenter)
    }

    fn with(lexicon: Lexicon, segmenter: Segmenter) -> Self {
        Self {
            lexicon,
            segmenter,
            full: OnceLock::new(),
        }
    }

    /// Runs every text stage on one document. Only undecodable input is an error.
    pub fn process(&self, raw: &RawDocument) -> Result<Extraction, DecodeError> {
        Ok(self.extract(&Self::normalize(raw)?))
    }

    /// The stages before segmentation (decode, normalize), which need no dictionary.
    pub fn normalize(raw: &RawDocument) -> Result<NormalizedDocument, DecodeError> {
        let decoded = decode(raw)?;
        let normalized = normalize(&decoded.text);
        Ok(NormalizedDocument {
            source: raw.source.clone(),
            decoded,
            normalized,
        })
    }

    /// The stages from structure on. Never fails.
    pub fn extract(&self, doc: &NormalizedDocument) -> Extraction {
        let NormalizedDocument {
            source,
            decoded,
            normalized,
        } = doc;
        let segmenter = if self.segmenter.covers(&normalized.text) {
            &self.segmenter
        } else {
            self.full.get_or_init(|| Segmenter::new(&self.lexicon))
        };
        let structure = structure(normalized);
        let input = Input {
            source,
            decoded,
            normalized,
            structure: &structure,
        };
        let mut extraction = extract(&input, segmenter, &self.lexicon);
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
        extraction
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

    fn raw(source: &str, text: &str) -> RawDocument {
        RawDocument {
            source: source.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_pipeline_for_some_documents_extracts_any_document_as_the_full_one() {
        let seed = include_str!("../examples/gongshu-2023-lianghui.txt");
        let doc = Pipeline::normalize(&raw("seed.txt", seed)).unwrap_or_else(|e| panic!("{e}"));
        let small = Pipeline::for_documents([&doc]);
        assert_eq!(small.extract(&doc), PIPELINE.extract(&doc));
        assert!(
            small.full.get().is_none(),
            "the seed needed the whole dictionary"
        );
        // a document with characters the seed lacks goes through the whole dictionary
        let other = "西宁市湟中区人民政府2024年政府工作报告。全区地区生产总值增长6.5%。";
        let other = Pipeline::normalize(&raw("other.txt", other)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!small.segmenter.covers(other.text()));
        assert_eq!(small.extract(&other), PIPELINE.extract(&other));
        assert!(small.full.get().is_some());
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
