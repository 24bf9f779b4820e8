//! Start-up with the built-in gazetteer: parse and check its data, then group every name by
//! its first word for the matcher. Run with `cargo bench --bench startup`; figures are
//! recorded in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use gazegraph::gazetteer::Gazetteer;
use gazegraph::matcher::Matcher;
use gazegraph::{Config, Document, Extractor};

fn startup(c: &mut Criterion) {
    let gazetteer = Gazetteer::built_in().expect("the built-in gazetteer loads");
    eprintln!(
        "built-in gazetteer: {} entities, {} names, {} exclusions",
        gazetteer.entities().len(),
        gazetteer.aliases().len(),
        gazetteer.exclusions().len()
    );
    let mut group = c.benchmark_group("startup");
    group.bench_function("load built-in gazetteer", |b| {
        b.iter(|| Gazetteer::built_in().unwrap())
    });
    group.bench_function("build matcher", |b| b.iter(|| Matcher::new(&gazetteer)));
    let doc = Document::new("d", "Wang Yi met Antony Blinken in Rome.".to_string());
    group.bench_function("load, build and extract one sentence", |b| {
        b.iter(|| {
            let extractor = Extractor::new(Gazetteer::built_in().unwrap(), Config::default());
            extractor.graph([&doc])
        })
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
