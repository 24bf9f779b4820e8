//! Asserting a graph's edges in a test suite. Copy this file to `tests/edges.rs` in a project
//! that depends on gazegraph and change the text and the edges to your own.
//!
//! Here, `cargo test --example assert_edges` runs the tests, and `cargo run --example
//! assert_edges` prints the edge set in the text form, a starting point for expectations.

/// A short briefing, as a test corpus might hold.
const BRIEFING: &str = "\
Wang Yi held a call with Josep Borrell on Friday. Borrell later said he had pressed Wang for a
ceasefire.

Liz Truss will meet Wang next week, her office said.
";

fn main() -> Result<(), gazegraph::Error> {
    let graph = gazegraph::extract_str(BRIEFING)?;
    print!("{}", graph.edge_set());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::BRIEFING;
    use gazegraph::{Config, Document, Extractor, Gazetteer, Relation, assert_edges, edges};

    #[test]
    fn the_call_is_an_edge_and_the_plan_is_not() -> Result<(), gazegraph::Error> {
        let graph = gazegraph::extract_str(BRIEFING)?;
        assert_edges!(
            graph,
            contains,
            edges![("Wang Yi", "Josep Borrell", SpokeWith)]
        );
        // "will meet" is a plan, not a meeting.
        assert_edges!(graph, excludes, edges![("Liz Truss", "Wang Yi", SpokeWith)]);
        Ok(())
    }

    #[test]
    fn exactly_these_spoke_with_edges() -> Result<(), gazegraph::Error> {
        // Extract one relation only, so `exact` speaks about spoke_with alone.
        let config = Config {
            relations: vec![Relation::SpokeWith],
            ..Config::default()
        };
        let extractor = Extractor::new(Gazetteer::built_in()?, config);
        let doc = Document::new("briefing", BRIEFING.to_string());
        let graph = extractor.graph([&doc]);
        assert_edges!(
            graph,
            exact,
            "
            # the text form, as `gazegraph extract --format edges` writes it
            Josep Borrell -- Wang Yi [spoke_with]
            "
        );
        Ok(())
    }
}
