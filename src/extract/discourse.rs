//! What spans sentences: the document's place, issuer and publication year, the year and
//! frame (review or plan) of each sentence, and the body that speaks in each part.
//!
//! A district's two-sessions page may hold several bureaus' reports one after another: one
//! speaks as 我局, the next as 我们, and names itself only in its closing paragraph. Parts are
//! therefore cut where the self-reference changes (at the last heading before the change),
//! and each part's speaker is the body named as the subject of one of its sentences.

use std::collections::HashMap;

use super::Sent;
use super::entity::Candidate;
use super::quantity::YearContext;
use crate::lexicon::Lexicon;
use crate::model::{EntityKind, Frame};

/// The outcome of [`analyse`].
pub struct Discourse {
    /// Year of publication.
    pub publication_year: Option<i32>,
    /// Per sentence: year, frame, publication year and base span.
    pub contexts: Vec<YearContext>,
    /// Per sentence: the index of its part in `zone_speakers`.
    pub zone_of: Vec<usize>,
    /// Per part: the body that speaks in it, when one is named.
    pub zone_speakers: Vec<Option<Candidate>>,
    /// The body the whole document speaks for (我代表国务院; the title's 浙江省政府).
    pub issuer: Option<Candidate>,
}

const PLAN_HEADING: [&str; 8] = [
    "展望",
    "工作安排",
    "主要任务",
    "目标任务",
    "总体要求",
    "建议",
    "工作思路",
    "工作计划",
];
const REVIEW_HEADING: [&str; 4] = ["回顾", "主要工作", "成就", "工作总结"];

/// The place a document is about: the most specific division named in its title, else the
/// one its opening lines speak for (在广东省第十四届人民代表大会…, 广东省省长), else the country
/// for a report of the State Council, else the division it names most.
pub(crate) fn document_place(
    lex: &Lexicon,
    title: Option<&str>,
    sents: &[Sent<'_>],
    cands: &[Vec<Candidate>],
) -> Option<Candidate> {
    let places = cands
        .iter()
        .flatten()
        .filter(|c| c.kind == EntityKind::Place && c.admin_code.is_some());
    if let Some(t) = title {
        let mut best: Option<&Candidate> = None;
        for c in places.clone() {
            let short = crate::lexicon::short_form(&c.label).unwrap_or(&c.label);
            if t.contains(c.label.as_str()) || t.contains(short) {
                // the most specific division named in the title
                if best.is_none_or(|b| c.admin_code > b.admin_code) {
                    best = Some(c);
                }
            }
        }
        if let Some(b) = best {
            return Some(b.clone());
        }
    }
    if let Some(c) = opening_place(sents, cands) {
        return Some(c);
    }
    // a national report (我代表国务院) is about the country, whatever provinces it names
    let national = cands.iter().take(40).flatten().any(|c| c.label == "国务院");
    if national && title.is_none_or(|t| !t.contains('省') && !t.contains('市')) {
        return Some(Candidate::implied("中国", EntityKind::Place, None));
    }
    let mut count: HashMap<&str, (usize, usize)> = HashMap::new();
    for (order, c) in places.enumerate() {
        if let Some(code) = c.admin_code.as_deref() {
            let e = count.entry(code).or_insert((0, order));
            e.0 += 1;
        }
    }
    let best = count
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(code, _)| *code);
    if let Some(code) = best
        && let Some(d) = lex.division_by_code(code)
    {
        return Some(Candidate::implied(
            d.name.clone(),
            EntityKind::Place,
            Some(d.code.clone()),
        ));
    }
    // a national report: the State Council speaks, the country is the place
    cands
        .iter()
        .flatten()
        .any(|c| c.label == "国务院")
        .then(|| Candidate::implied("中国", EntityKind::Place, None))
}

/// Words that follow a division in the lines that open a work report: the congress it is
/// delivered to (广东省第十四届人民代表大会) or the office of the speaker (广东省省长).
const OPENING_FOLLOWERS: [&str; 9] = [
    "第",
    "人民代表大会",
    "省长",
    "市长",
    "区长",
    "县长",
    "州长",
    "主席",
    "人民政府",
];

/// The division a report's opening lines (before the body starts) speak for, the most
/// specific one when several are named.
fn opening_place(sents: &[Sent<'_>], cands: &[Vec<Candidate>]) -> Option<Candidate> {
    let mut best: Option<&Candidate> = None;
    for (s, cs) in sents.iter().zip(cands).take(12) {
        if s.text.starts_with("各位代表") {
            break;
        }
        for c in cs
            .iter()
            .filter(|c| c.kind == EntityKind::Place && c.admin_code.is_some())
        {
            let after: String = s.chars.iter().skip(c.end).take(6).collect();
            if OPENING_FOLLOWERS.iter().any(|f| after.starts_with(f))
                && best.is_none_or(|b| c.admin_code > b.admin_code)
            {
                best = Some(c);
            }
        }
    }
    best.cloned()
}

fn year_at(chars: &[char], i: usize) -> Option<i32> {
    // called at every character of every sentence: test 年 before reading the digits
    if chars.get(i + 4) != Some(&'年') || (i > 0 && chars[i - 1].is_ascii_digit()) {
        return None;
    }
    let y = chars.get(i..i + 4)?.iter().try_fold(0i32, |y, c| {
        c.to_digit(10)
            .filter(|_| c.is_ascii_digit())
            .map(|d| y * 10 + d as i32)
    })?;
    (1949..2100).contains(&y).then_some(y)
}

fn years_in(chars: &[char]) -> Vec<(usize, i32)> {
    (0..chars.len())
        .filter_map(|i| year_at(chars, i).map(|y| (i, y)))
        .collect()
}

fn publication_year(sents: &[Sent<'_>], title: Option<&str>) -> Option<i32> {
    if let Some(t) = title {
        let c: Vec<char> = t.chars().collect();
        if let Some((_, y)) = years_in(&c).first() {
            return Some(*y);
        }
    }
    // a dateline near the top: 2018年3月5日
    for s in sents.iter().take(12) {
        for (i, y) in years_in(&s.chars) {
            let rest: String = s.chars[i + 5..s.chars.len().min(i + 11)].iter().collect();
            if rest.contains('月') && rest.contains('日') {
                return Some(y);
            }
        }
    }
    // else the latest year the text speaks of as present, not as a horizon (到2035年)
    sents
        .iter()
        .flat_map(|s| {
            years_in(&s.chars)
                .into_iter()
                .filter(|&(i, _)| i == 0 || !matches!(s.chars[i - 1], '到' | '至' | '—' | '-'))
                .map(|(_, y)| y)
        })
        .max()
}

/// The body a sentence names as lead unit (X牵头, 由X负责, 责任单位：X).
pub fn lead_unit(text: &str, cands: &[Candidate]) -> Option<Candidate> {
    let chars: Vec<char> = text.chars().collect();
    cands
        .iter()
        .filter(|c| c.kind == EntityKind::GovernmentBody)
        .find(|c| {
            let after: String = chars[c.end..chars.len().min(c.end + 3)].iter().collect();
            let before: String = chars[c.start.saturating_sub(6)..c.start].iter().collect();
            after.starts_with("牵头")
                || after.starts_with("负责")
                || before.ends_with("责任单位：")
                || before.ends_with("牵头单位：")
        })
        .cloned()
}

/// Verbs by which a body carries out an initiative or runs a platform (实施, 推进, 出台...).
const ACTION_VERBS: &[&str] = &[
    "新建", "推行", "实施", "推进", "推动", "开展", "启动", "深化", "出台", "制定", "优化", "打好",
    "落实", "践行", "建设", "打造", "完善", "建立", "实行", "执行", "牵头", "组织", "举办", "承办",
    "创建", "设立", "成立", "培育", "做好", "抓好", "统筹", "迭代", "发布", "推出", "启用", "建成",
    "加快", "加强", "强化", "提升", "部署", "布局", "开发", "争创", "探索", "试点", "运营", "发挥",
    "依托", "聚焦", "围绕", "参与", "坚持", "贯彻", "扩大", "推广", "整治", "改造", "实现", "完成",
    "开通",
];
/// Verbs that follow an initiative as topic (自贸试验区提升战略扎实推进).
const PROGRESS_VERBS: &[&str] = &[
    "推进", "深化", "实施", "收官", "建立", "落地", "完成", "启动", "开展", "建设", "投用", "开工",
    "运行", "运作", "上线", "获批", "揭牌", "取得", "成效",
];
/// Verbs by which a body founds an institution.
const FOUNDING_VERBS: &[&str] = &[
    "成立", "组建", "签约", "落地", "引进", "设立", "共建", "建设",
];

fn clause_before(chars: &[char], start: usize) -> String {
    let from = (0..start)
        .rev()
        .find(|&k| matches!(chars[k], '，' | '。' | '；' | '：' | ',' | ';'))
        .map_or(0, |k| k + 1);
    chars[from..start].iter().collect()
}

/// Whether the sentence says something is done to the initiative or platform: an action
/// verb earlier in its clause, or a progress verb right after it.
pub fn acted_on(chars: &[char], c: &Candidate) -> bool {
    let before = clause_before(chars, c.start);
    if ACTION_VERBS.iter().any(|v| before.contains(v)) {
        return true;
    }
    // a platform that merely runs (衢州综保区封关运作) is not thereby someone's work
    if c.kind == EntityKind::Platform {
        return false;
    }
    let mut after_end = c.end;
    while matches!(chars.get(after_end), Some('”' | '》' | '」')) {
        after_end += 1;
    }
    let after: String = chars[after_end.min(chars.len())..chars.len().min(after_end + 8)]
        .iter()
        .collect();
    PROGRESS_VERBS.iter().any(|v| after.contains(v))
}

/// Whether the sentence tells of an institution being founded or brought in.
pub fn founded(chars: &[char], c: &Candidate) -> bool {
    let before = clause_before(chars, c.start);
    let after: String = chars[c.end.min(chars.len())..chars.len().min(c.end + 6)]
        .iter()
        .collect();
    // 成立X, 引进X; X签约落地 — but not X牵头建设, where the institution is the one acting
    FOUNDING_VERBS.iter().any(|v| before.contains(v))
        || ["签约", "落地", "揭牌"]
            .iter()
            .any(|v| after.starts_with(v))
}

/// Whether a body candidate is the subject of its sentence: nothing but time and setting
/// phrases (2022年，在…下，) stand before it.
fn is_subject(s: &Sent<'_>, c: &Candidate) -> bool {
    let before: String = s.chars[..c.start].iter().collect();
    let before = before.trim();
    if before.is_empty() {
        return true;
    }
    let Some(head) = before.strip_suffix(['，', ',']) else {
        return false;
    };
    head.split(['，', ',']).map(str::trim).all(|clause| {
        let cc: Vec<char> = clause.chars().collect();
        clause.starts_with('在') && clause.ends_with('下')
            || (cc.len() == 5 && year_at(&cc, 0).is_some())
            || matches!(
                clause,
                "今年" | "去年" | "过去一年" | "一年来" | "五年来" | "近年来"
            )
    })
}

/// Self-reference style of a sentence: the bureau form (我局) or the plural (我们).
fn style(lex: &Lexicon, text: &str) -> Option<bool> {
    if lex
        .self_references
        .iter()
        .any(|r| text.contains(r.as_str()))
    {
        Some(true)
    } else if text.contains("我们") {
        Some(false)
    } else {
        None
    }
}

/// Issuer from 我代表X or from a title such as 2026年浙江省政府工作报告.
fn issuer(
    sents: &[Sent<'_>],
    cands: &[Vec<Candidate>],
    title: Option<&str>,
    place: Option<&str>,
) -> Option<Candidate> {
    for (s, cs) in sents.iter().zip(cands).take(30) {
        if let Some(pos) = s.text.find("代表") {
            let at = s.text[..pos].chars().count() + 2;
            if let Some(c) = cs
                .iter()
                .find(|c| c.kind == EntityKind::GovernmentBody && c.start == at)
            {
                return Some(c.clone());
            }
        }
    }
    let t = title?;
    if t.contains("政府工作报告") {
        let label = match place {
            Some(p)
                if t.contains(p)
                    || crate::lexicon::short_form(p).is_some_and(|s| t.contains(s)) =>
            {
                format!("{p}人民政府")
            }
            _ => return None,
        };
        return Some(Candidate::implied(label, EntityKind::GovernmentBody, None));
    }
    None
}

/// Years, frames, parts and speakers of a document.
pub(crate) fn analyse(
    lex: &Lexicon,
    sents: &[Sent<'_>],
    cands: &[Vec<Candidate>],
    title: Option<&str>,
    place: Option<&str>,
) -> Discourse {
    let publication = publication_year(sents, title);
    let review = publication.map(|p| p - 1);
    let five_year = sents.iter().any(|s| {
        ["五年来", "过去五年", "的五年", "五年工作回顾"]
            .iter()
            .any(|w| s.text.contains(w))
    });
    let base_span = if five_year { 5 } else { 1 };

    // parts: cut where the self-reference style changes
    let mut zone_of = vec![0usize; sents.len()];
    let mut boundaries: Vec<usize> = Vec::new();
    let mut current: Option<bool> = None;
    let mut last_styled = 0usize;
    for (i, s) in sents.iter().enumerate() {
        if s.heading {
            continue;
        }
        if let Some(st) = style(lex, &s.text) {
            if current.is_some_and(|c| c != st) {
                let cut = (last_styled + 1..i)
                    .rev()
                    .find(|&h| sents[h].heading)
                    .unwrap_or(i);
                boundaries.push(cut);
            }
            current = Some(st);
            last_styled = i;
        }
    }
    let mut zone = 0;
    for (i, z) in zone_of.iter_mut().enumerate() {
        while boundaries.get(zone).is_some_and(|&b| i >= b) {
            zone += 1;
        }
        *z = zone;
    }
    let zones = boundaries.len() + 1;
    let issuer = issuer(sents, cands, title, place);
    let mut zone_speakers: Vec<Option<Candidate>> = vec![None; zones];
    if issuer.is_none() {
        for (i, (s, cs)) in sents.iter().zip(cands).enumerate() {
            let z = zone_of[i];
            if zone_speakers[z].is_some() || s.heading {
                continue;
            }
            zone_speakers[z] = cs
                .iter()
                .find(|c| c.kind == EntityKind::GovernmentBody && is_subject(s, c))
                .cloned();
        }
    }

    // years and frames
    let mut contexts = Vec::with_capacity(sents.len());
    let mut state = (review, Frame::Review);
    let mut prev_zone = 0;
    for (i, s) in sents.iter().enumerate() {
        if zone_of[i] != prev_zone {
            state = (review, Frame::Review);
            prev_zone = zone_of[i];
        }
        let years = years_in(&s.chars);
        let frame_of = |y: i32| match publication {
            Some(p) if y >= p => Frame::Plan,
            _ => Frame::Review,
        };
        if s.heading {
            if let Some(&(_, y)) = years.first() {
                state = (Some(y), frame_of(y));
            }
            if PLAN_HEADING.iter().any(|w| s.text.contains(w)) {
                state = (
                    state.0.filter(|_| !years.is_empty()).or(publication),
                    Frame::Plan,
                );
            } else if REVIEW_HEADING.iter().any(|w| s.text.contains(w)) {
                state = (
                    state.0.filter(|_| !years.is_empty()).or(review),
                    Frame::Review,
                );
            }
        } else {
            let head: String = s.chars.iter().take(8).collect();
            if let Some(&(pos, y)) = years.first()
                && pos <= 3
            {
                let c: Vec<char> = head.chars().collect();
                let follows = c.get(pos + 5).copied();
                if matches!(follows, Some('是' | '，' | ',' | ' ') | None) {
                    state = (Some(y), frame_of(y));
                }
            } else if head.starts_with("今年") || head.starts_with("明年") {
                state = (publication, Frame::Plan);
            }
        }
        contexts.push(YearContext {
            year: state.0,
            frame: state.1,
            publication,
            base_span,
        });
    }

    Discourse {
        publication_year: publication,
        contexts,
        zone_of,
        zone_speakers,
        issuer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;
    use std::sync::LazyLock;

    static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);
    static SEG: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::new(&LEX));

    fn sents<'a>(texts: &'a [(&'a str, bool)]) -> Vec<Sent<'a>> {
        texts
            .iter()
            .map(|&(t, heading)| Sent {
                chars: t.chars().collect(),
                text: t.to_owned(),
                start: 0,
                heading,
                section: 0,
                words: SEG.cut(t),
            })
            .collect()
    }

    fn run(texts: &[(&str, bool)]) -> (Discourse, Vec<Vec<Candidate>>) {
        let s = sents(texts);
        let cands: Vec<Vec<Candidate>> = s
            .iter()
            .map(|x| super::super::entity::candidates(&LEX, &SEG, &x.chars, &x.words, x.heading))
            .collect();
        (analyse(&LEX, &s, &cands, None, Some("拱墅区")), cands)
    }

    #[test]
    fn two_bureaus_one_page() {
        let (d, _) = run(&[
            (
                "2022年，在区委区政府的坚强领导下，区发改经信局紧紧围绕总目标。",
                false,
            ),
            ("2023年是开局之年，我局将拼经济。", false),
            ("稳字当头 稳中求进开新局", true),
            ("预期全年地区生产总值增长5.5%。", false),
            ("奋力打造科创引擎", true),
            ("我们聚焦产业提能，新认定省科小460家。", false),
            ("2023年展望", true),
            ("2023年，区科技局坚持以创新为引领。", false),
        ]);
        assert_eq!(d.publication_year, Some(2023));
        let speakers: Vec<Option<String>> = d
            .zone_speakers
            .iter()
            .map(|c| c.as_ref().map(|c| c.label.clone()))
            .collect();
        assert_eq!(
            speakers,
            [Some("区发改经信局".to_owned()), Some("区科技局".to_owned())]
        );
        assert_eq!(d.zone_of, [0, 0, 0, 0, 1, 1, 1, 1]);
        let frames: Vec<(Option<i32>, Frame)> =
            d.contexts.iter().map(|c| (c.year, c.frame)).collect();
        assert_eq!(frames[0], (Some(2022), Frame::Review));
        assert_eq!(frames[3], (Some(2023), Frame::Plan));
        // a new speaker starts with a review of the past year
        assert_eq!(frames[5], (Some(2022), Frame::Review));
        assert_eq!(frames[7], (Some(2023), Frame::Plan));
    }

    #[test]
    fn work_report_issuer() {
        let (d, _) = run(&[
            ("2018年3月5日在第十三届全国人民代表大会第一次会议上", true),
            ("现在，我代表国务院，向大会报告过去五年政府工作。", false),
            ("五年来，我们坚持稳中求进。", false),
        ]);
        assert_eq!(d.issuer.map(|c| c.label).as_deref(), Some("国务院"));
        assert_eq!(d.publication_year, Some(2018));
        assert_eq!(d.contexts[2].base_span, 5);
    }
}
