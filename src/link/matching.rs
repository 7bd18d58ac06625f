//! Candidate generation and scoring: which graph entities a name from outside may mean.
//!
//! Chinese names have no word spaces, so names are compared by characters: exact, after
//! normalisation (legal-form suffixes such as 股份有限公司 and a leading division name
//! dropped), through aliases, by containment, and by the Dice coefficient of character
//! bigrams. Type and place agreement then raise or lower the score. Candidates come from an
//! index of bigrams, so a table is not compared with every entity.

use crate::lexicon::Lexicon;
use crate::model::EntityKind;
use std::collections::{BTreeSet, HashMap};

/// An entity of the graph as the matcher sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphEntity {
    /// Its IRI.
    pub iri: String,
    /// Its category.
    pub kind: EntityKind,
    /// Preferred name.
    pub label: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// GB/T 2260 codes of its places: its own for a place, else those of the reports naming it.
    pub places: Vec<String>,
}

/// What is being looked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The category, if known.
    pub kind: Option<EntityKind>,
    /// GB/T 2260 code of its place, if known.
    pub place: Option<String>,
}

/// How sure a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// The same thing: skos:exactMatch and owl:sameAs.
    Exact,
    /// Probably the same thing: skos:closeMatch, for review.
    Close,
}

/// Which features matched, the evidence written with a link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    /// The names are identical.
    pub name_exact: bool,
    /// Identical after normalisation.
    pub name_normalised: bool,
    /// An alias of one is a name of the other.
    pub alias: bool,
    /// One normalised name contains the other.
    pub containment: bool,
    /// Dice coefficient of character bigrams of the normalised names, 0–1.
    pub ngram: f64,
    /// Whether the categories agree (`None`: the query gave none).
    pub type_agrees: Option<bool>,
    /// Whether the places agree (`None`: one side has none).
    pub place_agrees: Option<bool>,
}

impl Features {
    /// Evidence as short strings, in a fixed order (`name:exact`, `ngram:0.667`, ...).
    pub fn evidence(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.name_exact {
            v.push("name:exact".to_owned());
        }
        if self.name_normalised {
            v.push("name:normalised".to_owned());
        }
        if self.alias {
            v.push("name:alias".to_owned());
        }
        if self.containment {
            v.push("name:containment".to_owned());
        }
        v.push(format!("name:ngram={:.3}", self.ngram));
        v.push(
            match self.type_agrees {
                Some(true) => "type:agrees",
                Some(false) => "type:differs",
                None => "type:unknown",
            }
            .to_owned(),
        );
        v.push(
            match self.place_agrees {
                Some(true) => "place:agrees",
                Some(false) => "place:differs",
                None => "place:unknown",
            }
            .to_owned(),
        );
        v
    }

    /// The name part of the score, 0–1.
    fn name_score(&self) -> f64 {
        if self.name_exact {
            1.0
        } else if self.name_normalised {
            0.95
        } else if self.alias {
            0.9
        } else if self.containment {
            0.6 + 0.3 * self.ngram
        } else {
            self.ngram
        }
    }
}

/// A scored candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// Index into the matcher's entities.
    pub entity: usize,
    /// Score in thousandths (0–1000), an integer so that output is byte-stable.
    pub score: u32,
    /// Exact or close.
    pub strength: Strength,
    /// What matched.
    pub features: Features,
}

/// Lowest score (thousandths) of a close match.
pub const CLOSE: u32 = 600;
/// Lowest score (thousandths) of an exact match, which also needs an equal name.
pub const EXACT: u32 = 850;

/// Legal-form and group words that differ between a registry and the prose of a report.
const LEGAL_SUFFIXES: [&str; 8] = [
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
];

/// A name reduced to what identifies it: no spaces or quotes, brackets' contents kept without
/// the brackets, full-width letters folded, the legal form and a leading division name
/// dropped (杭州罗莱迪思科技股份有限公司 → 罗莱迪思科技).
pub fn normalise(lex: &Lexicon, name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”'
                        | '"'
                        | '\''
                        | '‘'
                        | '’'
                        | '《'
                        | '》'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | '·'
                )
        })
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c.to_ascii_uppercase(),
        })
        .collect();
    for suffix in LEGAL_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.chars().count() >= 2
        {
            s = rest.to_owned();
            break;
        }
    }
    // up to two leading division names (浙江省杭州市…), full or short, if a name remains
    for _ in 0..2 {
        let chars: Vec<char> = s.chars().collect();
        let mut cut = None;
        // the rest must stay a name of its own (浙江大学 keeps its 浙江)
        for len in (2..=chars.len().saturating_sub(4).min(8)).rev() {
            let head: String = chars[..len].iter().collect();
            if lex.division(&head).is_some() || !lex.divisions_by_short(&head).is_empty() {
                cut = Some(len);
                break;
            }
        }
        match cut {
            Some(len) => s = chars[len..].iter().collect(),
            None => break,
        }
    }
    s
}

fn bigrams(s: &str) -> BTreeSet<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 {
        return chars.iter().map(char::to_string).collect();
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Dice coefficient of two bigram sets.
fn dice(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Whether two GB/T 2260 codes are the same division or one contains the other.
pub fn places_related(a: &str, b: &str) -> bool {
    fn stem(c: &str) -> &str {
        let c = c.strip_suffix("00").unwrap_or(c);
        c.strip_suffix("00").unwrap_or(c)
    }
    let (a, b) = (stem(a), stem(b));
    a.starts_with(b) || b.starts_with(a)
}

/// Prepared entities with their normalised names and a bigram index.
pub struct Matcher {
    entities: Vec<GraphEntity>,
    /// Per entity: every name (label and aliases) normalised.
    names: Vec<Vec<String>>,
    index: HashMap<String, Vec<usize>>,
}

impl Matcher {
    /// Indexes the entities (sorted by IRI, so equal scores come out in a fixed order).
    pub fn new(lex: &Lexicon, mut entities: Vec<GraphEntity>) -> Self {
        entities.sort_by(|a, b| a.iri.cmp(&b.iri));
        entities.dedup_by(|a, b| a.iri == b.iri);
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        let names: Vec<Vec<String>> = entities
            .iter()
            .map(|e| {
                let mut v: Vec<String> = std::iter::once(&e.label)
                    .chain(&e.aliases)
                    .map(|n| normalise(lex, n))
                    .filter(|n| !n.is_empty())
                    .collect();
                v.sort();
                v.dedup();
                v
            })
            .collect();
        for (i, ns) in names.iter().enumerate() {
            let grams: BTreeSet<String> = ns.iter().flat_map(|n| bigrams(n)).collect();
            for g in grams {
                index.entry(g).or_default().push(i);
            }
        }
        Self {
            entities,
            names,
            index,
        }
    }

    /// The entities, sorted by IRI.
    pub fn entities(&self) -> &[GraphEntity] {
        &self.entities
    }

    /// Scores one entity against a query.
    fn score(&self, lex: &Lexicon, i: usize, q: &Query, qnames: &[String]) -> Match {
        let e = &self.entities[i];
        let mut f = Features {
            name_exact: e.label == q.name.trim(),
            ..Features::default()
        };
        let qn = qnames.first().cloned().unwrap_or_default();
        let en = normalise(lex, &e.label);
        f.name_normalised = !f.name_exact && !qn.is_empty() && qn == en;
        // an alias on either side equal to a name on the other
        let q_all: BTreeSet<&str> = qnames.iter().map(String::as_str).collect();
        let e_all: BTreeSet<&str> = self.names[i].iter().map(String::as_str).collect();
        f.alias =
            !f.name_exact && !f.name_normalised && q_all.intersection(&e_all).next().is_some();
        f.containment = !qn.is_empty()
            && !en.is_empty()
            && qn != en
            && qn.chars().count().min(en.chars().count()) >= 2
            && (qn.contains(en.as_str()) || en.contains(qn.as_str()));
        f.ngram = dice(&bigrams(&qn), &bigrams(&en));
        f.type_agrees = q.kind.map(|k| k == e.kind);
        f.place_agrees = match (&q.place, e.places.is_empty()) {
            (Some(p), false) => Some(e.places.iter().any(|c| places_related(p, c))),
            _ => None,
        };
        let part = |a: Option<bool>| match a {
            Some(true) => 1.0,
            None => 0.5,
            Some(false) => 0.0,
        };
        let score = 0.7 * f.name_score() + 0.15 * part(f.type_agrees) + 0.15 * part(f.place_agrees);
        let score = (score * 1000.0).round().clamp(0.0, 1000.0) as u32;
        let equal_name = f.name_exact || f.name_normalised || f.alias;
        let strength = if equal_name
            && score >= EXACT
            && f.type_agrees != Some(false)
            && f.place_agrees != Some(false)
        {
            Strength::Exact
        } else {
            Strength::Close
        };
        Match {
            entity: i,
            score,
            strength,
            features: f,
        }
    }

    /// The best candidates for a query at or above `min_score` (thousandths), best first
    /// (ties by IRI), at most `limit`.
    pub fn find(&self, lex: &Lexicon, q: &Query, min_score: u32, limit: usize) -> Vec<Match> {
        let qnames: Vec<String> = std::iter::once(&q.name)
            .chain(&q.aliases)
            .map(|n| normalise(lex, n))
            .filter(|n| !n.is_empty())
            .collect();
        let mut cands: BTreeSet<usize> = BTreeSet::new();
        for n in &qnames {
            for g in bigrams(n) {
                if let Some(v) = self.index.get(&g) {
                    cands.extend(v);
                }
            }
        }
        let mut out: Vec<Match> = cands
            .into_iter()
            .map(|i| self.score(lex, i, q, &qnames))
            .filter(|m| m.score >= min_score)
            .collect();
        out.sort_by(|a, b| b.score.cmp(&a.score).then(a.entity.cmp(&b.entity)));
        out.truncate(limit);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(iri: &str, kind: EntityKind, label: &str, places: &[&str]) -> GraphEntity {
        GraphEntity {
            iri: iri.into(),
            kind,
            label: label.into(),
            aliases: Vec::new(),
            places: places.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn normalisation_drops_legal_form_and_division() {
        let lex = Lexicon::embedded();
        assert_eq!(
            normalise(&lex, "杭州罗莱迪思科技股份有限公司"),
            "罗莱迪思科技"
        );
        assert_eq!(normalise(&lex, "华东医药股份有限公司"), "华东医药");
        assert_eq!(normalise(&lex, "浙江省杭州市 华东医药"), "华东医药");
    }

    #[test]
    fn exact_names_with_agreeing_type_and_place_are_exact_matches() {
        let lex = Lexicon::embedded();
        let m = Matcher::new(
            &lex,
            vec![
                ent("e:1", EntityKind::Enterprise, "华东医药", &["330105"]),
                ent("e:2", EntityKind::Enterprise, "华东测绘", &["330105"]),
                ent("e:3", EntityKind::Enterprise, "罗莱迪思", &["330105"]),
            ],
        );
        let q = Query {
            name: "华东医药股份有限公司".into(),
            kind: Some(EntityKind::Enterprise),
            place: Some("330100".into()),
            ..Query::default()
        };
        let found = m.find(&lex, &q, 0, 5);
        assert_eq!(found[0].entity, 0);
        assert_eq!(found[0].strength, Strength::Exact);
        assert!(found[0].features.name_normalised);
        assert_eq!(found[0].features.place_agrees, Some(true));
        // 华东测绘 shares a bigram but is no more than a weak candidate
        assert!(found.iter().all(|x| x.entity != 1 || x.score < CLOSE));
        // containment: 罗莱迪思 in 罗莱迪思科技
        let q = Query {
            name: "杭州罗莱迪思科技股份有限公司".into(),
            kind: Some(EntityKind::Enterprise),
            ..Query::default()
        };
        let found = m.find(&lex, &q, CLOSE, 5);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].strength, Strength::Close);
        assert!(found[0].features.containment);
    }

    #[test]
    fn a_different_place_or_type_prevents_an_exact_match() {
        let lex = Lexicon::embedded();
        let m = Matcher::new(
            &lex,
            vec![ent("e:1", EntityKind::Enterprise, "华东医药", &["330105"])],
        );
        let q = Query {
            name: "华东医药".into(),
            kind: Some(EntityKind::Enterprise),
            place: Some("350100".into()),
            ..Query::default()
        };
        let found = m.find(&lex, &q, 0, 5);
        assert_eq!(found[0].strength, Strength::Close);
        assert_eq!(found[0].features.place_agrees, Some(false));
        let q = Query {
            name: "华东医药".into(),
            kind: Some(EntityKind::Place),
            ..Query::default()
        };
        assert_eq!(m.find(&lex, &q, 0, 5)[0].strength, Strength::Close);
    }

    #[test]
    fn related_places_share_a_prefix() {
        assert!(places_related("330100", "330105"));
        assert!(places_related("330000", "330105"));
        assert!(!places_related("350100", "330105"));
        assert!(!places_related("330100", "330200"));
    }
}
