//! cytoscape.js elements JSON: `{"elements": {"nodes": [{"data": {...}}], "edges": [...]}}`.
//!
//! Nodes and edges share one id space, so nodes are `n0`, `n1`... and edges `e0`, `e1`...; the
//! entity id is the node's `entity`. `kind` (nodes) and `relation` (edges) are also classes, for
//! stylesheets such as `node.person` or `edge.spoke_with`.

use std::io::{self, Write};

use serde::Serialize;

use super::View;

#[derive(Serialize)]
struct Element<T> {
    data: T,
    classes: &'static str,
}

#[derive(Serialize)]
struct NodeData<'a> {
    id: String,
    label: &'a str,
    entity: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    mentions: u64,
}

#[derive(Serialize)]
struct EdgeData {
    id: String,
    source: String,
    target: String,
    relation: &'static str,
    weight: f64,
}

/// Write `graph` as cytoscape.js elements.
pub fn write(graph: &dyn View, w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"{\"elements\": {\"nodes\": [")?;
    for (k, (i, n)) in graph.nodes().enumerate() {
        w.write_all(if k == 0 { b"\n" } else { b",\n" })?;
        let node = Element {
            data: NodeData {
                id: format!("n{}", i.index()),
                label: &n.label,
                entity: &n.id,
                kind: n.kind.as_str(),
                state: n.state.as_ref().map(|s| s.label.as_str()),
                mentions: n.mentions,
            },
            classes: n.kind.as_str(),
        };
        serde_json::to_writer(&mut *w, &node)?;
    }
    w.write_all(b"\n], \"edges\": [")?;
    graph.each_edge(|at| {
        w.write_all(if at.index == 0 { b"\n" } else { b",\n" })?;
        let (a, b, edge) = (at.a, at.b, at.edge);
        let element = Element {
            data: EdgeData {
                id: format!("e{}", at.index),
                source: format!("n{}", a.index()),
                target: format!("n{}", b.index()),
                relation: edge.relation.as_str(),
                weight: edge.weight as f64,
            },
            classes: edge.relation.as_str(),
        };
        serde_json::to_writer(&mut *w, &element).map_err(io::Error::from)
    })?;
    w.write_all(b"\n]}}\n")
}
