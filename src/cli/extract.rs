//! `govkg extract`: the graph of one report on stdout, without a store.

use super::args::{ExtractArgs, ExtractFormat};
use anyhow::Result;
use govkg::Pipeline;
use govkg::decode::RawDocument;
use govkg::rdf::{to_quads, write_quads};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Reads, extracts and prints one document.
pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let bytes = super::ingest::read_limited(&args.file, args.max_size)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", args.file.display()))?;
    let raw = RawDocument {
        source: args.file.display().to_string(),
        bytes,
    };
    let extraction = Pipeline::new().process(&raw)?;
    let format = match args.format {
        ExtractFormat::Nquads => RdfFormat::NQuads,
        ExtractFormat::Turtle => RdfFormat::Turtle,
        ExtractFormat::Trig => RdfFormat::TriG,
        ExtractFormat::Jsonld => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    };
    let stdout = std::io::stdout();
    let mut out = write_quads(
        &to_quads(&extraction),
        format,
        BufWriter::new(stdout.lock()),
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
