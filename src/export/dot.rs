//! Graphviz DOT writer.
//!
//! Every id and string is quoted and escaped (a backslash doubled, a quote escaped, a line break
//! as `\n`), so names such as `node`, `1abc` or `C:\Network` come through as written. Nodes are
//! styled by kind; `spoke_with` edges are solid and red, `co_occurs` dashed and grey, and pen
//! width grows with weight. Entity ids are the DOT node ids; labels are canonical names.

use std::io::{self, Write};

use crate::gazetteer::Kind;
use crate::graph::Graph;
use crate::relations::Relation;

/// Write `graph` as DOT.
pub fn write(graph: &Graph, w: &mut impl Write) -> io::Result<()> {
    writeln!(
        w,
        "// Written by gazegraph: {} nodes, {} edges.",
        graph.graph.node_count(),
        graph.graph.edge_count()
    )?;
    writeln!(w, "graph \"gazegraph\" {{")?;
    writeln!(
        w,
        "  graph [layout=\"neato\", overlap=\"false\", splines=\"true\", outputorder=\"edgesfirst\"];"
    )?;
    writeln!(
        w,
        "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=\"11\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\"];")?;
    for (_, n) in graph.nodes() {
        let (shape, colour) = style(n.kind);
        writeln!(
            w,
            "  {} [label={}, kind={}, mentions=\"{}\", shape=\"{shape}\", fillcolor=\"{colour}\"];",
            quote(&n.id),
            quote(&n.label),
            quote(n.kind.as_str()),
            n.mentions
        )?;
    }
    for (_, a, b, e) in graph.edges() {
        let (style, colour) = match e.relation {
            Relation::SpokeWith => ("solid", "#c0392b"),
            Relation::CoOccurs => ("dashed", "#9e9e9e"),
        };
        writeln!(
            w,
            "  {} -- {} [relation={}, weight=\"{}\", evidence=\"{}\", style=\"{style}\", color=\"{colour}\", penwidth=\"{}\"];",
            quote(&a.id),
            quote(&b.id),
            quote(e.relation.as_str()),
            e.weight,
            e.evidence.len(),
            pen_width(e.weight)
        )?;
    }
    writeln!(w, "}}")
}

fn style(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Person => ("ellipse", "#a6cee3"),
        Kind::Office => ("box", "#fdbf6f"),
        Kind::State => ("hexagon", "#b2df8a"),
        Kind::Org => ("octagon", "#cab2d6"),
    }
}

/// 1 for a single sighting, growing slowly with the log of the weight.
fn pen_width(weight: u64) -> String {
    let w = 1.0 + (weight.max(1) as f64).log2() * 0.75;
    format!("{w:.2}")
}

/// A DOT double-quoted string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if super::is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_table() {
        let cases = [
            ("plain", r#""plain""#),
            ("node", r#""node""#),
            (r#"say "hi""#, r#""say \"hi\"""#),
            (r"C:\Network", r#""C:\\Network""#),
            ("ends\\", r#""ends\\""#),
            ("two\nlines", r#""two\nlines""#),
            ("bell\u{7}", r#""bell""#),
            ("北京", "\"北京\""),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want, "quoting {input:?}");
        }
    }

    #[test]
    fn pen_width_grows_with_weight() {
        assert_eq!(pen_width(1), "1.00");
        assert_eq!(pen_width(4), "2.50");
    }
}
