//! Stage 4: sentences → words. [`Segmenter`] wraps a `jieba_rs::Jieba` loaded once with the
//! domain lexicon, because building the dictionary is the costly part.

mod dictionary;

use crate::lexicon::Lexicon;
use dictionary::{CharSet, LexiconFreqs};
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
    /// For a dictionary restricted to some texts, their characters: only their substrings
    /// may be cut or looked up (see [`Segmenter::covers`]).
    chars: Option<CharSet>,
}

impl Segmenter {
    /// Loads jieba's whole dictionary and adds every lexicon word.
    pub fn new(lexicon: &Lexicon) -> Self {
        Self::build(lexicon, None)
    }

    /// A segmenter for these texts only, built much faster for a small input: its dictionary
    /// holds just the words whose characters all occur in them (a one-page report needs a
    /// seventh of jieba's 349,045 words), and it cuts and looks up any substring of them
    /// exactly as [`Segmenter::new`]'s would. Check other text with [`Segmenter::covers`].
    pub fn for_texts<'a>(lexicon: &Lexicon, texts: impl IntoIterator<Item = &'a str>) -> Self {
        Self::build(lexicon, Some(CharSet::of(texts)))
    }

    /// Whether this segmenter gives the full dictionary's answers on `text` and its
    /// substrings: always for [`Segmenter::new`]'s, for [`Segmenter::for_texts`]'s when every
    /// character of `text` occurs in the texts it was built for.
    pub fn covers(&self, text: &str) -> bool {
        self.chars.as_ref().is_none_or(|c| c.covers(text))
    }

    /// Start-up is most of the cost of extracting one short file, so jieba's part-of-speech
    /// model (a process-wide table decompressed on first use) is made ready on a second
    /// thread while this one builds the dictionary. The lexicon's words get their committed
    /// frequencies (equal to adding them one by one, and faster); should the table be stale,
    /// they are added one by one to the whole dictionary, which is always exact.
    fn build(lexicon: &Lexicon, chars: Option<CharSet>) -> Self {
        std::thread::scope(|scope| {
            scope.spawn(|| Jieba::empty().tag("政府", true).len());
            let table = LexiconFreqs::committed(lexicon.segmentation_words());
            if let Some(jieba) = table
                .as_ref()
                .and_then(|t| dictionary::build(t, chars.as_ref()))
            {
                return Self { jieba, chars };
            }
            let (jieba, _) = dictionary::sequential(lexicon.segmentation_words());
            Self { jieba, chars: None }
        })
    }

    /// Whether jieba's dictionary knows the word: a known word is a common word, which tells
    /// a place's short form (东方, 合作) or a generic name part from a specific one.
    ///
    /// **Invariant:** `word` is a substring of a text this segmenter [covers](Self::covers)
    /// (every caller passes a word of a cut, or characters of the sentence cut), so a
    /// restricted dictionary answers as the full one would.
    pub fn is_known(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// Cuts a string into tagged words (HMM on, for unknown names). `text` must be
    /// [covered](Self::covers).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{RawDocument, decode};
    use crate::normalize::normalize;
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};
    use std::sync::LazyLock;

    static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);
    static FULL: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::new(&LEX));

    const TABLE: &str = "src/segment/data/lexicon_freqs.tsv";

    fn table_for_the_lexicon() -> String {
        let words: Vec<&str> = LEX.segmentation_words().collect();
        dictionary::generate(&words).render()
    }

    #[test]
    fn the_committed_lexicon_frequencies_are_current() {
        let committed = include_str!("segment/data/lexicon_freqs.tsv");
        assert!(
            committed == table_for_the_lexicon(),
            "{TABLE} is stale (the lexicon changed): regenerate it with \
             `cargo test --release --lib -- --ignored regenerate_lexicon_frequencies` and commit it"
        );
        assert!(LexiconFreqs::committed(LEX.segmentation_words()).is_some());
    }

    /// Writes the table `the_committed_lexicon_frequencies_are_current` expects.
    #[test]
    #[ignore = "writes src/segment/data/lexicon_freqs.tsv; run after changing the lexicon"]
    fn regenerate_lexicon_frequencies() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
        std::fs::write(&path, table_for_the_lexicon())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// jieba's `Debug` shows the dictionary's size and total frequency.
    fn total(s: &Segmenter) -> String {
        let debug = format!("{:?}", s.jieba);
        debug
            .split("total_freq: ")
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn the_table_gives_what_adding_the_words_one_by_one_gives() {
        // today's way (jieba-rs's own dictionary, suggest_freq word by word) against the table
        let mut jieba = Jieba::new();
        for w in LEX.segmentation_words() {
            jieba.add_word(w, None, None);
        }
        assert_eq!(format!("{jieba:?}"), format!("{:?}", FULL.jieba));
        assert!(FULL.chars.is_none());
        let text = "杭州市拱墅区人民政府推进营改增，落实河长制，大通、湟中、民和携手";
        assert_eq!(jieba.tag(text, true), FULL.jieba.tag(text, true));
    }

    /// The restricted segmenter cuts every line (and the whole) of `text` as the full one
    /// does, and knows exactly the same substrings of up to six characters.
    fn same_answers(text: &str) -> Result<(), TestCaseError> {
        let restricted = Segmenter::for_texts(&LEX, [text]);
        prop_assert!(restricted.chars.is_some(), "not restricted");
        prop_assert!(restricted.covers(text));
        prop_assert_eq!(total(&restricted), total(&FULL));
        for piece in text.lines().chain([text]) {
            prop_assert_eq!(restricted.cut(piece), FULL.cut(piece), "{}", piece);
        }
        let chars: Vec<char> = text.chars().collect();
        for len in 1..=6 {
            for w in chars.windows(len) {
                let w: String = w.iter().collect();
                prop_assert_eq!(restricted.is_known(&w), FULL.is_known(&w), "{}", w);
            }
        }
        Ok(())
    }

    fn normalized(path: &Path) -> String {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw = RawDocument {
            source: path.display().to_string(),
            bytes,
        };
        let decoded = decode(&raw).unwrap_or_else(|e| panic!("{e}"));
        normalize(&decoded.text).text
    }

    #[test]
    fn a_restricted_dictionary_answers_as_the_full_one_on_the_seed_and_dev_texts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("examples/gongshu-2023-lianghui.txt")];
        let dev = root.join("../shared/corpus/dev");
        match std::fs::read_dir(&dev) {
            Ok(entries) => {
                let mut more: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
                more.sort();
                files.extend(more);
            }
            Err(e) => {
                assert!(std::env::var_os("CI").is_none(), "{}: {e}", dev.display());
                eprintln!("note: {}: {e}; checking the seed only", dev.display());
            }
        }
        for file in &files {
            let text = normalized(file);
            if let Err(e) = same_answers(&text) {
                panic!("{}: {e}", file.display());
            }
        }
        // all of them at once, as `govkg extract` of several small files builds it
        let texts: Vec<String> = files.iter().map(|f| normalized(f)).collect();
        let restricted = Segmenter::for_texts(&LEX, texts.iter().map(String::as_str));
        for text in &texts {
            assert!(restricted.covers(text));
            assert_eq!(restricted.cut(text), FULL.cut(text));
        }
        assert!(!restricted.covers("\u{E000}"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Random strings over characters of government writing, letters, digits and marks.
        #[test]
        fn a_restricted_dictionary_answers_as_the_full_one_on_any_text(
            text in "[政府工作报告区市县省人民代表大会发展改革委员营改增河长制一二三四五六七八九十年月日亿元万吨同比增长提高推进建设项目科技创新中心平台产业集团有限公司杭州拱墅大通湟中民和东方合作浙江ABCabc0-9.%、，。“”（）\n ]{0,80}"
        ) {
            same_answers(&text)?;
        }
    }
}
