//! Per-stage throughput on the seed report and a provincial report: decode, normalize,
//! structure, segment, extract (segmentation included), rdf (quads, N-Quads) and store (bulk
//! load of one document into a new on-disk store, and re-ingesting it unchanged), each in
//! bytes of the input report per second.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use govkg::decode::{RawDocument, decode};
use govkg::extract::{Input, extract};
use govkg::lexicon::Lexicon;
use govkg::load::{LoadOptions, Loader};
use govkg::normalize::normalize;
use govkg::rdf::{document_graph, to_quads, write_quads};
use govkg::segment::Segmenter;
use govkg::store::GraphStore;
use govkg::structure::structure;
use oxigraph::io::RdfFormat;
use std::hint::black_box;
use std::path::Path;

fn corpus(name: &str) -> Option<RawDocument> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    let bytes = std::fs::read(&path).ok()?;
    Some(RawDocument {
        source: name.to_owned(),
        bytes,
    })
}

fn stages(c: &mut Criterion) {
    let lexicon = Lexicon::embedded();
    let segmenter = Segmenter::new(&lexicon);
    let mut docs = Vec::new();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gongshu-2023-lianghui.txt");
    if let Ok(bytes) = std::fs::read(seed) {
        docs.push(RawDocument {
            source: "gongshu".to_owned(),
            bytes,
        });
    }
    docs.extend(corpus("provinces-2026/zhejiang.txt"));
    for raw in &docs {
        let mut g = c.benchmark_group(raw.source.replace('/', "_"));
        g.throughput(Throughput::Bytes(raw.bytes.len() as u64));
        g.bench_function("decode", |b| b.iter(|| decode(black_box(raw))));
        let Ok(decoded) = decode(raw) else {
            continue;
        };
        g.bench_function("normalize", |b| {
            b.iter(|| normalize(black_box(&decoded.text)))
        });
        let normalized = normalize(&decoded.text);
        g.bench_function("structure", |b| {
            b.iter(|| structure(black_box(&normalized)))
        });
        let st = structure(&normalized);
        let input = Input {
            source: &raw.source,
            decoded: &decoded,
            normalized: &normalized,
            structure: &st,
        };
        g.bench_function("segment", |b| {
            b.iter(|| segmenter.cut(black_box(&normalized.text)).len())
        });
        g.bench_function("extract", |b| {
            b.iter(|| {
                extract(black_box(&input), &segmenter, &lexicon)
                    .quantities
                    .len()
            })
        });
        let ex = extract(&input, &segmenter, &lexicon);
        g.bench_function("rdf_quads", |b| b.iter(|| to_quads(black_box(&ex)).len()));
        let quads = to_quads(&ex);
        g.bench_function("rdf_nquads", |b| {
            b.iter(|| {
                write_quads(black_box(&quads), RdfFormat::NQuads, Vec::new()).map(|v| v.len())
            })
        });
        g.sample_size(10);
        let graph = document_graph(&ex.document);
        let options = LoadOptions {
            threads: 1,
            ..LoadOptions::default()
        };
        g.bench_function("store_bulk_new", |b| {
            b.iter_batched(
                || tempfile::TempDir::new().ok(),
                |dir| {
                    let dir = dir?;
                    let store = GraphStore::open(dir.path().join("store")).ok()?;
                    let mut loader = Loader::new(&store, options);
                    loader
                        .put(&graph, &ex.document.source, quads.clone())
                        .ok()?;
                    loader.finish().ok()?;
                    Some(dir)
                },
                BatchSize::PerIteration,
            )
        });
        if let Ok(dir) = tempfile::TempDir::new() {
            if let Ok(store) = GraphStore::open(dir.path().join("store")) {
                let _ = store.replace_document(&graph, &ex.document.source, &quads);
                g.bench_function("store_reingest_unchanged", |b| {
                    b.iter(|| {
                        store.replace_document(&graph, &ex.document.source, black_box(&quads))
                    })
                });
            }
        }
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
