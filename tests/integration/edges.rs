//! Asserting edge sets from Rust: `edge_set`, `edges!`, `assert_edges!` and their diffs.

use std::panic::{AssertUnwindSafe, catch_unwind};

use gazegraph::edges::{Key, Mode};
use gazegraph::{EdgeSet, Relation, assert_edges, edges};

const TEXT: &str = "Wang Yi spoke by phone with Liz Truss on Monday. Antony Blinken was in Paris.";

/// The panic message of `f`, or "" if it did not panic.
fn panic_message(f: impl FnOnce()) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(()) => String::new(),
        Err(e) => e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    }
}

#[test]
fn edge_set_is_sorted_and_undirected() {
    let graph = gazegraph::extract_str(TEXT).unwrap();
    let set = graph.edge_set();
    assert_eq!(
        set.to_string(),
        "\
Antony Blinken -- France [co_occurs]
Liz Truss -- Wang Yi [co_occurs]
Liz Truss -- Wang Yi [spoke_with]
"
    );
    assert!(set.contains("Wang Yi", "Liz Truss", Relation::SpokeWith));
    assert!(set.contains("Liz Truss", "Wang Yi", Relation::SpokeWith));

    let by_id = graph.edge_set_by(Key::Id);
    assert_eq!(by_id.key(), Key::Id);
    assert!(by_id.contains("person:wang-yi", "person:liz-truss", Relation::SpokeWith));
    assert_eq!(by_id.len(), set.len());
}

#[test]
fn the_three_modes_pass_when_they_should() {
    let graph = gazegraph::extract_str(TEXT).unwrap();
    assert_edges!(graph, exact, graph.edge_set());
    assert_edges!(graph, contains, edges![("Wang Yi", "Liz Truss", SpokeWith)]);
    assert_edges!(
        &graph,
        excludes,
        edges![
            ("Wang Yi", "Antony Blinken", SpokeWith),
            ("Liz Truss", "Antony Blinken", CoOccurs),
        ]
    );
    assert_edges!(
        graph,
        contains,
        "# the text form works too\nLiz Truss -- Wang Yi [spoke_with, co_occurs]"
    );
}

#[test]
fn failures_print_a_diff_with_the_sentence_behind_each_unexpected_edge() {
    let graph = gazegraph::extract_str(TEXT).unwrap();
    let expected = edges![
        ("Wang Yi", "Liz Truss", SpokeWith),
        ("Wang Yi", "Antony Blinken", SpokeWith),
    ];
    let msg = panic_message(|| assert_edges!(graph, exact, &expected));
    let lines: Vec<&str> = msg.lines().collect();
    assert_eq!(
        lines[0],
        "exact edge set does not hold: 1 missing, 2 unexpected"
    );
    assert_eq!(lines[1], "- Antony Blinken -- Wang Yi [spoke_with]");
    assert_eq!(lines[2], "+ Antony Blinken -- France [co_occurs]");
    assert_eq!(
        lines[3],
        "#     <string> sentence 2 (same sentence): Antony Blinken was in Paris."
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with('+')).count(),
        2,
        "{msg}"
    );

    let msg = panic_message(|| assert_edges!(graph, contains, &expected));
    assert_eq!(
        msg,
        "contains edge set does not hold: 1 missing\n- Antony Blinken -- Wang Yi [spoke_with]\n"
    );

    let msg = panic_message(|| assert_edges!(graph, excludes, &expected));
    assert_eq!(
        msg,
        "excludes edge set does not hold: 1 excluded but present\n\
         + Liz Truss -- Wang Yi [spoke_with]\n\
         #     <string> sentence 1 (spoke with): \
         Wang Yi spoke by phone with Liz Truss on Monday.\n"
    );
}

#[test]
fn a_bad_text_form_is_reported_with_its_line() {
    let graph = gazegraph::extract_str(TEXT).unwrap();
    let msg = panic_message(|| {
        assert_edges!(
            graph,
            exact,
            "Wang Yi -- Liz Truss [spoke_with]\nWang Yi -- Liz Truss"
        )
    });
    assert!(
        msg.starts_with(
            "assert_edges!: the expected edges do not parse: <string>:2:21: expected the relation"
        ),
        "{msg}"
    );
}

#[test]
fn compare_keyed_by_id() {
    let graph = gazegraph::extract_str(TEXT).unwrap();
    let expected: EdgeSet = "person:liz-truss -- person:wang-yi [spoke_with]"
        .parse::<EdgeSet>()
        .unwrap()
        .with_key(Key::Id);
    let report = edges::compare(&graph, &expected, Mode::Contains);
    assert!(report.holds(), "{report}");
    // The same names read as canonical names are not in the graph.
    let report = edges::compare(
        &graph,
        &expected.clone().with_key(Key::Name),
        Mode::Contains,
    );
    assert_eq!(report.missing.len(), 1);
}

#[test]
fn check_names_catches_misspelt_and_alias_names() {
    let gazetteer = gazegraph::Gazetteer::built_in().unwrap();
    let table = [
        ("Wang Yi -- Liz Truss [spoke_with]", Key::Name, ""),
        (
            "Wang Yi -- Truss [spoke_with]",
            Key::Name,
            "x.edges: no entity in the gazetteer has the canonical name \"Truss\"; did you mean \"Liz Truss\"?",
        ),
        (
            "Wang Yi -- Lis Truss [spoke_with]",
            Key::Name,
            "x.edges: no entity in the gazetteer has the canonical name \"Lis Truss\"",
        ),
        (
            "person:wang-yi -- person:liz-truss [spoke_with]",
            Key::Id,
            "",
        ),
        (
            "person:wang-yi -- Liz Truss [spoke_with]",
            Key::Id,
            "x.edges: no entity in the gazetteer has the id \"Liz Truss\"; did you mean \"person:liz-truss\"?",
        ),
    ];
    for (text, key, want) in table {
        let set = text.parse::<EdgeSet>().unwrap().with_key(key);
        let got = match set.check_names(&gazetteer, "x.edges") {
            Ok(()) => String::new(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, want, "{text}");
    }
}
