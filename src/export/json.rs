//! networkx node-link JSON, with every edge's evidence.
//!
//! `{"directed": false, "multigraph": true, "graph": {...}, "nodes": [...], "edges": [...]}`:
//! the edge list is named `edges`, as networkx 3.6 and later write and read by default; with an
//! older networkx pass `edges="edges"` to `node_link_graph`. A node's `id` is its entity id;
//! an edge's `key` is its relation, so a pair's two relations are two edges of the multigraph.
//! One node or edge per line, so files diff well.

use std::io::{self, Write};

use serde::Serialize;

use super::View;
use super::evidence::place;
use super::json_text::{self as json, key};

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    label: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    mentions: u64,
}

/// Write `graph` as node-link JSON.
pub fn write(graph: &dyn View, w: &mut (impl Write + Send)) -> io::Result<()> {
    w.write_all(
        b"{\"directed\": false, \"multigraph\": true, \"graph\": {\"name\": \"gazegraph\"},\n\"nodes\": [",
    )?;
    for (k, (_, n)) in graph.nodes().enumerate() {
        w.write_all(if k == 0 { b"\n" } else { b",\n" })?;
        let node = Node {
            id: &n.id,
            label: &n.label,
            kind: n.kind.as_str(),
            state: n.state.as_ref().map(|s| s.label.as_str()),
            mentions: n.mentions,
        };
        serde_json::to_writer(&mut *w, &node)?;
    }
    w.write_all(b"\n],\n\"edges\": [")?;
    super::per_edge(graph, w, true, |window, i, buf| {
        let at = window[i];
        let (a, b, e) = (graph.node(at.a), graph.node(at.b), at.edge);
        buf.extend_from_slice(if at.index == 0 { b"\n" } else { b",\n" });
        buf.push(b'{');
        json::string_fields(
            buf,
            &[
                ("source", &a.id),
                ("target", &b.id),
                ("key", e.relation.as_str()),
                ("relation", e.relation.as_str()),
            ],
        );
        key(buf, "weight");
        json::weight(buf, e.weight);
        // Every date the edge was read on (evidence may be capped; these are not).
        if !e.dates.is_empty() {
            buf.push(b',');
            key(buf, "dates");
            for (k, &d) in e.dates.iter().enumerate() {
                buf.push(if k == 0 { b'[' } else { b',' });
                json::date(buf, d);
            }
            buf.push(b']');
        }
        buf.push(b',');
        key(buf, "evidence");
        buf.push(b'[');
        for (k, ev) in e.evidence.iter().enumerate() {
            buf.extend_from_slice(if k == 0 { b"{" } else { b",{" });
            place(buf, ev);
            buf.push(b'}');
        }
        buf.extend_from_slice(b"]}");
        Ok(())
    })?;
    w.write_all(b"\n]}\n")
}
