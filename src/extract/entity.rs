//! Entity candidates in one sentence, from general patterns: organ names built from a level
//! prefix, department stems and an organ suffix; names ending in a category word with a
//! specific name before it; quoted names; lists of companies; divisions and named regions.

use crate::lexicon::{Level, Lexicon, Phrases, short_form};
use crate::model::EntityKind;
use crate::segment::{Segmenter, Word};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// An entity named in a sentence, before identity across the document is settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// First character, relative to the sentence.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The name, quotes removed.
    pub label: String,
    /// Category.
    pub kind: EntityKind,
    /// For places: the division code.
    pub admin_code: Option<String>,
    /// A county's short form read outside a list of places: kept only when the county lies in
    /// the document's province (see `extract::mod`).
    pub weak: bool,
}

impl Candidate {
    /// A name the document implies rather than writes at one place (its country, its issuer
    /// read from the title), with no span of its own.
    pub fn implied(label: impl Into<String>, kind: EntityKind, admin_code: Option<String>) -> Self {
        Self {
            start: 0,
            end: 0,
            label: label.into(),
            kind,
            admin_code,
            weak: false,
        }
    }
}

/// Level characters that make a body's name relative to a place (区科技局).
pub const LEVEL_CHARS: [char; 6] = ['区', '市', '县', '省', '州', '镇'];

/// Words that open or close a name's left edge: verbs and function words that govern it.
const BOUNDARY_WORDS: &[&str] = &[
    "建立健全",
    "建立",
    "健全",
    "完善",
    "做优",
    "做强",
    "做大",
    "做实",
    "建强",
    "擦亮",
    "打响",
    "跻身",
    "实施",
    "实施好",
    "推进",
    "推动",
    "开展",
    "深入开展",
    "打造",
    "举办",
    "启动",
    "深化",
    "落实",
    "加快",
    "成立",
    "入选",
    "列入",
    "获评",
    "牵头",
    "做好",
    "抓好",
    "统筹",
    "完成",
    "围绕",
    "依托",
    "发挥",
    "加强",
    "强化",
    "优化",
    "培育",
    "积极",
    "全力",
    "扎实",
    "持续",
    "认真",
    "推出",
    "发布",
    "出台",
    "制定",
    "组建",
    "设立",
    "获批",
    "开工",
    "建成",
    "参与",
    "融入",
    "对接",
    "支持",
    "助力",
    "以",
    "为",
    "在",
    "和",
    "与",
    "及",
    "等",
    "的",
    "是",
    "了",
    "把",
    "将",
    "对",
    "向",
    "从",
    "到",
    "由",
    "被",
    "让",
    "使",
    "于",
    "并",
    "也",
    "还",
    "都",
    "又",
    "再",
    "就",
    "好",
    "成功",
    "深入",
    "贯彻",
    "聚焦",
    "实现",
    "争创",
    "创建",
    "服务",
    "保障",
    "开启",
    "召开",
    "首届",
    "新一轮",
    "一批",
    "一系列",
    "各类",
    "各项",
    "全省",
    "全市",
    "全区",
    "全县",
    "我省",
    "我市",
    "我区",
    "本市",
    "其中",
    "包括",
    "通过",
    "带动",
    "坚持",
    "继续",
    "不断",
    "大力",
    "着力",
    "努力",
    "重点",
    "主要",
    "进一步",
    "稳步",
    "有序",
    "全域",
    "率先",
    "首批",
    "首个",
    "成为",
    "获",
    "纳入",
    "作为",
    "同时",
    "加大",
    "鼓励",
    "引导",
    "组织",
    "承办",
    "主办",
    "参加",
    "已",
    "已经",
    "正式",
    "顺利",
    "有效",
    "高质量",
    "高水平",
    "精心",
    "迭代",
    "升级",
    "上线",
    "融合",
    "联合",
    "协同",
    "配合",
    "会同",
    "新认定",
    "认定",
    "新增",
    "新建",
    "启用",
    "投用",
    "揭牌",
    "落地",
    "签约",
    "引进",
    "招引",
    "促进",
    "新",
    "再",
    "即",
    "确保",
    "命名",
    "以上",
    "以下",
    "或",
    "而",
    "且",
    "之",
    "其",
    "这",
    "该",
    "此",
    "各",
    "年",
    "月",
    "日",
    "我们",
    "我局",
    "今年",
    "去年",
    "明年",
    "全年",
    "目前",
    "积极开展",
    "深入推进",
    "加快推进",
    "大力推进",
    "全面推进",
    "持续推进",
    "积极推进",
    "扎实推进",
    "改进",
    "推开",
    "集中精力",
    "扩大",
    "公布",
    "要",
    "普遍",
    "建立",
    "放开",
    "放宽",
    "取消",
    "推行",
    "实行",
    "依靠",
    "紧紧依靠",
    "保持",
    "截至",
    "截至目前",
    "完善",
    "健全",
    "构建",
    "形成",
    "探索",
    "谋划",
    "研究",
    "部署",
];

/// Category words that rarely end a generic phrase.
const STRONG_WORDS: &[&str] = &[
    "制度",
    "战略",
    "计划",
    "规划",
    "工程",
    "改革",
    "综合改革",
    "行动",
    "三年行动",
    "试验",
    "试点",
    "督察",
    "条例",
    "方案",
    "若干措施",
    "协同发展",
];

/// Words too general to make a name on their own (产业平台, 重点项目).
const GENERIC_WORDS: &[&str] = &[
    "重点",
    "重大",
    "主要",
    "相关",
    "有关",
    "各类",
    "各项",
    "新",
    "本",
    "该",
    "省级",
    "市级",
    "区级",
    "县级",
    "国家级",
    "国家",
    "全国",
    "全省",
    "全市",
    "全区",
    "产业",
    "公共",
    "数字",
    "服务",
    "民生",
    "基础设施",
    "文化",
    "旅游",
    "社会",
    "经济",
    "政府",
    "投资",
    "政府投资",
    "落地",
    "新建",
    "在建",
    "签约",
    "招引",
    "制造业",
    "特色",
    "示范",
    "创新",
    "科技",
    "双创",
    "基层",
    "社区",
    "企业",
    "工作",
    "发展",
    "建设",
    "改革",
    "项目",
    "平台",
    "活动",
    "行动",
    "工程",
    "计划",
    "规划",
    "政策",
    "体系",
    "模式",
    "机制",
    "制度",
    "试点",
    "品牌",
    "中心",
    "基地",
    "园区",
    "小镇",
    "专项",
    "各",
    "一批",
    "首批",
    "大",
    "小",
    "中",
    "优质",
    "高端",
    "现代",
    "传统",
    "新兴",
    "未来",
    "战略性",
    "综合",
    "专题",
    "配套",
    "保障",
    "管理",
    "治理",
    "推进",
    "实施",
    "支持",
    "相应",
    "亿元以上",
    "主",
    "领域",
    "行业",
    "城市",
    "农村",
    "乡村",
    "区域",
    "场馆",
    "亚运场馆",
    "安居",
    "事业",
    "这项",
    "重点产业",
    "产业链",
    "龙头",
    "骨干",
    "市场",
    "主体",
    "经营主体",
    "市场主体",
    "年度",
    "主",
    "世界一流",
    "一流",
    "高水平",
    "公立",
    "三级",
    "城乡",
    "专门",
    "薄弱",
    "非刚性",
    "非重点",
    "标志性",
    "民间",
    "上市",
    "大中型",
    "商业",
];

/// A numeral with a measure (两大, 三类, 八大).
/// [`BOUNDARY_WORDS`] and [`GENERIC_WORDS`] as sets: both are asked of every word.
static BOUNDARY: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| BOUNDARY_WORDS.iter().copied().collect());
static GENERIC: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| GENERIC_WORDS.iter().copied().collect());

fn is_numeral_measure(w: &str) -> bool {
    w.chars().count() >= 2
        && w.chars()
            .rev()
            .skip(1)
            .all(|c| "一二两三四五六七八九十几多".contains(c))
        && w.ends_with(['大', '类', '个', '项', '批', '家', '种', '条'])
}

/// Parts of speech that never stand inside a name: pronouns, conjunctions, prepositions,
/// particles and modal words (这, 如果, 对, 的, 吗). Adverbs stay: 全面 opens 全面创新改革试验.
fn is_function_word(w: &Word<'_>) -> bool {
    matches!(w.tag, "r" | "c" | "p" | "u" | "uj" | "ul" | "y" | "e")
        && !w.text.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_boundary(w: &str) -> bool {
    BOUNDARY.contains(w)
        || w.chars()
            .all(|c| !c.is_alphanumeric() || c.is_ascii_punctuation())
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '+' | '-' | '·' | '—' | '（' | '）')
}

/// The category a name's last word puts it in, and that word's length in characters.
pub fn kind_by_suffix(lex: &Lexicon, name: &str) -> Option<(EntityKind, usize)> {
    best_kind(lex, |p| p.ending(name).next())
}

/// [`kind_by_suffix`] of the characters.
fn kind_by_suffix_chars(lex: &Lexicon, name: &[char]) -> Option<(EntityKind, usize)> {
    best_kind(lex, |p| p.ending_chars(name).next())
}

/// The longest category word `first` finds in the four lists; on a tie, the earlier list.
fn best_kind(
    lex: &Lexicon,
    first: impl Fn(&Phrases) -> Option<usize>,
) -> Option<(EntityKind, usize)> {
    const KINDS: [EntityKind; 4] = [
        EntityKind::Platform,
        EntityKind::Institution,
        EntityKind::Enterprise,
        EntityKind::Initiative,
    ];
    let mut best: Option<(EntityKind, usize)> = None;
    for (phrases, kind) in lex.category_phrases().iter().zip(KINDS) {
        if let Some(i) = first(phrases) {
            let n = phrases.len_of(i);
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((kind, n));
            }
        }
    }
    best
}

/// All candidates of one sentence, in text order. `chars` is the sentence; `words` its
/// segmentation (character offsets relative to the sentence).
pub fn candidates(
    lex: &Lexicon,
    seg: &Segmenter,
    chars: &[char],
    words: &[Word<'_>],
    heading: bool,
) -> Vec<Candidate> {
    let quotes = quote_spans(chars);
    let mut out = Vec::new();
    bodies(lex, chars, &mut out);
    places(lex, seg, chars, words, &mut out);
    // a short heading is a slogan (全力以赴推项目, 聚焦“产业提能+平台造峰”), not a list of names
    if !heading || chars.len() > 20 {
        quoted(lex, chars, &quotes, words, &mut out);
        by_category_word(lex, seg, chars, words, &quotes, &mut out);
        regional_strategies(lex, chars, words, &mut out);
        abbreviated_reforms(seg, chars, words, &mut out);
    }
    company_lists(lex, chars, words, &mut out);
    merge_adjacent_bodies(&mut out);
    out.retain(|c| !lex.slogans.contains(&c.label));
    resolve_overlaps(out)
}

/// Spans of text inside “…” (exclusive of the marks).
pub fn quote_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '“' | '《' => open = Some(i + 1),
            '”' | '》' => {
                if let Some(s) = open.take() {
                    spans.push((s, i));
                }
            }
            _ => {}
        }
    }
    spans
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, label: String, kind: EntityKind) {
    out.push(Candidate {
        start,
        end,
        label,
        kind,
        admin_code: None,
        weak: false,
    });
}

/// Government bodies: standalone names, and [place|level] + stems + organ suffix.
fn bodies(lex: &Lexicon, chars: &[char], out: &mut Vec<Candidate>) {
    let standalone = lex.standalone_phrases();
    for (k, s) in standalone.find_all(chars, false) {
        let b = &lex.standalone_bodies[k];
        push(
            out,
            s,
            s + standalone.len_of(k),
            b.clone(),
            EntityKind::GovernmentBody,
        );
    }
    let suffixes = lex.organ_suffix_phrases();
    let stems_max = 10;
    let mut i = 0;
    while i < chars.len() {
        // find an organ suffix ending at i..e, the longest first
        let Some(n) = suffixes
            .starting_at(chars, i)
            .next()
            .map(|k| suffixes.len_of(k))
        else {
            i += 1;
            continue;
        };
        let end = i + n;
        // do not end inside a longer word: 委员 of 委员会 is handled by the longer suffix
        let mut start = i;
        let mut stems = 0;
        // consume stems leftwards, longest first
        'outer: while start > 0 && i - start < stems_max {
            for len in (1..=7).rev() {
                if len > start {
                    continue;
                }
                let cand: String = chars[start - len..start].iter().collect();
                if lex.organ_stems.contains(&cand) {
                    start -= len;
                    stems += 1;
                    continue 'outer;
                }
                // 区委人才办: a level body (区委) stands before the stem
                if len == 2
                    && stems > 0
                    && LEVEL_CHARS.contains(&chars[start - 2])
                    && chars[start - 1] == '委'
                {
                    start -= 2;
                    break 'outer;
                }
            }
            break;
        }
        let suffix: String = chars[i..end].iter().collect();
        let level_body = matches!(
            suffix.as_str(),
            "委" | "政府"
                | "人民政府"
                | "人大"
                | "人大常委会"
                | "政协"
                | "纪委"
                | "科协"
                | "工商联"
        );
        // a level char or a division name before the stems makes the name relative or absolute
        let mut has_level = false;
        if start > 0 && LEVEL_CHARS.contains(&chars[start - 1]) {
            start -= 1;
            has_level = true;
            // a division's full name before it (杭州市 + 科技局 written 杭州市科技局)
            if let Some(ds) = division_before(lex, chars, start + 1) {
                start = ds;
            }
        } else if let Some(ds) = division_before(lex, chars, start) {
            start = ds;
            has_level = true;
        }
        if stems > 0 || (level_body && has_level) {
            let label: String = chars[start..end].iter().collect();
            push(out, start, end, label, EntityKind::GovernmentBody);
        }
        i = end;
    }
}

/// Start of a division full name or a province/prefecture short form ending at `end`.
fn division_before(lex: &Lexicon, chars: &[char], end: usize) -> Option<usize> {
    for len in (2..=8).rev() {
        if len > end {
            continue;
        }
        let cand: String = chars[end - len..end].iter().collect();
        if lex.division(&cand).is_some() {
            return Some(end - len);
        }
        if lex
            .divisions_by_short(&cand)
            .iter()
            .any(|d| d.level != Level::County)
        {
            return Some(end - len);
        }
    }
    None
}

/// Divisions by full name or short form, and named regions.
fn places(
    lex: &Lexicon,
    seg: &Segmenter,
    chars: &[char],
    words: &[Word<'_>],
    out: &mut Vec<Candidate>,
) {
    // a county's short form that is also a common word (东方, 合作, 资源) is a place only in a
    // list of places (与昭化、泸定携手)
    let is_place = |t: &str| lex.division(t).is_some() || lex.divisions_by_short(t).len() == 1;
    let in_list = |w: &Word<'_>| {
        let before = w
            .start
            .checked_sub(1)
            .filter(|&i| chars[i] == '、')
            .and_then(|i| words.iter().find(|x| x.end == i));
        let after = (chars.get(w.end) == Some(&'、'))
            .then(|| words.iter().find(|x| x.start == w.end + 1))
            .flatten();
        before.is_some_and(|x| is_place(x.text)) || after.is_some_and(|x| is_place(x.text))
    };
    for w in words {
        let name = w.text;
        if let Some(d) = lex.division(name) {
            out.push(Candidate {
                start: w.start,
                end: w.end,
                label: d.name.clone(),
                kind: EntityKind::Place,
                admin_code: Some(d.code.clone()),
                weak: false,
            });
            continue;
        }
        let shorts = lex.divisions_by_short(name);
        // a short form is read as a place only where it names one division
        if shorts.len() == 1
            && name.chars().count() >= 2
            && (shorts[0].level != Level::County || !seg.is_known(name) || in_list(w))
        {
            let d = shorts[0];
            out.push(Candidate {
                start: w.start,
                end: w.end,
                label: d.name.clone(),
                kind: EntityKind::Place,
                admin_code: Some(d.code.clone()),
                weak: d.level == Level::County && !in_list(w),
            });
        }
    }
    // a short form glued to the next word by jieba (拱墅优礼 → 拱墅 + 优礼) is still a place
    // when it opens the word
    for w in words {
        if w.end - w.start <= 2 {
            continue;
        }
        let head: String = chars[w.start..w.start + 2].iter().collect();
        let shorts = lex.divisions_by_short(&head);
        if shorts.len() == 1
            && short_form(&shorts[0].name) == Some(head.as_str())
            && !seg.is_known(&head)
        {
            let d = shorts[0];
            out.push(Candidate {
                start: w.start,
                end: w.start + 2,
                label: d.name.clone(),
                kind: EntityKind::Place,
                admin_code: Some(d.code.clone()),
                weak: d.level == Level::County,
            });
        }
    }
    let regions = lex.region_phrases();
    for (k, s) in regions.find_all(chars, false) {
        push(
            out,
            s,
            s + regions.len_of(k),
            lex.regions[k].clone(),
            EntityKind::Place,
        );
    }
}

/// Quoted names: “152”工程 → 152工程; “拱墅优礼” alone → an initiative.
fn quoted(
    lex: &Lexicon,
    chars: &[char],
    quotes: &[(usize, usize)],
    words: &[Word<'_>],
    out: &mut Vec<Candidate>,
) {
    for &(s, e) in quotes {
        let inner: String = chars[s..e].iter().collect();
        let n = e - s;
        let book = s > 0 && chars[s - 1] == '《';
        let max = if book { 40 } else { 20 };
        // 双随机、一公开 is one name; a longer run with 、 is a list of slogans
        if n == 0
            || n > max
            || inner.contains(['，', '。', '；', '！', '？', ','])
            || (!book && inner.contains('、') && n > 12)
        {
            continue;
        }
        // the words right after the closing mark up to the last category word among the next
        // three (“1+3”结对帮扶机制, “8+4”经济政策体系), unless a generic modifier opens them
        // (“千项万亿”重大项目 names 千项万亿)
        let after = e + 1;
        let mut suffix = String::new();
        let mut cand = String::new();
        let mut at = after;
        for _ in 0..3 {
            let Some(w) = words.iter().find(|w| w.start == at) else {
                break;
            };
            let modifier = [
                "重大", "重点", "主要", "各类", "各项", "相关", "一批", "首批",
            ]
            .iter()
            .any(|m| w.text.starts_with(m));
            if !w.text.chars().all(is_name_char) || (cand.is_empty() && modifier) {
                break;
            }
            cand.push_str(w.text);
            at = w.end;
            if kind_by_suffix(lex, &cand).is_some() && cand.chars().count() <= 8 {
                suffix = cand.clone();
            }
        }
        // a count before the marks counts things of the quoted type (206个“两重”项目)
        let counted = s >= 3
            && matches!(chars[s - 2], '个' | '项' | '批' | '家')
            && chars[s - 3].is_ascii_digit();
        if counted {
            suffix.clear();
        }
        // a sentence in quotes is a slogan (绿水青山就是金山银山)
        if ["是", "要"].iter().any(|v| inner.contains(v)) && n >= 8 {
            continue;
        }
        // “十四五” on its own names the five-year plan
        let plan_period = suffix.is_empty() && is_plan_period(&inner);
        let label = if plan_period {
            format!("{inner}规划")
        } else {
            format!("{inner}{suffix}")
        };
        let kind = if book {
            EntityKind::Initiative // a titled document: law, plan, measures
        } else {
            kind_by_suffix(lex, &label)
                .map(|(k, _)| k)
                .unwrap_or(EntityKind::Initiative)
        };
        let end = if suffix.is_empty() {
            e
        } else {
            after + suffix.chars().count()
        };
        let specific = n >= 4
            || counted
            || inner.chars().any(|c| c.is_ascii_digit() || c == '+')
            || !suffix.is_empty()
            || plan_period;
        if !specific || inner.ends_with('式') || lex.division(&inner).is_some() {
            continue;
        }
        push(out, s, end, label, kind);
    }
}

/// 第三大, 第2大: an ordinal rank by size.
fn is_rank(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(3).any(|w| {
        w[0] == '第'
            && (w[1].is_ascii_digit() || "一二三四五六七八九十".contains(w[1]))
            && w[2] == '大'
    })
}

/// Directions that name the country's large regions in its development strategies.
const DIRECTION_REGIONS: &[&str] = &["西部", "东北", "中部", "东部"];

/// National regional strategies: a named region and what is done with it (京津冀协同发展,
/// 长江经济带发展, 西部大开发, 东北振兴, 中部崛起, 东部率先发展), with 战略 when it follows.
fn regional_strategies(
    lex: &Lexicon,
    chars: &[char],
    words: &[Word<'_>],
    out: &mut Vec<Candidate>,
) {
    // a bare direction takes only the verbs of the national strategies (东部发展 is no name)
    const DIRECTION_VERBS: &[&str] = &["大开发", "开发", "振兴", "崛起", "率先发展"];
    const REGION_VERBS: &[&str] = &["协同发展", "一体化发展", "高质量发展", "发展", "建设"];
    static DIRECTIONS: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(DIRECTION_REGIONS));
    let found = lex
        .region_phrases()
        .find_all(chars, true)
        .into_iter()
        .map(|(k, i)| (lex.regions[k].as_str(), REGION_VERBS, i))
        .chain(
            DIRECTIONS
                .find_all(chars, true)
                .into_iter()
                .map(|(k, i)| (DIRECTION_REGIONS[k], DIRECTION_VERBS, i)),
        );
    for (region, verbs, i) in found {
        let r_len = region.chars().count();
        let at = i + r_len;
        let Some(verb) = verbs.iter().find(|v| {
            let v: Vec<char> = v.chars().collect();
            chars.get(at..at + v.len()) == Some(&v[..])
        }) else {
            continue;
        };
        let mut end = at + verb.chars().count();
        if chars.get(end..end + 2) == Some(&['战', '略'][..]) {
            end += 2;
        }
        // the strategy ends a word (西部开发区 is a zone, 发展中 a phrase)
        if !words.iter().any(|w| w.end == end) || chars.get(end) == Some(&'区') {
            continue;
        }
        push(
            out,
            i,
            end,
            chars[i..end].iter().collect(),
            EntityKind::Initiative,
        );
    }
}

/// Reforms named by their short forms: the chief system (河长制, 湖长制, 林长制) and
/// one-for-another switches (营改增, 煤改气), standing alone as the object of a verb or in a
/// list.
fn abbreviated_reforms(
    seg: &Segmenter,
    chars: &[char],
    words: &[Word<'_>],
    out: &mut Vec<Candidate>,
) {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let separate = |c: Option<&char>| {
        c.is_none_or(|&c| "、，。；：,;和与等及".contains(c) || c == '”' || c == '“')
    };
    for i in 0..chars.len().saturating_sub(2) {
        let (a, m, b) = (chars[i], chars[i + 1], chars[i + 2]);
        let chief = m == '长' && b == '制';
        // neither half a word of its own (改变, 修改, 整改): 营改增 is cut as 营/改增
        let switch = m == '改'
            && cjk(b)
            && !seg.is_known(&format!("{a}改"))
            && !seg.is_known(&format!("改{b}"))
            && !"的了不未和同就会也又".contains(a);
        if !(chief || switch) || !cjk(a) || !separate(chars.get(i + 3)) {
            continue;
        }
        // the short form starts a word or follows a list mark (推行河长制、湖长制), not a count
        let opens = i == 0
            || "、，“".contains(chars[i - 1])
            || words
                .iter()
                .any(|w| w.end == i && !matches!(w.tag, "m" | "q" | "x"));
        if opens {
            push(
                out,
                i,
                i + 3,
                chars[i..i + 3].iter().collect(),
                EntityKind::Initiative,
            );
        }
    }
}

/// Walks left from the word at `k` (the name's first word so far) over words that can stand in
/// a name, stopping at a governing verb, a function word, a count or `max_len` characters
/// before `full_end`; returns where the name starts. `name_end` is where its category word
/// begins.
fn walk_left(
    lex: &Lexicon,
    chars: &[char],
    words: &[Word<'_>],
    mut k: usize,
    name_end: usize,
    full_end: usize,
    max_len: usize,
) -> usize {
    let mut start = words.get(k).map_or(name_end, |w| w.start.min(name_end));
    while k > 0 {
        let prev = &words[k - 1];
        // 和/与 joins the parts of one name (中非经贸和文化论坛, 防控与诊治重点实验室) when
        // a name word stands before it that does not already end a name of its own
        // (智能制造工程和工业互联网创新发展工程 is two names)
        let joins = matches!(prev.text, "和" | "与") && name_end - start >= 2 && k >= 2 && {
            let before = &words[k - 2];
            before.text.chars().all(is_name_char)
                && !is_boundary(before.text)
                && !is_function_word(before)
                && before.tag != "v"
                && kind_by_suffix(lex, before.text).is_none()
        };
        if joins {
            start = prev.start;
            k -= 1;
            continue;
        }
        if is_boundary(prev.text)
            || is_function_word(prev)
            || !prev.text.chars().all(is_name_char)
            || full_end - prev.start > max_len
        {
            break;
        }
        // 大武林商圈、北部软件园两大…发展区: a count after a finished name starts anew, while
        // 稳进提质八大攻坚行动 keeps its 八大
        if is_numeral_measure(prev.text)
            && k >= 2
            && kind_by_suffix(lex, words[k - 2].text).is_some()
        {
            break;
        }
        // a count before the name (29项促消费政策, 7家院士工作站) is not part of it
        let after_digit = prev.start > 0 && chars[prev.start - 1].is_ascii_digit();
        if after_digit
            && lex
                .units
                .iter()
                .any(|(u, _)| prev.text.starts_with(u.as_str()))
        {
            break;
        }
        if prev.text.chars().any(|c| c.is_ascii_digit())
            && lex.units.iter().any(|(u, _)| {
                chars[prev.start..]
                    .iter()
                    .collect::<String>()
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .starts_with(u.as_str())
            })
        {
            break;
        }
        start = prev.start;
        k -= 1;
    }
    start
}

/// Moves a name's start past what opens it without belonging to it: a governing verb that
/// names may also hold (建设 in 强省建设三年行动, but not in 建设三类平台), or a preposition glued
/// to the name by the segmenter (以高能级平台).
fn trim_leading(chars: &[char], words: &[Word<'_>], mut start: usize, name_end: usize) -> usize {
    // a verb (not a verbal noun) or adverb opening the name governs it (修订…条例, 专门听取…),
    // and a count opening it counts it (几个五年计划)
    while let Some(w0) = words.iter().find(|x| x.start == start)
        && ((matches!(w0.tag, "v" | "d") && name_end.saturating_sub(w0.end) >= 4)
            || (is_numeral_measure(w0.text) && name_end.saturating_sub(w0.end) >= 2))
    {
        start = w0.end;
    }
    if let Some(w0) = words.iter().find(|x| x.start == start)
        && matches!(w0.text, "建设" | "打造" | "推进" | "实施" | "提升")
        && w0.end < name_end
    {
        start = w0.end;
    }
    if name_end.saturating_sub(start) > 3
        && matches!(
            chars[start],
            '以' | '在' | '对' | '把' | '将' | '为' | '从' | '向' | '由' | '与'
        )
    {
        start += 1;
    }
    start
}

/// 十五, 十四五 …: the name of a five-year plan period.
fn is_plan_period(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    match c.as_slice() {
        ['十', '五'] => true,
        ['十', d, '五'] => "一二三四五六七八九".contains(*d),
        _ => false,
    }
}

/// Names ending in a category word, with the specific part found by walking left over the
/// segmentation until a governing verb or function word.
fn by_category_word(
    lex: &Lexicon,
    seg: &Segmenter,
    chars: &[char],
    words: &[Word<'_>],
    quotes: &[(usize, usize)],
    out: &mut Vec<Candidate>,
) {
    for (wi, w) in words.iter().enumerate() {
        // the category word must end a word (行动 in 行动计划 waits for 计划)
        let upto = &chars[w.start.saturating_sub(8)..w.end];
        let Some((kind, suf_len)) = kind_by_suffix_chars(lex, upto) else {
            continue;
        };
        let upto: String = upto.iter().collect();
        if words
            .get(wi + 1)
            .is_some_and(|n| kind_by_suffix(lex, &format!("{upto}{}", n.text)).is_some())
        {
            continue;
        }
        let suffix_start = w.end - suf_len;
        // walk left from the word holding the suffix's first character (创新/中心 → 创新)
        let Some(k) = words[..=wi].iter().rposition(|x| x.start <= suffix_start) else {
            continue;
        };
        let start = walk_left(lex, chars, words, k, suffix_start, w.end, 20);
        let mut start = trim_leading(chars, words, start, suffix_start);
        // a name may not start inside a quote it does not close, nor with a number+measure
        if quotes
            .iter()
            .any(|&(qs, qe)| start > qs && start < qe && w.end > qe)
        {
            continue;
        }
        while start < suffix_start && chars[start].is_ascii_digit() {
            start += 1;
        }
        // 城西科创园两大服务业创新发展区: a name and a count of the kind it belongs to
        let lo = words.partition_point(|x| x.start <= start);
        let hi = words.partition_point(|x| x.start < suffix_start).max(lo);
        let inside = &words[lo..hi];
        if let Some(count) = inside.iter().find(|x| {
            x.start > start
                && x.end < suffix_start
                && is_numeral_measure(x.text)
                && kind_by_suffix(lex, &chars[start..x.start].iter().collect::<String>()).is_some()
        }) {
            start = count.end;
        }
        // 医疗、医保、医药联动改革: a run of two-character nouns listed before the name's first
        // word modifies it too (three at least; two are as often two names)
        let pair = |x: &Word<'_>| {
            x.end - x.start == 2
                && (x.tag.starts_with('n') || x.tag == "j")
                && lex.division(x.text).is_none()
                && lex.divisions_by_short(x.text).is_empty()
        };
        let mut run = start;
        let mut items = 1;
        while run >= 3
            && chars[run - 1] == '、'
            && words.iter().any(|x| x.start == run && pair(x))
            && let Some(prev) = words.iter().find(|x| x.end == run - 1 && pair(x))
        {
            run = prev.start;
            items += 1;
        }
        if items >= 3
            && words
                .iter()
                .any(|x| x.start == start && x.end < suffix_start)
        {
            start = run;
        }
        if start >= suffix_start {
            continue;
        }
        let name: String = chars[start..suffix_start].iter().collect();
        // the weak category words (项目, 平台, 政策) end many generic phrases; the strong ones
        // (制度, 战略, 改革) end few, so only listed generic words count against them
        let suffix: String = chars[suffix_start..w.end].iter().collect();
        let strong = STRONG_WORDS.contains(&suffix.as_str());
        let generic = if strong || kind == EntityKind::Enterprise {
            name.chars().count() < 3 || is_generic_words(&name, words, start, suffix_start)
        } else if kind == EntityKind::Institution {
            // an institution's own word (大学, 医院) rarely ends a generic phrase: a university
            // is judged by listed generic words only
            let university = suffix == "大学";
            let inside = words
                .iter()
                .any(|x| x.start >= start && x.end <= suffix_start);
            is_generic_words(&name, words, start, suffix_start)
                || (!university
                    && inside
                    && is_generic(lex, seg, &name, words, start, suffix_start))
        } else {
            is_generic(lex, seg, &name, words, start, suffix_start)
        };
        if name.chars().count() < 2 || generic {
            continue;
        }
        let label: String = chars[start..w.end].iter().collect();
        // 第十三届全国人民代表大会: a congress is a body, not an event
        let kind = if label.ends_with("代表大会") {
            EntityKind::GovernmentBody
        } else {
            kind
        };
        if label.contains(['“', '”']) {
            continue; // quoted() handles names with quotes
        }
        // a rank describes a thing, it does not name it (全球第三大加油港)
        if label.contains("最大") || is_rank(&label) {
            continue;
        }
        let project_like =
            label.ends_with("项目") || label.ends_with("总部") || label.ends_with("基地");
        push(out, start, w.end, label, kind);
        // A、B项目: the conjunct before 、 shares the category word
        if start > 0
            && chars[start - 1] == '、'
            && matches!(kind, EntityKind::Initiative | EntityKind::Platform)
        {
            let end = start - 1;
            let Some(k) = words.iter().position(|x| x.end == end) else {
                continue;
            };
            let s0 = walk_left(lex, chars, words, k, end, end, 16);
            let s0 = trim_leading(chars, words, s0, end);
            if end - s0 >= 3
                && !is_generic(
                    lex,
                    seg,
                    &chars[s0..end].iter().collect::<String>(),
                    words,
                    s0,
                    end,
                )
            {
                push(out, s0, end, chars[s0..end].iter().collect(), kind);
                if project_like {
                    enterprise_head(seg, chars, words, s0, end, out);
                }
            }
        }
        if project_like {
            enterprise_head(seg, chars, words, start, w.end, out);
        }
    }
}

/// A project named after its company (罗莱迪思智能制造基地项目, 习谷科技新能源): an opening
/// word the dictionary does not know, with a company word after it, is the company.
fn enterprise_head(
    seg: &Segmenter,
    chars: &[char],
    words: &[Word<'_>],
    start: usize,
    end: usize,
    out: &mut Vec<Candidate>,
) {
    let Some(i) = words.iter().position(|w| w.start == start) else {
        return;
    };
    let head = &words[i];
    if head.end - head.start < 2 || seg.is_known(head.text) || head.end >= end {
        return;
    }
    let mut e = head.end;
    if let Some(next) = words.get(i + 1)
        && matches!(next.text, "科技" | "集团" | "股份" | "控股" | "医药")
        && next.end < end
    {
        e = next.end;
    }
    push(
        out,
        start,
        e,
        chars[start..e].iter().collect(),
        EntityKind::Enterprise,
    );
}

/// A name part is generic when it is a listed generic word, or is short and made only of
/// common dictionary words with no number, letter or place in it (城市更新项目, 民间投资项目).
fn is_generic(
    lex: &Lexicon,
    seg: &Segmenter,
    name: &str,
    words: &[Word<'_>],
    start: usize,
    end: usize,
) -> bool {
    if GENERIC.contains(name) {
        return true;
    }
    let inside: Vec<&Word<'_>> = words
        .iter()
        .filter(|w| w.start >= start && w.end <= end)
        .collect();
    // a place in the name (温州医科大学, 衢州综保区) makes it specific
    let placed = inside.iter().any(|w| {
        lex.division(w.text).is_some()
            || !lex.divisions_by_short(w.text).is_empty()
            || lex.regions.iter().any(|r| r == w.text)
    });
    let marked = placed
        || name
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || "一二三四五六七八九十百千两".contains(c));
    let common = inside
        .iter()
        .all(|w| seg.is_known(w.text) && w.end - w.start >= 2);
    // 项目, 政策 and 机制 end long generic phrases too (中央政府定价项目, 金融监管协调机制)
    let weakest = ["项目", "政策", "机制"]
        .iter()
        .any(|w| spells(words, end, w));
    if !marked && common && (name.chars().count() <= 5 || weakest) {
        return true;
    }
    is_generic_words(name, words, start, end)
}

/// Whether the words from `at` spell `w` (a category word, possibly split by the segmenter).
fn spells(words: &[Word<'_>], at: usize, w: &str) -> bool {
    let n = w.chars().count();
    let text: String = words
        .iter()
        .filter(|x| x.start >= at && x.end <= at + n)
        .map(|x| x.text)
        .collect();
    text == w
}

/// Whether a name part is made only of listed generic words and numbers (产业主, 重点).
fn is_generic_words(name: &str, words: &[Word<'_>], start: usize, end: usize) -> bool {
    if GENERIC.contains(name) || is_numeral_measure(name) {
        return true;
    }
    let inner: Vec<&str> = words
        .iter()
        .filter(|w| w.start >= start && w.end <= end)
        .map(|w| w.text)
        .collect();
    !inner.is_empty()
        && inner
            .iter()
            .all(|w| GENERIC.contains(*w) || w.chars().all(|c| c.is_ascii_digit()))
}

/// `A、B和C等N家企业` (或 `等通用模型`), `A、B两大创新发展区`, `A、B2家获评众创空间`: each
/// listed name is of the kind the noun after the list says, unless its own suffix says
/// otherwise.
fn company_lists(lex: &Lexicon, chars: &[char], words: &[Word<'_>], out: &mut Vec<Candidate>) {
    for (wi, w) in words.iter().enumerate() {
        // the list closes with 等, or with a count of its items (两大, 2家)
        let digits = !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
        let counted_by = if digits {
            words
                .get(wi + 1)
                .filter(|m| matches!(m.text, "家" | "个" | "所" | "大"))
                .map(|m| m.end)
        } else if is_numeral_measure(w.text) {
            Some(w.end)
        } else {
            None
        };
        let tail_start = match counted_by {
            Some(end) => end,
            None if w.text == "等" => w.end,
            None => continue,
        };
        // the noun after the list says what the names are (a count and an adjective may come
        // between, a clause after a comma may not)
        let tail: String = chars[tail_start..chars.len().min(tail_start + 12)]
            .iter()
            .take_while(|&&c| is_name_char(c))
            .collect();
        let default_kind = if lex.platform_words.iter().any(|p| tail.contains(p.as_str()))
            || ["模型", "平台", "应用"].iter().any(|n| tail.contains(n))
        {
            EntityKind::Platform
        } else if ["企业", "公司", "集团"].iter().any(|n| tail.contains(n))
            || (w.text == "等"
                && tail.starts_with(|c: char| {
                    c.is_ascii_digit() || "一二两三四五六七八九十几".contains(c)
                })
                && tail.contains('家'))
            || (counted_by.is_some()
                && (w.text.ends_with('家') || words.get(wi + 1).is_some_and(|m| m.text == "家")))
        {
            EntityKind::Enterprise
        } else if ["高校", "院所", "大学", "医院", "科研机构"]
            .iter()
            .any(|n| tail.contains(n))
        {
            EntityKind::Institution
        } else {
            continue;
        };
        // items: words back to a boundary, split on 、和及与
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut item_end = w.start;
        let mut k = wi;
        while k > 0 {
            let prev = &words[k - 1];
            if matches!(prev.text, "、" | "和" | "及" | "与") {
                if k < wi || item_end < w.start {
                    items.push((prev.end, item_end));
                }
                item_end = prev.start;
            } else if is_boundary(prev.text)
                || is_function_word(prev)
                || !prev.text.chars().all(is_name_char)
                || prev.tag == "q"
                || prev.text.chars().all(|c| c.is_ascii_digit())
            {
                items.push((prev.end, item_end));
                break;
            } else if k == 1 {
                items.push((prev.start, item_end));
            }
            k -= 1;
        }
        // a count closes a list only where there is one (杭州、宁波两市), not after one name
        items.retain(|&(s, e)| e > s);
        if counted_by.is_some() && items.len() < 2 {
            continue;
        }
        for (mut s, e) in items {
            // a verb opening the first item governs the list (提升大武林商圈、…)
            if let Some(v) = words.iter().find(|x| x.start == s && x.tag == "v")
                && e.saturating_sub(v.end) >= 2
            {
                s = v.end;
            }
            if e <= s || e - s < 2 || e - s > 12 {
                continue;
            }
            let label: String = chars[s..e].iter().collect();
            // an item that is only a category word with generic words before it (重点实验室)
            // names nothing
            if let Some((_, n)) = kind_by_suffix(lex, &label) {
                let name: String = label.chars().take(label.chars().count() - n).collect();
                if name.chars().count() < 2 || is_generic_words(&name, words, s, e - n) {
                    continue;
                }
            }
            let kind = kind_by_suffix(lex, &label)
                .map(|(k, _)| k)
                .unwrap_or(default_kind);
            if kind == EntityKind::Enterprise && label.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            push(out, s, e, label, kind);
        }
    }
}

/// Bodies written back to back (区委区政府) name one leadership.
fn merge_adjacent_bodies(v: &mut Vec<Candidate>) {
    v.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut i = 0;
    while i + 1 < v.len() {
        let j = (i + 1..v.len()).find(|&j| v[j].start >= v[i].end);
        if let Some(j) = j
            && v[i].kind == EntityKind::GovernmentBody
            && v[j].kind == EntityKind::GovernmentBody
            && v[j].start == v[i].end
            && v[i].label.chars().count() <= 3
        {
            let next = v.remove(j);
            v[i].label.push_str(&next.label);
            v[i].end = next.end;
            continue;
        }
        i += 1;
    }
}

/// Keeps one candidate per span. Where two overlap without nesting, the earlier, longer one
/// wins; a name nested in another of the same category gives way to it, while one of another
/// category stays, being a thing of its own (罗莱迪思 in its project's name, 衢州 in 衢州综保区).
fn resolve_overlaps(mut v: Vec<Candidate>) -> Vec<Candidate> {
    v.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    v.dedup_by(|b, a| a.start == b.start && a.end == b.end);
    let mut keep: Vec<Candidate> = Vec::new();
    for c in v {
        let clash = keep.iter().any(|k| {
            let overlap = c.start < k.end && k.start < c.end;
            let inside = c.start >= k.start && c.end <= k.end;
            overlap && (!inside || k.kind == c.kind)
        });
        if !clash {
            keep.push(c);
        }
    }
    keep.sort_by_key(|c| (c.start, c.end));
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    static LEX: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);
    static SEG: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::new(&LEX));

    fn found(s: &str) -> Vec<(EntityKind, String)> {
        let chars: Vec<char> = s.chars().collect();
        let words = SEG.cut(s);
        candidates(&LEX, &SEG, &chars, &words, false)
            .into_iter()
            .map(|c| (c.kind, c.label))
            .collect()
    }

    fn has(s: &str, kind: EntityKind, label: &str) -> bool {
        found(s).iter().any(|(k, l)| *k == kind && l == label)
    }

    #[test]
    fn organ_names_from_stems_and_suffixes() {
        let s =
            "2022年，在区委区政府的坚强领导下，区发改经信局全力牵头实施好稳进提质八大攻坚行动。";
        assert!(
            has(s, EntityKind::GovernmentBody, "区委区政府"),
            "{:?}",
            found(s)
        );
        assert!(has(s, EntityKind::GovernmentBody, "区发改经信局"));
        assert!(has(s, EntityKind::Initiative, "稳进提质八大攻坚行动"));
        assert!(has(
            "会同区委人才办、浙工大，成立浙工大科技人才创新中心。",
            EntityKind::GovernmentBody,
            "区委人才办"
        ));
        // 布局 and 举办 end in organ suffixes but have no department stem
        let f = found("优化服务业空间布局，举办论坛。");
        assert!(
            f.iter().all(|(k, _)| *k != EntityKind::GovernmentBody),
            "{f:?}"
        );
    }

    #[test]
    fn quoted_names_take_the_category_word_after_them() {
        let s = "1-11月，省重大新建项目开工率、“152”工程落地率全省排名第一，实施“腾笼换鸟”。";
        assert!(has(s, EntityKind::Initiative, "152工程"), "{:?}", found(s));
        assert!(has(s, EntityKind::Initiative, "腾笼换鸟"));
        // a short quoted phrase with no category word is not a name
        assert!(!found("实现“开门红”。").iter().any(|(_, l)| l == "开门红"));
    }

    #[test]
    fn regional_strategies_and_short_reform_names() {
        let s = "深入推进西部大开发、东北振兴、中部崛起，推动长三角一体化发展走深走实。";
        for name in ["西部大开发", "东北振兴", "中部崛起", "长三角一体化发展"]
        {
            assert!(
                has(s, EntityKind::Initiative, name),
                "{name}: {:?}",
                found(s)
            );
        }
        // a zone named after a direction is no strategy
        assert!(!has("西部开发区管委会", EntityKind::Initiative, "西部开发"));
        let s = "全面推行林长制、田长制，稳妥推进煤改气、煤改电。";
        for name in ["林长制", "田长制", "煤改气", "煤改电"] {
            assert!(
                has(s, EntityKind::Initiative, name),
                "{name}: {:?}",
                found(s)
            );
        }
        // 改革, 改造 and 整改 are words, not switches
        let f = found("坚持边查边改，推进旧城改造，深化改革。");
        assert!(f.iter().all(|(_, l)| !l.contains('改')), "{f:?}");
    }

    #[test]
    fn lists_closed_by_a_count_or_by_等() {
        let s = "推动湖滨商圈、城西科技园两大省级服务业创新发展区提质。";
        assert!(has(s, EntityKind::Platform, "城西科技园"), "{:?}", found(s));
        assert!(has(s, EntityKind::Platform, "湖滨商圈"));
        let s = "新增市级孵化器1家，蜂巢空间、云栖创客3家获评国家级众创空间。";
        assert!(has(s, EntityKind::Platform, "蜂巢空间"), "{:?}", found(s));
        assert!(has(s, EntityKind::Platform, "云栖创客"));
        // a count after one name is no list, and 等 before a clause says nothing of the names
        assert!(!has("拱宸桥1个入选。", EntityKind::Platform, "拱宸桥"));
        let f = found("全面改革工商登记、注册资本等商事制度，企业开办时间缩短。");
        assert!(f.iter().all(|(k, _)| *k != EntityKind::Enterprise), "{f:?}");
    }

    #[test]
    fn names_that_are_not_entities() {
        // doctrine, quoted or not, and sentences in quotes
        let f = found("深刻领悟“两个确立”，坚决做到“两个维护”，践行“绿水青山就是金山银山”理念。");
        assert!(f.is_empty(), "{f:?}");
        // a rank describes, it does not name
        assert!(found("跻身全球第三大加油港。").is_empty());
        // a count before the quote counts things of the quoted type
        assert!(has(
            "推动186个“千村示范”项目开工。",
            EntityKind::Initiative,
            "千村示范"
        ));
        // a congress is a body, not an event
        assert!(has(
            "在第十四届全国人民代表大会第二次会议上",
            EntityKind::GovernmentBody,
            "第十四届全国人民代表大会"
        ));
        // three short nouns before the name's first word share it
        assert!(has(
            "深化医疗、医保、医药联动改革。",
            EntityKind::Initiative,
            "医疗、医保、医药联动改革"
        ));
    }

    #[test]
    fn platforms_institutions_and_companies() {
        assert!(has(
            "统筹智慧网谷小镇等产业主平台积极融入发展。",
            EntityKind::Platform,
            "智慧网谷小镇"
        ));
        assert!(has(
            "成立浙工大科技人才创新中心。",
            EntityKind::Institution,
            "浙工大科技人才创新中心"
        ));
        let s = "推动习谷科技新能源、罗莱迪思智能制造基地项目尽快落地。";
        assert!(
            has(s, EntityKind::Initiative, "罗莱迪思智能制造基地项目"),
            "{:?}",
            found(s)
        );
        assert!(has(s, EntityKind::Initiative, "习谷科技新能源"));
        assert!(has(s, EntityKind::Enterprise, "罗莱迪思"));
        assert!(has(s, EntityKind::Enterprise, "习谷科技"));
        // generic names are not entities
        assert!(
            found("加强政府投资项目监督，推进城市更新项目。")
                .iter()
                .all(|(k, _)| *k != EntityKind::Initiative)
        );
    }

    #[test]
    fn places_by_full_name_short_form_and_list() {
        let s = "早日实现与昭化、泸定携手奔小康目标。";
        assert!(has(s, EntityKind::Place, "昭化区"), "{:?}", found(s));
        assert!(has(s, EntityKind::Place, "泸定县"));
        assert!(has("杭州市和温州市获评。", EntityKind::Place, "杭州市"));
        // a county's short form that is a common word stays a word
        assert!(
            !found("加强东方文化合作。")
                .iter()
                .any(|(k, _)| *k == EntityKind::Place)
        );
    }
}
