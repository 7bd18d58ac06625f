//! Stage 6: [`crate::model::Extraction`] → RDF quads, one named graph per document
//! ([`to_quads`]), and their serialisation ([`write_quads`]).
//!
//! The mapping is in `ontology/govkg.ttl`; the IRIs are minted in [`iri`] and deterministic,
//! and the quads come out sorted and deduplicated, so the same input always gives
//! byte-identical N-Quads. No blank nodes are used, so a graph can be compared and replaced
//! as a whole.

pub mod iri;
pub mod link;
mod nquads;
mod order;
pub mod vocab;

use crate::model::{Comparator, DocumentInfo, EntityKind, Extraction, Frame, Role, Status};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;
use std::io::Write;
use vocab::{dcterms, gk, itsrdf, nif, prov, qb, sdmx, skos, unit};

/// Prefixes used when writing Turtle, TriG and JSON-LD, and when showing IRIs compactly.
pub const PREFIXES: &[(&str, &str)] = &[
    ("gk", gk::NAMESPACE),
    ("doc", "https://w3id.org/govkg/doc/"),
    ("id", "https://w3id.org/govkg/id/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    (
        "nif",
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    ),
    ("itsrdf", "http://www.w3.org/2005/11/its/rdf#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("qb", "http://purl.org/linked-data/cube#"),
    (
        "sdmx-attribute",
        "http://purl.org/linked-data/sdmx/2009/attribute#",
    ),
    (
        "sdmx-dimension",
        "http://purl.org/linked-data/sdmx/2009/dimension#",
    ),
    (
        "sdmx-measure",
        "http://purl.org/linked-data/sdmx/2009/measure#",
    ),
    ("unit", "http://qudt.org/vocab/unit/"),
];

/// Prefixes worth declaring in Turtle, TriG and JSON-LD: [`PREFIXES`] without `doc:` and
/// `id:`, whose local names hold `/` and would be written with backslash escapes.
pub fn serializer_prefixes() -> impl Iterator<Item = (&'static str, &'static str)> {
    PREFIXES
        .iter()
        .copied()
        .filter(|(name, _)| !matches!(*name, "doc" | "id"))
}

/// The named graph (and report IRI) of a document.
pub fn document_graph(info: &DocumentInfo) -> NamedNode {
    iri::document(&info.sha256)
}

/// The class IRI of an entity category.
pub fn kind_class(kind: EntityKind) -> NamedNodeRef<'static> {
    match kind {
        EntityKind::GovernmentBody => gk::GOVERNMENT_BODY,
        EntityKind::Enterprise => gk::ENTERPRISE,
        EntityKind::Institution => gk::INSTITUTION,
        EntityKind::Platform => gk::PLATFORM,
        EntityKind::Initiative => gk::INITIATIVE,
        EntityKind::Place => gk::PLACE,
    }
}

fn comparator(c: Comparator) -> NamedNodeRef<'static> {
    match c {
        Comparator::Eq => gk::EQ,
        Comparator::Ge => gk::GE,
        Comparator::Gt => gk::GT,
        Comparator::Le => gk::LE,
        Comparator::Lt => gk::LT,
        Comparator::Approx => gk::APPROX,
    }
}

fn status(s: Status) -> NamedNodeRef<'static> {
    match s {
        Status::Target => gk::TARGET,
        Status::Achievement => gk::ACHIEVEMENT,
    }
}

fn role(r: Role) -> NamedNodeRef<'static> {
    match r {
        Role::Leads => gk::LEADS,
        Role::CarriesOut => gk::CARRIES_OUT,
    }
}

fn frame(f: Frame) -> NamedNodeRef<'static> {
    match f {
        Frame::Review => gk::REVIEW,
        Frame::Plan => gk::PLAN,
    }
}

/// Measure words that count things; QUDT has one unit for all of them.
const COUNT_WORDS: &[&str] = &[
    "家", "个", "项", "条", "场", "处", "名", "人次", "所", "座", "套", "户", "人", "件", "批",
    "台", "辆", "只", "支", "家次", "次", "例", "位", "元次", "笔", "期", "栋", "幢", "间",
];

/// Maps a unit as written to a unit IRI, after taking off the multiplier the extraction
/// already counted in `unit_multiplier` (亿元 with 8 → 元).
pub fn unit_iri(unit_label: &str, multiplier: i32) -> NamedNode {
    let prefix = match multiplier {
        2 => "百",
        3 => "千",
        4 => "万",
        6 => "百万",
        7 => "千万",
        8 => "亿",
        12 => "万亿",
        _ => "",
    };
    let label = unit_label.trim();
    let base = label
        .strip_prefix(prefix)
        .filter(|r| !r.is_empty())
        .unwrap_or(label);
    match base {
        "元" | "元人民币" => unit::CCY_CNY.into_owned(),
        "%" | "％" => unit::PERCENT.into_owned(),
        "个百分点" | "百分点" => gk::PERCENTAGE_POINT.into_owned(),
        b if COUNT_WORDS.contains(&b) => unit::NUM.into_owned(),
        b => iri::unit(b),
    }
}

/// A decimal literal for a number written as decimal text (`10.33`, `1,200`); `None` when
/// it is not one, rather than a literal that would not parse.
fn decimal(value: &str) -> Option<Literal> {
    let v: String = value
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let (int, frac) = v.split_once('.').unwrap_or((&v, ""));
    let ok = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit());
    ok.then(|| {
        let lexical = if frac.is_empty() {
            int.to_owned()
        } else {
            format!("{int}.{frac}")
        };
        Literal::new_typed_literal(lexical, xsd::DECIMAL)
    })
}

fn year(y: i32) -> Literal {
    Literal::new_typed_literal(format!("{y:04}"), xsd::G_YEAR)
}

/// A character offset. Typed `xsd:integer`, not NIF's `xsd:nonNegativeInteger`: Oxigraph
/// stores every integer-derived type as `xsd:integer`, and the graph `extract` prints must be
/// the graph the store holds (shapes.ttl adds `sh:minInclusive 0`).
fn index(i: usize) -> Literal {
    Literal::new_typed_literal(i.to_string(), xsd::INTEGER)
}

fn zh(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "zh")
}

/// The raw text between two character offsets, or `None` when they fall outside it.
fn raw_slice(chars: &[char], start: usize, end: usize) -> Option<String> {
    (start <= end && end <= chars.len()).then(|| chars[start..end].iter().collect())
}

/// Collects quads for one graph.
struct GraphBuilder {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl GraphBuilder {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s, p.into_owned(), o, self.graph.clone()));
    }
}

/// All quads for one document, in its named graph, sorted and without duplicates.
pub fn to_quads(ex: &Extraction) -> Vec<Quad> {
    let info = &ex.document;
    let doc = document_graph(info);
    let sha = info.sha256.as_str();
    let chars: Vec<char> = info.text.chars().collect();
    let mut g = GraphBuilder {
        graph: doc.clone().into(),
        quads: Vec::new(),
    };

    // Entities: two entities that mint one IRI are one node, named by the first label.
    let entity_iris: Vec<NamedNode> = ex.entities.iter().map(iri::entity).collect();
    let mut named: HashMap<&NamedNode, &str> = HashMap::new();
    for (e, node) in ex.entities.iter().zip(&entity_iris) {
        g.add(node.clone(), rdf::TYPE, kind_class(e.kind));
        match named.get(node) {
            None => {
                named.insert(node, e.label.as_str());
                g.add(node.clone(), skos::PREF_LABEL, zh(&e.label));
            }
            Some(first) if *first != e.label => {
                g.add(node.clone(), skos::ALT_LABEL, zh(&e.label));
            }
            Some(_) => {}
        }
        for alias in &e.aliases {
            if alias != &e.label {
                g.add(node.clone(), skos::ALT_LABEL, zh(alias));
            }
        }
        if let Some(code) = &e.admin_code {
            g.add(
                node.clone(),
                gk::ADMIN_CODE,
                Literal::new_simple_literal(code),
            );
        }
        if let Some(q) = &e.qualifier {
            g.add(node.clone(), gk::QUALIFIER, zh(q));
        }
    }
    let entity_node = |id: crate::model::EntityId| entity_iris.get(id.0).cloned();

    // The report.
    g.add(doc.clone(), rdf::TYPE, gk::REPORT);
    g.add(doc.clone(), rdf::TYPE, nif::CONTEXT);
    g.add(
        doc.clone(),
        dcterms::SOURCE,
        Literal::new_simple_literal(&info.source),
    );
    g.add(doc.clone(), gk::SHA256, Literal::new_simple_literal(sha));
    g.add(
        doc.clone(),
        gk::ENCODING,
        Literal::new_simple_literal(&info.encoding),
    );
    g.add(
        doc.clone(),
        nif::IS_STRING,
        Literal::new_simple_literal(&info.text),
    );
    if let Some(t) = &info.title {
        g.add(doc.clone(), dcterms::TITLE, zh(t));
    }
    if let Some(p) = info.place.and_then(entity_node) {
        g.add(doc.clone(), dcterms::SPATIAL, p);
    }
    if let Some(b) = info.issuer.and_then(entity_node) {
        g.add(doc.clone(), dcterms::PUBLISHER, b);
    }
    if let Some(y) = info.publication_year {
        g.add(doc.clone(), dcterms::ISSUED, year(y));
    }

    // Sections.
    for (i, sec) in ex.sections.iter().enumerate() {
        let node = iri::document_part(sha, "sec", i);
        g.add(node.clone(), rdf::TYPE, gk::SECTION);
        g.add(node.clone(), dcterms::IS_PART_OF, doc.clone());
        g.add(node.clone(), gk::FRAME, frame(sec.frame));
        if let Some(h) = &sec.heading {
            g.add(node.clone(), dcterms::TITLE, zh(h));
        }
        if let Some(s) = sec.speaker.and_then(entity_node) {
            g.add(node.clone(), gk::SPEAKER, s);
        }
        if let Some(y) = sec.year {
            g.add(node.clone(), gk::YEAR, year(y));
        }
    }

    // Sentences.
    let sentence = |i: crate::model::SentenceId| iri::document_part(sha, "s", i.0);
    for (i, s) in ex.sentences.iter().enumerate() {
        let node = iri::document_part(sha, "s", i);
        g.add(node.clone(), rdf::TYPE, gk::SENTENCE);
        g.add(node.clone(), rdf::TYPE, nif::STRING);
        g.add(node.clone(), nif::BEGIN_INDEX, index(s.span.start));
        g.add(node.clone(), nif::END_INDEX, index(s.span.end));
        g.add(
            node.clone(),
            nif::ANCHOR_OF,
            Literal::new_simple_literal(&s.text),
        );
        g.add(node.clone(), nif::REFERENCE_CONTEXT, doc.clone());
        if s.section < ex.sections.len() {
            g.add(
                node.clone(),
                gk::SECTION_OF,
                iri::document_part(sha, "sec", s.section),
            );
        }
    }

    // Mentions.
    for (i, m) in ex.mentions.iter().enumerate() {
        let Some(target) = entity_node(m.entity) else {
            continue;
        };
        let node = iri::document_part(sha, "m", i);
        g.add(node.clone(), rdf::TYPE, gk::MENTION);
        g.add(node.clone(), rdf::TYPE, nif::STRING);
        g.add(node.clone(), nif::BEGIN_INDEX, index(m.span.start));
        g.add(node.clone(), nif::END_INDEX, index(m.span.end));
        // NIF's anchor is the text the offsets cover; the normalised surface is the fallback.
        let anchor =
            raw_slice(&chars, m.span.start, m.span.end).unwrap_or_else(|| m.surface.clone());
        g.add(
            node.clone(),
            nif::ANCHOR_OF,
            Literal::new_simple_literal(anchor),
        );
        g.add(node.clone(), nif::REFERENCE_CONTEXT, doc.clone());
        g.add(node.clone(), gk::MENTIONED_IN, sentence(m.sentence));
        g.add(node.clone(), itsrdf::TA_IDENT_REF, target);
    }

    // Quantities.
    for (i, q) in ex.quantities.iter().enumerate() {
        let node = iri::document_part(sha, "q", i);
        g.add(node.clone(), rdf::TYPE, gk::QUANTITY);
        g.add(node.clone(), rdf::TYPE, qb::OBSERVATION);
        g.add(node.clone(), gk::INDICATOR, zh(&q.indicator));
        if let Some(ind) = crate::lexicon::indicators::indicator(&q.indicator) {
            let concept = iri::indicator(&ind.key);
            g.add(node.clone(), gk::INDICATOR_CONCEPT, concept.clone());
            g.add(concept.clone(), rdf::TYPE, gk::INDICATOR_CLASS);
            // rdfs:label, not skos:prefLabel, which names the document's entities
            g.add(concept.clone(), rdfs::LABEL, zh(&ind.label));
            g.add(
                concept,
                gk::LOWER_IS_BETTER,
                Literal::from(ind.lower_is_better),
            );
        }
        g.add(
            node.clone(),
            gk::VALUE_AS_WRITTEN,
            Literal::new_simple_literal(&q.value),
        );
        if let Some(v) = decimal(&q.value) {
            g.add(node.clone(), sdmx::OBS_VALUE, v);
        }
        g.add(
            node.clone(),
            gk::UNIT_LABEL,
            Literal::new_simple_literal(&q.unit),
        );
        g.add(
            node.clone(),
            sdmx::UNIT_MEASURE,
            unit_iri(&q.unit, q.unit_multiplier),
        );
        g.add(
            node.clone(),
            sdmx::UNIT_MULT,
            Literal::from(i64::from(q.unit_multiplier)),
        );
        g.add(node.clone(), gk::COMPARATOR, comparator(q.comparator));
        g.add(node.clone(), gk::STATUS, status(q.status));
        if let Some(y) = q.year {
            g.add(node.clone(), sdmx::REF_PERIOD, year(y));
        }
        if let Some(o) = q.org.and_then(entity_node) {
            g.add(node.clone(), gk::RESPONSIBLE_BODY, o);
        }
        if let Some(p) = &q.period {
            g.add(node.clone(), gk::PERIOD, zh(p));
        }
        g.add(node.clone(), gk::DECREASE, Literal::from(q.decrease));
        g.add(node.clone(), prov::WAS_DERIVED_FROM, sentence(q.sentence));
        g.add(node.clone(), nif::BEGIN_INDEX, index(q.span.start));
        g.add(node.clone(), nif::END_INDEX, index(q.span.end));
        g.add(node.clone(), nif::REFERENCE_CONTEXT, doc.clone());
    }

    // Attributions.
    for (i, a) in ex.attributions.iter().enumerate() {
        let (Some(subject), Some(body)) = (entity_node(a.subject), entity_node(a.org)) else {
            continue;
        };
        let node = iri::document_part(sha, "a", i);
        g.add(node.clone(), rdf::TYPE, gk::ATTRIBUTION);
        g.add(node.clone(), gk::SUBJECT, subject);
        g.add(node.clone(), gk::BODY, body);
        g.add(node.clone(), gk::ROLE, role(a.role));
        if let Some(y) = a.year {
            g.add(node.clone(), gk::YEAR, year(y));
        }
        g.add(node.clone(), prov::WAS_DERIVED_FROM, sentence(a.sentence));
        g.add(node.clone(), nif::BEGIN_INDEX, index(a.span.start));
        g.add(node.clone(), nif::END_INDEX, index(a.span.end));
        g.add(node.clone(), nif::REFERENCE_CONTEXT, doc.clone());
    }

    order::sort_nquads(g.quads)
}

/// Writes quads in `format`. Formats without graphs (Turtle, N-Triples, RDF/XML) get the
/// triples; the others keep each quad's graph.
pub fn write_quads<W: Write>(
    quads: &[Quad],
    format: RdfFormat,
    mut writer: W,
) -> std::io::Result<W> {
    if matches!(format, RdfFormat::NQuads | RdfFormat::NTriples) {
        // the line formats are put together directly, in blocks (see `nquads`)
        let graph = format == RdfFormat::NQuads;
        let mut buf = Vec::with_capacity(1 << 16);
        for q in quads {
            nquads::push_line(&mut buf, q.as_ref(), graph);
            if buf.len() >= 1 << 16 {
                writer.write_all(&buf)?;
                buf.clear();
            }
        }
        writer.write_all(&buf)?;
        return Ok(writer);
    }
    let mut serializer = RdfSerializer::from_format(format);
    for (name, ns) in serializer_prefixes() {
        serializer = serializer
            .with_prefix(name, ns)
            .map_err(std::io::Error::other)?;
    }
    let mut out = serializer.for_writer(writer);
    let datasets = format.supports_datasets();
    for q in quads {
        if datasets {
            out.serialize_quad(q)?;
        } else {
            out.serialize_triple(q.as_ref())?;
        }
    }
    out.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::*;

    /// A small report in the shape the extractor produces, with one of everything.
    pub(crate) fn sample() -> Extraction {
        let text =
            "拱墅区2023年政府工作报告\n区科技局牵头实施“152”工程，全年固定资产投资10.33亿元。\n"
                .to_owned();
        Extraction {
            document: DocumentInfo {
                source: "tests/data/sample.txt".into(),
                sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".into(),
                encoding: "UTF-8".into(),
                text,
                title: Some("拱墅区2023年政府工作报告".into()),
                place: Some(EntityId(0)),
                issuer: Some(EntityId(1)),
                publication_year: Some(2023),
            },
            sections: vec![Section {
                heading: None,
                speaker: Some(EntityId(1)),
                frame: Frame::Plan,
                year: Some(2023),
            }],
            sentences: vec![
                Sentence {
                    span: CharSpan::new(0, 14),
                    text: "拱墅区2023年政府工作报告".into(),
                    heading: true,
                    section: 0,
                },
                Sentence {
                    span: CharSpan::new(15, 47),
                    text: "区科技局牵头实施“152”工程，全年固定资产投资10.33亿元。".into(),
                    heading: false,
                    section: 0,
                },
            ],
            entities: vec![
                Entity {
                    label: "拱墅区".into(),
                    kind: EntityKind::Place,
                    aliases: vec![],
                    qualifier: None,
                    admin_code: Some("330105".into()),
                },
                Entity {
                    label: "区科技局".into(),
                    kind: EntityKind::GovernmentBody,
                    aliases: vec!["区科协".into()],
                    qualifier: Some("拱墅区".into()),
                    admin_code: None,
                },
                Entity {
                    label: "152工程".into(),
                    kind: EntityKind::Initiative,
                    aliases: vec![],
                    qualifier: None,
                    admin_code: None,
                },
            ],
            mentions: vec![
                Mention {
                    entity: EntityId(0),
                    sentence: SentenceId(0),
                    span: CharSpan::new(0, 3),
                    surface: "拱墅区".into(),
                },
                Mention {
                    entity: EntityId(1),
                    sentence: SentenceId(1),
                    span: CharSpan::new(15, 19),
                    surface: "区科技局".into(),
                },
            ],
            quantities: vec![Quantity {
                indicator: "固定资产投资".into(),
                value: "10.33".into(),
                unit: "亿元".into(),
                unit_multiplier: 8,
                comparator: Comparator::Eq,
                year: Some(2023),
                status: Status::Target,
                org: Some(EntityId(1)),
                period: None,
                decrease: false,
                sentence: SentenceId(1),
                span: CharSpan::new(39, 46),
            }],
            attributions: vec![Attribution {
                subject: EntityId(2),
                org: EntityId(1),
                year: Some(2023),
                role: Role::Leads,
                sentence: SentenceId(1),
                span: CharSpan::new(23, 30),
            }],
            diagnostics: vec![],
        }
    }

    fn nquads(ex: &Extraction) -> Vec<u8> {
        write_quads(&to_quads(ex), RdfFormat::NQuads, Vec::new()).unwrap_or_default()
    }

    #[test]
    fn output_is_byte_identical_for_identical_input() {
        let a = nquads(&sample());
        assert!(!a.is_empty());
        assert_eq!(a, nquads(&sample()));
    }

    #[test]
    fn everything_is_in_the_document_graph_without_blank_nodes() {
        let ex = sample();
        let g = document_graph(&ex.document);
        let quads = to_quads(&ex);
        assert!(
            quads
                .iter()
                .all(|q| q.graph_name == GraphName::from(g.clone()))
        );
        let text = String::from_utf8(nquads(&ex)).unwrap_or_default();
        assert!(!text.contains("_:"));
    }

    #[test]
    fn quads_are_sorted_and_unique() {
        let quads = to_quads(&sample());
        let keys: Vec<String> = quads.iter().map(ToString::to_string).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn quantity_keeps_value_and_unit_as_written_with_multiplier() {
        let text = String::from_utf8(nquads(&sample())).unwrap_or_default();
        let q = "<https://w3id.org/govkg/doc/0123456789abcdef/q/0>";
        assert!(text.contains(&format!(
            "{q} <https://w3id.org/govkg/ontology#unitLabel> \"亿元\""
        )));
        assert!(text.contains(&format!("{q} <http://purl.org/linked-data/sdmx/2009/measure#obsValue> \"10.33\"^^<http://www.w3.org/2001/XMLSchema#decimal>")));
        assert!(text.contains(&format!("{q} <http://purl.org/linked-data/sdmx/2009/attribute#unitMult> \"8\"^^<http://www.w3.org/2001/XMLSchema#integer>")));
        assert!(text.contains(&format!("{q} <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> <http://qudt.org/vocab/unit/CCY_CNY>")));
        assert!(text.contains("\"2023\"^^<http://www.w3.org/2001/XMLSchema#gYear>"));
    }

    #[test]
    fn qualified_body_iri_and_labels() {
        let text = String::from_utf8(nquads(&sample())).unwrap_or_default();
        assert!(text.contains("<https://w3id.org/govkg/id/org/拱墅区/区科技局> <http://www.w3.org/2004/02/skos/core#prefLabel> \"区科技局\"@zh"));
        assert!(text.contains("<https://w3id.org/govkg/id/org/拱墅区/区科技局> <http://www.w3.org/2004/02/skos/core#altLabel> \"区科协\"@zh"));
    }

    #[test]
    fn mention_anchor_is_the_raw_text_under_the_offsets() {
        let text = String::from_utf8(nquads(&sample())).unwrap_or_default();
        assert!(text.contains("<https://w3id.org/govkg/doc/0123456789abcdef/m/1> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> \"区科技局\""));
    }

    #[test]
    fn units_map_to_qudt_or_our_own() {
        assert_eq!(unit_iri("%", 0), unit::PERCENT.into_owned());
        assert_eq!(unit_iri("个百分点", 0), gk::PERCENTAGE_POINT.into_owned());
        assert_eq!(unit_iri("万人次", 4), unit::NUM.into_owned());
        assert_eq!(unit_iri("亿元", 8), unit::CCY_CNY.into_owned());
        assert_eq!(
            unit_iri("公里", 0).as_str(),
            "https://w3id.org/govkg/unit/公里"
        );
    }

    #[test]
    fn non_decimal_values_get_no_obs_value() {
        assert!(decimal("1,200").is_some());
        assert!(decimal("三成").is_none());
        assert!(decimal("").is_none());
        assert!(decimal("1.2.3").is_none());
    }

    #[test]
    fn turtle_output_drops_graphs_and_parses() {
        let out =
            write_quads(&to_quads(&sample()), RdfFormat::Turtle, Vec::new()).unwrap_or_default();
        let parsed: Result<Vec<_>, _> = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(&out)
            .collect();
        assert_eq!(
            parsed.map(|v| v.len()).ok(),
            Some(to_quads(&sample()).len())
        );
    }
}
