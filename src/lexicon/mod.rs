//! [`Lexicon`]: the general vocabulary of Chinese government writing that extraction relies
//! on — organ suffixes and department stems, the words that end initiative, platform,
//! institution and company names, units, named regions, and the GB/T 2260 division table.
//!
//! It is data, kept in `src/lexicon/data/` and embedded at build time so the binary is
//! self-contained. **Invariant:** no entry names a thing found in one document only; a name
//! that extraction misses is fixed with a general pattern, not a lexicon entry.

pub mod indicators;
mod phrases;

pub use phrases::Phrases;

use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

const ORGANS: &str = include_str!("data/organs.txt");
const INITIATIVE_WORDS: &str = include_str!("data/initiative_words.txt");
const PROJECT_WORDS: &str = include_str!("data/project_words.txt");
const PLATFORM_WORDS: &str = include_str!("data/platform_words.txt");
const INSTITUTION_WORDS: &str = include_str!("data/institution_words.txt");
const ENTERPRISE_WORDS: &str = include_str!("data/enterprise_words.txt");
const REGIONS: &str = include_str!("data/regions.txt");
const SLOGANS: &str = include_str!("data/slogans.txt");
const UNITS: &str = include_str!("data/units.txt");
const DIVISIONS: &str = include_str!("data/divisions.tsv");

/// Level of an administrative division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省, 自治区, 直辖市.
    Province,
    /// 地级市, 自治州, 地区, 盟.
    Prefecture,
    /// 县, 区, 县级市, 旗.
    County,
}

/// One row of the GB/T 2260 table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Division {
    /// Six-digit code.
    pub code: String,
    /// Full name (拱墅区).
    pub name: String,
    /// Level.
    pub level: Level,
    /// Code of the enclosing division, if any.
    pub parent: Option<String>,
}

/// The lexicon, parsed once from the embedded data.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// Words a body's name ends with, longest first.
    pub organ_suffixes: Vec<String>,
    /// Department words that stand before an organ suffix.
    pub organ_stems: HashSet<String>,
    /// Bodies named without a place.
    pub standalone_bodies: Vec<String>,
    /// How a body refers to itself (我局).
    pub self_references: Vec<String>,
    /// Words ending initiative names, longest first.
    pub initiative_words: Vec<String>,
    /// Words ending construction projects' names (二期, 高铁), longest first.
    pub project_words: Vec<String>,
    /// Words ending platform names, longest first.
    pub platform_words: Vec<String>,
    /// Words ending institution names, longest first.
    pub institution_words: Vec<String>,
    /// Words ending company names, longest first.
    pub enterprise_words: Vec<String>,
    /// Named regions without a division code.
    pub regions: Vec<String>,
    /// Doctrine and slogans, never entities however they are written (quoted, with 战略).
    pub slogans: HashSet<String>,
    /// Units as written with their power of ten, longest first.
    pub units: Vec<(String, i32)>,
    /// The division table.
    pub divisions: Vec<Division>,
    by_name: FxHashMap<String, usize>,
    by_short: FxHashMap<String, Vec<usize>>,
    standalone_phrases: Phrases,
    region_phrases: Phrases,
    organ_suffix_phrases: Phrases,
    category_phrases: [Phrases; 4],
}

fn words(data: &str) -> Vec<String> {
    let mut v: Vec<String> = data
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    longest_first(&mut v);
    v
}

fn longest_first(v: &mut [String]) {
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
}

/// Splits `organs.txt` into its `[section]`s.
fn sections(data: &str) -> HashMap<&str, Vec<String>> {
    let mut out: HashMap<&str, Vec<String>> = HashMap::new();
    let mut current = "";
    for line in data.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
        } else {
            out.entry(current).or_default().push(line.to_owned());
        }
    }
    out
}

/// Suffixes that end division names, longest first; stripping one gives the short form.
const DIVISION_SUFFIXES: [&str; 14] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "盟",
];

/// The 55 minority nationalities, whose names stand between an autonomous division's place
/// name and its 自治县/自治州 (大通回族土族自治县, 凉山彝族自治州).
const NATIONALITIES: [&str; 55] = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// Drops the nationalities that close an autonomous division's name (大通回族土族 → 大通),
/// longest names first so that 土家族 is not read as 家 + 土族.
fn without_nationalities(mut rest: &str) -> &str {
    'outer: while let Some(body) = rest.strip_suffix('族') {
        let mut names: Vec<&str> = NATIONALITIES.to_vec();
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        for n in names {
            if let Some(r) = body.strip_suffix(n)
                && r.chars().count() >= 2
            {
                rest = r;
                continue 'outer;
            }
        }
        break;
    }
    rest
}

/// The short form people write (拱墅 for 拱墅区, 大通 for 大通回族土族自治县), if stripping
/// leaves at least two characters.
pub fn short_form(name: &str) -> Option<&str> {
    DIVISION_SUFFIXES.iter().find_map(|s| {
        name.strip_suffix(s)
            .map(|rest| {
                if s.starts_with("自治") {
                    without_nationalities(rest)
                } else {
                    rest
                }
            })
            .filter(|rest| rest.chars().count() >= 2)
    })
}

impl Lexicon {
    /// The embedded lexicon.
    pub fn embedded() -> Self {
        let organs = sections(ORGANS);
        let take = |k: &str| {
            let mut v = organs.get(k).cloned().unwrap_or_default();
            longest_first(&mut v);
            v
        };
        let units = UNITS
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (u, p) = l.split_once('\t')?;
                Some((u.to_owned(), p.trim().parse().ok()?))
            })
            .collect::<Vec<(String, i32)>>();
        let mut units = units;
        units.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        let divisions: Vec<Division> = DIVISIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?.to_owned();
                let name = f.next()?.to_owned();
                let level = match f.next()? {
                    "province" => Level::Province,
                    "prefecture" => Level::Prefecture,
                    _ => Level::County,
                };
                let parent = f.next().filter(|p| !p.is_empty()).map(str::to_owned);
                Some(Division {
                    code,
                    name,
                    level,
                    parent,
                })
            })
            .collect();
        let mut by_name = FxHashMap::default();
        let mut by_short: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, d) in divisions.iter().enumerate() {
            by_name.entry(d.name.clone()).or_insert(i);
            if let Some(s) = short_form(&d.name) {
                by_short.entry(s.to_owned()).or_default().push(i);
            }
        }
        let organ_suffixes = take("suffix");
        let standalone_bodies = take("standalone");
        let regions = words(REGIONS);
        let platform_words = words(PLATFORM_WORDS);
        let institution_words = words(INSTITUTION_WORDS);
        let enterprise_words = words(ENTERPRISE_WORDS);
        let initiative_words = words(INITIATIVE_WORDS);
        Self {
            organ_suffix_phrases: Phrases::new(&organ_suffixes),
            standalone_phrases: Phrases::new(&standalone_bodies),
            region_phrases: Phrases::new(&regions),
            category_phrases: [
                Phrases::new(&platform_words),
                Phrases::new(&institution_words),
                Phrases::new(&enterprise_words),
                Phrases::new(&initiative_words),
            ],
            organ_suffixes,
            organ_stems: take("stem").into_iter().collect(),
            standalone_bodies,
            self_references: take("self"),
            initiative_words,
            project_words: words(PROJECT_WORDS),
            platform_words,
            institution_words,
            enterprise_words,
            regions,
            slogans: words(SLOGANS).into_iter().collect(),
            units,
            divisions,
            by_name,
            by_short,
        }
    }

    /// [`Self::standalone_bodies`], indexed.
    pub fn standalone_phrases(&self) -> &Phrases {
        &self.standalone_phrases
    }

    /// [`Self::regions`], indexed.
    pub fn region_phrases(&self) -> &Phrases {
        &self.region_phrases
    }

    /// [`Self::organ_suffixes`], indexed.
    pub fn organ_suffix_phrases(&self) -> &Phrases {
        &self.organ_suffix_phrases
    }

    /// The category words, indexed: [`Self::platform_words`], [`Self::institution_words`],
    /// [`Self::enterprise_words`] and [`Self::initiative_words`], in that order.
    pub fn category_phrases(&self) -> &[Phrases; 4] {
        &self.category_phrases
    }

    /// The division with this full name.
    pub fn division(&self, name: &str) -> Option<&Division> {
        self.by_name.get(name).map(|&i| &self.divisions[i])
    }

    /// The division with this code.
    pub fn division_by_code(&self, code: &str) -> Option<&Division> {
        self.divisions.iter().find(|d| d.code == code)
    }

    /// Divisions whose short form this is (several where names repeat across provinces).
    pub fn divisions_by_short(&self, short: &str) -> Vec<&Division> {
        self.by_short
            .get(short)
            .map(|v| v.iter().map(|&i| &self.divisions[i]).collect())
            .unwrap_or_default()
    }

    /// Words jieba should keep whole: every multi-character lexicon word and division name.
    pub fn segmentation_words(&self) -> impl Iterator<Item = &str> {
        self.standalone_bodies
            .iter()
            .chain(&self.self_references)
            .chain(&self.regions)
            .map(String::as_str)
            .chain(self.divisions.iter().map(|d| d.name.as_str()))
            .filter(|w| w.chars().count() >= 2)
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::embedded()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        let lex = Lexicon::embedded();
        assert!(lex.organ_suffixes.iter().any(|s| s == "局"));
        assert!(lex.organ_stems.contains("发改"));
        assert_eq!(
            lex.division("拱墅区").map(|d| d.code.as_str()),
            Some("330105")
        );
        assert_eq!(
            lex.division("泸定县").map(|d| d.code.as_str()),
            Some("513322")
        );
        assert_eq!(
            lex.division("杭州市").map(|d| d.level),
            Some(Level::Prefecture)
        );
        assert!(
            lex.divisions_by_short("拱墅")
                .iter()
                .any(|d| d.code == "330105")
        );
        assert!(lex.units.iter().any(|(u, p)| u == "亿元" && *p == 8));
        // longest first, so 个百分点 is tried before 个
        let pos = |w: &str| lex.units.iter().position(|(u, _)| u == w);
        assert!(pos("个百分点") < pos("个"));
    }

    #[test]
    fn short_forms_keep_two_characters() {
        assert_eq!(short_form("拱墅区"), Some("拱墅"));
        assert_eq!(short_form("浙江省"), Some("浙江"));
        assert_eq!(short_form("新疆维吾尔自治区"), Some("新疆"));
        assert_eq!(short_form("和县"), None);
        assert_eq!(short_form("大通回族土族自治县"), Some("大通"));
        assert_eq!(short_form("凉山彝族自治州"), Some("凉山"));
        assert_eq!(short_form("长阳土家族自治县"), Some("长阳"));
    }
}
