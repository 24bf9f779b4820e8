//! The floor for benchmarks: a bare Aho-Corasick scan of a JSON Lines corpus for a gazetteer's
//! names, with nothing else gazegraph does (no sentences, case or word checks, resolution,
//! relations or graph). It reads and parses the same input, folds the text to lower case as
//! gazegraph does, and counts leftmost-longest matches, with aho-corasick (as the issue names
//! it) or with daachorse's double-array automaton.
//!
//! ```sh
//! cargo build --release --example bare_scan
//! target/release/examples/bare_scan GAZETTEER.jsonl CORPUS.jsonl [aho-corasick|daachorse]
//! ```
//!
//! Prints one JSON line: documents, bytes (of text), matches, build_seconds, scan_seconds.

use std::io::BufRead;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [gazetteer, corpus, rest @ ..] = args.as_slice() else {
        eprintln!("usage: bare_scan GAZETTEER.jsonl CORPUS.jsonl [aho-corasick|daachorse]");
        std::process::exit(2);
    };
    let engine = rest.first().map_or("aho-corasick", String::as_str);
    let started = Instant::now();
    let mut names = std::collections::BTreeSet::new();
    let text = std::fs::read_to_string(gazetteer).expect("gazetteer");
    for line in text.lines().filter(|l| l.starts_with('{')) {
        let v: serde_json::Value = serde_json::from_str(line).expect("gazetteer line");
        for field in [
            "name",
            "aliases",
            "short",
            "abbreviations",
            "demonyms",
            "seats",
            "titles",
        ] {
            match &v[field] {
                serde_json::Value::String(s) => {
                    names.insert(s.to_ascii_lowercase());
                }
                serde_json::Value::Array(list) => {
                    names.extend(
                        list.iter()
                            .filter_map(|s| s.as_str())
                            .map(str::to_ascii_lowercase),
                    );
                }
                _ => {}
            }
        }
    }
    let names: Vec<String> = names.into_iter().collect();
    let count: Box<dyn Fn(&str) -> usize> = match engine {
        "daachorse" => {
            let d: daachorse::DoubleArrayAhoCorasick<u32> =
                daachorse::DoubleArrayAhoCorasickBuilder::new()
                    .match_kind(daachorse::MatchKind::LeftmostLongest)
                    .build(&names)
                    .expect("automaton");
            Box::new(move |t| d.leftmost_find_iter(t).count())
        }
        _ => {
            let a = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&names)
                .expect("automaton");
            Box::new(move |t| a.find_iter(t).count())
        }
    };
    let build = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (mut documents, mut bytes, mut matches) = (0u64, 0u64, 0u64);
    let file = std::fs::File::open(corpus).expect("corpus");
    for line in std::io::BufReader::with_capacity(1 << 16, file).lines() {
        let line = line.expect("corpus line");
        if line.trim().is_empty() {
            continue;
        }
        #[derive(serde::Deserialize)]
        struct Doc {
            text: String,
        }
        let doc: Doc = serde_json::from_str(&line).expect("document");
        let folded = doc.text.to_ascii_lowercase();
        documents += 1;
        bytes += folded.len() as u64;
        matches += count(&folded) as u64;
    }
    println!(
        "{{\"engine\":\"{engine}\",\"documents\":{documents},\"bytes\":{bytes},\"matches\":{matches},\"build_seconds\":{build:.3},\"scan_seconds\":{:.3}}}",
        started.elapsed().as_secs_f64()
    );
}
