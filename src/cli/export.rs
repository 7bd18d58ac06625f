//! `govkg export`: the entity graph as GraphML, GEXF, DOT, Cytoscape.js JSON or HTML.

use super::args::{ExportArgs, ExportFormatArg};
use anyhow::{Context, Result};
use govkg::export::{ExportFormat, ExportOptions, Network, project};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Projects the store with the filters, then writes the chosen format to -o or stdout.
pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    let construct = match &args.construct {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("cannot read query file {}", f.display()))?,
        ),
        None => None,
    };
    let options = ExportOptions {
        document: args.document.clone(),
        year: args.year,
        categories: args.category.clone(),
        body: args.body.clone(),
        quantities_as_nodes: args.quantities_as_nodes,
        construct,
    };
    let store = super::open_existing(&args.store)?;
    let net = Network::new(project(&store, &options)?);
    let format = match args.format {
        ExportFormatArg::Graphml => ExportFormat::Graphml,
        ExportFormatArg::Gexf => ExportFormat::Gexf,
        ExportFormatArg::Dot => ExportFormat::Dot,
        ExportFormatArg::Cytoscape => ExportFormat::Cytoscape,
        ExportFormatArg::Html => ExportFormat::Html,
    };
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::new(file);
            net.write(format, &mut out)?;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "exported {} nodes and {} edges to {}",
                net.node_count(),
                net.edge_count(),
                path.display()
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            net.write(format, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
