//! Stage 4: sentences → words. [`Segmenter`] wraps a `jieba_rs::Jieba` loaded once with the
//! domain lexicon, because building the dictionary is the costly part.

use crate::lexicon::Lexicon;
use jieba_rs::Jieba;

/// A word of a sentence, in character offsets relative to the segmented string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word.
    pub text: &'a str,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// jieba's part-of-speech tag (`v` verb, `p` preposition, `x` unknown or punctuation, …).
    pub tag: &'a str,
}

/// jieba with the government-writing lexicon added.
pub struct Segmenter {
    jieba: Jieba,
}

impl Segmenter {
    /// Loads jieba's dictionary and adds every lexicon word.
    ///
    /// Start-up is most of the cost of extracting one short file, so jieba's part-of-speech
    /// model (a process-wide table decompressed on first use) is made ready on a second
    /// thread while this one builds the dictionary.
    pub fn new(lexicon: &Lexicon) -> Self {
        let mut jieba = std::thread::scope(|scope| {
            scope.spawn(|| Jieba::empty().tag("政府", true).len());
            Jieba::new()
        });
        for w in lexicon.segmentation_words() {
            jieba.add_word(w, None, None);
        }
        Self { jieba }
    }

    /// Whether jieba's dictionary knows the word: a known word is a common word, which tells
    /// a place's short form (东方, 合作) or a generic name part from a specific one.
    pub fn is_known(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// Cuts a string into tagged words (HMM on, for unknown names).
    pub fn cut<'a>(&'a self, text: &'a str) -> Vec<Word<'a>> {
        self.jieba
            .tag(text, true)
            .into_iter()
            .map(|t| Word {
                text: t.word,
                start: t.start,
                end: t.end,
                tag: t.tag,
            })
            .collect()
    }
}
