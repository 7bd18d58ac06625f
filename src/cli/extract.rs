//! `govkg extract`: the graph of one report (or, as N-Quads, of many) on stdout, without a
//! store.

use super::args::{ExtractArgs, ExtractFormat};
use super::ingest::Run;
use anyhow::Result;
use govkg::rdf::{to_quads, write_quads};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

/// Reads, extracts and prints the documents; exit status 1 when any could not be read.
pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let format = match args.format {
        ExtractFormat::Nquads => RdfFormat::NQuads,
        ExtractFormat::Turtle => RdfFormat::Turtle,
        ExtractFormat::Trig => RdfFormat::TriG,
        ExtractFormat::Jsonld => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    };
    let mut files = Vec::new();
    for path in &args.files {
        super::ingest::collect(path, &mut files)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    if files.len() > 1 && format != RdfFormat::NQuads {
        anyhow::bail!(
            "{} documents given: only N-Quads can hold several graphs in one output; pass --format nquads or one file",
            files.len()
        );
    }
    let run = Run::new(&files, args.max_size);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    let threads = super::threads(args.threads);
    super::ingest::in_order(
        &files,
        threads,
        |file| render(&run, file, format, args.max_size),
        &mut |file, result: Result<Vec<u8>>| {
            match result {
                Ok(bytes) => out.write_all(bytes.as_slice())?,
                // One named file that cannot be read is the command's error, as before.
                Err(e) if args.files.len() == 1 && files.len() == 1 => return Err(e),
                Err(e) => {
                    failed = true;
                    eprintln!("warning: {}: {e:#}", file.display());
                }
            }
            Ok(())
        },
    )?;
    out.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One document's graph, serialised on a worker thread.
fn render(run: &Run, file: &Path, format: RdfFormat, max_size: u64) -> Result<Vec<u8>> {
    let extraction = run
        .extract(file, max_size)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", file.display()))?;
    Ok(write_quads(&to_quads(&extraction), format, Vec::new())?)
}
