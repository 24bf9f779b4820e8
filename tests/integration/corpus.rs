//! Corpora: every kind of input, bad input counted or fatal, the same bytes for any thread count
//! and input order, evidence caps, and shards merged into exactly the graph of one run.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{bin, files_in, run, run_with_stdin, tmp};

const ALL_FORMATS: &str = "dot,graphml,gexf,json,cytoscape,csv,svg,evidence,edges";

/// A JSON Lines corpus of `n` dated documents made from the example articles' paragraphs, so
/// that edges recur across many documents.
fn corpus_lines(n: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let paragraphs: Vec<String> = names
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .split("\n\n")
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.trim().is_empty())
        .collect();
    (0..n)
        .map(|i| {
            let text: Vec<&str> = (0..4)
                .map(|k| paragraphs[(i * 7 + k * 3) % paragraphs.len()].as_str())
                .collect();
            serde_json::json!({
                "id": format!("doc-{:03}", (i * 37) % n),
                "date": format!("2022-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                "text": text.join("\n\n"),
            })
            .to_string()
        })
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Every output file of a run, by name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_in(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn extract(args: &[&str], inputs: &[&Path], out: &Path) -> String {
    let (code, _, stderr) = run(bin()
        .arg("extract")
        .args(args)
        .args(inputs)
        .arg("-o")
        .arg(out));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stderr
}

fn merge(args: &[&str], partials: &[&Path], out: &Path) -> String {
    let (code, _, stderr) = run(bin()
        .arg("merge")
        .args(args)
        .args(partials)
        .arg("-o")
        .arg(out));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stderr
}

#[test]
fn threads_and_input_order_do_not_change_a_byte() {
    let dir = tmp("threads");
    let lines = corpus_lines(40);
    let forward = dir.join("forward.jsonl");
    let backward = dir.join("backward.jsonl");
    write_lines(&forward, &lines);
    write_lines(&backward, &lines.iter().rev().cloned().collect::<Vec<_>>());
    let mut runs = Vec::new();
    for (input, threads) in [
        (&forward, "1"),
        (&forward, "2"),
        (&forward, "5"),
        (&backward, "3"),
    ] {
        let out = dir.join(format!("out-{threads}"));
        let args = [
            "--threads",
            threads,
            "--max-evidence",
            "2",
            "--format",
            ALL_FORMATS,
        ];
        let stderr = extract(&args, &[input], &out);
        assert!(stderr.contains("40 documents"), "{stderr}");
        runs.push((threads, outputs(&out)));
    }
    let (_, first) = &runs[0];
    assert_eq!(first.len(), 10);
    for (threads, files) in &runs[1..] {
        for ((name, want), (_, got)) in first.iter().zip(files) {
            assert!(want == got, "{name} differs with --threads {threads}");
        }
    }
}

#[test]
fn shards_merge_into_exactly_the_graph_of_one_run() {
    let dir = tmp("shards");
    let lines = corpus_lines(30);
    let whole = dir.join("whole.jsonl");
    write_lines(&whole, &lines);
    let mut partials = Vec::new();
    for k in 0..3 {
        let shard = dir.join(format!("shard{k}.jsonl"));
        let mine: Vec<String> = lines.iter().skip(k).step_by(3).cloned().collect();
        write_lines(&shard, &mine);
        let partial = dir.join(format!("part{k}.json"));
        let (code, stdout, stderr) = run(bin()
            .args(["extract", "--max-evidence", "3", "--emit"])
            .arg(&partial)
            .arg(&shard));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains("10 documents"), "{stderr}");
        assert!(stderr.contains("wrote partial"), "{stderr}");
        partials.push(partial);
    }
    let p: Vec<&Path> = partials.iter().map(PathBuf::as_path).collect();

    let single = dir.join("single");
    extract(
        &["--max-evidence", "3", "--format", ALL_FORMATS],
        &[&whole],
        &single,
    );
    let want = outputs(&single);

    // Any order of the partials.
    let in_order = dir.join("merged-012");
    let stderr = merge(&["--format", ALL_FORMATS], &[p[0], p[1], p[2]], &in_order);
    assert!(stderr.contains("3 partials, 30 documents"), "{stderr}");
    let reordered = dir.join("merged-201");
    merge(&["--format", ALL_FORMATS], &[p[2], p[0], p[1]], &reordered);
    // Any grouping: (0 + 2) first, emitted as a partial, then + 1.
    let pair = dir.join("pair.json");
    let (code, _, stderr) = run(bin()
        .args(["merge", "--emit"])
        .arg(&pair)
        .args([p[0], p[2]]));
    assert_eq!(code, 0, "{stderr}");
    let grouped = dir.join("merged-(02)1");
    merge(&["--format", ALL_FORMATS], &[&pair, p[1]], &grouped);
    // Several partials in one file, one per line, as a map step's collected output.
    let lines_file = dir.join("part-00000");
    let mut all = Vec::new();
    for path in [p[1], p[2], p[0]] {
        all.extend(std::fs::read(path).unwrap());
    }
    std::fs::write(&lines_file, all).unwrap();
    let one_file = dir.join("merged-lines");
    merge(&["--format", ALL_FORMATS], &[&lines_file], &one_file);

    for out in [&in_order, &reordered, &grouped, &one_file] {
        let got = outputs(out);
        assert_eq!(got.len(), want.len());
        for ((name, w), (_, g)) in want.iter().zip(&got) {
            assert!(w == g, "{name} of {} differs from one run", out.display());
        }
    }

    // `--emit -` writes the same partial to stdout.
    let shard = dir.join("shard0.jsonl");
    let (code, stdout, _) = run(bin()
        .args(["extract", "--max-evidence", "3", "--emit", "-"])
        .arg(&shard));
    assert_eq!(code, 0);
    assert_eq!(stdout.as_bytes(), std::fs::read(p[0]).unwrap());
}

#[test]
fn merge_refuses_what_it_cannot_merge_exactly() {
    let dir = tmp("badmerge");
    let doc = dir.join("a.txt");
    std::fs::write(&doc, "Xi Jinping spoke with Vladimir Putin.").unwrap();
    let emit = |name: &str, flags: &[&str]| {
        let path = dir.join(name);
        let (code, _, stderr) = run(bin()
            .arg("extract")
            .args(flags)
            .arg("--emit")
            .arg(&path)
            .arg(&doc));
        assert_eq!(code, 0, "{stderr}");
        path
    };
    // A partial is written instead of graph files: asking for both is a usage error.
    let (code, _, stderr) = run(bin()
        .args(["extract", "--format", "json", "--emit"])
        .arg(dir.join("x.json"))
        .arg(&doc));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let a = emit("a.json", &[]);
    let b = emit("b.json", &["--max-evidence", "3"]);
    let c = emit("c.json", &["--window", "paragraph"]);
    let garbage = dir.join("g.json");
    std::fs::write(&garbage, "\n{\"format\":\"something else\"}\n").unwrap();
    let cut = dir.join("cut.json");
    let whole = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    // Several partials in one file, as a `rdd.pipe` output holds them: the line is named.
    let both = dir.join("both.json");
    let mut lines = std::fs::read_to_string(&a).unwrap();
    lines += "\n";
    lines += &std::fs::read_to_string(&b).unwrap();
    std::fs::write(&both, lines).unwrap();
    let table: &[(&[&Path], &str)] = &[
        (&[&a, &b], "b.json:1: made with other settings"),
        (&[&both], "both.json:3: made with other settings"),
        (&[&a, &b], "max_evidence 3 here, 10 before"),
        (&[&a, &c], "window paragraph here, sentence before"),
        (&[&garbage], "g.json:2:"),
        (&[&cut], "cut.json:1:"),
        (&[&a, &dir.join("missing.json")], "missing.json"),
    ];
    for (inputs, want) in table {
        let out = dir.join("out");
        let (code, _, stderr) = run(bin().arg("merge").args(*inputs).arg("-o").arg(&out));
        assert_eq!(code, 2, "{inputs:?}: {stderr}");
        assert!(stderr.contains(want), "want {want:?}\ngot {stderr}");
        assert!(files_in(&out).is_empty(), "nothing written");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn inputs_of_every_kind() {
    let dir = tmp("kinds");
    let news = dir.join("news");
    std::fs::create_dir_all(news.join("sub")).unwrap();
    std::fs::create_dir_all(news.join("drafts")).unwrap();
    let talk = "Xi Jinping spoke with Vladimir Putin.";
    std::fs::write(news.join("a.txt"), talk).unwrap();
    std::fs::write(news.join("b.txt.gz"), gzip(talk.as_bytes())).unwrap();
    let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"{talk}\"}}\n");
    std::fs::write(
        news.join("c.jsonl.gz"),
        gzip((line("c1") + &line("c2")).as_bytes()),
    )
    .unwrap();
    std::fs::write(news.join("notes.md"), talk).unwrap();
    std::fs::write(news.join("sub/d.txt"), talk).unwrap();
    std::fs::write(news.join("drafts/e.txt"), talk).unwrap();
    std::fs::write(news.join(".hidden.txt"), talk).unwrap();

    // (flags, documents read)
    let table: &[(&[&str], usize)] = &[
        (&[], 7),
        (&["--glob", "*.txt"], 3),
        (&["--glob", "*.txt", "--glob", "*.gz"], 6),
        (&["--glob", "*.txt", "--glob", "!drafts/**"], 2),
        (&["--glob", "!*.md", "--glob", "!**/*.gz"], 3),
    ];
    for (flags, documents) in table {
        let out = dir.join("out");
        let (code, _, stderr) = run(bin()
            .arg("extract")
            .args(*flags)
            .args(["--format", "evidence", "-o"])
            .arg(&out)
            .arg(&news));
        assert_eq!(code, 0, "{flags:?}: {stderr}");
        let want = format!("gazegraph: {documents} documents");
        assert!(
            stderr.contains(&want),
            "{flags:?}: want {want}, got {stderr}"
        );
    }
    // A file named directly is read whatever the globs; a gzip file's id is its path.
    let out = dir.join("direct");
    let gz = news.join("b.txt.gz");
    let stderr = extract(&["--glob", "*.md", "--format", "evidence"], &[&gz], &out);
    assert!(stderr.contains("1 documents, 2 mentions"), "{stderr}");
    let rows = std::fs::read_to_string(out.join("graph.evidence.jsonl")).unwrap();
    assert!(rows.contains("b.txt.gz"), "{rows}");

    // JSON Lines on stdin, with its own field names; ids may be numbers.
    let line = format!(
        "{{\"key\":17,\"published\":\"2020-05-06T08:00:00Z\",\"body\":\"{talk}\",\"lang\":\"en\"}}\n"
    );
    let (code, _, stderr) = run_with_stdin(
        bin()
            .args([
                "extract",
                "-",
                "--input-format",
                "jsonl",
                "--id-field",
                "key",
                "--text-field",
                "body",
                "--date-field",
                "published",
                "--format",
                "evidence",
                "-o",
            ])
            .arg(dir.join("stdin")),
        line.as_bytes(),
    );
    assert_eq!(code, 0, "{stderr}");
    let rows = std::fs::read_to_string(dir.join("stdin/graph.evidence.jsonl")).unwrap();
    assert!(
        rows.contains(r#""doc":"17""#) && rows.contains(r#""date":"2020-05-06""#),
        "{rows}"
    );
}

#[test]
fn problems_are_reported_in_input_order_on_any_number_of_threads() {
    let dir = tmp("report-order");
    let corpus = dir.join("c.jsonl");
    let text = "Wang Yi met Antony Blinken in Rome. ".repeat(12);
    let lines: Vec<String> = (1..=3000)
        .map(|n| match n % 97 {
            0 => format!("{{\"id\": broken {n}"),
            _ => format!("{{\"id\":\"d{n}\",\"text\":\"{text}\"}}"),
        })
        .collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let report = |threads: &str| {
        let (code, _, stderr) = run(bin()
            .args([
                "extract",
                "--quiet",
                "--format",
                "edges",
                "--threads",
                threads,
                "-o",
            ])
            .arg(dir.join(format!("out{threads}")))
            .arg(&corpus));
        assert_eq!(code, 0, "{stderr}");
        stderr
    };
    let one = report("1");
    let named: Vec<usize> = one
        .lines()
        .filter_map(|l| l.split("c.jsonl:").nth(1)?.split(':').next()?.parse().ok())
        .collect();
    let want: Vec<usize> = (1..=3000).filter(|n| n % 97 == 0).collect();
    assert_eq!(named, want, "{one}");
    for _ in 0..4 {
        assert_eq!(report("4"), one);
    }
}

#[test]
fn strict_ends_at_the_first_problem_in_input_order_on_any_number_of_threads() {
    let dir = tmp("strict-order");
    let corpus = dir.join("c.jsonl");
    // Bad lines a few batches apart: on several threads, a later one is often met first.
    let text = "Wang Yi met Antony Blinken in Rome. ".repeat(12);
    let lines: Vec<String> = (1..=3000)
        .map(|n| match n {
            1001 | 1101 | 1201 | 2001 => format!("{{\"id\": broken {n}"),
            _ => format!("{{\"id\":\"d{n}\",\"text\":\"{text}\"}}"),
        })
        .collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    for threads in ["1", "4", "4", "4", "4", "4"] {
        let out = dir.join("out");
        let (code, _, stderr) = run(bin()
            .args(["extract", "--strict", "--threads", threads, "-o"])
            .arg(&out)
            .arg(&corpus));
        assert_eq!(code, 2, "{stderr}");
        let error = stderr.lines().find(|l| l.starts_with("gazegraph: error: "));
        assert!(
            error.is_some_and(|l| l.contains("c.jsonl:1001:8:")),
            "{threads} threads: {stderr}"
        );
        // Told once, as the error, not first as a warning too.
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(files_in(&out).is_empty());
    }
}

#[test]
fn bad_inputs_are_reported_counted_and_skipped_unless_strict() {
    let dir = tmp("bad");
    let good = dir.join("good.txt");
    std::fs::write(&good, "Xi Jinping spoke with Vladimir Putin.").unwrap();
    let big = dir.join("big.txt");
    std::fs::write(&big, "Wang Yi met Antony Blinken. ".repeat(100)).unwrap();
    let lines = dir.join("lines.jsonl");
    std::fs::write(
        &lines,
        "{\"id\":\"x\",\"text\":\"Wang Yi met Antony Blinken.\"}\nnot json\n",
    )
    .unwrap();
    let broken = dir.join("broken.jsonl.gz");
    let mut zipped = gzip(b"{\"id\":\"y\",\"text\":\"Wang Yi met Antony Blinken.\"}\n");
    zipped.truncate(zipped.len() / 2);
    std::fs::write(&broken, zipped).unwrap();
    let missing = dir.join("missing.txt");
    let inputs = [&good, &big, &lines, &broken, &missing];

    let out = dir.join("out");
    let (code, _, stderr) = run(bin()
        .args([
            "extract",
            "--max-doc-bytes",
            "1K",
            "--format",
            "edges",
            "-o",
        ])
        .arg(&out)
        .args(inputs));
    assert_eq!(code, 0, "{stderr}");
    for want in [
        "big.txt: document of 2800 bytes is over --max-doc-bytes 1024; skipped",
        "lines.jsonl:2:2: not a document: expected ident",
        "broken.jsonl.gz:1:1: cannot read: incomplete deflate stream; the rest of the file is skipped",
        "missing.txt: No such file",
        "2 documents, 4 mentions, 4 inputs skipped (2 unreadable, 1 invalid, 1 too large)",
    ] {
        assert!(stderr.contains(want), "want {want:?}\ngot {stderr}");
    }
    assert!(
        !stderr.contains('\r'),
        "no progress bar when stderr is not a terminal"
    );
    let edges = std::fs::read_to_string(out.join("graph.edges")).unwrap();
    assert!(
        edges.contains("Antony Blinken -- Wang Yi [spoke_with]"),
        "{edges}"
    );

    // The first problem is an error under --strict, and nothing is written.
    let strict = dir.join("strict");
    let (code, _, stderr) = run(bin()
        .args(["extract", "--strict", "--max-doc-bytes", "1K", "-o"])
        .arg(&strict)
        .args(inputs));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error: ") && stderr.contains("missing.txt"),
        "{stderr}"
    );
    assert!(files_in(&strict).is_empty());

    // When nothing at all could be read, that is an error too.
    let none = dir.join("none");
    let (code, _, stderr) = run(bin().arg("extract").arg(&missing).arg("-o").arg(&none));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no documents read: 1 inputs skipped (1 unreadable)"),
        "{stderr}"
    );
}

#[test]
fn evidence_is_capped_to_the_earliest_and_weights_count_everything() {
    let dir = tmp("cap");
    let lines: Vec<String> = ["d5", "d3", "d1", "d4", "d2"]
        .iter()
        .map(|id| {
            format!(
                "{{\"id\":\"{id}\",\"text\":\"Xi Jinping spoke with Vladimir Putin. Later Xi phoned Putin again.\"}}"
            )
        })
        .collect();
    let corpus = dir.join("c.jsonl");
    write_lines(&corpus, &lines);
    // (--max-evidence, evidence rows kept per edge as doc:sentence)
    let table: &[(&str, &[&str])] = &[
        ("1", &["d1:0"]),
        ("3", &["d1:0", "d1:1", "d2:0"]),
        (
            "0",
            &[
                "d1:0", "d1:1", "d2:0", "d2:1", "d3:0", "d3:1", "d4:0", "d4:1", "d5:0", "d5:1",
            ],
        ),
    ];
    for (max, want) in table {
        let out = dir.join(format!("out{max}"));
        extract(
            &["--max-evidence", max, "--format", "evidence,csv"],
            &[&corpus],
            &out,
        );
        let rows = std::fs::read_to_string(out.join("graph.evidence.jsonl")).unwrap();
        let got: Vec<String> = rows
            .lines()
            .filter(|r| r.contains(r#""relation":"spoke_with""#))
            .map(|r| {
                let v: serde_json::Value = serde_json::from_str(r).unwrap();
                format!("{}:{}", v["doc"].as_str().unwrap(), v["sentence"])
            })
            .collect();
        assert_eq!(&got, want, "--max-evidence {max}");
        let csv = std::fs::read_to_string(out.join("edges.csv")).unwrap();
        assert!(
            csv.lines()
                .any(|l| l.contains("spoke_with") && l.contains(",10.0")),
            "weight counts all ten sentences:\n{csv}"
        );
    }
}

#[test]
fn formats_without_evidence_are_the_same_when_none_is_kept() {
    // A run none of whose formats writes evidence keeps none and copies no sentence: its files
    // are those of a run that writes graph.json and the evidence file too, held or spilled.
    let dir = tmp("no-evidence");
    let corpus = dir.join("c.jsonl");
    write_lines(&corpus, &corpus_lines(60));
    let all = dir.join("all");
    extract(&["--format", ALL_FORMATS], &[&corpus], &all);
    let want = outputs(&all);
    let lean = "dot,graphml,gexf,cytoscape,csv,svg,edges";
    let table: &[&[&str]] = &[&["--threads", "1"], &["--threads", "2", "--memory", "1K"]];
    for (k, flags) in table.iter().enumerate() {
        let out = dir.join(format!("lean{k}"));
        let args: Vec<&str> = flags.iter().copied().chain(["--format", lean]).collect();
        let stderr = extract(&args, &[&corpus], &out);
        assert_eq!(stderr.contains("edges spilled to disk"), k == 1, "{stderr}");
        let got = outputs(&out);
        assert_eq!(got.len(), 8);
        for (name, bytes) in &got {
            let (_, expected) = want.iter().find(|(n, _)| n == name).unwrap();
            assert!(bytes == expected, "{name} differs with {args:?}");
        }
    }
}

#[test]
fn a_memory_budget_spills_edges_to_disk_and_changes_no_byte() {
    let dir = tmp("memory");
    let corpus = dir.join("c.jsonl");
    write_lines(&corpus, &corpus_lines(60));
    let spills = dir.join("spills");
    std::fs::create_dir_all(&spills).unwrap();
    let spills_flag = spills.to_str().unwrap();
    let formats = ["--format", ALL_FORMATS];
    // (flags of the in-memory run, flags added for the spilled run)
    let table: &[(&[&str], &[&str])] = &[
        (&["--threads", "1"], &["--memory", "1K"]),
        (&["--threads", "3"], &["--memory", "40K"]),
        (
            &["--min-weight", "3", "--max-evidence", "2"],
            &["--memory", "2K"],
        ),
        (
            &["--max-evidence", "0", "--threads", "2"],
            &["--memory", "1K"],
        ),
    ];
    for (k, (flags, budget)) in table.iter().enumerate() {
        let (held, spilled) = (
            dir.join(format!("held{k}")),
            dir.join(format!("spilled{k}")),
        );
        let flags: Vec<&str> = flags.iter().chain(&formats).copied().collect();
        let stderr = extract(&flags, &[&corpus], &held);
        assert!(!stderr.contains("spilled"), "{stderr}");
        let mut more = flags.clone();
        more.extend_from_slice(budget);
        more.extend_from_slice(&["--temp-dir", spills_flag]);
        let stderr = extract(&more, &[&corpus], &spilled);
        assert!(
            stderr.contains("edges spilled to disk in "),
            "{more:?}: {stderr}"
        );
        let (want, got) = (outputs(&held), outputs(&spilled));
        assert_eq!(want.len(), 10);
        for ((name, want), (_, got)) in want.iter().zip(&got) {
            assert!(want == got, "{name} differs with {more:?}");
        }
        assert_eq!(
            files_in(&spills),
            Vec::<String>::new(),
            "temporary files left"
        );
    }
    // A shard's partial is the same too.
    let (held, spilled) = (dir.join("held.json"), dir.join("spilled.json"));
    for (to, budget) in [(&held, "1G"), (&spilled, "1K")] {
        let (code, _, stderr) = run(bin()
            .args(["extract", "--memory", budget, "--emit"])
            .arg(to)
            .arg(&corpus));
        assert_eq!(code, 0, "{stderr}");
    }
    assert!(std::fs::read(&held).unwrap() == std::fs::read(&spilled).unwrap());
    // A place for the temporary files that cannot hold any is an error before anything is read.
    let missing = dir.join("no-such-dir");
    let out = dir.join("out-missing");
    let (code, _, stderr) = run(bin()
        .args(["extract", "--memory", "1K", "--temp-dir"])
        .arg(&missing)
        .arg(&corpus)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no-such-dir"), "{stderr}");
    assert!(!out.exists());
}
