//! Every format, written for a small graph, must equal its golden file in tests/golden/.
//!
//! After an intended change of a format, regenerate with `GAZEGRAPH_BLESS=1 cargo test` and
//! review the diff of tests/golden/ before committing it.

use std::path::Path;

use gazegraph::export::{ClusterBy, Format, Options};

const TEXT: &str = "\
Xi Jinping spoke with Vladimir Putin on Friday, the Kremlin said.

Chinese Foreign Minister Wang Yi met Antony Blinken in Paris. Wang later told the United Nations \
that China wanted talks.
";

fn check_golden(name: &str, got: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("GAZEGRAPH_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_default();
    if want != got {
        let (want, got) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(got));
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(w, g)| w != g)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "tests/golden/{name} differs from the output, first at line {}:\n- {}\n+ {}\n\
             (regenerate with GAZEGRAPH_BLESS=1 cargo test and review the diff)",
            first + 1,
            want.lines().nth(first).unwrap_or("<end of file>"),
            got.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}

#[test]
fn every_format_matches_its_golden_file() {
    let graph = gazegraph::extract_str(TEXT).unwrap();
    assert!(graph.graph.edge_count() > 5, "a graph worth exporting");
    let options = Options::default();
    for format in Format::ALL {
        let files = format.render(&graph, &options).unwrap();
        assert_eq!(files.len(), format.file_names().len(), "{format:?}");
        for (name, bytes) in format.file_names().iter().zip(&files) {
            check_golden(name, bytes);
        }
    }
    let clustered = Options {
        cluster_by: Some(ClusterBy::State),
        ..Options::default()
    };
    let files = Format::Dot.render(&graph, &clustered).unwrap();
    check_golden("graph.clustered.dot", &files[0]);
}

#[test]
fn min_weight_drops_light_edges_and_keeps_nodes() {
    let graph = gazegraph::extract_str(
        "Xi Jinping met Vladimir Putin. Xi Jinping spoke with Vladimir Putin again. \
         Joe Biden was in Paris.",
    )
    .unwrap();
    let heavy = graph.with_min_weight(2);
    assert_eq!(heavy.graph.node_count(), graph.graph.node_count());
    assert_eq!(
        heavy.edge_set().to_string(),
        "Vladimir Putin -- Xi Jinping [co_occurs]\nVladimir Putin -- Xi Jinping [spoke_with]\n"
    );
    // The consuming form gives the same graph, edge for edge.
    let moved = graph.clone().into_min_weight(2);
    assert_eq!(moved.graph.node_count(), heavy.graph.node_count());
    let edges = |g: &gazegraph::Graph| {
        g.edges()
            .map(|(_, a, b, e)| (a.id.clone(), b.id.clone(), e.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(edges(&moved), edges(&heavy));
}

#[test]
fn dated_documents_give_gexf_spells_and_dated_evidence() {
    use gazegraph::gazetteer::Date;
    let extractor = gazegraph::Extractor::new(
        gazegraph::Gazetteer::built_in().unwrap(),
        gazegraph::Config::default(),
    );
    let day = |s| Date::parse(s);
    let docs = [
        gazegraph::Document::new("a", "Xi Jinping spoke with Vladimir Putin.".into())
            .with_date(day("2022-02-25")),
        gazegraph::Document::new("b", "Xi Jinping met Vladimir Putin again.".into())
            .with_date(day("2022-03-01")),
        gazegraph::Document::new("c", "Joe Biden was in Paris.".into()),
    ];
    let graph = extractor.graph(&docs);
    let files = Format::Gexf.render(&graph, &Options::default()).unwrap();
    let gexf = String::from_utf8(files[0].clone()).unwrap();
    assert!(
        gexf.contains(r#"mode="dynamic" timeformat="date""#),
        "{gexf}"
    );
    let spoke = gexf
        .split("<edge ")
        .find(|e| e.contains(r#"kind="spoke_with""#))
        .unwrap();
    assert!(
        spoke.contains(r#"<spell start="2022-02-25" end="2022-02-25"/>"#)
            && spoke.contains(r#"<spell start="2022-03-01" end="2022-03-01"/>"#),
        "{spoke}"
    );
    // Joe Biden's document has no date: his node has no spell.
    let biden = gexf
        .split("<node ")
        .find(|n| n.contains("Joe Biden"))
        .unwrap();
    assert!(!biden.contains("<spell"), "{biden}");
    let evidence = Format::Evidence
        .render(&graph, &Options::default())
        .unwrap();
    let evidence = String::from_utf8(evidence[0].clone()).unwrap();
    assert!(evidence.contains(r#""date":"2022-02-25""#), "{evidence}");
}
