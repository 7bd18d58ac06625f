//! Per-stage throughput on the seed report and a provincial report: decode, normalize,
//! structure, extract (segmentation included) and the whole text pipeline.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use govkg::decode::{RawDocument, decode};
use govkg::extract::{Input, extract};
use govkg::lexicon::Lexicon;
use govkg::normalize::normalize;
use govkg::segment::Segmenter;
use govkg::structure::structure;
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
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
