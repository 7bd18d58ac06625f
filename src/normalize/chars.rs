//! Character-level rules of [`super::normalize`]: width folding, space and quote handling, and
//! the character classes the line rules depend on.

use super::cjk_compat;

/// What becomes of one raw character.
pub(crate) enum Mapped {
    /// Dropped (zero-width and control characters).
    Drop,
    /// Any kind of space; runs collapse to one and most vanish next to CJK.
    Space,
    /// Kept, possibly as another character.
    Char(char),
}

/// Maps one raw character (never a line break) to its normalised form.
pub(crate) fn map_char(c: char) -> Mapped {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Mapped::Drop,
        ' ' | '\t' | '\u{A0}' | '\u{3000}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            Mapped::Space
        }
        c if c.is_control() => Mapped::Drop,
        '「' => Mapped::Char('“'),
        '」' => Mapped::Char('”'),
        '『' => Mapped::Char('‘'),
        '』' => Mapped::Char('’'),
        // Full-width forms whose ASCII twin is normal in Chinese text; Chinese punctuation
        // (，。、；：（）！？) stays full-width.
        '\u{FF02}'
        | '\u{FF03}'..='\u{FF06}'
        | '\u{FF07}'
        | '\u{FF0A}'
        | '\u{FF0B}'
        | '\u{FF0D}'
        | '\u{FF0E}'
        | '\u{FF0F}'
        | '\u{FF10}'..='\u{FF19}'
        | '\u{FF1C}'..='\u{FF1E}'
        | '\u{FF20}'..='\u{FF3A}'
        | '\u{FF3C}'
        | '\u{FF3E}'..='\u{FF5A}'
        | '\u{FF5C}'
        | '\u{FF5E}' => Mapped::Char(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        c => Mapped::Char(cjk_compat::unify(c).unwrap_or(c)),
    }
}

/// Whether `c` breaks a line in the raw text.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A Chinese character.
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '〇')
}

/// A character of Chinese running text: ideographs and the punctuation set with them. Spaces
/// next to these are OCR or typesetting noise.
pub(crate) fn is_cjkish(c: char) -> bool {
    is_ideograph(c)
        || matches!(c,
            '\u{3000}'..='\u{303F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2E80}'..='\u{2FDF}'
            | '·')
}

/// Sentence-internal and sentence-final punctuation that headings do not contain.
pub(crate) fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '、' | '！' | '？' | ',' | ';' | ':' | '!' | '?'
    )
}

/// Closing quotes and brackets that may follow the end of a sentence.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '）' | ')' | '】' | '》' | '」' | '』'
    )
}

/// Punctuation after which a line ends its paragraph.
pub(crate) fn is_final_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '…' | '!' | '?' | ';' | ':'
    )
}

/// The full-width twin of ASCII clause punctuation, used when it sits in Chinese text.
pub(crate) fn full_width_punct(c: char) -> Option<char> {
    match c {
        ',' => Some('，'),
        ';' => Some('；'),
        ':' => Some('：'),
        '!' => Some('！'),
        '?' => Some('？'),
        _ => None,
    }
}

/// A normalised character with the raw character offset it came from.
pub(crate) type Pc = (char, usize);

/// Paragraph-level rewriting, in an order that makes it idempotent: ASCII quotes become curly
/// (alternating open and close), ASCII clause punctuation in Chinese text becomes full-width,
/// then spaces next to Chinese text vanish.
pub(crate) fn finish_paragraph(chars: &mut Vec<Pc>, keep_spaces: bool) {
    let mut double_open = true;
    let mut single_open = true;
    for i in 0..chars.len() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).map(|p| p.0);
        let next = chars.get(i + 1).map(|p| p.0);
        let Some(slot) = chars.get_mut(i) else {
            continue;
        };
        match slot.0 {
            '"' => {
                slot.0 = if double_open { '“' } else { '”' };
                double_open = !double_open;
            }
            '\'' if !(prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| n.is_ascii_alphanumeric())) =>
            {
                slot.0 = if single_open { '‘' } else { '’' };
                single_open = !single_open;
            }
            _ => {}
        }
    }
    for i in 0..chars.len() {
        let Some(full) = chars.get(i).and_then(|p| full_width_punct(p.0)) else {
            continue;
        };
        // Neighbours are looked for past spaces and other clause punctuation, so that a run
        // like `?!` converts as a whole, and converts the same way on a second pass.
        let context = |c: &char| *c != ' ' && !is_clause_punct(*c);
        let prev = chars[..i].iter().rev().map(|p| p.0).find(context);
        let next = chars
            .get(i + 1..)
            .and_then(|rest| rest.iter().map(|p| p.0).find(context));
        let numeric =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        if !numeric && (prev.is_some_and(is_cjkish) || next.is_some_and(is_cjkish)) {
            if let Some(slot) = chars.get_mut(i) {
                slot.0 = full;
            }
        }
    }
    if keep_spaces {
        return;
    }
    let mut out: Vec<Pc> = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        let Some(&pc) = chars.get(i) else { continue };
        if pc.0 == ' ' {
            let prev = out.last().map(|p| p.0);
            let next = chars.get(i + 1).map(|p| p.0);
            if prev.is_none_or(is_cjkish) || next.is_none_or(is_cjkish) {
                continue;
            }
        }
        out.push(pc);
    }
    *chars = out;
}
