//! GraphML writer, for networkx, igraph, Gephi and graphology.
//!
//! Keys come first, each with `for`, `attr.name` and one of the six GraphML types (graphology
//! rejects `integer`, igraph anything outside the six). Node and edge ids are `n0`, `e0`...
//! (NMTOKENs); the entity id, label, kind and state are data, and Gephi's own columns (`size`,
//! `r`, `g`, `b`) colour and size nodes on import.
//!
//! Each relation between a pair is its own `<edge>` with a `relation` value, so networkx and
//! igraph keep them apart. Gephi merges edges that share their ends into one; so that the
//! relations stay distinguishable after that merge, every edge also carries its pair's weight in
//! each relation (`co_occurs`, `spoke_with`: 0 when the pair has no such edge) and the list of
//! the pair's relations (`relations`). Whichever edge Gephi keeps, those columns tell the whole.

use std::io::{self, Write};

use super::style::{kind_colour, node_size};
use super::{EdgeAt, View};
use crate::relations::Relation;

/// Write `graph` as GraphML.
pub fn write(graph: &dyn View, w: &mut (impl Write + Send)) -> io::Result<()> {
    let mut keys: Vec<(String, &str, String, &str)> = Vec::new();
    let mut key = |domain: &'static str, name: &str, ty: &'static str| {
        let id = format!("d{}", keys.len());
        keys.push((id.clone(), domain, name.to_string(), ty));
        id
    };
    let k_label = key("node", "label", "string");
    let k_kind = key("node", "kind", "string");
    let k_entity = key("node", "entity", "string");
    let k_state = key("node", "state", "string");
    let k_mentions = key("node", "mentions", "int");
    let k_size = key("node", "size", "float");
    let k_r = key("node", "r", "int");
    let k_g = key("node", "g", "int");
    let k_b = key("node", "b", "int");
    let k_elabel = key("edge", "label", "string");
    let k_relation = key("edge", "relation", "string");
    let k_weight = key("edge", "weight", "double");
    let k_relations = key("edge", "relations", "string");
    let k_per: Vec<(Relation, String)> = Relation::ALL
        .iter()
        .map(|&r| (r, key("edge", r.as_str(), "double")))
        .collect();

    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, domain, name, ty) in &keys {
        writeln!(
            w,
            r#"  <key id="{id}" for="{domain}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(w, r#"  <graph id="gazegraph" edgedefault="undirected">"#)?;
    for (i, n) in graph.nodes() {
        writeln!(w, r#"    <node id="n{}">"#, i.index())?;
        let data = |k: &str, v: &str| format!("      <data key=\"{k}\">{v}</data>\n");
        let mut s = String::new();
        s += &data(&k_label, &escape(&n.label));
        s += &data(&k_kind, n.kind.as_str());
        s += &data(&k_entity, &escape(&n.id));
        if let Some(state) = &n.state {
            s += &data(&k_state, &escape(&state.label));
        }
        s += &data(&k_mentions, &n.mentions.to_string());
        s += &data(&k_size, &format!("{:.1}", node_size(graph.degree(i))));
        let c = kind_colour(n.kind);
        s += &data(&k_r, &c.0.to_string());
        s += &data(&k_g, &c.1.to_string());
        s += &data(&k_b, &c.2.to_string());
        w.write_all(s.as_bytes())?;
        writeln!(w, r#"    </node>"#)?;
    }
    // Each pair's weight per relation, for the columns that survive Gephi's merge. Edges are
    // sorted by their ends, so a pair's edges stand together.
    let edge_keys = EdgeKeys {
        k_elabel,
        k_relation,
        k_weight,
        k_relations,
        k_per,
    };
    super::per_edge(graph, w, false, |window, i, buf| {
        write_edge(buf, window[i], pair_of(window, i), &edge_keys);
        Ok(())
    })?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}

/// An edge's element, as bytes: most of a large GraphML file, where the format machinery cost
/// more than the rest of the run. Nothing in it needs escaping: ids are `e` and `n` numbers,
/// values relation names and numbers.
fn write_edge(out: &mut Vec<u8>, e: EdgeAt<'_>, pair: &[EdgeAt<'_>], keys: &EdgeKeys) {
    use super::json_text::{number, weight};
    let EdgeKeys {
        k_elabel,
        k_relation,
        k_weight,
        k_relations,
        k_per,
    } = keys;
    let edge = e.edge;
    let data = |out: &mut Vec<u8>, key: &str, value: &dyn Fn(&mut Vec<u8>)| {
        out.extend_from_slice(b"      <data key=\"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\">");
        value(out);
        out.extend_from_slice(b"</data>\n");
    };
    out.extend_from_slice(b"    <edge id=\"e");
    number(out, e.index as u64);
    out.extend_from_slice(b"\" source=\"n");
    number(out, e.a.index() as u64);
    out.extend_from_slice(b"\" target=\"n");
    number(out, e.b.index() as u64);
    out.extend_from_slice(b"\">\n");
    let rel = edge.relation.as_str().as_bytes();
    data(out, k_elabel, &|out| out.extend_from_slice(rel));
    data(out, k_relation, &|out| out.extend_from_slice(rel));
    data(out, k_weight, &|out| weight(out, edge.weight));
    data(out, k_relations, &|out| {
        for (k, x) in pair.iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            out.extend_from_slice(x.edge.relation.as_str().as_bytes());
        }
    });
    for (relation, k) in k_per {
        let w = pair
            .iter()
            .find(|x| x.edge.relation == *relation)
            .map_or(0, |x| x.edge.weight);
        data(out, k, &|out| weight(out, w));
    }
    out.extend_from_slice(b"    </edge>\n");
}

/// Every edge between the two ends of edge `k` of the window, itself included: edges are sorted
/// by their ends, so a pair's edges are neighbours, and a window never splits them.
fn pair_of<'w, 'g>(window: &'w [EdgeAt<'g>], k: usize) -> &'w [EdgeAt<'g>] {
    let ends = |i: usize| (window[i].a, window[i].b);
    let first = (0..k)
        .rev()
        .take_while(|&i| ends(i) == ends(k))
        .last()
        .unwrap_or(k);
    let last = (k + 1..window.len())
        .take_while(|&i| ends(i) == ends(k))
        .last()
        .unwrap_or(k);
    &window[first..=last]
}

/// The ids of the edge attribute keys.
struct EdgeKeys {
    k_elabel: String,
    k_relation: String,
    k_weight: String,
    k_relations: String,
    k_per: Vec<(Relation, String)>,
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
