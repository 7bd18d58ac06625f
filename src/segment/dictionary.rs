//! jieba's dictionary, embedded once (`data/dict.txt`), loaded whole or restricted to the
//! characters of the texts to be segmented; and the committed frequencies of the lexicon's
//! words (`data/lexicon_freqs.tsv`), so adding them does not depend on what was loaded before.
//!
//! Why a restricted dictionary is exact: a word can only match where all its characters occur,
//! so the words left out never take part in a cut of those texts; jieba scores a route with
//! `ln(freq) - ln(total)`, so the total is kept equal to the full dictionary's by one padding
//! entry made of a character the texts do not hold.

use jieba_rs::Jieba;
use std::collections::{HashMap, HashSet};

// jieba-rs keeps its own copy private, so the binary holds this one instead: the crate's
// `Jieba::new` is never called outside tests, and its copy is left out by the linker. Kept
// uncompressed: 3 MB more binary than a zstd copy, and 10% less start-up (no 5 MB
// decompression, allocation and UTF-8 check).
static DICT: &str = include_str!("data/dict.txt");

/// Generated: see `data/README.md`.
const LEXICON_FREQS: &str = include_str!("data/lexicon_freqs.tsv");

/// The characters some texts are made of.
pub(super) struct CharSet {
    /// One bit per character of the Basic Multilingual Plane, where nearly all text lies.
    bmp: Box<[u64]>,
    /// The rest, sorted.
    other: Vec<char>,
}

impl CharSet {
    pub(super) fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bmp = vec![0u64; 0x10000 / 64].into_boxed_slice();
        let mut other = Vec::new();
        for text in texts {
            for c in text.chars() {
                let i = c as usize;
                match bmp.get_mut(i / 64) {
                    Some(bits) => *bits |= 1 << (i % 64),
                    None => other.push(c),
                }
            }
        }
        other.sort_unstable();
        other.dedup();
        Self { bmp, other }
    }

    fn contains(&self, c: char) -> bool {
        let i = c as usize;
        match self.bmp.get(i / 64) {
            Some(bits) => bits & (1 << (i % 64)) != 0,
            None => self.other.binary_search(&c).is_ok(),
        }
    }

    /// Whether every character of `s` is in the set.
    pub(super) fn covers(&self, s: &str) -> bool {
        s.chars().all(|c| self.contains(c))
    }

    /// A character outside the set, for the padding entry: the first free one of the
    /// Private Use Area (a set cannot hold all 6,400 of them and every other character).
    fn outside(&self) -> Option<char> {
        ('\u{E000}'..='\u{F8FF}').find(|&c| !self.contains(c))
    }
}

/// The lexicon's segmentation words with the frequencies jieba gives them when they are added
/// in order to the full dictionary, and the dictionary's total after that.
pub(super) struct LexiconFreqs<'a> {
    words: Vec<(&'a str, usize)>,
    total: usize,
}

impl LexiconFreqs<'static> {
    /// The committed table, if it was generated for exactly these words (in this order);
    /// `None` when the lexicon changed since (the table test says how to regenerate it).
    pub(super) fn committed<'w>(words: impl Iterator<Item = &'w str>) -> Option<Self> {
        let table = Self::parse(LEXICON_FREQS)?;
        let mut words = words;
        for &(w, _) in &table.words {
            if words.next() != Some(w) {
                return None;
            }
        }
        words.next().is_none().then_some(table)
    }
}

impl<'a> LexiconFreqs<'a> {
    /// Reads `total\tN` and then `word\tfrequency` lines; `#` lines are comments.
    fn parse(text: &'a str) -> Option<Self> {
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let total = lines.next()?.strip_prefix("total\t")?.parse().ok()?;
        let words = lines
            .map(|l| {
                let (w, f) = l.split_once('\t')?;
                Some((w, f.parse().ok()?))
            })
            .collect::<Option<_>>()?;
        Some(Self { words, total })
    }

    /// The table as committed: `# comment`, `total`, then one word a line.
    #[cfg(test)]
    pub(super) fn render(&self) -> String {
        let mut out = String::from(
            "# Generated: the frequency jieba's suggest_freq gives each lexicon segmentation word,\n\
             # added in order to the full dictionary, and the total after them. Do not edit;\n\
             # regenerate with: cargo test --release --lib -- --ignored regenerate_lexicon_frequencies\n",
        );
        out.push_str(&format!("total\t{}\n", self.total));
        for (w, f) in &self.words {
            out.push_str(&format!("{w}\t{f}\n"));
        }
        out
    }
}

/// The entries of the embedded dictionary (word, frequency, tag) whose words `keep` covers,
/// all of them with `None`. One pass over the bytes: most lines fail on their first
/// character and are skipped to their end without being split.
fn entries(keep: Option<&CharSet>) -> impl Iterator<Item = (&'static str, usize, &'static str)> {
    let dict: &'static str = DICT;
    let bytes = dict.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            let kept = keep.is_none_or(|k| {
                dict.get(start..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(|&c| c != ' ')
                    .all(|c| k.contains(c))
            });
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| start + i);
            at = end + 1;
            if kept && let Some(entry) = dict.get(start..end).and_then(parse) {
                return Some(entry);
            }
        }
        None
    })
}

/// `word frequency tag`; jieba reads a missing frequency as 0 (the embedded file has none:
/// tested).
fn parse(line: &str) -> Option<(&str, usize, &str)> {
    let mut parts = line.split_ascii_whitespace();
    let word = parts.next()?;
    let freq = parts.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    Some((word, freq, parts.next().unwrap_or("")))
}

/// jieba with the whole dictionary and the lexicon's words added by `suggest_freq`, one after
/// the other: what the committed table records, and what is built when it is stale.
pub(super) fn sequential(words: impl Iterator<Item = impl AsRef<str>>) -> (Jieba, Vec<usize>) {
    let mut jieba = Jieba::empty();
    for (word, freq, tag) in entries(None) {
        jieba.add_word(word, Some(freq), Some(tag));
    }
    let freqs = words
        .map(|w| jieba.add_word(w.as_ref(), None, None))
        .collect();
    (jieba, freqs)
}

/// jieba with the dictionary entries (all of them, or those `keep` covers) and the lexicon's
/// words at their committed frequencies. `None` only if the table contradicts the
/// dictionary (it would need a negative padding), which the table test rules out.
pub(super) fn build(freqs: &LexiconFreqs<'_>, keep: Option<&CharSet>) -> Option<Jieba> {
    let covered = |w: &str| keep.is_none_or(|k| k.covers(w));
    let mut jieba = Jieba::empty();
    let Some(keep) = keep else {
        for (word, freq, tag) in entries(None) {
            jieba.add_word(word, Some(freq), Some(tag));
        }
        for &(w, f) in &freqs.words {
            jieba.add_word(w, Some(f), None);
        }
        return Some(jieba);
    };
    // jieba's total is the sum of every word's last frequency; the restricted one is summed
    // the same way over the words kept, and the padding makes up the rest
    let last: HashMap<&str, usize> = freqs.words.iter().copied().collect();
    let mut total: usize = 0;
    for (word, freq, tag) in entries(Some(keep)) {
        jieba.add_word(word, Some(freq), Some(tag));
        total += last.get(word).copied().unwrap_or(freq);
    }
    let mut seen = HashSet::new();
    for &(w, f) in &freqs.words {
        if covered(w) {
            if seen.insert(w) && !jieba.has_word(w) {
                total += last.get(w).copied().unwrap_or(f);
            }
            jieba.add_word(w, Some(f), None);
        }
    }
    let padding = freqs.total.checked_sub(total)?;
    if padding > 0 {
        let pad = keep.outside()?;
        jieba.add_word(pad.encode_utf8(&mut [0; 4]), Some(padding), Some("x"));
    }
    Some(jieba)
}

/// The table for `words`, generated the way `sequential` adds them.
#[cfg(test)]
pub(super) fn generate<'w>(words: &[&'w str]) -> LexiconFreqs<'w> {
    let (_, freqs) = sequential(words.iter());
    let words: Vec<(&str, usize)> = words.iter().copied().zip(freqs).collect();
    let last: HashMap<&str, usize> = words.iter().copied().collect();
    let mut total: usize = 0;
    let mut in_dict = HashSet::new();
    for (word, freq, _) in entries(None) {
        in_dict.insert(word);
        total += last.get(word).copied().unwrap_or(freq);
    }
    for (w, f) in last {
        if !in_dict.contains(w) {
            total += f;
        }
    }
    LexiconFreqs { words, total }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dictionary_line_is_word_frequency_tag() {
        let dict: &str = DICT;
        for (i, line) in dict.lines().enumerate() {
            let parts: Vec<&str> = line.split_ascii_whitespace().collect();
            assert_eq!(parts.len(), 3, "dict.txt line {}: {line:?}", i + 1);
            assert!(parts[1].parse::<usize>().is_ok(), "line {}: {line}", i + 1);
        }
    }

    #[test]
    fn the_embedded_copy_is_the_dictionary_jieba_rs_embeds() {
        // jieba-rs's `Jieba::new` reads its own copy; both must give the same dictionary
        let mut ours = Jieba::empty();
        for (word, freq, tag) in entries(None) {
            ours.add_word(word, Some(freq), Some(tag));
        }
        let theirs = Jieba::new();
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        for text in [
            "我们中出了一个叛徒",
            "杭州市拱墅区人民政府工作报告",
            "南京市长江大桥",
        ] {
            assert_eq!(ours.tag(text, true), theirs.tag(text, true), "{text}");
        }
    }

    #[test]
    fn a_char_set_holds_exactly_its_texts_characters() {
        let set = CharSet::of(["拱墅区a", "𠀀"]);
        for c in ['拱', '墅', '区', 'a', '𠀀'] {
            assert!(set.contains(c), "{c}");
        }
        for c in ['b', '市', '𠀁', '\u{E000}'] {
            assert!(!set.contains(c), "{c}");
        }
        assert!(set.covers("拱墅") && !set.covers("拱墅市"));
        assert_eq!(set.outside(), Some('\u{E000}'));
        let full = CharSet::of(["\u{E000}\u{E001}"]);
        assert_eq!(full.outside(), Some('\u{E002}'));
    }

    #[test]
    fn the_table_reads_back_what_it_renders() {
        let table = LexiconFreqs {
            words: vec![("拱墅区", 12), ("湖长制", 3)],
            total: 60_000_000,
        };
        let text = table.render();
        let back = LexiconFreqs::parse(&text);
        assert_eq!(back.as_ref().map(|t| t.words.clone()), Some(table.words));
        assert_eq!(back.map(|t| t.total), Some(60_000_000));
        assert!(LexiconFreqs::parse("total\tx\n").is_none());
        assert!(LexiconFreqs::parse("total\t1\n拱墅区 12\n").is_none());
    }
}
