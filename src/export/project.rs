//! The projection: SPARQL over a [`GraphStore`] → [`ExportGraph`]. The only part of `export`
//! that talks to the store; it sees plain strings, never oxigraph types.

use super::{ExportEdge, ExportError, ExportGraph, ExportNode, QuantityFact};
use crate::store::{GraphStore, PlainTerm};
use std::collections::{BTreeMap, BTreeSet};

/// Sentences kept per node for the HTML page's fact panel.
const SENTENCES_PER_NODE: usize = 3;

/// The entity categories, as class local names.
pub const CATEGORIES: [&str; 6] = [
    "GovernmentBody",
    "Enterprise",
    "Institution",
    "Platform",
    "Initiative",
    "Place",
];

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sdmxd: <http://purl.org/linked-data/sdmx/2009/dimension#>
";

/// What to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Only this document: its graph IRI or the source path it was ingested from.
    pub document: Option<String>,
    /// Only attributions, quantities and co-mentions of this year.
    pub year: Option<u16>,
    /// Only entities of these categories (class local names); empty means all.
    pub categories: Vec<String>,
    /// Only this entity (by preferred label, usually a body) and its neighbours.
    pub body: Option<String>,
    /// Quantities become nodes linked to their body by `responsible_for`.
    pub quantities_as_nodes: bool,
    /// A SPARQL CONSTRUCT whose triples are the graph; the filters above are then ignored.
    pub construct: Option<String>,
}

/// Reads the graph described by `options` from the store.
pub fn project(store: &GraphStore, options: &ExportOptions) -> Result<ExportGraph, ExportError> {
    for c in &options.categories {
        if !CATEGORIES.contains(&c.as_str()) {
            return Err(ExportError::UnknownCategory(c.clone()));
        }
    }
    if let Some(q) = &options.construct {
        return from_construct(store, q);
    }
    let from = match &options.document {
        Some(d) => {
            let docs = store.documents()?;
            let doc = docs
                .iter()
                .find(|x| &x.graph == d || &x.source == d)
                .ok_or_else(|| ExportError::UnknownDocument(d.clone()))?;
            format!("FROM <{}>", doc.graph)
        }
        None => String::new(),
    };
    let year = |var: &str| match options.year {
        Some(y) => format!("FILTER(STR(?{var}) = \"{y}\")"),
        None => String::new(),
    };

    let mut nodes: BTreeMap<String, ExportNode> = BTreeMap::new();
    let values: String = CATEGORIES
        .iter()
        .map(|c| format!("(gk:{c} \"{c}\") "))
        .collect();
    for row in store.select_strings(&format!(
        "{PREFIXES}SELECT ?e (MIN(STR(?l)) AS ?label) (MIN(?cat) AS ?category) {from} WHERE {{
           VALUES (?class ?cat) {{ {values} }} ?e a ?class ; skos:prefLabel ?l . }} GROUP BY ?e"
    ))? {
        if let [Some(iri), label, Some(category)] = row.as_slice() {
            nodes.insert(
                iri.clone(),
                ExportNode {
                    iri: iri.clone(),
                    label: label.clone().unwrap_or_else(|| iri.clone()),
                    category: category.clone(),
                    ..ExportNode::default()
                },
            );
        }
    }

    let mut edges = Vec::new();
    for row in store.select_strings(&format!(
        "{PREFIXES}SELECT ?body ?subject ?role (COUNT(DISTINCT ?a) AS ?n) {from} WHERE {{
           ?a a gk:Attribution ; gk:body ?body ; gk:subject ?subject ; gk:role ?role .
           OPTIONAL {{ ?a gk:year ?y }} {} }} GROUP BY ?body ?subject ?role",
        year("y")
    ))? {
        if let [Some(body), Some(subject), Some(role), n] = row.as_slice() {
            edges.push(ExportEdge {
                source: body.clone(),
                target: subject.clone(),
                kind: snake_case(local_name(role)),
                weight: weight(n.as_deref()),
            });
        }
    }
    if options.year.is_none() {
        for row in store.select_strings(&format!(
            "{PREFIXES}SELECT DISTINCT ?e ?p {from} WHERE {{
               ?e gk:qualifier ?q . ?p a gk:Place ; skos:prefLabel ?pl .
               FILTER(STR(?pl) = STR(?q) && ?e != ?p) }}"
        ))? {
            if let [Some(e), Some(p)] = row.as_slice() {
                edges.push(ExportEdge {
                    source: e.clone(),
                    target: p.clone(),
                    kind: "located_in".into(),
                    weight: 1.0,
                });
            }
        }
    }

    // Quantities, attached to their body (and, on request, nodes of their own).
    let mut quantity_nodes = Vec::new();
    let mut with_quantities = BTreeSet::new();
    for row in store.select_strings(&format!(
        "{PREFIXES}SELECT ?q ?body ?ind ?val ?unit ?year ?status (MIN(?text) AS ?sentence) {from}
         WHERE {{
           ?q a gk:Quantity ; gk:responsibleBody ?body .
           OPTIONAL {{ ?q gk:indicator ?ind }} OPTIONAL {{ ?q gk:valueAsWritten ?val }}
           OPTIONAL {{ ?q gk:unitLabel ?unit }} OPTIONAL {{ ?q sdmxd:refPeriod ?year }}
           OPTIONAL {{ ?q gk:status ?status }}
           OPTIONAL {{ ?q prov:wasDerivedFrom/nif:anchorOf ?text }} {}
         }} GROUP BY ?q ?body ?ind ?val ?unit ?year ?status",
        year("year")
    ))? {
        let [Some(q), Some(body), ind, val, unit, year, status, sentence] = row.as_slice() else {
            continue;
        };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let fact = QuantityFact {
            iri: q.clone(),
            indicator: text(ind),
            value: text(val),
            unit: text(unit),
            year: text(year),
            status: status.as_deref().map(local_name).unwrap_or("").to_owned(),
        };
        let Some(owner) = nodes.get_mut(body) else {
            continue;
        };
        owner.quantities.push(fact.clone());
        with_quantities.insert(body.clone());
        if options.quantities_as_nodes {
            quantity_nodes.push(ExportNode {
                iri: q.clone(),
                label: format!("{} {}{}", fact.indicator, fact.value, fact.unit),
                category: "Quantity".into(),
                quantities: vec![fact],
                sentences: sentence.iter().cloned().collect(),
                ..ExportNode::default()
            });
            edges.push(ExportEdge {
                source: body.clone(),
                target: q.clone(),
                kind: "responsible_for".into(),
                weight: 1.0,
            });
        }
    }
    for n in nodes.values_mut() {
        n.quantities.sort();
    }

    // Mentions: source sentences per entity (in document order), and co-mentions. One pass
    // over the mentions in Rust is several times faster than a SPARQL self-join.
    let mut sentences: BTreeMap<String, BTreeSet<(String, u64, String)>> = BTreeMap::new();
    let mut together: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let wanted_year = options.year.map(|y| y.to_string());
    for row in store.select_strings(&format!(
        "{PREFIXES}SELECT DISTINCT ?e ?s ?text ?y {from} WHERE {{
           ?m itsrdf:taIdentRef ?e ; gk:mentionedIn ?s . ?s nif:anchorOf ?text .
           OPTIONAL {{ ?s gk:section/gk:year ?y }} }}"
    ))? {
        if let [Some(e), Some(s), Some(text), year] = row.as_slice() {
            if wanted_year.is_none() || wanted_year.as_ref() == year.as_ref() {
                together.entry(s.clone()).or_default().insert(e.clone());
            }
            let (doc, idx) = match s.rsplit_once('/') {
                Some((doc, idx)) => (doc.to_owned(), idx.parse().unwrap_or(u64::MAX)),
                None => (s.clone(), u64::MAX),
            };
            sentences
                .entry(e.clone())
                .or_default()
                .insert((doc, idx, text.clone()));
        }
    }
    let mut co_mentions: BTreeMap<(&String, &String), usize> = BTreeMap::new();
    for entities in together.values() {
        let list: Vec<&String> = entities.iter().collect();
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                *co_mentions.entry((a, b)).or_default() += 1;
            }
        }
    }
    edges.extend(co_mentions.into_iter().map(|((a, b), n)| ExportEdge {
        source: a.clone(),
        target: b.clone(),
        kind: "mentioned_with".into(),
        weight: n as f64,
    }));
    for (e, list) in sentences {
        if let Some(n) = nodes.get_mut(&e) {
            let mut seen = BTreeSet::new();
            n.sentences = list
                .into_iter()
                .map(|(_, _, t)| t)
                .filter(|t| seen.insert(t.clone()))
                .take(SENTENCES_PER_NODE)
                .collect();
        }
    }

    // Filters on nodes; edges to dropped nodes are dropped by `Network::new`.
    if !options.categories.is_empty() {
        nodes.retain(|_, n| options.categories.contains(&n.category));
    }
    if options.year.is_some() {
        let touched: BTreeSet<&String> = edges
            .iter()
            .flat_map(|e| [&e.source, &e.target])
            .chain(with_quantities.iter())
            .collect();
        nodes.retain(|iri, _| touched.contains(iri));
    }
    let mut all: Vec<ExportNode> = nodes.into_values().collect();
    let kept: BTreeSet<String> = all.iter().map(|n| n.iri.clone()).collect();
    all.extend(quantity_nodes.into_iter().filter(|q| {
        edges
            .iter()
            .any(|e| e.target == q.iri && kept.contains(&e.source))
    }));
    if let Some(body) = &options.body {
        let centre: BTreeSet<String> = all
            .iter()
            .filter(|n| &n.label == body)
            .map(|n| n.iri.clone())
            .collect();
        if centre.is_empty() {
            return Err(ExportError::UnknownBody(body.clone()));
        }
        edges.retain(|e| centre.contains(&e.source) || centre.contains(&e.target));
        let keep: BTreeSet<&String> = edges
            .iter()
            .flat_map(|e| [&e.source, &e.target])
            .chain(centre.iter())
            .collect();
        all.retain(|n| keep.contains(&n.iri));
    }
    Ok(ExportGraph { nodes: all, edges })
}

/// A user's CONSTRUCT: IRIs (and blank nodes) become nodes, labels come from skos:prefLabel or
/// rdfs:label, the class from rdf:type, and triples between resources become edges named by
/// the predicate's local name.
fn from_construct(store: &GraphStore, query: &str) -> Result<ExportGraph, ExportError> {
    const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const LABELS: [&str; 2] = [
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label",
    ];
    let mut triples = store.construct_triples(query)?;
    triples.sort();
    triples.dedup();
    let key = |t: &PlainTerm| match t {
        PlainTerm::Iri(s) | PlainTerm::Literal(s) => s.clone(),
        PlainTerm::Blank(b) => format!("_:{b}"),
    };
    let mut nodes: BTreeMap<String, ExportNode> = BTreeMap::new();
    let mut edges = Vec::new();
    let ensure = |nodes: &mut BTreeMap<String, ExportNode>, iri: String| {
        nodes.entry(iri.clone()).or_insert_with(|| ExportNode {
            label: local_name(&iri).to_owned(),
            iri,
            category: "Resource".into(),
            ..ExportNode::default()
        });
    };
    for t in &triples {
        ensure(&mut nodes, key(&t.subject));
    }
    for t in &triples {
        let s = key(&t.subject);
        match &t.object {
            PlainTerm::Literal(l) if LABELS.contains(&t.predicate.as_str()) => {
                if let Some(n) = nodes.get_mut(&s) {
                    // Sorted triples: the first prefLabel wins over rdfs:label.
                    if n.label == local_name(&n.iri) {
                        n.label = l.clone();
                    }
                }
            }
            PlainTerm::Literal(_) => {}
            PlainTerm::Iri(o) if t.predicate == TYPE => {
                if let Some(n) = nodes.get_mut(&s) {
                    if n.category == "Resource" {
                        n.category = local_name(o).to_owned();
                    }
                }
            }
            object => {
                let o = key(object);
                ensure(&mut nodes, o.clone());
                edges.push(ExportEdge {
                    source: s,
                    target: o,
                    kind: local_name(&t.predicate).to_owned(),
                    weight: 1.0,
                });
            }
        }
    }
    Ok(ExportGraph {
        nodes: nodes.into_values().collect(),
        edges,
    })
}

fn weight(n: Option<&str>) -> f64 {
    n.and_then(|n| n.parse().ok()).unwrap_or(1.0)
}

/// The part of an IRI after the last `#` or `/`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// `carriesOut` → `carries_out`.
fn snake_case(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            snake_case(local_name("https://w3id.org/govkg/ontology#carriesOut")),
            "carries_out"
        );
        assert_eq!(
            local_name("https://w3id.org/govkg/id/org/区科技局"),
            "区科技局"
        );
    }
}
