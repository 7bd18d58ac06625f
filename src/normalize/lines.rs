//! Line-level rules of [`super::normalize`]: which raw lines are web-page residue and which are
//! headings ([`Class`]). They look at one cleaned line (spaces collapsed, not yet dropped) and
//! at whether the previous kept line finished its sentence.

use super::chars::{is_cjkish, is_clause_punct, is_closer, is_final_punct, is_ideograph};

/// Lines that are exactly page furniture of the sites the reports are copied from.
const RESIDUE_EXACT: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "加大",
    "还原",
    "减小",
    "】",
    "【",
    "）",
    ")",
    "关闭",
    "关闭窗口",
    "打印本页",
    "分享到",
    "<!--",
    "-->",
    "返回顶部",
];

/// Line openings of bylines, breadcrumbs and font-size widgets.
const RESIDUE_PREFIX: &[&str] = &[
    "【字号",
    "【字体",
    "【E-mail",
    "【打印",
    "【关闭",
    "来源：",
    "来源:",
    "时间：",
    "时间:",
    "发布时间",
    "责任编辑",
    "（责任编辑",
    "(责任编辑",
    "当前位置",
    "<!--",
    "-->",
];

/// Words that make a longer line a title rather than a sentence.
const TITLE_WORDS: &[&str] = &["报告", "规划", "纲要", "总结", "报道", "公报"];

/// How a kept line is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// A heading line.
    Heading,
    /// A numbered heading followed on the same line by body text from this character on.
    HeadingThenBody(usize),
    /// Running text.
    Body,
}

/// Whether a cleaned line is page residue: navigation, bylines, photo captions, page numbers.
/// `line` is the settled line, `spaced` the same with the source's spaces.
pub(crate) fn is_residue(line: &str, spaced: &str, prev_finished: bool) -> bool {
    if RESIDUE_EXACT.contains(&line) || RESIDUE_PREFIX.iter().any(|p| line.starts_with(p)) {
        return true;
    }
    if line.contains("上一页") || line.contains("下一页") {
        return !line.contains('。');
    }
    if line.contains("来源：") && !line.contains('。') && line.chars().count() <= 100 {
        return true;
    }
    is_caption(spaced) || is_page_number(line, prev_finished)
}

/// `新华社记者 姚大伟 摄`, `…。本报记者 戴冰摄`: a credit line ending in 摄.
fn is_caption(line: &str) -> bool {
    let Some(before) = line.strip_suffix('摄') else {
        return false;
    };
    if ["记者", "摄影", "通讯员"].iter().any(|w| line.contains(w)) {
        return true;
    }
    // `… 姓名 摄` / `… 姓名摄`: a 2–4 character name standing after a space.
    let before = before.trim_end();
    let name: Vec<char> = before
        .chars()
        .rev()
        .take_while(|&c| is_ideograph(c))
        .collect();
    (2..=4).contains(&name.len()) && before.chars().rev().nth(name.len()) == Some(' ')
}

/// `12`, `- 12 -`, `—12—`, `第12页`, `第 3 页 共 9 页`. A bare number only counts after a
/// finished sentence, since OCR also breaks lines right before a number.
fn is_page_number(line: &str, prev_finished: bool) -> bool {
    let core: String = line.chars().filter(|c| *c != ' ').collect();
    let stripped = core.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '_' | '·'));
    let decorated = stripped.len() != core.len() || stripped.starts_with('第');
    let digits: String = stripped
        .trim_start_matches('第')
        .replace("页共", "")
        .trim_end_matches('页')
        .to_owned();
    let numeric =
        !digits.is_empty() && digits.len() <= 8 && digits.chars().all(|c| c.is_ascii_digit());
    numeric && (decorated || prev_finished)
}

/// `一、`…`十、`, `（一）`, `第一章`: the numbering of report sections.
fn numbered_prefix(line: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut it = line.chars();
    let first = it.next();
    match first {
        Some('（' | '(') => {
            let inner: Vec<char> = it
                .by_ref()
                .take_while(|c| !matches!(c, '）' | ')'))
                .collect();
            (1..=3).contains(&inner.len()) && inner.iter().all(|c| NUMERALS.contains(*c))
        }
        Some('第') => {
            let inner: Vec<char> = it.by_ref().take_while(|c| NUMERALS.contains(*c)).collect();
            !inner.is_empty()
                && line
                    .chars()
                    .nth(inner.len() + 1)
                    .is_some_and(|c| "章部节篇".contains(c))
        }
        Some(c) if NUMERALS.contains(c) => {
            let rest: String = line
                .chars()
                .skip_while(|c| NUMERALS.contains(*c))
                .take(1)
                .collect();
            rest == "、" && line.chars().take_while(|c| NUMERALS.contains(*c)).count() <= 3
        }
        _ => false,
    }
}

/// Newspaper subheads: two runs of Chinese separated by one space, e.g. `党建强基 聚力领航促发展`.
/// They hold even after an unfinished sentence, because a column break leaves one behind.
fn is_subhead(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() > 30 || chars.iter().any(|&c| is_clause_punct(c)) {
        return false;
    }
    let mut parts = line.split(' ');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let run_ok = |run: &str| {
        run.chars().count() >= 4
            && run
                .chars()
                .next()
                .is_some_and(|c| is_ideograph(c) || is_closer(c) || "“‘\"".contains(c))
            && run.chars().filter(|&c| is_ideograph(c)).count() * 2 >= run.chars().count()
    };
    let around_space_cjk =
        a.chars().last().is_some_and(is_cjkish) && b.chars().next().is_some_and(is_cjkish);
    run_ok(a) && run_ok(b) && around_space_cjk
}

/// Classifies a non-residue line: `line` settled, `spaced` with the source's spaces.
pub(crate) fn classify(line: &str, spaced: &str, prev_finished: bool) -> Class {
    if is_subhead(spaced) {
        return Class::Heading;
    }
    if !prev_finished {
        return Class::Body;
    }
    let n = line.chars().count();
    let has_punct = line.chars().any(is_clause_punct);
    if numbered_prefix(line) {
        match line.chars().position(|c| c == '。') {
            None if n < 40 => return Class::Heading,
            Some(p) if p < 40 => {
                return if p + 1 >= n {
                    Class::Heading
                } else {
                    Class::HeadingThenBody(p + 1)
                };
            }
            _ => {}
        }
    }
    if has_punct {
        return Class::Body;
    }
    // A longer line may still be a title or dateline when it says so early on; looking only at
    // the first 30 characters keeps the rule stable when the line is later joined with others.
    let head: String = line.chars().take(30).collect();
    let titled = line.starts_with("——") || TITLE_WORDS.iter().any(|w| head.contains(w));
    if n <= 30 || (titled && n <= 60) {
        Class::Heading
    } else {
        Class::Body
    }
}

/// Whether a line ends its sentence. Quotes of either direction are looked through, since
/// ASCII quotes only get their direction later, per paragraph.
pub(crate) fn ends_finished(chars: &[char]) -> bool {
    let last = |upto: usize| {
        chars
            .get(..upto)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|&&c| !is_closer(c) && !matches!(c, ' ' | '“' | '‘'))
            .copied()
    };
    if last(chars.len()).is_some_and(is_final_punct) {
        return true;
    }
    // `…胜利。（《人民日报》1954年9月24日）`: a source note after a finished sentence.
    let trimmed = chars.iter().rposition(|&c| c != ' ').map_or(0, |i| i + 1);
    if chars
        .get(..trimmed)
        .and_then(|c| c.last())
        .is_some_and(|&c| matches!(c, '）' | ')'))
    {
        if let Some(open) = chars.iter().rposition(|&c| matches!(c, '（' | '(')) {
            return last(open).is_some_and(is_final_punct);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residue_lines() {
        for line in [
            "下载",
            "【字号：",
            "】",
            "来源：北京日报",
            "时间：2026-02-02",
            "责任编辑：张三",
            "新华社记者 姚大伟 摄",
            "殷勇同志作政府工作报告。本报记者 戴冰摄",
            "- 12 -",
            "第3页",
            "（责任编辑： 郭桢",
            "【E-mail推荐",
            "上一页 1 2 3 4 下一页",
            "中央政府门户网站 www.gov.cn 2006年02月23日 来源：人民网",
        ] {
            assert!(is_residue(line, line, false), "{line}");
        }
        assert!(is_residue("12", "12", true));
        assert!(!is_residue("12", "12", false));
        for line in ["下载中心建设", "2023年展望", "拍摄了宣传片。", "各位代表："]
        {
            assert!(!is_residue(line, line, true), "{line}");
        }
    }

    #[test]
    fn headings() {
        for line in [
            "区两会特别报道",
            "奋楫笃行谱新篇 踔厉奋发向未来",
            "党建强基 聚力领航促发展",
            "2023年展望",
            "一、2025年主要工作和“十四五”发展成就",
            "2026年北京市政府工作报告",
            "政府工作报告——2018年3月5日在第十三届全国人民代表大会第一次会议上国务院总理 李克强",
        ] {
            assert_eq!(classify(line, line, true), Class::Heading, "{line}");
        }
        // Column breaks leave subheads after unfinished sentences.
        let c = |l: &str, f| classify(l, l, f);
        assert_eq!(c("聚焦民生 绘就共富“同心圆”", false), Class::Heading);
        assert_eq!(c("府的坚强领导下", false), Class::Body);
        assert_eq!(c("GDP、规上工业增加值等", true), Class::Body);
        assert_eq!(c("各位代表：", true), Class::Body);
        let line = "（一）强化创新驱动发展，创新浙江建设成效明显。提升科技创新质效。";
        assert_eq!(c(line, true), Class::HeadingThenBody(23));
    }

    #[test]
    fn finished_lines() {
        let f = |s: &str| ends_finished(&s.chars().collect::<Vec<_>>());
        assert!(f("案例。"));
        assert!(f("实现“开门红”。”"));
        assert!(f("排名第一;"));
        assert!(!f("在区委区政"));
        assert!(!f(""));
        assert!(f("更大的胜利。 （《人民日报》1954 0924 第1至2 版）"));
        assert!(!f("经济（含服务业）"));
    }
}
