//! Stage 5: the structured, normalised text → [`Extraction`]: entities, mentions, quantities,
//! attributions, each with the sentence and raw offsets it came from.
//!
//! Submodules find candidates in one sentence ([`entity`], [`quantity`], [`number`]);
//! [`discourse`] decides what spans sentences: the publication year, the year and frame
//! (review or plan) of each sentence, and the body that speaks in each part.

pub mod discourse;
pub mod entity;
pub mod number;
pub mod quantity;

use std::collections::HashMap;

use crate::decode::DecodedText;
use crate::lexicon::Lexicon;
use crate::model::{
    Attribution, DocumentInfo, Entity, EntityId, EntityKind, Extraction, Mention, Quantity, Role,
    Section, Sentence, SentenceId,
};
use crate::normalize::NormalizedText;
use crate::segment::{Segmenter, Word};
use crate::structure::Structure;
use entity::{Candidate, LEVEL_CHARS};

/// Everything the earlier stages produced for one document.
pub struct Input<'a> {
    /// The path as the user gave it.
    pub source: &'a str,
    /// Stage 1.
    pub decoded: &'a DecodedText,
    /// Stage 2.
    pub normalized: &'a NormalizedText,
    /// Stage 3.
    pub structure: &'a Structure,
}

/// One sentence with what the per-sentence passes need.
pub(crate) struct Sent<'a> {
    pub chars: Vec<char>,
    pub text: String,
    /// Normalised offset of the first character.
    pub start: usize,
    pub heading: bool,
    pub section: usize,
    pub words: Vec<Word<'a>>,
}

/// Entities with identity across the document.
#[derive(Default)]
struct Registry {
    entities: Vec<Entity>,
    by_key: HashMap<(EntityKind, String), EntityId>,
}

impl Registry {
    /// Records another name of an entity, and keys it so later mentions find the entity.
    fn alias(&mut self, id: EntityId, label: &str) {
        let kind = self.entities[id.0].kind;
        let e = &mut self.entities[id.0];
        if e.label != label && !e.aliases.iter().any(|a| a == label) {
            e.aliases.push(label.to_owned());
        }
        self.by_key
            .insert((kind, label.replace("人民政府", "政府")), id);
    }

    /// The entity for a name, created on first sight. Relative body names (区科技局) are
    /// qualified by the document's place so that they are keyed apart from other places'.
    fn intern(&mut self, c: &Candidate, place: Option<&str>) -> EntityId {
        let qualifier = (c.kind == EntityKind::GovernmentBody)
            .then(|| relative_body(&c.label))
            .flatten()
            .and(place)
            .map(str::to_owned);
        let key = identity_key(c, place);
        if let Some(&id) = self.by_key.get(&(c.kind, key.clone())) {
            let e = &mut self.entities[id.0];
            if e.label != c.label && !e.aliases.contains(&c.label) {
                e.aliases.push(c.label.clone());
            }
            return id;
        }
        let id = EntityId(self.entities.len());
        self.entities.push(Entity {
            label: c.label.clone(),
            kind: c.kind,
            aliases: Vec::new(),
            qualifier,
            admin_code: c.admin_code.clone(),
        });
        self.by_key.insert((c.kind, key), id);
        id
    }
}

/// The level part of a relative body name (区 of 区科技局), if the name is relative.
fn relative_body(label: &str) -> Option<char> {
    let first = label.chars().next()?;
    (LEVEL_CHARS.contains(&first) && label.chars().count() >= 2).then_some(first)
}

/// What makes two mentions the same thing: places by code, relative bodies with their place,
/// 人民政府 and 政府 alike, 中央人民政府 and 国务院 alike.
fn identity_key(c: &Candidate, place: Option<&str>) -> String {
    if let Some(code) = &c.admin_code {
        return code.clone();
    }
    let mut label = c.label.replace("人民政府", "政府");
    // 走街访企 and 走街访企活动 are one campaign
    if c.kind == EntityKind::Initiative {
        for w in ["活动", "模式", "行动", "计划"] {
            if let Some(rest) = label.strip_suffix(w)
                && rest.chars().count() >= 3
            {
                label = rest.to_owned();
                break;
            }
        }
    }
    if c.kind == EntityKind::GovernmentBody {
        // the Constitution names the State Council the Central People's Government
        if label == "中央政府" {
            return "国务院".to_owned();
        }
        if let Some(p) = place {
            // 浙江省人民政府 and 省人民政府 in a report of 浙江省 are one body
            if let Some(rest) = label.strip_prefix(p) {
                let level: String = p.chars().last().into_iter().collect();
                label = format!("{level}{rest}");
            }
            if relative_body(&label).is_some() {
                return format!("{p}|{label}");
            }
        }
    }
    label
}

/// Extracts what the guidelines define. Never fails: a sentence it cannot read yields nothing.
pub fn extract(input: &Input<'_>, segmenter: &Segmenter, lexicon: &Lexicon) -> Extraction {
    let norm = input.normalized;
    let all: Vec<char> = norm.text.chars().collect();
    // jieba borrows the text it cuts, so the sentence texts are made first
    let spans: Vec<(usize, usize)> = input
        .structure
        .sentences
        .iter()
        .map(|s| {
            let end = s.end.min(all.len());
            (s.start.min(end), end)
        })
        .collect();
    let texts: Vec<String> = spans
        .iter()
        .map(|&(a, b)| all[a..b].iter().collect())
        .collect();
    let sents: Vec<Sent<'_>> = input
        .structure
        .sentences
        .iter()
        .zip(&spans)
        .zip(&texts)
        .map(|((s, &(start, end)), text)| Sent {
            chars: all[start..end].to_vec(),
            text: text.clone(),
            start,
            heading: s.heading,
            section: s.section,
            words: segmenter.cut(text),
        })
        .collect();
    let sentences: Vec<Sentence> = sents
        .iter()
        .map(|s| Sentence {
            span: norm.raw_span(s.start, s.start + s.chars.len()),
            text: s.text.clone(),
            heading: s.heading,
            section: s.section,
        })
        .collect();
    let raw_span = |s: &Sent<'_>, a: usize, b: usize| norm.raw_span(s.start + a, s.start + b);

    // Entities: candidates per sentence, then the document's place, then identity.
    let cands: Vec<Vec<Candidate>> = sents
        .iter()
        .map(|s| entity::candidates(lexicon, segmenter, &s.chars, &s.words, s.heading))
        .collect();
    let title = input.structure.title.clone();
    let place = discourse::document_place(lexicon, title.as_deref(), &sents, &cands);
    let place_name = place.as_ref().map(|c| c.label.clone());
    // a county's bare short form counts only inside the document's own province
    let province = place
        .as_ref()
        .and_then(|p| p.admin_code.as_deref())
        .map(|c| c[..2].to_owned());
    let mut cands = cands;
    short_forms_in_context(lexicon, segmenter, &sents, &mut cands, place.as_ref());
    let cands: Vec<Vec<Candidate>> = cands
        .into_iter()
        .map(|cs| {
            cs.into_iter()
                .filter(|c| {
                    !c.weak
                        || c.admin_code
                            .as_deref()
                            .zip(province.as_deref())
                            .is_some_and(|(a, p)| a.starts_with(p))
                })
                .collect()
        })
        .collect();
    let mut reg = Registry::default();
    let mut mentions = Vec::new();
    let place_id = place.as_ref().map(|p| reg.intern(p, None));
    for (si, (s, cs)) in sents.iter().zip(&cands).enumerate() {
        for (ci, c) in cs.iter().enumerate() {
            // 区科技局(区科协): a body named in brackets right after another is its other name
            let bracketed = ci > 0
                && matches!(s.chars.get(c.start.wrapping_sub(1)), Some('(' | '（'))
                && cs[ci - 1].end + 1 == c.start
                && cs[ci - 1].kind == c.kind;
            let id = if bracketed {
                let id = reg.intern(&cs[ci - 1], place_name.as_deref());
                reg.alias(id, &c.label);
                id
            } else {
                reg.intern(c, place_name.as_deref())
            };
            mentions.push(Mention {
                entity: id,
                sentence: SentenceId(si),
                span: raw_span(s, c.start, c.end),
                surface: c.label.clone(),
            });
        }
    }

    // 全省, 本市, 我区: the document's own place or the division of that level containing it
    if let Some(p) = &place {
        for (si, s) in sents.iter().enumerate() {
            for w in &s.words {
                let Some(c) = own_place(lexicon, p, w.text) else {
                    continue;
                };
                mentions.push(Mention {
                    entity: reg.intern(&c, None),
                    sentence: SentenceId(si),
                    span: raw_span(s, w.start, w.end),
                    surface: w.text.to_owned(),
                });
            }
        }
    }

    // Discourse: years, frames, speakers.
    let disc = discourse::analyse(
        lexicon,
        &sents,
        &cands,
        title.as_deref(),
        place_name.as_deref(),
    );
    let issuer = disc
        .issuer
        .as_ref()
        .map(|c| reg.intern(c, place_name.as_deref()));
    let speaker_ids: Vec<Option<EntityId>> = disc
        .zone_speakers
        .iter()
        .map(|c| {
            c.as_ref()
                .map(|c| reg.intern(c, place_name.as_deref()))
                .or(issuer)
        })
        .collect();
    // self references (我局, 我们) are mentions of the speaker
    for (si, s) in sents.iter().enumerate() {
        let Some(speaker) = speaker_ids.get(disc.zone_of[si]).copied().flatten() else {
            continue;
        };
        for r in lexicon
            .self_references
            .iter()
            .map(String::as_str)
            .chain(["我们"])
        {
            for (byte, _) in s.text.match_indices(r) {
                let a = s.text[..byte].chars().count();
                mentions.push(Mention {
                    entity: speaker,
                    sentence: SentenceId(si),
                    span: raw_span(s, a, a + r.chars().count()),
                    surface: r.to_owned(),
                });
            }
        }
    }

    // Quantities.
    let mut quantities = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        if s.heading {
            continue;
        }
        let ctx = disc.contexts[si];
        let org = speaker_ids.get(disc.zone_of[si]).copied().flatten();
        for f in quantity::quantities(lexicon, &s.chars, ctx) {
            quantities.push(Quantity {
                indicator: f.indicator,
                value: f.value,
                unit: f.unit,
                unit_multiplier: f.multiplier,
                comparator: f.comparator,
                year: f.year,
                status: f.status,
                org,
                period: f.period,
                decrease: f.decrease,
                sentence: SentenceId(si),
                span: raw_span(s, f.start, f.end),
            });
        }
    }

    // Attributions: initiatives and platforms the speaking body names as its work, and
    // those a sentence gives a lead unit (牵头, 负责, 由…实施).
    let mut attributions = Vec::new();
    let national = place_name.as_deref() == Some("中国");
    for (si, (s, cs)) in sents.iter().zip(&cands).enumerate() {
        if s.heading {
            continue;
        }
        let year = disc.contexts[si].year;
        let speaker = speaker_ids.get(disc.zone_of[si]).copied().flatten();
        let lead = discourse::lead_unit(&s.text, cs);
        for c in cs {
            let project = lexicon
                .project_words
                .iter()
                .any(|w| c.label.ends_with(w.as_str()));
            let acted = match c.kind {
                // a construction project is news of the economy unless a lead unit is named
                EntityKind::Initiative if project => lead.is_some(),
                EntityKind::Initiative | EntityKind::Platform => discourse::acted_on(&s.chars, c),
                EntityKind::Institution => discourse::founded(&s.chars, c),
                _ => false,
            };
            // the centre's inspections (中央生态环保督察) are received by a province, not led
            let inspected = !national
                && c.label.starts_with("中央")
                && ["督察", "督查", "巡视"]
                    .iter()
                    .any(|w| c.label.ends_with(w));
            if !acted || (inspected && lead.is_none()) {
                continue;
            }
            let subject = reg.intern(c, place_name.as_deref());
            let (org, role) = match (&lead, speaker) {
                (Some(l), _) => (reg.intern(l, place_name.as_deref()), Role::Leads),
                (None, Some(sp)) => (sp, Role::CarriesOut),
                (None, None) => continue,
            };
            attributions.push(Attribution {
                subject,
                org,
                year,
                role,
                sentence: SentenceId(si),
                span: raw_span(s, c.start, c.end),
            });
        }
    }

    let sections = input
        .structure
        .sections
        .iter()
        .map(|sec| {
            let first = sec.first.min(sents.len().saturating_sub(1));
            Section {
                heading: sec
                    .heading
                    .and_then(|h| sents.get(h))
                    .map(|s| s.text.clone()),
                speaker: disc
                    .zone_of
                    .get(first)
                    .and_then(|&z| speaker_ids.get(z).copied().flatten()),
                frame: disc
                    .contexts
                    .get(first)
                    .map_or(crate::model::Frame::Review, |c| c.frame),
                year: disc.contexts.get(first).and_then(|c| c.year),
            }
        })
        .collect();

    Extraction {
        document: DocumentInfo {
            source: input.source.to_owned(),
            sha256: input.decoded.sha256.clone(),
            encoding: input.decoded.encoding.to_owned(),
            text: input.decoded.text.clone(),
            title,
            place: place_id,
            issuer,
            publication_year: disc.publication_year,
        },
        sections,
        sentences,
        entities: reg.entities,
        mentions,
        quantities,
        attributions,
        diagnostics: Vec::new(),
    }
}

/// Words by which a report names its own place or the division of one level that contains
/// it (全市 in a district's report is its city).
const OWN_PLACE_WORDS: [&str; 15] = [
    "全省", "本省", "我省", "全市", "本市", "我市", "全区", "本区", "我区", "全县", "本县", "我县",
    "全州", "本州", "我州",
];

/// The division a word such as 全省 or 本市 names in a report about `place`: the place itself
/// or the nearest enclosing division whose name ends in the word's level (省, 市, 区, 县, 州).
fn own_place(lexicon: &Lexicon, place: &Candidate, word: &str) -> Option<Candidate> {
    if !OWN_PLACE_WORDS.contains(&word) {
        return None;
    }
    let level = word.chars().last()?;
    let mut next = place
        .admin_code
        .as_deref()
        .and_then(|c| lexicon.division_by_code(c));
    while let Some(d) = next {
        if d.name.ends_with(level) {
            return Some(Candidate::implied(
                d.name.clone(),
                EntityKind::Place,
                Some(d.code.clone()),
            ));
        }
        next = d
            .parent
            .as_deref()
            .and_then(|c| lexicon.division_by_code(c));
    }
    None
}

/// Short forms that name divisions in several provinces (鼓楼, 普陀) are read as the one in
/// the document's own prefecture, else its own province; the broadest when a province and its
/// city share the name. Common words and spans another candidate covers are left alone.
fn short_forms_in_context(
    lexicon: &Lexicon,
    segmenter: &Segmenter,
    sents: &[Sent<'_>],
    cands: &mut [Vec<Candidate>],
    place: Option<&Candidate>,
) {
    let Some(code) = place.and_then(|p| p.admin_code.as_deref()) else {
        return;
    };
    let (Some(province), prefecture) = (
        code.get(..2),
        code.get(..4).filter(|_| !code.ends_with("0000")),
    ) else {
        return;
    };
    for (s, cs) in sents.iter().zip(cands.iter_mut()) {
        for (wi, w) in s.words.iter().enumerate() {
            if w.end - w.start < 2 || lexicon.division(w.text).is_some() {
                continue;
            }
            let all = lexicon.divisions_by_short(w.text);
            if all.len() < 2 {
                continue;
            }
            // a common word (大通, 东方) is a place only in a list of places (大通、湟中、民和);
            // the neighbours are two words away, across the 、 (a look-up, not a scan: one
            // sentence may be a whole file without punctuation)
            let is_place = |t: &str| {
                lexicon.division(t).is_some() || !lexicon.divisions_by_short(t).is_empty()
            };
            let listed = [wi.checked_sub(2), Some(wi + 2)]
                .into_iter()
                .flatten()
                .filter_map(|i| s.words.get(i))
                .any(|x| {
                    ((x.end + 1 == w.start && s.chars.get(x.end) == Some(&'、'))
                        || (w.end + 1 == x.start && s.chars.get(w.end) == Some(&'、')))
                        && is_place(x.text)
                });
            if (segmenter.is_known(w.text) && !listed)
                || cs.iter().any(|c| c.start < w.end && w.start < c.end)
            {
                continue;
            }
            let within = |prefix: &str| {
                all.iter()
                    .copied()
                    .filter(|d| d.code.starts_with(prefix))
                    .collect::<Vec<_>>()
            };
            let mut found = prefecture.map(within).unwrap_or_default();
            if found.is_empty() {
                found = within(province);
            }
            found.sort_by_key(|d| (d.level, d.code.clone()));
            let Some(d) = found.first() else { continue };
            if found.get(1).is_some_and(|e| e.level == d.level) {
                continue;
            }
            let at = cs.partition_point(|c| c.start <= w.start);
            cs.insert(
                at,
                Candidate::implied(d.name.clone(), EntityKind::Place, Some(d.code.clone())),
            );
            cs[at].start = w.start;
            cs[at].end = w.end;
        }
    }
}
