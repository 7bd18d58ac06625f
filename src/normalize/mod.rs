//! Stage 2: raw text → [`NormalizedText`], a clean copy for extraction with an offset map back to
//! the raw text.

use crate::model::CharSpan;

/// Whether a line of the normalised text is a heading or running text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A title or section heading.
    Heading,
    /// A paragraph of running text (lines broken by OCR rejoined).
    Body,
}

/// One line (heading or paragraph) of the normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Character offsets into [`NormalizedText::text`], without the line's `\n`.
    pub start: usize,
    /// One past the line's last character.
    pub end: usize,
    /// Heading or body.
    pub kind: LineKind,
}

/// The normalised text: one paragraph or heading per line, joined by `\n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizedText {
    /// The text.
    pub text: String,
    /// Its lines, in order.
    pub lines: Vec<Line>,
    /// For each character of `text`, plus one past the end, the raw character offset it came from.
    offsets: Vec<usize>,
}

impl NormalizedText {
    /// Maps a range of normalised character offsets to the raw text.
    pub fn raw_span(&self, start: usize, end: usize) -> CharSpan {
        let at = |i: usize| self.offsets.get(i).copied().unwrap_or(0);
        CharSpan::new(
            at(start),
            at(end.saturating_sub(1)) + usize::from(end > start),
        )
    }
}

/// Normalises raw decoded text. Never fails: broken input gives a worse text, not an error.
pub fn normalize(raw: &str) -> NormalizedText {
    // Placeholder until the real normaliser lands: identity, one body line.
    let n = raw.chars().count();
    NormalizedText {
        text: raw.to_owned(),
        lines: vec![Line {
            start: 0,
            end: n,
            kind: LineKind::Body,
        }],
        offsets: (0..=n).collect(),
    }
}
