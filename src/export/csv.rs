//! Gephi spreadsheet import: `nodes.csv` (Id, Label, Kind, State, Mentions) and `edges.csv`
//! (Source, Target, Type, Kind, Id, Label, Weight).
//!
//! `Type` is `Undirected`; `Kind` is the relation, which keeps a pair's relations apart in Gephi
//! as GEXF's edge kind does. Ids are entity ids. Fields are quoted as RFC 4180 asks: when they
//! hold a comma, a quote or a line break, with quotes doubled. Lines end in CRLF.

use std::io::{self, Write};

use super::View;

/// Write the node table.
pub fn write_nodes(graph: &dyn View, w: &mut impl Write) -> io::Result<()> {
    write!(w, "Id,Label,Kind,State,Mentions\r\n")?;
    for (_, n) in graph.nodes() {
        let state = n.state.as_ref().map_or("", |s| s.label.as_str());
        write!(
            w,
            "{},{},{},{},{}\r\n",
            field(&n.id),
            field(&n.label),
            n.kind.as_str(),
            field(state),
            n.mentions
        )?;
    }
    Ok(())
}

/// Write the edge table.
pub fn write_edges(graph: &dyn View, w: &mut impl Write) -> io::Result<()> {
    write!(w, "Source,Target,Type,Kind,Id,Label,Weight\r\n")?;
    graph.each_edge(|at| {
        let (a, b, e) = (graph.node(at.a), graph.node(at.b), at.edge);
        let rel = e.relation.as_str();
        write!(
            w,
            "{},{},Undirected,{rel},e{},{rel},{}\r\n",
            field(&a.id),
            field(&b.id),
            at.index,
            super::float(e.weight)
        )
    })
}

/// One CSV field.
fn field(s: &str) -> String {
    let clean: String = s.chars().filter(|&c| !super::is_forbidden(c)).collect();
    if clean.contains([',', '"', '\n', '\r']) || clean.trim() != clean {
        format!("\"{}\"", clean.replace('"', "\"\""))
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_table() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (" pad", "\" pad\""),
            ("bell\u{7}", "bell"),
        ];
        for (input, want) in cases {
            assert_eq!(super::field(input), want, "{input:?}");
        }
    }
}
