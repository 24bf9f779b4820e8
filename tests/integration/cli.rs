//! The `gazegraph` command as a user runs it: exit codes, messages, files written or not.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub(crate) fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gazegraph"))
}

pub(crate) fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gazegraph-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.stdin(Stdio::null()).output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// Run `cmd` with `input` on its stdin: exit code, stdout, stderr.
pub(crate) fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

pub(crate) fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn extract_writes_the_default_files_and_a_summary() {
    let dir = tmp("ok");
    let input = dir.join("a.txt");
    std::fs::write(&input, "Xi Jinping spoke with Vladimir Putin.").unwrap();
    let out = dir.join("out");
    let (code, stdout, stderr) = run(bin().arg("extract").arg(&input).arg("-o").arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "", "stdout carries data only");
    assert!(
        stderr.contains("1 documents, 2 mentions, 2 nodes, 2 edges"),
        "{stderr}"
    );
    assert_eq!(files_in(&out), ["graph.dot", "graph.graphml", "graph.svg"]);
}

#[test]
fn missing_input_names_the_path_and_writes_nothing() {
    let dir = tmp("missing");
    let out = dir.join("out");
    let (code, _, stderr) = run(bin().args(["extract", "no/such/file.txt", "-o"]).arg(&out));
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");
    assert!(files_in(&out).is_empty());
}

#[test]
fn bad_gazetteer_names_file_line_column_and_writes_nothing() {
    let dir = tmp("badgaz");
    let gaz = dir.join("mine.jsonl");
    std::fs::write(
        &gaz,
        "# my actors\n{\"id\":\"person:x\",\"kind\":\"person\",\"name\":\"X\",\"state\":\"state:atlantis\"}\n",
    )
    .unwrap();
    let input = dir.join("a.txt");
    std::fs::write(&input, "China spoke.").unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(bin()
        .arg("extract")
        .arg(&input)
        .arg("--gazetteer")
        .arg(&gaz)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 2);
    let want = format!("{}:2:53: state refers to \"state:atlantis\"", gaz.display());
    assert!(stderr.contains(&want), "want {want}\ngot {stderr}");
    assert!(files_in(&out).is_empty());

    let (code, _, stderr) = run(bin().args(["gazetteer", "check"]).arg(&gaz));
    assert_eq!(code, 2);
    assert!(stderr.contains(&want), "{stderr}");
}

#[test]
fn user_gazetteer_adds_and_can_replace_the_built_in_one() {
    let dir = tmp("usergaz");
    let gaz = dir.join("mine.jsonl");
    std::fs::write(
        &gaz,
        concat!(
            "{\"id\":\"person:ann\",\"kind\":\"person\",\"name\":\"Ann Example\",\"short\":[\"Example\"]}\n",
            "{\"id\":\"org:club\",\"kind\":\"org\",\"name\":\"Example Club\"}\n"
        ),
    )
    .unwrap();
    let (code, _, stderr) = run(bin().args(["gazetteer", "check"]).arg(&gaz));
    assert_eq!(code, 0, "{stderr}");
    let input = dir.join("a.txt");
    std::fs::write(&input, "Ann Example met with Xi Jinping.").unwrap();
    for (flag, nodes) in [
        (None, "2 nodes"),
        (Some("--no-default-gazetteer"), "1 nodes"),
    ] {
        let out = dir.join("out");
        let mut cmd = bin();
        cmd.arg("extract")
            .arg(&input)
            .arg("--gazetteer")
            .arg(&gaz)
            .arg("-o")
            .arg(&out);
        if let Some(f) = flag {
            cmd.arg(f);
        }
        let (code, _, stderr) = run(&mut cmd);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains(nodes), "{flag:?}: {stderr}");
    }
}

#[test]
fn empty_input_gives_an_empty_valid_graph() {
    let dir = tmp("empty");
    let input = dir.join("empty.txt");
    std::fs::write(&input, "").unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(bin().arg("extract").arg(&input).arg("-o").arg(&out));
    assert_eq!(code, 0, "{stderr}");
    let graphml = std::fs::read_to_string(out.join("graph.graphml")).unwrap();
    assert!(graphml.contains("<graph id=\"gazegraph\" edgedefault=\"undirected\">\n  </graph>"));
    let dot = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    assert!(dot.starts_with("// Written by gazegraph: 0 nodes, 0 edges."));
}

#[test]
fn stdin_and_invalid_utf8() {
    let dir = tmp("stdin");
    let out = dir.join("out");
    let (code, _, stderr) = run_with_stdin(
        bin()
            .args(["extract", "-", "--format", "evidence", "-o"])
            .arg(&out),
        b"Joe Biden \xff met Xi Jinping.",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("<stdin>: invalid UTF-8 replaced"),
        "{stderr}"
    );
    let rows = std::fs::read_to_string(out.join("graph.evidence.jsonl")).unwrap();
    assert!(rows.contains("\"doc\":\"<stdin>\""), "{rows}");
}

#[test]
fn unknown_flag_values_are_usage_errors() {
    for args in [
        &["extract", "x", "--format", "png"][..],
        &["extract", "x", "--window", "page"],
        &["extract", "x", "--relation", "hates"],
        &["extract"],
    ] {
        let (code, _, stderr) = run(bin().args(args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
}

#[test]
fn same_bytes_whatever_the_input_order() {
    let dir = tmp("order");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut outputs = Vec::new();
    for (i, order) in [files.clone(), files.iter().rev().cloned().collect()]
        .into_iter()
        .enumerate()
    {
        let out = dir.join(format!("out{i}"));
        let (code, _, stderr) = run(bin()
            .arg("extract")
            .args(&order)
            .args(["--format", ALL_FORMATS, "-o"])
            .arg(&out));
        assert_eq!(code, 0, "{stderr}");
        let names = files_in(&out);
        assert_eq!(names, ALL_FILES);
        outputs.push(
            names
                .iter()
                .map(|f| std::fs::read(out.join(f)).unwrap())
                .collect::<Vec<_>>(),
        );
    }
    assert!(outputs[0] == outputs[1], "output depends on input order");
}

const ALL_FORMATS: &str = "dot,graphml,gexf,json,cytoscape,csv,svg,evidence,edges";
const ALL_FILES: [&str; 10] = [
    "edges.csv",
    "graph.cytoscape.json",
    "graph.dot",
    "graph.edges",
    "graph.evidence.jsonl",
    "graph.gexf",
    "graph.graphml",
    "graph.json",
    "graph.svg",
    "nodes.csv",
];

#[test]
fn graphviz_renderer_without_graphviz_is_an_error_that_writes_nothing() {
    let dir = tmp("nodot");
    let input = dir.join("a.txt");
    std::fs::write(&input, "Xi Jinping spoke with Vladimir Putin.").unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(bin()
        .env("PATH", dir.join("empty"))
        .arg("extract")
        .arg(&input)
        .args(["--format", "dot,svg", "--renderer", "graphviz", "-o"])
        .arg(&out));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--renderer graphviz: could not run `dot`"),
        "{stderr}"
    );
    assert!(stderr.contains("--renderer builtin"), "{stderr}");
    assert_eq!(files_in(&out), Vec::<String>::new(), "no file written");
}

#[test]
fn cluster_by_state_and_min_weight() {
    let dir = tmp("cluster");
    let input = dir.join("a.txt");
    std::fs::write(
        &input,
        "Xi Jinping met Vladimir Putin. Xi Jinping spoke with Vladimir Putin again. \
         Joe Biden was in Paris.",
    )
    .unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(bin()
        .arg("extract")
        .arg(&input)
        .args(["--cluster-by", "state", "--min-weight", "2", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("4 nodes, 2 edges"), "{stderr}");
    let dot = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    assert!(dot.contains("layout=\"fdp\""), "{dot}");
    for cluster in [
        "\"cluster_state:china\"",
        "\"cluster_state:russia\"",
        "\"cluster_state:united-states\"",
    ] {
        assert!(
            dot.contains(&format!("subgraph {cluster}")),
            "{cluster} in {dot}"
        );
    }
    let (code, _, stderr) = run(bin()
        .arg("extract")
        .arg(&input)
        .args(["--cluster-by", "party"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown cluster key \"party\""), "{stderr}");
}

/// `gazegraph check EXPECTED INPUT` with extra flags, on one small document.
fn check(name: &str, expected: &str, flags: &[&str]) -> (i32, String, String) {
    let dir = tmp(name);
    let input = dir.join("news.txt");
    std::fs::write(
        &input,
        "Wang Yi spoke by phone with Liz Truss on Monday. Antony Blinken was in Paris.",
    )
    .unwrap();
    let exp = dir.join("expected.edges");
    std::fs::write(&exp, expected).unwrap();
    let (code, stdout, stderr) = run(bin().arg("check").arg(&exp).arg(&input).args(flags));
    let clean = |s: String| s.replace(&*dir.to_string_lossy(), "DIR");
    (code, clean(stdout), clean(stderr))
}

#[test]
fn check_holds_or_prints_a_diff() {
    let all = "\
# every edge of news.txt
Liz Truss -- Wang Yi [co_occurs, spoke_with]
Antony Blinken -- France [co_occurs]
";
    // (expected, flags, exit code, stdout)
    let table: &[(&str, &[&str], i32, &str)] = &[
        (all, &[], 0, ""),
        (all, &["--contains"], 0, ""),
        (
            "Wang Yi -- Liz Truss [spoke_with]",
            &["--relation", "spoke_with"],
            0,
            "",
        ),
        ("Wang Yi -- Liz Truss [spoke_with]", &["--contains"], 0, ""),
        (
            "Wang Yi -- Antony Blinken [spoke_with]",
            &["--excludes"],
            0,
            "",
        ),
        ("", &["--relation", "spoke_with", "--excludes"], 0, ""),
        (
            "person:liz-truss -- person:wang-yi [spoke_with]",
            &["--key", "id", "--contains"],
            0,
            "",
        ),
        (
            "Wang Yi -- Liz Truss [spoke_with]\nWang Yi -- Antony Blinken [spoke_with]",
            &["--relation", "spoke_with"],
            1,
            "--- DIR/expected.edges\n+++ extracted from 1 documents\n\
             - Antony Blinken -- Wang Yi [spoke_with]\n",
        ),
        (
            "Wang Yi -- Liz Truss [spoke_with]",
            &[],
            1,
            "--- DIR/expected.edges\n+++ extracted from 1 documents\n\
             + Antony Blinken -- France [co_occurs]\n\
             #     DIR/news.txt sentence 2 (same sentence): Antony Blinken was in Paris.\n\
             + Liz Truss -- Wang Yi [co_occurs]\n\
             #     DIR/news.txt sentence 1 (same sentence): Wang Yi spoke by phone with Liz Truss on Monday.\n",
        ),
        (
            "Liz Truss -- Wang Yi [spoke_with]",
            &["--excludes"],
            1,
            "--- DIR/expected.edges\n+++ extracted from 1 documents\n\
             + Liz Truss -- Wang Yi [spoke_with]\n\
             #     DIR/news.txt sentence 1 (spoke with): Wang Yi spoke by phone with Liz Truss on Monday.\n",
        ),
    ];
    for (i, (expected, flags, code, stdout)) in table.iter().enumerate() {
        let (got_code, got_out, got_err) = check(&format!("check{i}"), expected, flags);
        assert_eq!(
            (got_code, got_out.as_str()),
            (*code, *stdout),
            "row {i}: {expected:?} {flags:?}\nstderr: {got_err}"
        );
        let verdict = if *code == 0 { "holds" } else { "does not hold" };
        assert!(got_err.contains(verdict), "row {i}: {got_err}");
    }
}

#[test]
fn check_rejects_bad_expectations_with_exit_2() {
    let table: &[(&str, &[&str], &str)] = &[
        (
            "Wang Yi -- Liz Truss [spoke_with]\nWang Yi -- Liz Truss",
            &[],
            "gazegraph: error: DIR/expected.edges:2:21: expected the relation in brackets",
        ),
        (
            "Wang Yi -- Truss [spoke_with]",
            &["--excludes"],
            "gazegraph: error: DIR/expected.edges: no entity in the gazetteer has the canonical \
             name \"Truss\"; did you mean \"Liz Truss\"?",
        ),
        (
            "Wang Yi -- Liz Truss [spoke_with]",
            &["--key", "id"],
            "gazegraph: error: DIR/expected.edges: no entity in the gazetteer has the id \
             \"Liz Truss\"; did you mean \"person:liz-truss\"?",
        ),
        ("", &["--contains", "--excludes"], "cannot be used with"),
        ("", &["--relation", "spoken"], "unknown relation \"spoken\""),
    ];
    for (expected, flags, want) in table {
        let (code, stdout, stderr) = check("checkbad", expected, flags);
        assert_eq!(code, 2, "{expected:?} {flags:?}: {stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains(want), "{expected:?} {flags:?}: {stderr}");
    }
}

#[test]
fn format_edges_reads_back_as_an_exact_check() {
    let dir = tmp("edgesfmt");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let out = dir.join("out");
    let (code, _, stderr) = run(bin()
        .arg("extract")
        .arg(&corpus)
        .args(["--format", "edges", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files_in(&out), ["graph.edges"]);
    let text = std::fs::read_to_string(out.join("graph.edges")).unwrap();
    assert!(text.starts_with("# gazegraph edges"), "{text}");
    let (header, body) = text.split_once('\n').unwrap();
    let set: gazegraph::EdgeSet = text.parse().unwrap();
    assert_eq!(
        set.to_string(),
        body,
        "graph.edges is the sorted set after {header:?}"
    );
    assert!(set.len() > 100, "{}", set.len());
    let (code, stdout, stderr) = run(bin().arg("check").arg(out.join("graph.edges")).arg(&corpus));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
}

#[test]
fn explain_prints_the_sentences_behind_an_edge_or_says_there_is_none() {
    let dir = tmp("explain");
    let text = dir.join("memo.txt");
    std::fs::write(
        &text,
        "Wang Yi spoke by phone with Liz Truss on Friday.\n\nSergei Lavrov was in Delhi.\n",
    )
    .unwrap();
    // Any name only one entity goes by will do: "Truss" is Liz Truss.
    let (code, stdout, stderr) = run(bin().args(["explain", "Wang Yi", "Truss"]).arg(&text));
    assert_eq!(code, 0, "{stderr}");
    let want = format!(
        "Wang Yi -- Liz Truss\nco_occurs (1 place)\n  {0} sentence 1 (same sentence): Wang Yi spoke by phone with Liz Truss on Friday.\nspoke_with (1 place)\n  {0} sentence 1 (spoke with): Wang Yi spoke by phone with Liz Truss on Friday.\n",
        text.display()
    );
    assert_eq!(stdout, want);
    let cases: &[(&str, &str, i32, &str)] = &[
        ("Lavrov", "Truss", 1, "never together"),
        ("Lavrov", "Zelensky", 1, "never names Volodymyr Zelensky"),
        ("Liu", "Truss", 2, "\"Liu\" may mean"),
        (
            "Nobody",
            "Truss",
            2,
            "no entity in the gazetteer goes by \"Nobody\"",
        ),
    ];
    for (a, b, want_code, want_text) in cases {
        let (code, stdout, stderr) = run(bin().args(["explain", a, b]).arg(&text));
        assert_eq!(code, *want_code, "{a} {b}: {stderr}");
        assert!(
            stdout.contains(want_text) || stderr.contains(want_text),
            "{a} {b}: {stdout}{stderr}"
        );
    }
}

#[test]
fn json_lines_documents_keep_their_ids_and_dates() {
    let dir = tmp("jsonl");
    let input = dir.join("news.jsonl");
    // The same sentence on two dates: the title without a name means a different person.
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"wire-1","date":"2010-06-01","title":"Talks in Moscow","text":"The Russian president met Wang Yi."}"#,
            "\n\n",
            r#"{"id":"wire-2","date":"2022-03-01T09:00:00Z","text":"The Russian president met Wang Yi."}"#,
            "\n",
            r#"{"text":"The Russian president met Wang Yi."}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(bin()
        .args([
            "extract",
            "--format",
            "edges,evidence",
            "--date",
            "2009-01-01",
            "-o",
        ])
        .arg(&out)
        .arg(&input));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("3 documents"), "{stderr}");
    let edges = std::fs::read_to_string(out.join("graph.edges")).unwrap();
    // wire-1 (2010) and the undated line dated by --date (2009): Medvedev; wire-2: Putin.
    for e in [
        "Dmitry Medvedev -- Wang Yi [spoke_with]",
        "Vladimir Putin -- Wang Yi [spoke_with]",
    ] {
        assert!(edges.contains(e), "{e}:\n{edges}");
    }
    let rows = std::fs::read_to_string(out.join("graph.evidence.jsonl")).unwrap();
    for want in [
        r#""doc":"wire-1""#,
        r#""doc":"wire-2""#,
        r#""date":"2022-03-01""#,
        r#""date":"2009-01-01""#,
        "news.jsonl:4",
    ] {
        assert!(rows.contains(want), "{want}:\n{rows}");
    }
    // A bad line is reported with its file and line, counted and skipped; the rest is read.
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\"}\n").unwrap();
    let out2 = dir.join("out2");
    let (code, _, stderr) = run(bin().args(["extract", "-o"]).arg(&out2).arg(&input));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("news.jsonl:2:") && stderr.contains("missing field `text`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 documents, 0 mentions, 1 inputs skipped (1 invalid), "),
        "{stderr}"
    );
    // --strict makes it an error, and nothing is written.
    let out3 = dir.join("out3");
    let (code, _, stderr) = run(bin()
        .args(["extract", "--strict", "-o"])
        .arg(&out3)
        .arg(&input));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: ") && stderr.contains("news.jsonl:2:"),
        "{stderr}"
    );
    assert!(files_in(&out3).is_empty());
}

#[test]
fn a_date_line_in_the_text_dates_it_unless_date_is_given() {
    let dir = tmp("dateline");
    let text = dir.join("story.txt");
    std::fs::write(
        &text,
        "Envoys meet\nBy Staff | Friday, 4 March 2011 10:15 AM EST\n\nThe Russian president met Wang Yi.\n",
    )
    .unwrap();
    let edges = |extra: &[&str]| {
        let out = dir.join(format!("out{}", extra.len()));
        let (code, _, stderr) = run(bin()
            .args(["extract", "--format", "edges", "-o"])
            .arg(&out)
            .args(extra)
            .arg(&text));
        assert_eq!(code, 0, "{stderr}");
        std::fs::read_to_string(out.join("graph.edges")).unwrap()
    };
    assert!(edges(&[]).contains("Dmitry Medvedev -- Wang Yi [spoke_with]"));
    let dated = edges(&["--date", "2022-03-01"]);
    assert!(
        dated.contains("Vladimir Putin -- Wang Yi [spoke_with]"),
        "{dated}"
    );
}
