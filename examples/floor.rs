//! The floor of issue 7: what ingesting a corpus cannot go below, measured with the same
//! number of threads as `govkg ingest --threads N`.
//!
//! 1. jieba-rs alone (default dictionary, HMM on) segments the same texts, across documents
//!    in parallel on N threads, dictionary load included;
//! 2. Oxigraph's bulk loader (N threads, bounded memory) stores exactly the quads govkg
//!    produced (the N-Quads of `govkg extract`) into a fresh on-disk store.
//!
//! Usage: `cargo run --release --example floor -- THREADS QUADS.nq STORE_DIR TEXT_FILE_OR_DIR...`
//! Prints one `key=value` line per measure for `tests/perf/corpus-bench.sh`.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::store::Store;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn texts(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            texts(&e, out)?;
        } else if e.extension().is_some_and(|x| x == "txt") {
            out.push(e);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [threads, nquads, store_dir, inputs @ ..] = args.as_slice() else {
        return Err("usage: floor THREADS QUADS.nq STORE_DIR TEXT_FILE_OR_DIR...".into());
    };
    let threads: usize = threads.parse()?;
    let mut files = Vec::new();
    for i in inputs {
        texts(Path::new(i), &mut files)?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;

    // Segmentation: the texts are read (and decoded, as UTF-8) before the clock starts.
    let docs: Vec<String> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f)?;
            String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", f.display()).into())
        })
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    let bytes: usize = docs.iter().map(String::len).sum();
    let start = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let dict = start.elapsed().as_secs_f64();
    let words: usize = pool.install(|| docs.par_iter().map(|d| jieba.cut(d, true).len()).sum());
    let segment = start.elapsed().as_secs_f64();
    drop(docs);

    // Parsing alone, to show how much of the load below is reading N-Quads.
    let start = Instant::now();
    let mut quads = 0usize;
    for q in RdfParser::from_format(RdfFormat::NQuads)
        .for_reader(std::io::BufReader::new(std::fs::File::open(nquads)?))
    {
        q?;
        quads += 1;
    }
    let parse = start.elapsed().as_secs_f64();

    // Bulk load into a fresh store, with the memory bound govkg uses.
    let store_dir = Path::new(store_dir);
    if store_dir.exists() {
        return Err(format!("{} exists; give a new directory", store_dir.display()).into());
    }
    let start = Instant::now();
    let store = Store::open(store_dir)?;
    let mut loader = store
        .bulk_loader()
        .with_num_threads(threads)
        .with_max_memory_size_in_megabytes(200);
    loader.load_from_reader(
        RdfParser::from_format(RdfFormat::NQuads),
        std::io::BufReader::new(std::fs::File::open(nquads)?),
    )?;
    loader.commit()?;
    store.flush()?;
    drop(store);
    let load = start.elapsed().as_secs_f64();

    println!("threads={threads}");
    println!("documents={}", files.len());
    println!("bytes={bytes}");
    println!("words={words}");
    println!("quads={quads}");
    println!("segment_dict_seconds={dict:.3}");
    println!("segment_seconds={segment:.3}");
    println!("parse_seconds={parse:.3}");
    println!("load_seconds={load:.3}");
    println!("floor_seconds={:.3}", segment + load);
    Ok(())
}
