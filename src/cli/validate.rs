//! `govkg validate`: every document graph in the store checked against `ontology/shapes.ttl`
//! (SHACL), one line per violation; exit status 1 when any graph does not conform.

use super::args::ValidateArgs;
use anyhow::{Context, Result};
use govkg::shacl::{Shapes, parse_graph};
use std::io::Write;
use std::process::ExitCode;

/// Validates each document's graph, with the ontology added as the shapes expect.
pub fn run(args: &ValidateArgs) -> Result<ExitCode> {
    let shapes = match &args.shapes {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read shapes {}", path.display()))?;
            Shapes::parse(&text, &path.display().to_string())?
        }
        None => Shapes::embedded()?,
    };
    let ontology = parse_graph(
        include_str!("../../ontology/govkg.ttl"),
        "ontology/govkg.ttl",
    )?;
    let store = super::open_existing(&args.store)?;
    let graphs = store.graph_names()?;
    let mut out = std::io::stdout().lock();
    let (mut violations, mut failing) = (0usize, 0usize);
    for graph in &graphs {
        let mut data = store.graph_triples(graph)?;
        data.extend(ontology.iter());
        let found = shapes.validate(&data);
        if !found.is_empty() {
            failing += 1;
        }
        violations += found.len();
        for v in found {
            writeln!(
                out,
                "violation: focus <{}> path {} constraint sh:{} in graph <{}>{}: {}",
                v.focus,
                v.path.map_or_else(|| "-".to_owned(), |p| format!("<{p}>")),
                v.component,
                graph.as_str(),
                v.value.map(|x| format!(" value {x}")).unwrap_or_default(),
                v.message,
            )?;
        }
    }
    writeln!(
        out,
        "{} graph{} validated: {}",
        graphs.len(),
        if graphs.len() == 1 { "" } else { "s" },
        if violations == 0 {
            "all conform".to_owned()
        } else {
            format!("{violations} violation(s) in {failing} graph(s)")
        }
    )?;
    Ok(if violations == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
