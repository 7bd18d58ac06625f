//! Normalised indicators: the one thing that 地区生产总值, 国内生产总值, 全省生产总值 and GDP
//! measure, so that a target for a year in one report meets the result for that year in a
//! later report of the same place.
//!
//! The table is general vocabulary (`data/indicators.tsv`). An indicator text matches when,
//! after a leading scope (全年, 全省, 预期, ...) and a trailing change word (增长, 涨幅, 下降,
//! ...) are dropped, what is left is one of the indicator's names. Anything more (年均,
//! 占…比重, 从…增加) is a different measure and gets no key.

use std::collections::HashMap;
use std::sync::LazyLock;

const INDICATORS: &str = include_str!("data/indicators.tsv");

/// One normalised indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// Stable key, used in its IRI (`gdp`, `cpi`).
    pub key: String,
    /// Preferred Chinese name.
    pub label: String,
    /// Whether a lower value is the better one (prices, unemployment, energy intensity).
    pub lower_is_better: bool,
}

struct Table {
    indicators: Vec<Indicator>,
    by_name: HashMap<String, usize>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut indicators = Vec::new();
    let mut by_name = HashMap::new();
    for line in INDICATORS.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [key, label, better, names] = f[..] else {
            continue;
        };
        let i = indicators.len();
        indicators.push(Indicator {
            key: key.to_owned(),
            label: label.to_owned(),
            lower_is_better: better == "lower",
        });
        for n in names.split('|').map(str::trim).filter(|n| !n.is_empty()) {
            by_name.entry(n.to_owned()).or_insert(i);
        }
    }
    Table {
        indicators,
        by_name,
    }
});

/// Words before the indicator that only say whose or when (全省, 全年) or how firmly (预期).
const SCOPES: [&str; 22] = [
    "全年", "今年", "当年", "预期", "预计", "力争", "确保", "实现", "完成", "达到", "要", "全国",
    "全省", "全市", "全区", "全县", "我省", "我市", "我区", "我县", "本市", "再",
];

/// Words after the indicator that say how it moved; the comparator and the decrease flag of
/// the quantity carry that meaning already.
const CHANGES: [&str; 16] = [
    "增长率",
    "增长",
    "增速",
    "增幅",
    "涨幅",
    "上涨",
    "涨",
    "下降",
    "降低",
    "减少",
    "提高",
    "提升",
    "增加",
    "达到",
    "为",
    "控制在",
];

/// The indicator a quantity's indicator text names, if it names a known one exactly.
pub fn indicator(text: &str) -> Option<&'static Indicator> {
    let table = &*TABLE;
    let mut s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // scopes may pile up: 全年预期
    loop {
        let before = s.len();
        for w in SCOPES {
            if let Some(rest) = s.strip_prefix(w)
                && !rest.is_empty()
            {
                s = rest.to_owned();
            }
        }
        if s.len() == before {
            break;
        }
    }
    let lookup = |n: &str| table.by_name.get(n).map(|&i| &table.indicators[i]);
    if let Some(i) = lookup(&s) {
        return Some(i);
    }
    CHANGES.iter().find_map(|w| {
        s.strip_suffix(w)
            .filter(|rest| !rest.is_empty())
            .and_then(lookup)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Option<&'static str> {
        indicator(text).map(|i| i.key.as_str())
    }

    #[test]
    fn report_names_of_one_indicator_share_a_key() {
        for t in [
            "国内生产总值增长",
            "地区生产总值增长",
            "全省生产总值",
            "GDP",
            "全年地区生产总值增长",
        ] {
            assert_eq!(key(t), Some("gdp"), "{t}");
        }
        assert_eq!(key("居民消费价格涨幅"), Some("cpi"));
        assert_eq!(key("城镇新增就业"), Some("urban-employment"));
        assert_eq!(key("固投增长"), Some("fixed-asset-investment"));
        assert_eq!(key("单位国内生产总值能耗下降"), Some("energy-intensity"));
        assert!(indicator("居民消费价格").is_some_and(|i| i.lower_is_better));
    }

    #[test]
    fn other_measures_of_a_name_get_no_key() {
        // a five-year average, a share of GDP, a change from one level to another
        assert_eq!(key("居民消费价格年均上涨"), None);
        assert_eq!(key("财政性教育经费占国内生产总值比例持续"), None);
        assert_eq!(key("国内生产总值从54万亿元增加"), None);
        assert_eq!(key("比去年增加"), None);
    }
}
