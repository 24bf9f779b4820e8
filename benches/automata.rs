//! Which automaton for large gazetteers: aho-corasick's noncontiguous NFA, contiguous NFA and DFA,
//! daachorse's double-array automata, and crawdad's double-array trie, on the same folded names
//! and text.
//!
//! For each gazetteer: build time, heap memory, and search throughput over the corpus (best of
//! three). The automata search leftmost-longest from every byte; the trie is walked only where
//! a word can start (as the matcher does: a name never starts inside a word), taking the longest
//! name there, so its match count is lower. Not a criterion bench: one build of a million names
//! takes seconds.
//!
//! ```sh
//! python3 bench/gen.py gazetteer --aliases 100000 -o /tmp/g100k.jsonl
//! python3 bench/gen.py gazetteer --aliases 1000000 -o /tmp/g1m.jsonl
//! python3 bench/gen.py corpus --gazetteer /tmp/g100k.jsonl --bytes 50M -o /tmp/c50m.jsonl
//! GAZEGRAPH_BENCH_GAZETTEERS=/tmp/g100k.jsonl,/tmp/g1m.jsonl GAZEGRAPH_BENCH_CORPUS=/tmp/c50m.jsonl \
//!     cargo bench --bench automata
//! ```

use std::collections::BTreeSet;
use std::io::BufRead;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, StartKind};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasick,
    DoubleArrayAhoCorasickBuilder, MatchKind as DaachorseKind,
};

use crawdad::Trie;

use gazegraph::gazetteer::Builder;

/// The distinct folded names of a gazetteer file, as the matcher builds them.
fn patterns(path: &str) -> Vec<String> {
    let mut b = Builder::new();
    b.add_file(std::path::Path::new(path))
        .unwrap_or_else(|e| panic!("{e}"));
    let g = b.build().unwrap_or_else(|e| panic!("{e}"));
    let set: BTreeSet<String> = g
        .aliases()
        .iter()
        .map(|a| a.text.to_ascii_lowercase())
        .chain(g.exclusions().iter().map(|x| x.text.to_ascii_lowercase()))
        .collect();
    set.into_iter().collect()
}

/// Up to `limit` bytes of folded document text from a JSON Lines corpus.
fn texts(path: &str, limit: usize) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    let mut size = 0;
    for line in std::io::BufReader::new(file).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = v["text"].as_str().unwrap_or_default().to_ascii_lowercase();
        size += text.len();
        out.push(text);
        if size >= limit {
            break;
        }
    }
    out
}

/// One engine under test.
enum Engine {
    Aho(AhoCorasick),
    Daachorse(DoubleArrayAhoCorasick<u32>),
    Charwise(CharwiseDoubleArrayAhoCorasick<u32>),
    Trie(Trie),
}

/// Longest names from every place a word can start, as `matcher::find` walks its trie.
fn trie_count(trie: &Trie, text: &str) -> usize {
    let bytes = text.as_bytes();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let (mut count, mut after_word, mut i) = (0, false, 0);
    while i < bytes.len() {
        let c = text[i..].chars().next().unwrap();
        if !(after_word && word(c)) {
            let rest = bytes[i..].iter().map(|&b| char::from(b));
            if let Some((_, n)) = trie.common_prefix_search(rest).last() {
                count += 1;
                i += n;
                after_word = text[..i].chars().next_back().is_some_and(word);
                continue;
            }
        }
        after_word = word(c);
        i += c.len_utf8();
    }
    count
}

impl Engine {
    fn memory(&self) -> usize {
        match self {
            Engine::Aho(a) => a.memory_usage(),
            Engine::Daachorse(d) => d.heap_bytes(),
            Engine::Charwise(d) => d.heap_bytes(),
            Engine::Trie(t) => t.heap_bytes(),
        }
    }

    fn count(&self, text: &str) -> usize {
        match self {
            Engine::Aho(a) => a.find_iter(text).count(),
            Engine::Daachorse(d) => d.leftmost_find_iter(text).count(),
            Engine::Charwise(d) => d.leftmost_find_iter(text).count(),
            Engine::Trie(t) => trie_count(t, text),
        }
    }
}

fn aho(kind: AhoCorasickKind, start: StartKind) -> impl Fn(&[String]) -> Option<Engine> {
    move |p| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .start_kind(start)
            .build(p)
            .ok()
            .map(Engine::Aho)
    }
}

type Build = Box<dyn Fn(&[String]) -> Option<Engine>>;

fn main() {
    let Ok(gazetteers) = std::env::var("GAZEGRAPH_BENCH_GAZETTEERS") else {
        println!(
            "automata: set GAZEGRAPH_BENCH_GAZETTEERS and GAZEGRAPH_BENCH_CORPUS (see the header of benches/automata.rs); skipped"
        );
        return;
    };
    let corpus = std::env::var("GAZEGRAPH_BENCH_CORPUS").expect("GAZEGRAPH_BENCH_CORPUS");
    let mb: usize = std::env::var("GAZEGRAPH_BENCH_MB")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(50);
    let texts = texts(&corpus, mb << 20);
    let bytes: usize = texts.iter().map(String::len).sum();
    let engines: Vec<(&str, Build)> = vec![
        (
            "aho-corasick noncontiguous NFA",
            Box::new(aho(
                AhoCorasickKind::NoncontiguousNFA,
                StartKind::Unanchored,
            )),
        ),
        (
            "aho-corasick contiguous NFA",
            Box::new(aho(AhoCorasickKind::ContiguousNFA, StartKind::Unanchored)),
        ),
        (
            "aho-corasick contiguous NFA, anchored too",
            Box::new(aho(AhoCorasickKind::ContiguousNFA, StartKind::Both)),
        ),
        (
            "aho-corasick DFA",
            Box::new(aho(AhoCorasickKind::DFA, StartKind::Unanchored)),
        ),
        (
            "daachorse bytewise",
            Box::new(|p: &[String]| {
                DoubleArrayAhoCorasickBuilder::new()
                    .match_kind(DaachorseKind::LeftmostLongest)
                    .build(p)
                    .ok()
                    .map(Engine::Daachorse)
            }),
        ),
        (
            "daachorse charwise",
            Box::new(|p: &[String]| {
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(DaachorseKind::LeftmostLongest)
                    .build(p)
                    .ok()
                    .map(Engine::Charwise)
            }),
        ),
        (
            "crawdad trie, from word starts",
            Box::new(|p: &[String]| {
                // Keys are the names' bytes read as characters, sorted (as the matcher does).
                let mut keys: Vec<String> = p
                    .iter()
                    .map(|k| k.bytes().map(char::from).collect())
                    .collect();
                keys.sort_unstable();
                Trie::from_keys(&keys).ok().map(Engine::Trie)
            }),
        ),
    ];
    println!(
        "corpus: {corpus}, {} documents, {:.1} MB of text\n",
        texts.len(),
        bytes as f64 / 1e6
    );
    println!("| gazetteer | names | engine | build s | memory MB | search MB/s | matches |");
    println!("|---|---:|---|---:|---:|---:|---:|");
    for path in gazetteers.split(',') {
        let patterns = patterns(path);
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.into(), |n| n.to_string_lossy().into_owned());
        for (label, build) in &engines {
            let started = Instant::now();
            let Some(engine) = build(&patterns) else {
                println!(
                    "| {name} | {} | {label} | - | - | build failed | - |",
                    patterns.len()
                );
                continue;
            };
            let built = started.elapsed();
            let mut best = Duration::MAX;
            let mut matches = 0;
            for _ in 0..3 {
                let started = Instant::now();
                matches = texts.iter().map(|t| engine.count(t)).sum::<usize>();
                best = best.min(started.elapsed());
            }
            println!(
                "| {name} | {} | {label} | {:.2} | {:.0} | {:.0} | {matches} |",
                patterns.len(),
                built.as_secs_f64(),
                engine.memory() as f64 / 1e6,
                bytes as f64 / 1e6 / best.as_secs_f64(),
            );
        }
    }
}
