//! Quantities in one sentence: a number, a unit from the lexicon, a comparator, the indicator
//! it measures, and the year and status it belongs to.

use super::entity::quote_spans;
use super::number::{Number, arabic_at, chinese_at};
use crate::lexicon::Lexicon;
use crate::model::{Comparator, Frame, Status};

/// What the sentence's context says about the years it speaks of.
#[derive(Clone, Copy, Debug)]
pub struct YearContext {
    /// The year the sentence talks about.
    pub year: Option<i32>,
    /// Review or plan.
    pub frame: Frame,
    /// The year of publication.
    pub publication: Option<i32>,
    /// Years back to the base of a 从X提高到Y comparison (5 in a five-year review).
    pub base_span: i32,
}

/// A quantity found in a sentence; offsets relative to the sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// First character of the number (or of a preceding comparator).
    pub start: usize,
    /// One past the unit.
    pub end: usize,
    /// Decimal text.
    pub value: String,
    /// Unit as written.
    pub unit: String,
    /// Power of ten of the unit's multiplier.
    pub multiplier: i32,
    /// Comparator.
    pub comparator: Comparator,
    /// Indicator text.
    pub indicator: String,
    /// Year.
    pub year: Option<i32>,
    /// Status.
    pub status: Status,
    /// Period within the year.
    pub period: Option<String>,
    /// A fall rather than a rise.
    pub decrease: bool,
}

/// Words that make an amount a target even in a review (预期 in 预期全年增长5.5%); a plan
/// section's amounts are targets anyway.
const TARGET_WORDS: [&str; 5] = ["预期", "力争", "目标", "预计", "确保"];
const CLAUSE_BREAKS: [char; 12] = [
    '，', ',', '；', ';', '：', ':', '。', '、', '（', '(', '！', '？',
];
const PERIODS: [&str; 9] = [
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "前三季度",
    "上半年",
    "下半年",
    "第一季度",
    "全年",
];
/// Words at the head of a clause that are not part of the indicator.
const LEADING: [&str; 30] = [
    "其中",
    "全年",
    "今年",
    "去年",
    "上年",
    "同比",
    "预期",
    "力争",
    "实现",
    "累计",
    "共",
    "达到",
    "确保",
    "争取",
    "预计",
    "目标",
    "截至目前",
    "目前",
    "已",
    "完成",
    "一季度",
    "上半年",
    "全省",
    "累计",
    "五年来",
    "以上",
    "连续",
    "分别",
    "并",
    "和",
];
const TRAILING: [&str; 14] = [
    "达到", "达", "为", "超过", "超", "近", "约", "突破", "至", "到", "了", "的", "分别", "逾",
];

fn starts_with_at(chars: &[char], i: usize, w: &str) -> bool {
    let n = w.chars().count();
    chars
        .get(i..i + n)
        .is_some_and(|s| s.iter().copied().eq(w.chars()))
}

fn ends_with_at(chars: &[char], end: usize, w: &str) -> bool {
    let n = w.chars().count();
    end >= n && starts_with_at(chars, end - n, w)
}

/// Finds every quantity of a sentence.
pub fn quantities(lex: &Lexicon, chars: &[char], ctx: YearContext) -> Vec<Found> {
    let quotes = quote_spans(chars);
    let in_quote = |i: usize| quotes.iter().any(|&(s, e)| i >= s && i < e);
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let num = if chars[i].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric() && chars[i - 1] != '.')
        {
            arabic_at(chars, i)
        } else if i > 0 && chars[i - 1] == '等' {
            chinese_at(chars, i)
        } else {
            None
        };
        let Some(num) = num else {
            i += 1;
            continue;
        };
        let next = num.end;
        match read_quantity(lex, chars, &num, &in_quote, ctx, &out) {
            Some(mut found) => {
                let end = found.end;
                // a range 6.5%-7% or 6.5-7%: the first bound is ≥, the second ≤
                if let Some(second) = range_tail(lex, chars, &found, &in_quote, ctx, &out) {
                    found.comparator = Comparator::Ge;
                    let after = second.end;
                    out.push(found);
                    out.push(second);
                    i = after;
                    continue;
                }
                out.push(found);
                i = end.max(next);
            }
            None => i = next.max(i + 1),
        }
    }
    out
}

/// The upper bound of a range whose first amount is `found` (6.5%-7%).
fn range_tail(
    lex: &Lexicon,
    chars: &[char],
    found: &Found,
    in_quote: &dyn Fn(usize) -> bool,
    ctx: YearContext,
    prior: &[Found],
) -> Option<Found> {
    let dash = found.end;
    if !matches!(chars.get(dash), Some('-' | '—' | '～' | '~' | '至')) {
        return None;
    }
    let second = arabic_at(chars, dash + 1)?;
    let mut f = read_quantity(lex, chars, &second, in_quote, ctx, prior)?;
    if f.unit != found.unit {
        return None;
    }
    f.comparator = Comparator::Le;
    f.indicator = found.indicator.clone();
    Some(f)
}

fn read_quantity(
    lex: &Lexicon,
    chars: &[char],
    num: &Number,
    in_quote: &dyn Fn(usize) -> bool,
    ctx: YearContext,
    prior: &[Found],
) -> Option<Found> {
    let (s, mut j) = (num.start, num.end);
    if in_quote(s) {
        return None; // “152”工程: a number inside a name
    }
    let before = |w: &str| ends_with_at(chars, s, w);
    if before("第") || before("+") || chars.get(j) == Some(&'+') {
        return None; // ordinals and 1+4+N
    }
    // 1-11月 and 6.5-7%: a number right before a dash is read with its partner
    if matches!(chars.get(j), Some('-' | '—' | '～'))
        && chars.get(j + 1).is_some_and(char::is_ascii_digit)
    {
        let partner = arabic_at(chars, j + 1)?;
        if chars.get(partner.end) == Some(&'月') {
            return None;
        }
        // a range with the unit only after the second number (6.5-7%)
        if let Some((unit, _)) = unit_at(lex, chars, partner.end) {
            if unit_at(lex, chars, j).is_none() {
                let mut f = build(lex, chars, num, partner.end, &unit, ctx, prior)?;
                f.comparator = Comparator::Ge;
                return Some(f);
            }
        }
    }
    let mut comparator = Comparator::Eq;
    let more = |j: usize| matches!(chars.get(j), Some('余' | '多'));
    if more(j) {
        comparator = Comparator::Gt;
        j += 1;
    }
    let (unit, value) = match unit_at(lex, chars, j) {
        Some((unit, _)) => (unit, num.value.clone()),
        None => {
            // a multiplier written apart from the unit: 9亿多人, 5千多户, 1万6千多户, 8000多万人口
            let prefix = ["万亿", "亿", "万", "千"]
                .into_iter()
                .find(|p| starts_with_at(chars, j, p))?;
            let mut k = j + prefix.chars().count();
            let mut value = num.value.clone();
            if prefix == "万"
                && !value.contains('.')
                && chars.get(k).is_some_and(char::is_ascii_digit)
                && chars.get(k + 1) == Some(&'千')
            {
                value = format!("{value}.{}", chars[k]);
                k += 2;
            }
            if more(k) {
                comparator = Comparator::Gt;
                k += 1;
            }
            match lex.units.iter().find(|(u, p)| {
                *p == 0 && starts_with_at(chars, k, u) && !u.starts_with(['%', '个'])
            }) {
                Some((u, _)) => (format!("{prefix}{u}"), value),
                // 8000多万农业转移人口: the noun that follows is what is counted
                // 13亿以内: a comparator, not a noun, follows
                None if ["以内", "以上", "以下", "左右"]
                    .iter()
                    .any(|w| starts_with_at(chars, k, w)) =>
                {
                    (prefix.to_owned(), value)
                }
                None if chars.get(k).is_some_and(|&c| is_cjk(c)) => {
                    (format!("{prefix}{}", counted(chars, k)), value)
                }
                None => return None,
            }
        }
    };
    if num.chinese && !matches!(unit.as_str(), "家" | "个" | "项" | "名" | "条" | "所") {
        return None;
    }
    let num = Number {
        value,
        ..num.clone()
    };
    let mut f = build(lex, chars, &num, j, &unit, ctx, prior)?;
    if comparator == Comparator::Gt {
        f.comparator = Comparator::Gt;
    }
    Some(f)
}

fn unit_at(lex: &Lexicon, chars: &[char], j: usize) -> Option<(String, i32)> {
    let (u, p) = lex
        .units
        .iter()
        .find(|(u, _)| starts_with_at(chars, j, u))?;
    let after = j + u.chars().count();
    // 年 after a count is a duration or a year, 家 in 专家 is not a unit...
    if (u == "家" || u == "人" || u == "名")
        && chars.get(after).is_some_and(|c| *c == '长' || *c == '庭')
    {
        return None;
    }
    Some((u.clone(), *p))
}

fn build(
    lex: &Lexicon,
    chars: &[char],
    num: &Number,
    unit_start: usize,
    unit: &str,
    ctx: YearContext,
    prior: &[Found],
) -> Option<Found> {
    let multiplier = multiplier_of(lex, unit);
    let mut end = written_end(chars, unit_start, unit);
    let mut start = num.start;
    let mut comparator = Comparator::Eq;
    // comparators after the unit
    for (w, c) in [
        ("以上", Comparator::Ge),
        ("左右", Comparator::Approx),
        ("以下", Comparator::Le),
        ("以内", Comparator::Le),
        ("多", Comparator::Gt),
    ] {
        if starts_with_at(chars, end, w) {
            comparator = c;
            end += w.chars().count();
            break;
        }
    }
    // an amount that modifies a noun (3岁以下婴幼儿, 50万元以上的村, 30万吨级航道) is not reported
    let modifier = match chars.get(end) {
        Some('级' | '的') => true,
        Some(&c) if comparator != Comparator::Eq && comparator != Comparator::Gt => is_cjk(c),
        _ => false,
    };
    if modifier {
        return None;
    }
    // comparators before the number
    for (w, c) in [
        ("不低于", Comparator::Ge),
        ("至少", Comparator::Ge),
        ("不超过", Comparator::Le),
        ("超过", Comparator::Gt),
        ("突破", Comparator::Gt),
        ("超", Comparator::Gt),
        ("逾", Comparator::Gt),
        ("近", Comparator::Approx),
        ("约", Comparator::Approx),
        ("低于", Comparator::Lt),
    ] {
        if ends_with_at(chars, start, w) {
            if comparator == Comparator::Eq {
                comparator = c;
            }
            start -= w.chars().count();
            break;
        }
    }
    // the clause before the number
    let clause_start = (0..start)
        .rev()
        .find(|&k| CLAUSE_BREAKS.contains(&chars[k]))
        .map_or(0, |k| k + 1);
    let clause: String = chars[clause_start..start].iter().collect();
    let sentence_head: String = chars[..start].iter().collect();
    let mut indicator = trim_indicator(&clause);
    if indicator.chars().count() < 2 {
        // 全省科技创新投入7232亿元、增长5.6%: the previous quantity's indicator carries over
        if let Some(p) = prior.last() {
            indicator = format!("{}{}", p.indicator.trim_end_matches("增长"), indicator);
        }
    }
    if indicator.chars().count() < 2 {
        // 7家院士工作站被认定为省级站: a count that opens its clause measures what follows it
        let after: String = chars[end..]
            .iter()
            .take_while(|c| !CLAUSE_BREAKS.contains(c))
            .take(16)
            .collect();
        if after.chars().count() >= 2 {
            indicator = after;
        }
    }
    let decrease = ["下降", "减少", "降低", "压减", "缩减", "下调"]
        .iter()
        .any(|w| clause.contains(w));
    let period = PERIODS
        .iter()
        .find(|p| clause.contains(*p) && **p != "全年")
        .map(|p| (*p).to_owned())
        .or_else(|| month_range(&sentence_head));
    let horizon = horizon(&sentence_head);
    let year = year_of(chars, num.start, clause_start, ctx).map(|y| match horizon {
        // 到2025年…达到X: the amount belongs to the horizon, unless its own year is written
        Some(h) if Some(y) == ctx.year => h,
        _ => y,
    });
    let beyond = horizon.zip(ctx.publication).is_some_and(|(h, p)| h >= p);
    let target_words = TARGET_WORDS.iter().any(|w| sentence_head.contains(w));
    let status = if ctx.frame == Frame::Plan || target_words || beyond {
        Status::Target
    } else {
        Status::Achievement
    };
    Some(Found {
        start,
        end,
        value: num.value.clone(),
        unit: unit.to_owned(),
        multiplier,
        comparator,
        indicator,
        year,
        status,
        period,
        decrease,
    })
}

/// The measure word implied by the noun after a bare multiplier (万农村学生 → 人).
fn counted(chars: &[char], k: usize) -> &'static str {
    let noun: String = chars[k..]
        .iter()
        .take_while(|&&c| is_cjk(c))
        .take(12)
        .collect();
    if noun.contains("人次") {
        "人次"
    } else if ["人", "学生", "群众", "农民", "职工", "居民", "儿童", "老人"]
        .iter()
        .any(|w| noun.contains(w))
    {
        "人"
    } else if noun.contains('户') {
        "户"
    } else {
        "个"
    }
}

/// Power of ten of a unit as written: listed units, or a multiplier before a base unit.
fn multiplier_of(lex: &Lexicon, unit: &str) -> i32 {
    if let Some((_, p)) = lex.units.iter().find(|(u, _)| u == unit) {
        return *p;
    }
    [("万亿", 12), ("亿", 8), ("万", 4), ("千", 3)]
        .into_iter()
        .find(|(p, _)| unit.starts_with(p))
        .map_or(0, |(_, p)| p)
}

/// Where the unit ends in the text, when 多 or a mixed 6千 stands inside it (5千多户).
fn written_end(chars: &[char], unit_start: usize, unit: &str) -> usize {
    let mut want = unit.chars().peekable();
    let mut k = unit_start;
    while let (Some(&w), Some(&c)) = (want.peek(), chars.get(k)) {
        if w == c {
            want.next();
        } else if !(c == '多' || c == '余' || c == '千' || c.is_ascii_digit()) {
            break;
        }
        k += 1;
    }
    k
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The year a sentence aims at before the number: 到2025年, 至2030年, or the last year of a
/// plan period it names (“十四五”时期 → 2025).
fn horizon(head: &str) -> Option<i32> {
    let chars: Vec<char> = head.chars().collect();
    let explicit = (1..chars.len()).rev().find_map(|i| {
        let y: String = chars.get(i..i + 4)?.iter().collect();
        let ok = matches!(chars[i - 1], '到' | '至') && chars.get(i + 4) == Some(&'年');
        ok.then(|| y.parse::<i32>().ok()).flatten()
    });
    explicit.or_else(|| {
        [
            ("十一五", 2010),
            ("十二五", 2015),
            ("十三五", 2020),
            ("十四五", 2025),
            ("十五五", 2030),
        ]
        .into_iter()
        .rev()
        .find(|(p, _)| {
            head.contains(&format!("{p}末"))
                || head.contains(&format!("{p}期末"))
                || head.contains(&format!("{p}”末"))
        })
        .map(|(_, y)| y)
    })
}

/// `1-11月` before the number, as a period.
fn month_range(head: &str) -> Option<String> {
    let chars: Vec<char> = head.chars().collect();
    for i in 0..chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let a = arabic_at(&chars, i)?;
            if matches!(chars.get(a.end), Some('-' | '—')) {
                if let Some(b) = arabic_at(&chars, a.end + 1) {
                    if chars.get(b.end) == Some(&'月') {
                        return Some(chars[i..=b.end].iter().collect());
                    }
                }
            }
        }
    }
    None
}

/// The year a number belongs to: `2020年的10.5万元`, the base of `从X提高到Y`, 去年, or the
/// sentence's year.
fn year_of(chars: &[char], num_start: usize, clause_start: usize, ctx: YearContext) -> Option<i32> {
    // YYYY年(的|底|末)? right before the number
    let head: String = chars[clause_start.saturating_sub(12).min(num_start)..num_start]
        .iter()
        .collect();
    if let Some(y) = explicit_year_before(&head) {
        return Some(y);
    }
    let before: String = chars[..num_start].iter().collect();
    let clause: String = chars[clause_start..num_start].iter().collect();
    if clause.contains("去年") || clause.contains("上年") {
        return ctx.publication.map(|p| p - 1);
    }
    // 从X提高到Y: X is the base, Y the end value
    let tail: String = chars[num_start..chars.len().min(num_start + 24)]
        .iter()
        .collect();
    // X only: between 从 and X there is no 到 (that would make this number Y)
    let from = ["从", "由"].iter().any(|w| ends_with_clause(&before, w))
        && !["到", "至"].iter().any(|w| {
            let tail: String = before
                .chars()
                .rev()
                .take(14)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            tail.rfind(['从', '由'])
                .is_some_and(|p| tail[p..].contains(w))
        });
    let to = [
        "提高到",
        "提升到",
        "增加到",
        "增长到",
        "跃升到",
        "下降到",
        "降至",
        "提高至",
        "增加至",
        "扩大到",
        "上升到",
        "减少到",
    ]
    .iter()
    .any(|w| tail.contains(w));
    if from && to {
        return ctx.year.map(|y| y - ctx.base_span);
    }
    ctx.year
}

/// Whether `w` opens the text's last clause shortly before its end (从7248亿元 / 从2.77%).
fn ends_with_clause(before: &str, w: &str) -> bool {
    let chars: Vec<char> = before.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(14)..].iter().collect();
    match tail.rfind(w) {
        Some(pos) => !tail[pos..].contains(['，', '。', '；', '、']),
        None => false,
    }
}

fn explicit_year_before(head: &str) -> Option<i32> {
    let chars: Vec<char> = head.chars().collect();
    let n = chars.len();
    for suffix in ["年的", "年底", "年末", "年"] {
        let k = suffix.chars().count();
        if n >= 4 + k && chars[n - k..].iter().copied().eq(suffix.chars()) {
            let y: String = chars[n - k - 4..n - k].iter().collect();
            if let Ok(v) = y.parse::<i32>()
                && (1900..2100).contains(&v)
            {
                return Some(v);
            }
        }
    }
    None
}

fn trim_indicator(clause: &str) -> String {
    let mut s = clause.trim().trim_matches(['“', '”']).to_owned();
    loop {
        let before = s.clone();
        for w in LEADING {
            if let Some(rest) = s.strip_prefix(w) {
                s = rest.to_owned();
            }
        }
        // a leading year (2022年) or period is not the indicator
        let chars: Vec<char> = s.chars().collect();
        if chars.len() > 5 && chars[..4].iter().all(char::is_ascii_digit) && chars[4] == '年' {
            s = chars[5..].iter().collect();
        }
        for w in TRAILING {
            if let Some(rest) = s.strip_suffix(w) {
                s = rest.to_owned();
            }
        }
        if s == before {
            break;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str, frame: Frame) -> Vec<Found> {
        let lex = Lexicon::embedded();
        let chars: Vec<char> = s.chars().collect();
        let ctx = YearContext {
            year: Some(2023),
            frame,
            publication: Some(2023),
            base_span: 1,
        };
        quantities(&lex, &chars, ctx)
    }

    #[test]
    fn target_with_comparators() {
        let q = run(
            "预期全年地区生产总值增长5.5%，全年力争实现固定资产投资735亿元，一季度力争实现固投增长15%以上。",
            Frame::Plan,
        );
        let v: Vec<_> = q
            .iter()
            .map(|f| (f.value.as_str(), f.unit.as_str(), f.comparator))
            .collect();
        assert_eq!(
            v,
            [
                ("5.5", "%", Comparator::Eq),
                ("735", "亿元", Comparator::Eq),
                ("15", "%", Comparator::Ge)
            ]
        );
        assert_eq!(q[1].indicator, "固定资产投资");
        assert_eq!(q[1].multiplier, 8);
        assert_eq!(q[2].period.as_deref(), Some("一季度"));
        assert!(
            q.iter()
                .all(|f| f.status == Status::Target && f.year == Some(2023))
        );
    }

    #[test]
    fn not_quantities() {
        assert!(
            run(
                "“152”工程落地率全省排名第一，打造“1+4+N”产业体系，2.0版上线。",
                Frame::Review
            )
            .is_empty()
        );
        assert!(run("入选国家第四批专精特新企业，1-11月开工。", Frame::Review).is_empty());
    }

    #[test]
    fn approximate_and_more_than() {
        let q = run(
            "出台助企纾困政策130余条，助力罗莱迪思等四家企业入选。",
            Frame::Review,
        );
        let v: Vec<_> = q
            .iter()
            .map(|f| (f.value.as_str(), f.unit.as_str(), f.comparator, f.status))
            .collect();
        assert_eq!(
            v,
            [
                ("130", "条", Comparator::Gt, Status::Achievement),
                ("4", "家", Comparator::Eq, Status::Achievement)
            ]
        );
    }

    #[test]
    fn horizon_years() {
        let lex = Lexicon::embedded();
        let s: Vec<char> = "到2025年，研发投入强度达到3.5%，“十四五”末城镇化率达到65%。"
            .chars()
            .collect();
        let ctx = YearContext {
            year: Some(2021),
            frame: Frame::Review,
            publication: Some(2021),
            base_span: 1,
        };
        let q = quantities(&lex, &s, ctx);
        let v: Vec<_> = q
            .iter()
            .map(|f| (f.value.as_str(), f.year, f.status))
            .collect();
        assert_eq!(
            v,
            [
                ("3.5", Some(2025), Status::Target),
                ("65", Some(2025), Status::Target)
            ]
        );
    }

    #[test]
    fn base_and_end_values() {
        let lex = Lexicon::embedded();
        let s: Vec<char> = "一般公共预算收入从7248亿元提高到8865亿元，人均地区生产总值从2020年的10.5万元提高到2025年的14万元左右。".chars().collect();
        let ctx = YearContext {
            year: Some(2025),
            frame: Frame::Review,
            publication: Some(2026),
            base_span: 5,
        };
        let q = quantities(&lex, &s, ctx);
        let v: Vec<_> = q.iter().map(|f| (f.value.as_str(), f.year)).collect();
        assert_eq!(
            v,
            [
                ("7248", Some(2020)),
                ("8865", Some(2025)),
                ("10.5", Some(2020)),
                ("14", Some(2025))
            ]
        );
        assert_eq!(q[3].comparator, Comparator::Approx);
    }
}
