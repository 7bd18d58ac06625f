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
