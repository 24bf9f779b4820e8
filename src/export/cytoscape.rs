//! cytoscape.js elements JSON: `{"elements": {"nodes": [{"data": {...}}], "edges": [...]}}`.
//!
//! Nodes and edges share one id space, so nodes are `n0`, `n1`... and edges `e0`, `e1`...; the
//! entity id is the node's `entity`. `kind` (nodes) and `relation` (edges) are also classes, for
//! stylesheets such as `node.person` or `edge.spoke_with`.

use std::io::{self, Write};

use serde::Serialize;

use super::View;
use super::json_text::{number, weight};

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

/// Write `graph` as cytoscape.js elements.
pub fn write(graph: &dyn View, w: &mut (impl Write + Send)) -> io::Result<()> {
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
    // Each edge's element as bytes, made on every thread and written in order, as serde_json
    // would write it: `{"data":{"id":"e0","source":"n1","target":"n2","relation":"co_occurs",
    // "weight":1.0},"classes":"co_occurs"}`. Nothing in it needs escaping.
    super::per_edge(graph, w, false, |window, i, out| {
        let (at, edge) = (window[i], window[i].edge);
        let rel = edge.relation.as_str().as_bytes();
        out.extend_from_slice(if at.index == 0 { b"\n" } else { b",\n" });
        out.extend_from_slice(b"{\"data\":{\"id\":\"e");
        number(out, at.index as u64);
        out.extend_from_slice(b"\",\"source\":\"n");
        number(out, at.a.index() as u64);
        out.extend_from_slice(b"\",\"target\":\"n");
        number(out, at.b.index() as u64);
        out.extend_from_slice(b"\",\"relation\":\"");
        out.extend_from_slice(rel);
        out.extend_from_slice(b"\",\"weight\":");
        float(out, edge.weight);
        out.extend_from_slice(b"},\"classes\":\"");
        out.extend_from_slice(rel);
        out.extend_from_slice(b"\"}");
        Ok(())
    })?;
    w.write_all(b"\n]}}\n")
}

/// A weight as serde_json writes it as a float: `3.0` for any weight a float holds exactly
/// (below 2^53), serde_json's own text above.
fn float(out: &mut Vec<u8>, n: u64) {
    if n < 1 << 53 {
        weight(out, n);
    } else {
        out.extend_from_slice(
            serde_json::to_string(&(n as f64))
                .expect("a float is JSON")
                .as_bytes(),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn weights_read_as_serde_json_writes_them() {
        for n in [
            0,
            1,
            3,
            10,
            12345,
            (1 << 53) - 1,
            1 << 53,
            (1 << 60) + 7,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            super::float(&mut out, n);
            let want = serde_json::to_string(&(n as f64)).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "{n}");
        }
    }
}
