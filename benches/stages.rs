//! The pipeline stage by stage, in bytes of text per second: decoding a JSON Lines line, text
//! (normalising and splitting sentences), matching, resolving, relations, adding to the graph,
//! one whole document, and writing the graph as JSON.
//!
//! By default on the example corpus with the built-in gazetteer. With a generated gazetteer and
//! corpus (see bench/gen.py), on the first 4 MB of that corpus:
//!
//! ```sh
//! GAZEGRAPH_BENCH_GAZETTEER=/tmp/g100k.jsonl GAZEGRAPH_BENCH_CORPUS=/tmp/c50m.jsonl \
//!     cargo bench --bench stages
//! ```

use std::hint::black_box;
use std::io::BufRead;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use gazegraph::export::{self, Format};
use gazegraph::gazetteer::{Builder, Gazetteer};
use gazegraph::input::{self, Fields, Unit};
use gazegraph::matcher::Matcher;
use gazegraph::relations::{self, Window};
use gazegraph::{Config, Document, Extractor, GraphBuilder, resolve};

/// The gazetteer and JSON Lines documents to measure on.
fn setup() -> (Gazetteer, Vec<String>) {
    let gazetteer = match std::env::var("GAZEGRAPH_BENCH_GAZETTEER") {
        Ok(path) => {
            let mut b = Builder::new();
            b.add_file(std::path::Path::new(&path)).unwrap();
            b.build().unwrap()
        }
        Err(_) => Gazetteer::built_in().unwrap(),
    };
    let lines = match std::env::var("GAZEGRAPH_BENCH_CORPUS") {
        Ok(path) => {
            let file = std::fs::File::open(&path).unwrap();
            let mut lines = Vec::new();
            let mut size = 0;
            for line in std::io::BufReader::new(file).lines() {
                let line = line.unwrap();
                size += line.len();
                lines.push(line);
                if size > 4 << 20 {
                    break;
                }
            }
            lines
        }
        Err(_) => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            paths.sort();
            paths
                .iter()
                .map(|p| {
                    let text = std::fs::read_to_string(p).unwrap();
                    serde_json::json!({"id": p.display().to_string(), "text": text}).to_string()
                })
                .collect()
        }
    };
    (gazetteer, lines)
}

fn stages(c: &mut Criterion) {
    let (gazetteer, lines) = setup();
    let fields = Fields::default();
    let decode = |line: &String| {
        let unit = Unit {
            source: Arc::from("bench"),
            line: Some(1),
            bytes: line.as_bytes().to_vec(),
        };
        input::decode(unit, &fields).ok().unwrap().document
    };
    let docs: Vec<Document> = lines.iter().map(decode).collect();
    let bytes: usize = docs.iter().map(|d| d.original.len()).sum();
    let matcher = Matcher::new(&gazetteer);
    let matches: Vec<_> = docs
        .iter()
        .map(|d| matcher.find(&gazetteer, &d.text))
        .collect();
    let resolved: Vec<_> = docs
        .iter()
        .zip(&matches)
        .map(|(d, m)| resolve::resolve(d, m, &matcher, &gazetteer))
        .collect();
    let extractor = Extractor::new(gazetteer.clone(), Config::default());
    let extractions: Vec<_> = docs.iter().map(|d| extractor.document(d)).collect();
    eprintln!(
        "{} documents, {:.1} MB, {} mentions",
        docs.len(),
        bytes as f64 / 1e6,
        extractions.iter().map(|e| e.mentions.len()).sum::<usize>()
    );

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("decode JSON line", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| decode(l).sentences.len())
                .sum::<usize>()
        })
    });
    group.bench_function("text: normalise and split", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    Document::new("d", black_box(d.original.clone()))
                        .sentences
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("match", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| matcher.find(&gazetteer, &d.text).len())
                .sum::<usize>()
        })
    });
    group.bench_function("resolve", |b| {
        b.iter(|| {
            docs.iter()
                .zip(&matches)
                .map(|(d, m)| resolve::resolve(d, m, &matcher, &gazetteer).mentions.len())
                .sum::<usize>()
        })
    });
    group.bench_function("relations", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for (d, r) in docs.iter().zip(&resolved) {
                relations::co_occurs(d, r, Window::Sentence, &mut out);
                relations::spoke_with(d, r, &mut out);
                relations::holds(d, r, &mut out);
            }
            out.len()
        })
    });
    group.bench_function("graph: add", |b| {
        b.iter(|| {
            let mut builder = GraphBuilder::new(10);
            for e in &extractions {
                builder.add(e.clone());
            }
            builder
        })
    });
    group.bench_function("whole document", |b| {
        b.iter(|| {
            let mut builder = GraphBuilder::new(10);
            for line in &lines {
                builder.add(extractor.document(&decode(line)));
            }
            builder
        })
    });
    // The graph of all the documents, written as JSON: the format the pipeline script writes,
    // most of it evidence.
    let graph = {
        let mut builder = GraphBuilder::new(10);
        for e in &extractions {
            builder.add(e.clone());
        }
        builder.build(&gazetteer)
    };
    let options = export::Options::default();
    group.bench_function("export: JSON", |b| {
        b.iter(|| Format::Json.render(&graph, &options).unwrap()[0].len())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
