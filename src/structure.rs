//! Stage 3: [`NormalizedText`] → [`Structure`]: title, sections and sentences.
//!
//! Who speaks in a section and which year it talks about is decided later, in
//! [`crate::extract`], because it needs the entities.

use crate::normalize::NormalizedText;

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
    // Placeholder until the real splitter lands: split on 。 only.
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, c) in text.text.chars().enumerate() {
        if c == '。' || c == '\n' {
            if i + 1 > start + 1 {
                sentences.push(SentenceSpan {
                    start,
                    end: i + 1,
                    heading: false,
                    section: 0,
                });
            }
            start = i + 1;
        }
    }
    let end = sentences.len();
    Structure {
        title: None,
        sections: vec![SectionSpan {
            heading: None,
            first: 0,
            end,
        }],
        sentences,
    }
}
