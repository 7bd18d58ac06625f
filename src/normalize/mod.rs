//! Stage 2: raw text → [`NormalizedText`], a clean copy for extraction with an offset map back to
//! the raw text.
//!
//! Extraction wants one paragraph or heading per line, with OCR line breaks rejoined, page
//! residue gone and character variants folded; provenance wants raw offsets. So every kept
//! character carries the raw offset it came from, and rewriting never reorders characters.
//!
//! Rules, in order: raw lines are split on `\r\n`, `\r` and `\n`; characters are folded
//! ([`chars::map_char`]: full-width ASCII, compatibility ideographs, odd spaces); residue lines
//! are dropped ([`lines::is_residue`]); lines are classified ([`lines::classify`]); a body line
//! continues the previous paragraph unless that one finished its sentence, blank lines
//! notwithstanding (OCR leaves them inside sentences); each paragraph then gets its quotes,
//! punctuation and spaces settled ([`chars::finish_paragraph`]).

mod chars;
mod cjk_compat;
mod lines;

use crate::model::CharSpan;
use chars::{Mapped, Pc, finish_paragraph, is_line_break, map_char};
use lines::{Class, classify, ends_finished, is_residue};

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
    /// Maps a range of normalised character offsets to the raw text: from the raw position of
    /// the first character to just past the raw position of the last one, so a span over a
    /// rejoined OCR break covers the break.
    pub fn raw_span(&self, start: usize, end: usize) -> CharSpan {
        let last = self.offsets.len().saturating_sub(1);
        let at = |i: usize| self.offsets.get(i.min(last)).copied().unwrap_or(0);
        if end > start {
            CharSpan::new(at(start), at(end - 1) + 1)
        } else {
            CharSpan::new(at(start), at(start))
        }
    }

    /// The raw character offset of each normalised character, plus a final sentinel (the raw
    /// text's length in characters). Non-decreasing.
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The normalised text of a line.
    pub fn line_text(&self, line: &Line) -> String {
        self.text
            .chars()
            .skip(line.start)
            .take(line.end.saturating_sub(line.start))
            .collect()
    }
}

/// Accumulates output lines with their offsets.
struct Builder {
    text: String,
    offsets: Vec<usize>,
    lines: Vec<Line>,
}

impl Builder {
    fn push_line(&mut self, mut chars: Vec<Pc>, kind: LineKind) {
        finish_paragraph(&mut chars, kind == LineKind::Heading);
        let Some(&(_, first_raw)) = chars.first() else {
            return;
        };
        if let Some(&prev_raw) = self.offsets.last() {
            // The separating `\n` stands for the raw character after the previous line: never
            // past this line's first character, so offsets stay non-decreasing.
            self.text.push('\n');
            self.offsets.push((prev_raw + 1).min(first_raw));
        }
        let start = self.offsets.len();
        for (c, raw) in chars {
            self.text.push(c);
            self.offsets.push(raw);
        }
        let end = self.offsets.len();
        self.lines.push(Line { start, end, kind });
    }
}

/// Normalises raw decoded text. Never fails: broken input gives a worse text, not an error.
pub fn normalize(raw: &str) -> NormalizedText {
    let raw_chars: Vec<char> = raw.chars().collect();
    let mut out = Builder {
        text: String::new(),
        offsets: Vec::new(),
        lines: Vec::new(),
    };
    let mut paragraph: Vec<Pc> = Vec::new();
    let mut prev_finished = true;

    for (start, end) in raw_lines(&raw_chars) {
        let line = clean_line(&raw_chars, start, end);
        if line.is_empty() {
            continue;
        }
        // Rules look at the line as it will read (quotes, punctuation and spaces settled) so
        // that normalising the output again reads it the same; only the subhead and caption
        // rules need the spaces as the source set them.
        let spaced: String = line.iter().map(|p| p.0).collect();
        let mut settled = line.clone();
        finish_paragraph(&mut settled, false);
        let compact: String = settled.iter().map(|p| p.0).collect();
        if is_residue(&compact, &spaced, prev_finished) {
            continue;
        }
        match classify(&compact, &spaced, prev_finished) {
            Class::Heading => {
                out.push_line(std::mem::take(&mut paragraph), LineKind::Body);
                out.push_line(line, LineKind::Heading);
                prev_finished = true;
            }
            Class::HeadingThenBody(at) => {
                out.push_line(std::mem::take(&mut paragraph), LineKind::Body);
                // `at` counts settled characters; split the line after the same raw character.
                let last_raw = settled.get(at.saturating_sub(1)).map_or(0, |p| p.1);
                let cut = line
                    .iter()
                    .position(|p| p.1 > last_raw)
                    .unwrap_or(line.len());
                let mut heading = line;
                let body = heading.split_off(cut);
                let body = trim_spaces(body);
                out.push_line(heading, LineKind::Heading);
                prev_finished = ends_finished(&body.iter().map(|p| p.0).collect::<Vec<_>>());
                paragraph = body;
            }
            Class::Body => {
                if prev_finished {
                    out.push_line(std::mem::take(&mut paragraph), LineKind::Body);
                } else if let (Some(&(a, a_raw)), Some(&(b, _))) = (paragraph.last(), line.first())
                {
                    // Latin words broken across lines still need their space; Chinese does not.
                    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                        paragraph.push((' ', a_raw + 1));
                    }
                }
                prev_finished = ends_finished(&line.iter().map(|p| p.0).collect::<Vec<_>>());
                paragraph.extend(line);
            }
        }
    }
    out.push_line(paragraph, LineKind::Body);
    out.offsets.push(raw_chars.len());
    NormalizedText {
        text: out.text,
        lines: out.lines,
        offsets: out.offsets,
    }
}

/// Raw lines as `(start, end)` character ranges, line breaks excluded; `\r\n` is one break.
fn raw_lines(chars: &[char]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or('\n');
        if is_line_break(c) {
            lines.push((start, i));
            if c == '\r' && chars.get(i + 1) == Some(&'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < chars.len() {
        lines.push((start, chars.len()));
    }
    lines
}

/// One raw line with characters folded and spaces collapsed to single ASCII spaces, trimmed.
fn clean_line(chars: &[char], start: usize, end: usize) -> Vec<Pc> {
    let mut out: Vec<Pc> = Vec::with_capacity(end.saturating_sub(start));
    let mut raw = start;
    while raw < end {
        let c = chars.get(raw).copied().unwrap_or(' ');
        // Some scraped pages spell odd spaces out as `<U+00A0>`; read them as one space.
        let escaped = escaped_space_len(chars.get(raw..end).unwrap_or_default());
        let mapped = if escaped > 0 {
            Mapped::Space
        } else {
            map_char(c)
        };
        match mapped {
            Mapped::Drop => {}
            Mapped::Space => {
                if out.last().is_some_and(|p| p.0 != ' ') {
                    out.push((' ', raw));
                }
            }
            Mapped::Char(m) => out.push((m, raw)),
        }
        raw += escaped.max(1);
    }
    trim_spaces(out)
}

/// Length of a literal `<U+XXXX>` at the start of `chars` when it names a space or an invisible
/// character, else 0.
fn escaped_space_len(chars: &[char]) -> usize {
    let Some(rest) = chars.strip_prefix(&['<', 'U', '+']) else {
        return 0;
    };
    let hex: String = rest.iter().take_while(|c| c.is_ascii_hexdigit()).collect();
    if !(4..=6).contains(&hex.len()) || rest.get(hex.len()) != Some(&'>') {
        return 0;
    }
    let named = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
    match named.map(map_char) {
        Some(Mapped::Space | Mapped::Drop) => 3 + hex.len() + 1,
        _ => 0,
    }
}

fn trim_spaces(mut line: Vec<Pc>) -> Vec<Pc> {
    while line.last().is_some_and(|p| p.0 == ' ') {
        line.pop();
    }
    let lead = line.iter().take_while(|p| p.0 == ' ').count();
    line.drain(..lead);
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn norm_lines(raw: &str) -> Vec<(String, LineKind)> {
        let n = normalize(raw);
        n.lines.iter().map(|l| (n.line_text(l), l.kind)).collect()
    }

    fn raw_of(n: &NormalizedText, raw: &str, phrase: &str) -> String {
        let byte = n
            .text
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase} missing in {}", n.text));
        let start = n.text[..byte].chars().count();
        let span = n.raw_span(start, start + phrase.chars().count());
        raw.chars().skip(span.start).take(span.len()).collect()
    }

    #[test]
    fn rejoins_ocr_breaks_with_offsets() {
        let raw = "区两会特别报道\n\n2022年, 在区委区政\n\n府的坚强领导下, 区发改经\n\n信局紧紧围绕高水平打造。\n";
        let n = normalize(raw);
        assert_eq!(
            norm_lines(raw),
            vec![
                ("区两会特别报道".to_owned(), LineKind::Heading),
                (
                    "2022年，在区委区政府的坚强领导下，区发改经信局紧紧围绕高水平打造。".to_owned(),
                    LineKind::Body
                ),
            ]
        );
        assert_eq!(raw_of(&n, raw, "区发改经信局"), "区发改经\n\n信局");
        assert_eq!(raw_of(&n, raw, "区委区政府"), "区委区政\n\n府");
        // Every kept character maps to the very same raw character.
        let raw_chars: Vec<char> = raw.chars().collect();
        for (i, c) in n.text.chars().enumerate() {
            let r = raw_chars[n.offsets()[i]];
            assert!(c == r || c == '\n' || c == '，', "{c} ← {r}");
        }
    }

    #[test]
    fn keeps_cr_and_crlf_as_breaks() {
        let raw = "一、工作回顾\r\r第一句。\r\n第二句。\r\n";
        assert_eq!(
            norm_lines(raw),
            vec![
                ("一、工作回顾".to_owned(), LineKind::Heading),
                ("第一句。".to_owned(), LineKind::Body),
                ("第二句。".to_owned(), LineKind::Body),
            ]
        );
    }

    #[test]
    fn folds_full_width_and_variants() {
        let n = normalize("增长５．５％，ＧＤＰ达２０２５亿元（含）。\u{2F08}\u{F900}");
        assert_eq!(n.text, "增长5.5%，GDP达2025亿元（含）。人豈");
    }

    #[test]
    fn spaces_between_cjk_go_latin_stay() {
        let n = normalize("逐步 克服疫情\u{3000}不利影响，发布 Deep Seek 模型。");
        assert_eq!(n.text, "逐步克服疫情不利影响，发布Deep Seek模型。");
        let n = normalize("新认定省科小 460家，同比<U+00A0>增长43.3%。<U+4E00>");
        assert_eq!(n.text, "新认定省科小460家，同比增长43.3%。<U+4E00>");
        let n = normalize("新认定省科小 460家，同比增长43.3%。");
        assert_eq!(n.text, "新认定省科小460家，同比增长43.3%。");
    }

    #[test]
    fn quotes_are_unified() {
        let n =
            normalize("实现\"开门红\"，开展\"三联三领三服务\"\"走街访企\"活动，「数字」『新城』。");
        assert_eq!(
            n.text,
            "实现“开门红”，开展“三联三领三服务”“走街访企”活动，“数字”‘新城’。"
        );
        assert_eq!(normalize("it's 'ok'").text, "it's ‘ok’");
    }

    #[test]
    fn drops_page_residue() {
        let raw = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年北京市政府工作报告\n\
                   来源：北京日报\n时间：2026-02-02\n北京市市长 殷勇\n殷勇同志作政府工作报告。本报记者 戴冰摄\n\
                   各位代表：\n现在，我代表北京市人民政府。\n- 2 -\n";
        assert_eq!(
            norm_lines(raw),
            vec![
                ("2026年北京市政府工作报告".to_owned(), LineKind::Heading),
                ("北京市市长 殷勇".to_owned(), LineKind::Heading),
                ("各位代表：".to_owned(), LineKind::Body),
                ("现在，我代表北京市人民政府。".to_owned(), LineKind::Body),
            ]
        );
    }

    #[test]
    fn headings_from_the_seed() {
        let raw = "案例。\n\n奋楫笃行谱新篇 踔厉奋发向未来\n\n为全区经济社会高质量发展提供发改经信有力支撑\n\n\n\n\
                   2023年是开局之 年。我局将推动\n产业平台高质量发展再上新\n\n聚焦民生 绘就共富\"同心圆\"\n\n做好工作。";
        let lines = norm_lines(raw);
        let headings: Vec<&str> = lines
            .iter()
            .filter(|l| l.1 == LineKind::Heading)
            .map(|l| l.0.as_str())
            .collect();
        assert_eq!(
            headings,
            vec![
                "奋楫笃行谱新篇 踔厉奋发向未来",
                "为全区经济社会高质量发展提供发改经信有力支撑",
                "聚焦民生 绘就共富“同心圆”"
            ]
        );
    }

    #[test]
    fn numbered_heading_with_body_on_its_line() {
        let raw = "各位代表：\n（一）强化创新驱动发展，创新浙江建设成效明显。提升科技创新质效。";
        let lines = norm_lines(raw);
        assert_eq!(
            lines[1],
            (
                "（一）强化创新驱动发展，创新浙江建设成效明显。".to_owned(),
                LineKind::Heading
            )
        );
        assert_eq!(lines[2], ("提升科技创新质效。".to_owned(), LineKind::Body));
    }

    #[test]
    fn empty_and_odd_input() {
        for raw in ["", "\n\r\n", "\u{200B}", " \u{3000} ", "\r"] {
            let n = normalize(raw);
            assert!(n.text.is_empty(), "{raw:?}");
            assert_eq!(n.offsets(), &[raw.chars().count()]);
            assert_eq!(
                n.raw_span(0, 0),
                CharSpan::new(raw.chars().count(), raw.chars().count())
            );
        }
    }

    fn check_offsets(raw: &str, n: &NormalizedText) -> Result<(), TestCaseError> {
        let raw_len = raw.chars().count();
        let offs = n.offsets();
        prop_assert_eq!(offs.len(), n.text.chars().count() + 1);
        prop_assert!(
            offs.windows(2).all(|w| w[0] <= w[1]),
            "not monotone: {:?}",
            offs
        );
        for &o in &offs[..offs.len() - 1] {
            prop_assert!(o < raw_len);
        }
        prop_assert_eq!(offs[offs.len() - 1], raw_len);
        let len = offs.len() - 1;
        for i in 0..len {
            for j in (i + 1..=len).step_by(7) {
                let span = n.raw_span(i, j);
                prop_assert!(span.start == offs[i] && span.end == offs[j - 1] + 1);
            }
        }
        for l in &n.lines {
            prop_assert!(l.start < l.end && l.end < offs.len());
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn offsets_are_sound_and_normalising_is_idempotent(
            raw in "[区发改经信局。，；：“”\"'、 \u{3000}\n\r一二（）abc０-９0-9报告!?,.摄-]{0,80}"
        ) {
            let n = normalize(&raw);
            check_offsets(&raw, &n)?;
            let again = normalize(&n.text);
            check_offsets(&n.text, &again)?;
            prop_assert_eq!(&again.text, &n.text);
            prop_assert_eq!(&again.lines, &n.lines);
        }

        #[test]
        fn never_panics_on_anything(raw in any::<String>()) {
            let n = normalize(&raw);
            check_offsets(&raw, &n)?;
            let chars = n.text.chars().count();
            let _ = n.raw_span(0, chars);
            let _ = n.raw_span(chars + 5, chars + 9);
        }
    }
}
