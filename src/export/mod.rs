//! Exports for visualization tools: [`ExportGraph`] (entities and typed relations read from
//! the store), turned into a [`Network`] (a petgraph graph with measures) and written as
//! GEXF, GraphML, Cytoscape.js JSON, DOT or a self-contained HTML page.
//!
//! Pipeline: SPARQL over the store ([`project`], the only part that talks to the store) →
//! [`ExportGraph`] → [`Network`] (petgraph, degree, components, PageRank) → writers.
//! **Invariant:** this is the only module that knows petgraph; writers see only [`Network`].
//! Output is deterministic: nodes sorted by IRI, edges by (source, target, kind).

mod cytoscape;
mod dot;
mod html;
mod measures;
mod project;
mod xml;

pub use project::{ExportOptions, project};

use crate::store::StoreError;
use petgraph::graph::{Graph, NodeIndex};
use std::collections::BTreeMap;
use std::io::Write;
use thiserror::Error;

/// What can go wrong while exporting.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A query against the store failed (including a user's CONSTRUCT that is not SPARQL).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `--document` named neither a graph IRI nor a source path in the store.
    #[error("no document {0} in the store (give its graph IRI or the path it was ingested from)")]
    UnknownDocument(String),
    /// `--body` named no entity of the (filtered) graph.
    #[error("no entity labelled {0} in the exported graph")]
    UnknownBody(String),
    /// `--category` named something that is not an entity category.
    #[error(
        "unknown category {0} (expected GovernmentBody, Enterprise, Institution, Platform, Initiative or Place)"
    )]
    UnknownCategory(String),
    /// Writing the output failed.
    #[error("cannot write export: {0}")]
    Io(#[from] std::io::Error),
    /// Serialising JSON failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// One quantity stated for a body, kept as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct QuantityFact {
    /// The quantity's IRI.
    pub iri: String,
    /// The indicator text.
    pub indicator: String,
    /// The number as written.
    pub value: String,
    /// The unit as written.
    pub unit: String,
    /// The year, if known.
    pub year: String,
    /// `target` or `achievement` (or empty).
    pub status: String,
}

impl QuantityFact {
    /// A one-line reading: `2023 target: 新认定市雏鹰企业 45家`.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        if !self.year.is_empty() {
            s.push_str(&self.year);
            s.push(' ');
        }
        if !self.status.is_empty() {
            s.push_str(&self.status);
            s.push_str(": ");
        }
        s.push_str(&self.indicator);
        s.push(' ');
        s.push_str(&self.value);
        s.push_str(&self.unit);
        s.trim().to_owned()
    }
}

/// A node: an entity (or, with `quantities_as_nodes`, a quantity).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportNode {
    /// The IRI, which identifies the node.
    pub iri: String,
    /// The preferred label (the IRI when there is none).
    pub label: String,
    /// Class local name: `GovernmentBody`, ..., `Quantity`, or `Resource` for CONSTRUCT nodes.
    pub category: String,
    /// Quantities this node is responsible for, sorted by IRI.
    pub quantities: Vec<QuantityFact>,
    /// Up to a few sentences mentioning the node, in document order.
    pub sentences: Vec<String>,
    /// Measures, filled by [`Network::new`].
    pub measures: Measures,
}

impl ExportNode {
    /// Number of quantities with status `target`.
    pub fn targets(&self) -> usize {
        self.quantities
            .iter()
            .filter(|q| q.status == "target")
            .count()
    }

    /// Number of quantities with status `achievement`.
    pub fn achievements(&self) -> usize {
        self.quantities
            .iter()
            .filter(|q| q.status == "achievement")
            .count()
    }

    /// The first few quantities on one line, for attribute columns.
    pub fn quantity_digest(&self) -> String {
        const SHOWN: usize = 5;
        let mut parts: Vec<String> = self
            .quantities
            .iter()
            .take(SHOWN)
            .map(QuantityFact::summary)
            .collect();
        if self.quantities.len() > SHOWN {
            parts.push(format!("… (+{})", self.quantities.len() - SHOWN));
        }
        parts.join("; ")
    }
}

/// Graph measures of one node.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Measures {
    /// Number of incident edges (either direction).
    pub degree: usize,
    /// Sum of the weights of incident edges.
    pub weighted_degree: f64,
    /// Connected component (ignoring direction), numbered from 0 in node order.
    pub component: usize,
    /// PageRank on the undirected weighted graph (sums to 1).
    pub pagerank: f64,
}

/// A typed relation between two nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportEdge {
    /// Source IRI.
    pub source: String,
    /// Target IRI.
    pub target: String,
    /// `leads`, `carries_out`, `mentioned_with`, `located_in`, `responsible_for`, or a
    /// predicate's local name for CONSTRUCT graphs.
    pub kind: String,
    /// How often the relation is stated (attributions, shared sentences).
    pub weight: f64,
}

/// The domain graph before measures: what the store says, filtered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportGraph {
    /// Nodes, any order.
    pub nodes: Vec<ExportNode>,
    /// Edges, any order; edges touching unknown nodes are dropped by [`Network::new`].
    pub edges: Vec<ExportEdge>,
}

/// The graph in petgraph form, sorted, with measures on every node.
pub struct Network {
    graph: Graph<ExportNode, ExportEdge>,
}

impl Network {
    /// Sorts nodes by IRI and edges by (source, target, kind), merges duplicate nodes and
    /// edges (summing weights), drops dangling edges, and computes the measures.
    pub fn new(mut g: ExportGraph) -> Self {
        g.nodes.sort_by(|a, b| a.iri.cmp(&b.iri));
        g.nodes.dedup_by(|a, b| a.iri == b.iri);
        let mut graph = Graph::new();
        let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
        for n in g.nodes {
            let iri = n.iri.clone();
            index.insert(iri, graph.add_node(n));
        }
        let mut edges: BTreeMap<(String, String, String), f64> = BTreeMap::new();
        for e in g.edges {
            if index.contains_key(&e.source) && index.contains_key(&e.target) {
                *edges.entry((e.source, e.target, e.kind)).or_default() += e.weight;
            }
        }
        for ((source, target, kind), weight) in edges {
            if let (Some(&s), Some(&t)) = (index.get(&source), index.get(&target)) {
                graph.add_edge(
                    s,
                    t,
                    ExportEdge {
                        source,
                        target,
                        kind,
                        weight,
                    },
                );
            }
        }
        measures::compute(&mut graph);
        Self { graph }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Nodes in IRI order, with their export ids (`n0`, `n1`, ...).
    pub fn nodes(&self) -> impl Iterator<Item = (String, &ExportNode)> {
        self.graph
            .node_indices()
            .map(|i| (node_id(i), &self.graph[i]))
    }

    /// Edges in (source, target, kind) order, with their ids and endpoint ids.
    pub fn edges(&self) -> impl Iterator<Item = (String, String, String, &ExportEdge)> {
        self.graph.edge_indices().filter_map(|e| {
            let (s, t) = self.graph.edge_endpoints(e)?;
            Some((
                format!("e{}", e.index()),
                node_id(s),
                node_id(t),
                &self.graph[e],
            ))
        })
    }

    /// The `n` nodes of `category` with the highest PageRank (ties by IRI).
    pub fn most_central(&self, category: &str, n: usize) -> Vec<&ExportNode> {
        let mut nodes: Vec<&ExportNode> = self
            .graph
            .node_weights()
            .filter(|x| x.category == category)
            .collect();
        nodes.sort_by(|a, b| {
            b.measures
                .pagerank
                .total_cmp(&a.measures.pagerank)
                .then_with(|| a.iri.cmp(&b.iri))
        });
        nodes.truncate(n);
        nodes
    }

    /// Writes the graph in `format`.
    pub fn write<W: Write>(&self, format: ExportFormat, out: &mut W) -> Result<(), ExportError> {
        match format {
            ExportFormat::Gexf => xml::write_gexf(self, out)?,
            ExportFormat::Graphml => xml::write_graphml(self, out)?,
            ExportFormat::Cytoscape => cytoscape::write(self, out)?,
            ExportFormat::Dot => dot::write(self, out)?,
            ExportFormat::Html => html::write(self, out)?,
        }
        Ok(())
    }
}

fn node_id(i: NodeIndex) -> String {
    format!("n{}", i.index())
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// GraphML (yEd, Cytoscape desktop, networkx).
    Graphml,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// Graphviz DOT.
    Dot,
    /// One self-contained HTML page with a force layout.
    Html,
}

/// Formats a float the same way everywhere: at most six decimals, no trailing zeros.
pub(crate) fn fmt_f64(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".into()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(iri: &str, category: &str) -> ExportNode {
        ExportNode {
            iri: iri.into(),
            label: iri.into(),
            category: category.into(),
            ..ExportNode::default()
        }
    }

    fn edge(s: &str, t: &str, kind: &str) -> ExportEdge {
        ExportEdge {
            source: s.into(),
            target: t.into(),
            kind: kind.into(),
            weight: 1.0,
        }
    }

    #[test]
    fn network_sorts_merges_and_measures() {
        let g = ExportGraph {
            nodes: vec![
                node("c", "Initiative"),
                node("a", "GovernmentBody"),
                node("b", "Initiative"),
                node("d", "Place"),
            ],
            edges: vec![
                edge("a", "c", "leads"),
                edge("a", "b", "leads"),
                edge("a", "c", "leads"),
                edge("a", "zz", "leads"),
            ],
        };
        let n = Network::new(g);
        assert_eq!(n.node_count(), 4);
        assert_eq!(n.edge_count(), 2);
        let nodes: Vec<_> = n.nodes().map(|(id, x)| (id, x.iri.clone())).collect();
        assert_eq!(nodes[0], ("n0".to_owned(), "a".to_owned()));
        let a = &n
            .nodes()
            .next()
            .map(|(_, x)| x.measures)
            .unwrap_or_default();
        assert_eq!(a.degree, 2);
        assert!((a.weighted_degree - 3.0).abs() < 1e-9);
        let d = n
            .nodes()
            .nth(3)
            .map(|(_, x)| x.measures)
            .unwrap_or_default();
        assert_eq!(d.component, 1);
        assert_eq!(n.most_central("GovernmentBody", 10)[0].iri, "a");
    }

    #[test]
    fn floats_are_short_and_stable() {
        assert_eq!(fmt_f64(2.0), "2");
        assert_eq!(fmt_f64(0.1234567), "0.123457");
        assert_eq!(fmt_f64(f64::NAN), "0");
    }
}
