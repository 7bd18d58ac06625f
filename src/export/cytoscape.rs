//! Cytoscape.js elements JSON for a [`Network`]; also the data embedded in the HTML page.

use super::{ExportError, Network};
use serde_json::{Value, json};
use std::io::Write;

/// The `{"elements":{"nodes":[...],"edges":[...]}}` value. serde_json's map is ordered by key,
/// so the output is deterministic.
pub(super) fn elements(net: &Network) -> Value {
    let nodes: Vec<Value> = net
        .nodes()
        .map(|(id, n)| {
            json!({"data": {
                "id": id,
                "label": n.label,
                "iri": n.iri,
                "category": n.category,
                "degree": n.measures.degree,
                "weighted_degree": n.measures.weighted_degree,
                "component": n.measures.component,
                "pagerank": n.measures.pagerank,
                "targets": n.targets(),
                "achievements": n.achievements(),
                "quantities": n.quantities.iter().map(|q| q.summary()).collect::<Vec<_>>(),
                "sentences": n.sentences,
            }})
        })
        .collect();
    let edges: Vec<Value> = net
        .edges()
        .map(|(id, s, t, e)| {
            json!({"data": {
                "id": id,
                "source": s,
                "target": t,
                "label": e.kind,
                "weight": e.weight,
            }})
        })
        .collect();
    json!({"elements": {"nodes": nodes, "edges": edges}})
}

/// Pretty-printed elements JSON with a final newline.
pub(super) fn write<W: Write>(net: &Network, out: &mut W) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(&mut *out, &elements(net))?;
    writeln!(out)?;
    Ok(())
}
