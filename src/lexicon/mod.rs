//! The domain lexicon: general vocabulary of Chinese government writing, kept as data in
//! `src/lexicon/data/*.txt` and embedded at build time. Never names found in one document.

/// The lexicon, parsed once.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    words: Vec<String>,
}

impl Lexicon {
    /// The embedded lexicon.
    pub fn embedded() -> Self {
        Self::default()
    }

    /// Words jieba should keep whole.
    pub fn segmentation_words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }
}
