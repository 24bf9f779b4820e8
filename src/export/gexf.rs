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
use super::style::{kind_colour, node_size, relation_colour, thickness};
use crate::gazetteer::Date;

/// One-day spells, one per full date; nothing when there are none.
fn spells(w: &mut impl Write, dates: impl Iterator<Item = Date>) -> io::Result<()> {
    let days: Vec<Date> = dates.filter(Date::is_full).collect();
    if days.is_empty() {
        return Ok(());
    }
    writeln!(w, "        <spells>")?;
    for d in days {
        writeln!(w, r#"          <spell start="{d}" end="{d}"/>"#)?;
    }
    writeln!(w, "        </spells>")
}

/// Node attributes: (id and title, type).
const NODE_ATTRIBUTES: &[(&str, &str)] = &[
    ("kind", "string"),
    ("entity", "string"),
    ("state", "string"),
    ("mentions", "integer"),
];

/// Write `graph` as GEXF 1.3.
pub fn write(graph: &dyn View, w: &mut impl Write) -> io::Result<()> {
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
        spells(w, n.dates.iter().copied())?;
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, r#"    <edges count="{}">"#, graph.edge_count())?;
    super::per_edge(graph, w, false, |window, i, w| {
        let (e, a, b, edge) = (window[i].index, window[i].a, window[i].b, window[i].edge);
        let rel = edge.relation.as_str();
        writeln!(
            w,
            r#"      <edge id="e{}" source="n{}" target="n{}" kind="{rel}" label="{rel}" weight="{}">"#,
            e,
            a.index(),
            b.index(),
            super::float(edge.weight)
        )?;
        writeln!(w, "        <attvalues>")?;
        writeln!(w, r#"          <attvalue for="relation" value="{rel}"/>"#)?;
        writeln!(w, "        </attvalues>")?;
        let c = relation_colour(edge.relation);
        writeln!(
            w,
            r#"        <viz:color r="{}" g="{}" b="{}"/>"#,
            c.0, c.1, c.2
        )?;
        writeln!(
            w,
            r#"        <viz:thickness value="{:.2}"/>"#,
            thickness(edge.weight)
        )?;
        spells(w, edge.dates.iter().copied())?;
        writeln!(w, "      </edge>")
    })?;
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")
}
