//! Graphviz DOT writer.
//!
//! Every id and string is quoted and escaped (a backslash doubled, a quote escaped, a line break
//! as `\n`), so names such as `node`, `1abc` or `C:\Network` come through as written. Entity ids
//! are the DOT node ids; labels are canonical names. Nodes are shaped and coloured by kind;
//! `spoke_with` edges are solid and red, `co_occurs` dashed and grey, pen width grows with weight.
//! A legend is the graph's own label, so it adds no nodes or edges.
//!
//! Layout hints: `neato` for small graphs, `sfdp` for large ones, `fdp` with clusters
//! (`--cluster-by state`: one cluster per state holding its people, offices and organisations).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::View;
use super::style::{PenWidths, dashed, kind_colour, kind_shape, present, relation_colour};
use super::{ClusterBy, Options};
use crate::graph::Node;
use crate::relations::Relation;

/// Above this many nodes the DOT file asks for `sfdp`, which scales; `neato` below.
pub const LARGE: usize = 150;

/// Write `graph` as DOT.
pub fn write(graph: &dyn View, options: &Options, w: &mut (impl Write + Send)) -> io::Result<()> {
    let nodes = graph.node_count();
    writeln!(
        w,
        "// Written by gazegraph: {nodes} nodes, {} edges.",
        graph.edge_count()
    )?;
    writeln!(w, "graph \"gazegraph\" {{")?;
    let layout = if options.cluster_by.is_some() {
        "layout=\"fdp\", overlap=\"false\", splines=\"true\""
    } else if nodes > LARGE {
        "layout=\"sfdp\", overlap=\"prism\", splines=\"false\""
    } else {
        "layout=\"neato\", overlap=\"false\", splines=\"true\""
    };
    writeln!(w, "  graph [{layout}, outputorder=\"edgesfirst\"];")?;
    writeln!(
        w,
        "  graph [fontname=\"Helvetica\", fontsize=\"10\", labelloc=\"b\", labeljust=\"l\", label={}];",
        legend(graph)
    )?;
    writeln!(
        w,
        "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=\"11\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\"];")?;
    match options.cluster_by {
        None => {
            for (_, n) in graph.nodes() {
                write_node(w, "  ", n)?;
            }
        }
        Some(ClusterBy::State) => {
            let mut clusters: BTreeMap<(&str, &str), Vec<&Node>> = BTreeMap::new();
            let mut loose = Vec::new();
            for (_, n) in graph.nodes() {
                match &n.state {
                    Some(s) => clusters
                        .entry((s.id.as_str(), s.label.as_str()))
                        .or_default()
                        .push(n),
                    None => loose.push(n),
                }
            }
            for ((id, label), members) in clusters {
                writeln!(w, "  subgraph {} {{", quote(&format!("cluster_{id}")))?;
                writeln!(
                    w,
                    "    graph [label={}, style=\"rounded,dashed\", color=\"{}\"];",
                    quote(label),
                    kind_colour(crate::gazetteer::Kind::State).hex()
                )?;
                for n in members {
                    write_node(w, "    ", n)?;
                }
                writeln!(w, "  }}")?;
            }
            for n in loose {
                write_node(w, "  ", n)?;
            }
        }
    }
    // An edge's line as bytes, made on every thread and written in order: most of a large DOT
    // file, where the format machinery cost more than the rest of the run.
    let widths = PenWidths::new();
    // Each relation's colour as text, made once.
    let colours: Vec<(Relation, String)> = Relation::ALL
        .iter()
        .map(|&r| (r, relation_colour(r).hex()))
        .collect();
    super::per_edge(graph, w, false, |window, i, buf| {
        let at = window[i];
        let (a, b, e) = (graph.node(at.a), graph.node(at.b), at.edge);
        let style: &[u8] = if dashed(e.relation) {
            b"dashed"
        } else {
            b"solid"
        };
        buf.extend_from_slice(b"  ");
        quote_into(buf, &a.id);
        buf.extend_from_slice(b" -- ");
        quote_into(buf, &b.id);
        buf.extend_from_slice(b" [relation=");
        quote_into(buf, e.relation.as_str());
        buf.extend_from_slice(b", weight=\"");
        super::json_text::number(buf, e.weight);
        buf.extend_from_slice(b"\", style=\"");
        buf.extend_from_slice(style);
        buf.extend_from_slice(b"\", color=\"");
        let colour = colours.iter().find(|(r, _)| *r == e.relation);
        buf.extend_from_slice(colour.map_or("", |(_, c)| c.as_str()).as_bytes());
        buf.extend_from_slice(b"\", penwidth=\"");
        buf.extend_from_slice(widths.of(e.weight).as_bytes());
        buf.extend_from_slice(b"\"];\n");
        Ok(())
    })?;
    writeln!(w, "}}")
}

fn write_node(w: &mut impl Write, indent: &str, n: &Node) -> io::Result<()> {
    writeln!(
        w,
        "{indent}{} [label={}, kind={}, mentions=\"{}\", shape=\"{}\", fillcolor=\"{}\"];",
        quote(&n.id),
        quote(&n.label),
        quote(n.kind.as_str()),
        n.mentions,
        kind_shape(n.kind),
        kind_colour(n.kind).hex()
    )
}

/// An HTML-like label: the kinds present as coloured cells, the relations present in their
/// colours. ASCII only, so Graphviz needs no font metrics it may lack.
fn legend(graph: &dyn View) -> String {
    let mut cells = String::new();
    let (kinds, relations) = present(graph);
    for kind in kinds {
        cells.push_str(&format!(
            "<td bgcolor=\"{}\">{}</td>",
            kind_colour(kind).hex(),
            kind.as_str()
        ));
    }
    for relation in relations {
        let line = if dashed(relation) { "dashed" } else { "solid" };
        cells.push_str(&format!(
            "<td><font color=\"{}\">{} ({line})</font></td>",
            relation_colour(relation).hex(),
            relation.as_str()
        ));
    }
    format!("<<table border=\"0\" cellspacing=\"4\"><tr>{cells}</tr></table>>")
}

/// A DOT double-quoted string.
pub fn quote(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    String::from_utf8(out).expect("quoting keeps UTF-8")
}

/// [`quote`], onto `out`. Printable ASCII without a quote or a backslash (most ids and names)
/// goes in as it is.
fn quote_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if bytes
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut quoted = String::with_capacity(s.len() + 2);
    quoted.push('"');
    for c in s.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => {}
            c if super::is_forbidden(c) => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    out.extend_from_slice(quoted.as_bytes());
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
}
