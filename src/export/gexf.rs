//! GEXF 1.3 writer, for Gephi and Gephi Lite (graphology-gexf).
//!
//! Relations stay apart with the edge `kind` (Gephi merges only edges of the same kind), and each
//! edge's `label` is its relation too. Nodes are coloured by entity kind and sized by degree,
//! edges coloured by relation and thickened by weight, with the `viz:` prefix that both readers
//! look for and integer colour channels. Attribute ids equal their titles, since graphology uses
//! the title only for numeric ids; counts are `integer`. Ids are `n0`, `e0`; the entity id is an
//! attribute. No `xsi:schemaLocation`: the RelaxNG schema in CI is the reference.
//!
//! When documents have dates, the graph is dynamic (`timeformat="date"`): each node carries a
//! one-day spell for every date of a document naming it, each edge for every date of its
//! evidence, so Gephi's timeline shows who appeared, and spoke, when.

use std::io::{self, Write};

use super::View;
use super::graphml::escape;
use super::json_text::{date, number, weight};
use super::style::{PenWidths, kind_colour, node_size, relation_colour};
use crate::gazetteer::Date;

/// One-day spells, one per full date; nothing when there are none.
fn spells(out: &mut Vec<u8>, dates: impl Iterator<Item = Date>) {
    let mut days = dates.filter(Date::is_full).peekable();
    if days.peek().is_none() {
        return;
    }
    out.extend_from_slice(b"        <spells>\n");
    for d in days {
        // `json_text::date` quotes the date as an attribute wants it.
        out.extend_from_slice(b"          <spell start=");
        date(out, d);
        out.extend_from_slice(b" end=");
        date(out, d);
        out.extend_from_slice(b"/>\n");
    }
    out.extend_from_slice(b"        </spells>\n");
}

/// Node attributes: (id and title, type).
const NODE_ATTRIBUTES: &[(&str, &str)] = &[
    ("kind", "string"),
    ("entity", "string"),
    ("state", "string"),
    ("mentions", "integer"),
];

/// Write `graph` as GEXF 1.3.
pub fn write(graph: &dyn View, w: &mut (impl Write + Send)) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">"#
    )?;
    writeln!(w, "  <meta>")?;
    writeln!(w, "    <creator>gazegraph</creator>")?;
    writeln!(
        w,
        "    <description>People, offices, states and organisations named in news text; edges by relation (kind): co_occurs, spoke_with, holds.</description>"
    )?;
    writeln!(w, "  </meta>")?;
    let dated = graph.nodes().any(|(_, n)| !n.dates.is_empty());
    if dated {
        writeln!(
            w,
            r#"  <graph defaultedgetype="undirected" mode="dynamic" timeformat="date">"#
        )?;
    } else {
        writeln!(w, r#"  <graph defaultedgetype="undirected" mode="static">"#)?;
    }
    writeln!(w, r#"    <attributes class="node">"#)?;
    for (id, ty) in NODE_ATTRIBUTES {
        writeln!(
            w,
            r#"      <attribute id="{id}" title="{id}" type="{ty}"/>"#
        )?;
    }
    writeln!(w, "    </attributes>")?;
    writeln!(w, r#"    <attributes class="edge">"#)?;
    writeln!(
        w,
        r#"      <attribute id="relation" title="relation" type="string"/>"#
    )?;
    writeln!(w, "    </attributes>")?;
    writeln!(w, r#"    <nodes count="{}">"#, graph.node_count())?;
    for (i, n) in graph.nodes() {
        writeln!(
            w,
            r#"      <node id="n{}" label="{}">"#,
            i.index(),
            escape(&n.label)
        )?;
        writeln!(w, "        <attvalues>")?;
        writeln!(
            w,
            r#"          <attvalue for="kind" value="{}"/>"#,
            n.kind.as_str()
        )?;
        writeln!(
            w,
            r#"          <attvalue for="entity" value="{}"/>"#,
            escape(&n.id)
        )?;
        if let Some(state) = &n.state {
            writeln!(
                w,
                r#"          <attvalue for="state" value="{}"/>"#,
                escape(&state.label)
            )?;
        }
        writeln!(
            w,
            r#"          <attvalue for="mentions" value="{}"/>"#,
            n.mentions
        )?;
        writeln!(w, "        </attvalues>")?;
        let c = kind_colour(n.kind);
        writeln!(
            w,
            r#"        <viz:color r="{}" g="{}" b="{}"/>"#,
            c.0, c.1, c.2
        )?;
        writeln!(
            w,
            r#"        <viz:size value="{:.1}"/>"#,
            node_size(graph.degree(i))
        )?;
        let mut days = Vec::new();
        spells(&mut days, n.dates.iter().copied());
        w.write_all(&days)?;
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, r#"    <edges count="{}">"#, graph.edge_count())?;
    // An edge's element as bytes, made on every thread and written in order: most of a large
    // GEXF file, where the format machinery cost more than the rest of the run. Nothing in it
    // needs escaping: ids are numbers, values relation names, numbers and dates.
    let widths = PenWidths::new();
    super::per_edge(graph, w, false, |window, i, out| {
        let (e, a, b, edge) = (window[i].index, window[i].a, window[i].b, window[i].edge);
        let rel = edge.relation.as_str().as_bytes();
        out.extend_from_slice(b"      <edge id=\"e");
        number(out, e as u64);
        out.extend_from_slice(b"\" source=\"n");
        number(out, a.index() as u64);
        out.extend_from_slice(b"\" target=\"n");
        number(out, b.index() as u64);
        out.extend_from_slice(b"\" kind=\"");
        out.extend_from_slice(rel);
        out.extend_from_slice(b"\" label=\"");
        out.extend_from_slice(rel);
        out.extend_from_slice(b"\" weight=\"");
        weight(out, edge.weight);
        out.extend_from_slice(
            b"\">\n        <attvalues>\n          <attvalue for=\"relation\" value=\"",
        );
        out.extend_from_slice(rel);
        out.extend_from_slice(b"\"/>\n        </attvalues>\n        <viz:color r=\"");
        let c = relation_colour(edge.relation);
        number(out, u64::from(c.0));
        out.extend_from_slice(b"\" g=\"");
        number(out, u64::from(c.1));
        out.extend_from_slice(b"\" b=\"");
        number(out, u64::from(c.2));
        out.extend_from_slice(b"\"/>\n        <viz:thickness value=\"");
        out.extend_from_slice(widths.of(edge.weight).as_bytes());
        out.extend_from_slice(b"\"/>\n");
        spells(out, edge.dates.iter().copied());
        out.extend_from_slice(b"      </edge>\n");
        Ok(())
    })?;
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")
}
