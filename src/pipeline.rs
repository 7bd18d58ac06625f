//! [`Pipeline`]: decode → normalize → structure → segment/extract, for one document at a time.
//! It holds the only costly state (the segmenter's dictionary) and is shared by reference
//! across threads.

use crate::decode::{DecodeError, RawDocument, decode};
use crate::extract::{Input, extract};
use crate::lexicon::Lexicon;
use crate::model::Extraction;
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
        Ok(extract(&input, &self.segmenter, &self.lexicon))
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new()
    }
}
