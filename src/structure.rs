//! Stage 3: [`NormalizedText`] → [`Structure`]: title, sections and sentences.
//!
//! Sentences are the unit extraction works on, so they must not run across headings or
//! paragraphs: each heading line is one sentence, body lines are split after 。！？ (with any
//! closing quote or bracket), and a "sentence" still longer than [`MAX_SENTENCE`] characters,
//! as in reports that list clauses without a full stop, is split after ；.
//!
//! Who speaks in a section and which year it talks about is decided later, in
//! [`crate::extract`], because it needs the entities.

use crate::normalize::{LineKind, NormalizedText};

/// Longest sentence, in characters, before it is split at semicolons.
pub const MAX_SENTENCE: usize = 300;

/// Words that make a heading the document's title.
const TITLE_WORDS: &[&str] = &[
    "工作报告",
    "报告",
    "规划",
    "纲要",
    "总结",
    "特别报道",
    "公报",
];

/// A sentence or heading, in normalised character offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    /// First character in [`NormalizedText::text`].
    pub start: usize,
    /// One past the last character (terminal punctuation included).
    pub end: usize,
    /// Whether this is a heading line.
    pub heading: bool,
    /// Index of the section it belongs to in [`Structure::sections`].
    pub section: usize,
}

/// A run of sentences under one heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionSpan {
    /// Index in [`Structure::sentences`] of the heading that opens it, if any.
    pub heading: Option<usize>,
    /// Index of its first sentence.
    pub first: usize,
    /// One past its last sentence.
    pub end: usize,
}

/// The document's structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Structure {
    /// The title, if one was found.
    pub title: Option<String>,
    /// Sections in order; together they cover every sentence.
    pub sections: Vec<SectionSpan>,
    /// Sentences in order.
    pub sentences: Vec<SentenceSpan>,
}

/// Finds title, sections and sentences. Never fails.
pub fn structure(text: &NormalizedText) -> Structure {
    let chars: Vec<char> = text.text.chars().collect();
    let mut sentences: Vec<SentenceSpan> = Vec::new();
    let mut sections: Vec<SectionSpan> = Vec::new();
    let mut title: Option<String> = None;
    let mut first_heading: Option<String> = None;

    for line in &text.lines {
        let end = line.end.min(chars.len());
        let start = line.start.min(end);
        match line.kind {
            LineKind::Heading => {
                let heading_text: String = chars[start..end].iter().collect();
                if title.is_none() && TITLE_WORDS.iter().any(|w| heading_text.contains(w)) {
                    title = Some(title_of(&heading_text));
                }
                if first_heading.is_none() {
                    first_heading = Some(heading_text);
                }
                if let Some(open) = sections.last_mut() {
                    open.end = sentences.len();
                }
                sections.push(SectionSpan {
                    heading: Some(sentences.len()),
                    first: sentences.len(),
                    end: sentences.len() + 1,
                });
                sentences.push(SentenceSpan {
                    start,
                    end,
                    heading: true,
                    section: sections.len() - 1,
                });
            }
            LineKind::Body => {
                if sections.is_empty() {
                    sections.push(SectionSpan {
                        heading: None,
                        first: 0,
                        end: 0,
                    });
                }
                let section = sections.len() - 1;
                for (s, e) in split_sentences(&chars, start, end) {
                    sentences.push(SentenceSpan {
                        start: s,
                        end: e,
                        heading: false,
                        section,
                    });
                }
            }
        }
    }
    if let Some(open) = sections.last_mut() {
        open.end = sentences.len();
    }
    Structure {
        title: title.or(first_heading),
        sections,
        sentences,
    }
}

/// `政府工作报告——2018年3月5日在…会议上`: the title is the part before the dateline.
fn title_of(heading: &str) -> String {
    match heading.split_once("——") {
        Some((before, _)) if TITLE_WORDS.iter().any(|w| before.contains(w)) => {
            before.trim().to_owned()
        }
        _ => heading.trim().to_owned(),
    }
}

/// Sentence ranges of one body line, whitespace-only pieces left out.
fn split_sentences(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in split_after(chars, start, end, |c| {
        matches!(c, '。' | '！' | '？' | '!' | '?')
    }) {
        if e - s > MAX_SENTENCE {
            out.extend(split_after(chars, s, e, |c| matches!(c, '；' | ';')));
        } else {
            out.push((s, e));
        }
    }
    out.retain(|&(s, e)| chars[s..e].iter().any(|c| !c.is_whitespace()));
    out
}

/// Splits `start..end` after each terminator (and the closers that follow it).
fn split_after(
    chars: &[char],
    start: usize,
    end: usize,
    is_terminator: impl Fn(char) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    let mut i = start;
    while i < end {
        if is_terminator(chars[i]) {
            let mut e = i + 1;
            while e < end && (is_terminator(chars[e]) || is_closer(chars[e])) {
                e += 1;
            }
            out.push((s, e));
            s = e;
            i = e;
        } else {
            i += 1;
        }
    }
    if s < end {
        out.push((s, end));
    }
    out
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | ')' | '】' | '》' | '…')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn texts(raw: &str) -> (Structure, Vec<String>) {
        let n = normalize(raw);
        let s = structure(&n);
        let chars: Vec<char> = n.text.chars().collect();
        let t = s
            .sentences
            .iter()
            .map(|x| chars[x.start..x.end].iter().collect())
            .collect();
        (s, t)
    }

    #[test]
    fn splits_on_full_stops_keeping_closers() {
        let (s, t) = texts("他说：“好。”我们走吧！真的吗？还有一句");
        assert_eq!(
            t,
            vec!["他说：“好。”", "我们走吧！", "真的吗？", "还有一句"]
        );
        assert!(s.sentences.iter().all(|x| !x.heading && x.section == 0));
        assert_eq!(
            s.sections,
            vec![SectionSpan {
                heading: None,
                first: 0,
                end: 4
            }]
        );
    }

    #[test]
    fn headings_open_sections_and_give_the_title() {
        let raw = "新华社北京3月22日电\n政府工作报告——2018年3月5日在第十三届全国人民代表大会第一次会议上\n\
                   各位代表：\n一、过去五年工作回顾\n五年来成就巨大。经济稳定。\n二、今年工作\n要做好。";
        let (s, t) = texts(raw);
        assert_eq!(s.title.as_deref(), Some("政府工作报告"));
        assert_eq!(
            t,
            vec![
                "新华社北京3月22日电",
                "政府工作报告——2018年3月5日在第十三届全国人民代表大会第一次会议上",
                "各位代表：",
                "一、过去五年工作回顾",
                "五年来成就巨大。",
                "经济稳定。",
                "二、今年工作",
                "要做好。"
            ]
        );
        assert_eq!(
            s.sections,
            vec![
                SectionSpan {
                    heading: Some(0),
                    first: 0,
                    end: 1
                },
                SectionSpan {
                    heading: Some(1),
                    first: 1,
                    end: 3
                },
                SectionSpan {
                    heading: Some(3),
                    first: 3,
                    end: 6
                },
                SectionSpan {
                    heading: Some(6),
                    first: 6,
                    end: 8
                },
            ]
        );
        let sections: Vec<usize> = s.sentences.iter().map(|x| x.section).collect();
        assert_eq!(sections, vec![0, 1, 1, 2, 2, 2, 3, 3]);
    }

    #[test]
    fn title_falls_back_to_first_heading() {
        let (s, _) = texts("2023年展望\n科技赋能发展。");
        assert_eq!(s.title.as_deref(), Some("2023年展望"));
        let (s, _) = texts("没有标题的一句话。");
        assert_eq!(s.title, None);
    }

    #[test]
    fn very_long_sentences_split_on_semicolons() {
        let clause = "加快建设现代化产业体系推动高质量发展".repeat(5);
        let raw = format!("{clause}；{clause}；{clause}；{clause}。");
        let (_, t) = texts(&raw);
        assert_eq!(t.len(), 4);
        assert!(t[0].ends_with('；') && t[3].ends_with('。'));
        let short = "甲；乙。";
        assert_eq!(texts(short).1, vec!["甲；乙。"]);
    }

    #[test]
    fn empty_text_has_no_sentences() {
        let s = structure(&normalize(""));
        assert!(s.sentences.is_empty() && s.sections.is_empty() && s.title.is_none());
    }
}
