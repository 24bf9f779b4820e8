//! One integration-test binary: shared helpers here, one module per area.

mod cli;
mod corpus;
mod edges;
mod examples;
mod export;
mod gazetteer;
mod labelled;
mod relations;
mod seeds;

use gazegraph::{Config, Document, Extractor, Gazetteer, Graph, Relation};

/// Assert two lists of lines are equal, printing what is missing and what is unexpected.
#[macro_export]
macro_rules! eqnice {
    ($want:expr, $got:expr, $($ctx:tt)+) => {{
        let want: Vec<String> = $want.iter().map(|s| s.to_string()).collect();
        let got: Vec<String> = $got.iter().map(|s| s.to_string()).collect();
        if want != got {
            let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
            let unexpected: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
            panic!(
                "{}\n- missing:    {:?}\n+ unexpected: {:?}\n  got:        {:?}",
                format!($($ctx)+), missing, unexpected, got
            );
        }
    }};
}

/// The extractor with the built-in gazetteer and default settings.
pub fn extractor() -> Extractor {
    Extractor::new(Gazetteer::built_in().unwrap(), Config::default())
}

/// Edges of one relation as sorted "A -- B" lines by canonical name.
pub fn edges(graph: &Graph, relation: Relation) -> Vec<String> {
    graph
        .edge_set()
        .iter()
        .filter(|e| e.relation == relation)
        .map(|e| format!("{} -- {}", e.a, e.b))
        .collect()
}

/// The graph of some texts.
pub fn graph_of(texts: &[(&str, &str)]) -> Graph {
    let docs: Vec<Document> = texts
        .iter()
        .map(|(id, t)| Document::new(*id, t.to_string()))
        .collect();
    extractor().graph(&docs)
}
