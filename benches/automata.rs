//! Which automaton for large gazetteers: aho-corasick's noncontiguous NFA, contiguous NFA and DFA,
//! daachorse's double-array automata, crawdad's double-array trie, and the names grouped by their
//! first word (what the matcher uses now), on the same folded names and text.
//!
//! For each gazetteer: build time, heap memory, and search throughput over the corpus (best of
//! three). The automata search leftmost-longest from every byte; the trie is walked only where
//! a word can start (as the matcher once did: a name never starts inside a word), taking the
//! longest name there, so its match count is lower. The last row of each gazetteer is the
//! matcher itself (`Matcher::new` and `Matcher::find`) on the same text unfolded, with all its
//! checks (case, whole words): it counts only the names it accepts, and does more work for each. Not a criterion bench: one build of a million names
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

use gazegraph::Gazetteer;
use gazegraph::gazetteer::Builder;
use gazegraph::matcher::Matcher;

/// A gazetteer file, loaded.
fn gazetteer(path: &str) -> Gazetteer {
    let mut b = Builder::new();
    b.add_file(std::path::Path::new(path))
        .unwrap_or_else(|e| panic!("{e}"));
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

/// The distinct folded names of a gazetteer, as the matcher builds them.
fn patterns(g: &Gazetteer) -> Vec<String> {
    let set: BTreeSet<String> = g
        .aliases()
        .iter()
        .map(|a| a.text.to_ascii_lowercase())
        .chain(g.exclusions().iter().map(|x| x.text.to_ascii_lowercase()))
        .collect();
    set.into_iter().collect()
}

/// Up to `limit` bytes of document text from a JSON Lines corpus, as written.
fn texts(path: &str, limit: usize) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    let mut size = 0;
    for line in std::io::BufReader::new(file).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = v["text"].as_str().unwrap_or_default().to_string();
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

/// Longest names from every place a word can start, as `matcher::find` walked its trie before
/// the names were grouped by first word.
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

/// The best time of three searches, and what they counted.
fn best_of_three(search: impl Fn() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut matches = 0;
    for _ in 0..3 {
        let started = Instant::now();
        matches = search();
        best = best.min(started.elapsed());
    }
    (best, matches)
}

/// One row of the table.
#[allow(clippy::too_many_arguments)]
fn row(
    name: &str,
    names: usize,
    label: &str,
    built: Duration,
    memory: usize,
    bytes: usize,
    best: Duration,
    matches: usize,
) {
    println!(
        "| {name} | {names} | {label} | {:.2} | {:.0} | {:.0} | {matches} |",
        built.as_secs_f64(),
        memory as f64 / 1e6,
        bytes as f64 / 1e6 / best.as_secs_f64(),
    );
}

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
    let written = texts(&corpus, mb << 20);
    let texts: Vec<String> = written.iter().map(|t| t.to_ascii_lowercase()).collect();
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
        let g = gazetteer(path);
        let patterns = patterns(&g);
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
            let (best, matches) = best_of_three(|| texts.iter().map(|t| engine.count(t)).sum());
            row(
                &name,
                patterns.len(),
                label,
                built,
                engine.memory(),
                bytes,
                best,
                matches,
            );
        }
        let started = Instant::now();
        let matcher = Matcher::new(&g);
        let built = started.elapsed();
        let (best, matches) =
            best_of_three(|| written.iter().map(|t| matcher.find(&g, t).len()).sum());
        let label = "gazegraph matcher: names by first word, from word starts, checked";
        let memory = matcher.heap_bytes();
        row(
            &name,
            patterns.len(),
            label,
            built,
            memory,
            bytes,
            best,
            matches,
        );
    }
}
