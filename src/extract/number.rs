//! Numbers as written: Arabic (with decimals and thousands separators) and Chinese numerals
//! (一百三十, 两千, 四). Values stay decimal text so 10.33 never goes through a float.

/// A number found at a position of a char slice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// Decimal text (`10.33`, `130`).
    pub value: String,
    /// Index of the first character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Written in Chinese numerals.
    pub chinese: bool,
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Reads an Arabic number starting at `i`: digits, optional `,` groups and one decimal point.
pub fn arabic_at(chars: &[char], i: usize) -> Option<Number> {
    if !chars.get(i)?.is_ascii_digit() {
        return None;
    }
    let mut j = i;
    let mut text = String::new();
    let mut seen_point = false;
    let mut grouped = false;
    while j < chars.len() {
        let c = chars[j];
        if c.is_ascii_digit() {
            text.push(c);
        } else if c == '.' && !seen_point && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
            seen_point = true;
            text.push('.');
        } else if (c == ','
            // old reports group thousands with the full-width comma (4，900多万吨); a clause
            // comma after a number has no three-digit group, nor a first group over three
            || (c == '，' && (grouped || text.len() <= 3)))
            && !seen_point
            && chars
                .get(j + 1..j + 4)
                .is_some_and(|g| g.iter().all(char::is_ascii_digit))
            && !chars.get(j + 4).is_some_and(char::is_ascii_digit)
        {
            // a thousands separator, not a list comma
            grouped = true;
        } else {
            break;
        }
        j += 1;
    }
    // "12.50" and "012" are written that way; keep the value canonical for comparisons.
    let value = canonical(&text);
    Some(Number {
        value,
        start: i,
        end: j,
        chinese: false,
    })
}

fn canonical(text: &str) -> String {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    }
}

/// Reads a Chinese numeral below 万 starting at `i` (一百三十, 两千, 十五, 四).
pub fn chinese_at(chars: &[char], i: usize) -> Option<Number> {
    let mut j = i;
    let mut total: u64 = 0;
    let mut pending: Option<u64> = None;
    while let Some(&c) = chars.get(j) {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                break; // 二三 is not a number we read
            }
            pending = Some(d);
        } else if let Some(u) = small_unit(c) {
            total += pending.take().unwrap_or(1) * u;
        } else {
            break;
        }
        j += 1;
    }
    total += pending.unwrap_or(0);
    if j == i || total == 0 {
        return None;
    }
    Some(Number {
        value: total.to_string(),
        start: i,
        end: j,
        chinese: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(s: &str) -> Option<(String, usize)> {
        let c: Vec<char> = s.chars().collect();
        arabic_at(&c, 0).map(|n| (n.value, n.end))
    }

    fn zh(s: &str) -> Option<String> {
        let c: Vec<char> = s.chars().collect();
        chinese_at(&c, 0).map(|n| n.value)
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(ar("10.33亿元"), Some(("10.33".into(), 5)));
        assert_eq!(ar("1,234家"), Some(("1234".into(), 5)));
        assert_eq!(ar("5、6"), Some(("5".into(), 1)));
        assert_eq!(ar("2.0版"), Some(("2".into(), 3)));
        assert_eq!(ar("5.50%"), Some(("5.5".into(), 4)));
        assert_eq!(ar("家"), None);
        // the full-width comma groups thousands in old reports, and ends clauses elsewhere
        assert_eq!(ar("4，900多万吨"), Some(("4900".into(), 5)));
        assert_eq!(ar("6，141，391，000元"), Some(("6141391000".into(), 13)));
        assert_eq!(ar("2023，100家"), Some(("2023".into(), 4)));
        assert_eq!(ar("5，60家"), Some(("5".into(), 1)));
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(zh("四家").as_deref(), Some("4"));
        assert_eq!(zh("一百三十条").as_deref(), Some("130"));
        assert_eq!(zh("两千").as_deref(), Some("2000"));
        assert_eq!(zh("十五").as_deref(), Some("15"));
        assert_eq!(zh("三十").as_deref(), Some("30"));
        assert_eq!(zh("家"), None);
    }
}
