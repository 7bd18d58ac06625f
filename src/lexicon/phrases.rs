//! [`Phrases`]: a word list looked up in a sentence by first character.
//!
//! Extraction asks, at every character of every sentence, which bodies, regions or organ
//! suffixes start there. Searching the sentence once per listed word made that a tenth of
//! extraction; one hash probe per character finds the few words that can start there.

use rustc_hash::FxHashMap;

/// A list of phrases, each found where its characters occur in a sentence or at the end of a
/// name.
#[derive(Clone, Debug, Default)]
pub struct Phrases {
    phrases: Vec<Vec<char>>,
    strings: Vec<String>,
    by_first: FxHashMap<char, Vec<usize>>,
    by_last: FxHashMap<char, Vec<usize>>,
}

impl Phrases {
    /// Indexes `list`; a phrase's index is its position in `list`. Empty phrases never match.
    pub fn new<S: AsRef<str>>(list: &[S]) -> Self {
        let strings: Vec<String> = list.iter().map(|p| p.as_ref().to_owned()).collect();
        let phrases: Vec<Vec<char>> = strings.iter().map(|p| p.chars().collect()).collect();
        let mut by_first: FxHashMap<char, Vec<usize>> = FxHashMap::default();
        let mut by_last: FxHashMap<char, Vec<usize>> = FxHashMap::default();
        for (i, p) in phrases.iter().enumerate() {
            if let (Some(&first), Some(&last)) = (p.first(), p.last()) {
                by_first.entry(first).or_default().push(i);
                by_last.entry(last).or_default().push(i);
            }
        }
        Self {
            phrases,
            strings,
            by_first,
            by_last,
        }
    }

    /// The phrases `name` ends with, in list order.
    pub fn ending<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        name.chars()
            .next_back()
            .and_then(|c| self.by_last.get(&c))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&i| name.ends_with(self.strings[i].as_str()))
    }

    /// The phrases `chars` ends with, in list order.
    pub fn ending_chars<'a>(&'a self, chars: &'a [char]) -> impl Iterator<Item = usize> + 'a {
        chars
            .last()
            .and_then(|c| self.by_last.get(c))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&i| chars.ends_with(&self.phrases[i]))
    }

    /// Length in characters of phrase `i`.
    pub fn len_of(&self, i: usize) -> usize {
        self.phrases[i].len()
    }

    /// The phrases that occur at `at`, in list order (longest first for a longest-first list).
    pub fn starting_at<'a>(
        &'a self,
        chars: &'a [char],
        at: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        chars
            .get(at)
            .and_then(|c| self.by_first.get(c))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&i| chars[at..].starts_with(&self.phrases[i]))
    }

    /// Every occurrence as `(phrase, start)`, ordered by phrase and then by start, as searching
    /// the sentence for each phrase in turn would find them. With `overlapping` false, the
    /// occurrences of one phrase do not overlap (`str::match_indices`); with it true every
    /// start is reported (`slice::windows`).
    pub fn find_all(&self, chars: &[char], overlapping: bool) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = (0..chars.len())
            .flat_map(|at| self.starting_at(chars, at).map(move |i| (i, at)))
            .collect();
        found.sort_unstable();
        if !overlapping {
            let mut last: Option<(usize, usize)> = None; // (phrase, end of its last occurrence)
            found.retain(|&(i, at)| {
                let keep = !matches!(last, Some((p, end)) if p == i && at < end);
                if keep {
                    last = Some((i, at + self.phrases[i].len()));
                }
                keep
            });
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The index finds exactly what searching for each phrase finds.
        #[test]
        fn finds_what_a_search_per_phrase_finds(
            list in prop::collection::vec("[甲乙丙]{1,3}", 0..6),
            text in "[甲乙丙丁]{0,24}",
        ) {
            let chars: Vec<char> = text.chars().collect();
            let index = Phrases::new(&list);
            let mut by_search = Vec::new();
            let mut by_window = Vec::new();
            for (i, p) in list.iter().enumerate() {
                for (byte, _) in text.match_indices(p.as_str()) {
                    by_search.push((i, text[..byte].chars().count()));
                }
                let p: Vec<char> = p.chars().collect();
                for (at, _) in chars.windows(p.len()).enumerate().filter(|(_, w)| *w == &p[..]) {
                    by_window.push((i, at));
                }
            }
            prop_assert_eq!(index.find_all(&chars, false), by_search);
            prop_assert_eq!(index.find_all(&chars, true), by_window);
            let ends: Vec<usize> = (0..list.len()).filter(|&i| text.ends_with(list[i].as_str())).collect();
            prop_assert_eq!(index.ending(&text).collect::<Vec<_>>(), ends.clone());
            prop_assert_eq!(index.ending_chars(&chars).collect::<Vec<_>>(), ends);
        }
    }

    #[test]
    fn starting_at_keeps_list_order() {
        let index = Phrases::new(&["人大常委会", "人大", "常委会"]);
        let chars: Vec<char> = "区人大常委会".chars().collect();
        assert_eq!(index.starting_at(&chars, 1).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(index.starting_at(&chars, 3).collect::<Vec<_>>(), [2]);
        assert_eq!(index.starting_at(&chars, 9).count(), 0);
    }
}
