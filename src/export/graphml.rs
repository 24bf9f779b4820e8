//! GraphML writer, for Gephi, networkx and igraph.
//!
//! Keys come first, each with `for` and `attr.type`. Node and edge ids are `n0`, `e0`...
//! (NMTOKENs); the entity id, label and kind are data. Each relation between a pair is its own
//! `<edge>` with a `relation` value, so networkx and igraph keep them apart. Gephi merges edges
//! that share their ends: it shows one edge per pair with summed weight, which is why the README
//! tells Gephi users to export one relation at a time (`--relation spoke_with`).

use std::io::{self, Write};

use crate::graph::Graph;

/// Key ids, names and types: (id, domain, attr.name, attr.type).
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("d0", "node", "label", "string"),
    ("d1", "node", "kind", "string"),
    ("d2", "node", "entity", "string"),
    ("d3", "node", "mentions", "int"),
    ("d4", "edge", "label", "string"),
    ("d5", "edge", "relation", "string"),
    ("d6", "edge", "weight", "double"),
    ("d7", "edge", "evidence", "int"),
];

/// Write `graph` as GraphML.
pub fn write(graph: &Graph, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, domain, name, ty) in KEYS {
        writeln!(
            w,
            r#"  <key id="{id}" for="{domain}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(w, r#"  <graph id="gazegraph" edgedefault="undirected">"#)?;
    for (i, n) in graph.nodes() {
        writeln!(w, r#"    <node id="n{}">"#, i.index())?;
        writeln!(w, r#"      <data key="d0">{}</data>"#, escape(&n.label))?;
        writeln!(w, r#"      <data key="d1">{}</data>"#, n.kind.as_str())?;
        writeln!(w, r#"      <data key="d2">{}</data>"#, escape(&n.id))?;
        writeln!(w, r#"      <data key="d3">{}</data>"#, n.mentions)?;
        writeln!(w, r#"    </node>"#)?;
    }
    for e in graph.graph.edge_indices() {
        let (a, b) = graph.graph.edge_endpoints(e).expect("index from the graph");
        let edge = &graph.graph[e];
        writeln!(
            w,
            r#"    <edge id="e{}" source="n{}" target="n{}">"#,
            e.index(),
            a.index(),
            b.index()
        )?;
        writeln!(
            w,
            r#"      <data key="d4">{}</data>"#,
            edge.relation.as_str()
        )?;
        writeln!(
            w,
            r#"      <data key="d5">{}</data>"#,
            edge.relation.as_str()
        )?;
        writeln!(w, r#"      <data key="d6">{}.0</data>"#, edge.weight)?;
        writeln!(w, r#"      <data key="d7">{}</data>"#, edge.evidence.len())?;
        writeln!(w, r#"    </edge>"#)?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}

/// XML character data or attribute value; characters XML 1.0 forbids are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if super::is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_table() {
        let cases = [
            ("a<b>&c", "a&lt;b&gt;&amp;c"),
            ("\"q\" 'a'", "&quot;q&quot; &apos;a&apos;"),
            ("ctl\u{1}x", "ctlx"),
            ("line\nbreak", "line&#10;break"),
        ];
        for (input, want) in cases {
            assert_eq!(super::escape(input), want, "escaping {input:?}");
        }
    }
}
