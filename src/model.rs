//! Domain value types shared by every stage: what a report says, free of RDF, graphs and CLI.
//!
//! **Invariant:** nothing here knows oxigraph, petgraph or clap. The RDF mapping lives in
//! [`crate::rdf`]; these types are what the extraction stages produce and what tests compare.
//!
//! Offsets are always *character* (Unicode scalar value) offsets into the **decoded raw text**
//! of the document (after BOM removal, before normalisation), NIF style: `start` inclusive,
//! `end` exclusive. Byte offsets never leave the stage that computed them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open range of character offsets into the decoded raw text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CharSpan {
    /// First character, counted from 0.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl CharSpan {
    /// A span from `start` to `end`; an inverted pair is clamped to empty rather than panicking.
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    /// Number of characters covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The six entity categories of `shared/gold/GUIDELINES.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum EntityKind {
    /// Party and state organs, bureaus, committees, congresses, government-run associations.
    GovernmentBody,
    /// Companies and business groups.
    Enterprise,
    /// Universities, institutes, laboratories, hospitals, schools, media, associations.
    Institution,
    /// Named carriers of development: parks, zones, towns, incubators, digital platforms.
    Platform,
    /// Named policies, plans, programmes, projects, campaigns, reforms, events, honours.
    Initiative,
    /// Administrative divisions and named regions.
    Place,
}

impl EntityKind {
    /// Every category, in a fixed order.
    pub const ALL: [EntityKind; 6] = [
        EntityKind::GovernmentBody,
        EntityKind::Enterprise,
        EntityKind::Institution,
        EntityKind::Platform,
        EntityKind::Initiative,
        EntityKind::Place,
    ];

    /// The local name used in the ontology and by the gold files (`GovernmentBody`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::GovernmentBody => "GovernmentBody",
            EntityKind::Enterprise => "Enterprise",
            EntityKind::Institution => "Institution",
            EntityKind::Platform => "Platform",
            EntityKind::Initiative => "Initiative",
            EntityKind::Place => "Place",
        }
    }

    /// Parses the local name back (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of an entity in [`Extraction::entities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityId(pub usize);

/// Index of a sentence in [`Extraction::sentences`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SentenceId(pub usize);

/// One real-world thing the document names, however often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The preferred name, as written in the text with OCR breaks and quotes repaired.
    pub label: String,
    /// Category.
    pub kind: EntityKind,
    /// Other names the text itself uses (abbreviations, 我局-style self references excluded).
    pub aliases: Vec<String>,
    /// For a name relative to a place (区科技局, 省政府, 全省): the full name of the place that
    /// qualifies it, so that two districts' 区科技局 are two things.
    pub qualifier: Option<String>,
    /// GB/T 2260 six-digit code, for places that have one.
    pub admin_code: Option<String>,
}

/// Where an entity is named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The entity named.
    pub entity: EntityId,
    /// The sentence it is named in.
    pub sentence: SentenceId,
    /// Offsets of the surface form in the raw text (may cover an OCR line break).
    pub span: CharSpan,
    /// The surface form after normalisation (我局 for a coreferent mention).
    pub surface: String,
}

/// `eq`, `ge`, ... as in the gold files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// Exactly (as written).
    Eq,
    /// 以上, 不低于, 至少.
    Ge,
    /// 余, 多, 超过, 突破.
    Gt,
    /// 以下, 以内, 不超过.
    Le,
    /// 低于, 不到.
    Lt,
    /// 左右, 约, 近.
    Approx,
}

impl Comparator {
    /// Gold-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "eq",
            Comparator::Ge => "ge",
            Comparator::Gt => "gt",
            Comparator::Le => "le",
            Comparator::Lt => "lt",
            Comparator::Approx => "approx",
        }
    }
}

/// Whether an amount was reached or is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Done, reached, new in the reviewed period.
    Achievement,
    /// 预期, 力争, 目标, 确保, 将, plans.
    Target,
}

impl Status {
    /// Gold-file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Achievement => "achievement",
            Status::Target => "target",
        }
    }
}

/// An amount stated with the indicator it measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// The measured thing in a few words from the text (固定资产投资, 新认定市雏鹰企业).
    pub indicator: String,
    /// The number as written, as decimal text (`10.33`, `130`); never through f64.
    pub value: String,
    /// The unit as written, multiplier included (`亿元`, `%`, `个百分点`, `万人次`, `家`).
    pub unit: String,
    /// Power of ten that the unit's multiplier stands for (亿元 → 8, 万人次 → 4, % → 0).
    pub unit_multiplier: i32,
    /// How the value bounds the real amount.
    pub comparator: Comparator,
    /// The year the amount belongs to.
    pub year: Option<i32>,
    /// Target or achievement.
    pub status: Status,
    /// The body responsible (the section's speaker, or the body the sentence names).
    pub org: Option<EntityId>,
    /// A period inside the year (一季度, 1-11月, 上半年).
    pub period: Option<String>,
    /// Whether the text states a fall (下降, 减少); `value` stays positive.
    pub decrease: bool,
    /// The sentence it comes from.
    pub sentence: SentenceId,
    /// Offsets of the number and unit in the raw text.
    pub span: CharSpan,
}

/// How a body relates to an initiative or platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The text names it the lead unit (牵头, 负责, 责任单位, 由…实施).
    Leads,
    /// The section speaks for it (我局, 我们) about what it did or will do.
    CarriesOut,
}

/// An initiative or platform with the body that leads or carries it out, and the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The initiative or platform (or an institution the body founded: 成立…研究院).
    pub subject: EntityId,
    /// The responsible body.
    pub org: EntityId,
    /// The year of the work.
    pub year: Option<i32>,
    /// How the body is tied to the subject.
    pub role: Role,
    /// The sentence it comes from.
    pub sentence: SentenceId,
    /// Offsets of the subject's mention in the raw text.
    pub span: CharSpan,
}

/// A sentence (or a heading) of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Offsets in the raw text (the first to the last character of the sentence).
    pub span: CharSpan,
    /// The normalised text of the sentence.
    pub text: String,
    /// Whether it is a heading rather than body text.
    pub heading: bool,
    /// Index of the section it belongs to.
    pub section: usize,
}

/// Whether a part of a report looks back or forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Frame {
    /// A review of a past period.
    Review,
    /// A plan for a coming period.
    Plan,
}

/// A part of the document with one speaker and one temporal frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Its heading, if it has one.
    pub heading: Option<String>,
    /// The body that speaks in it (我局, 我们 refer to it).
    pub speaker: Option<EntityId>,
    /// Review or plan.
    pub frame: Frame,
    /// The year it talks about (the reviewed year, or the planned year).
    pub year: Option<i32>,
}

/// A problem with the input that did not stop processing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Where, if it has a place in the text.
    pub span: Option<CharSpan>,
    /// What happened, in one line.
    pub message: String,
}

/// What is known of the source document itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The path as the user gave it.
    pub source: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The encoding it was decoded from (`UTF-8`, `UTF-16LE`, `GB18030`, ...).
    pub encoding: String,
    /// The decoded raw text, BOM removed, line ends untouched: what offsets count into.
    pub text: String,
    /// Title, if one was found.
    pub title: Option<String>,
    /// The place the document is about (an entity of kind Place).
    pub place: Option<EntityId>,
    /// The body that issued the document, if it speaks for one.
    pub issuer: Option<EntityId>,
    /// The year of publication.
    pub publication_year: Option<i32>,
}

/// Everything extracted from one document: the input of the RDF stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The document itself.
    pub document: DocumentInfo,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// Quantities, in text order.
    pub quantities: Vec<Quantity>,
    /// Attributions, in text order.
    pub attributions: Vec<Attribution>,
    /// Problems met on the way.
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    /// The entity behind an id.
    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.entities.get(id.0)
    }
}
