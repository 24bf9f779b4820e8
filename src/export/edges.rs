//! The edge-set text form (`graph.edges`): one edge per line, sorted, as `gazegraph check` and
//! [`EdgeSet`](crate::edges::EdgeSet) read it. The grammar is in [`crate::edges`](mod@crate::edges).

use std::io::{self, Write};

use petgraph::graph::NodeIndex;

use super::View;
use crate::edges::write_edge;
use crate::relations::Relation;

/// Write the graph's edges by canonical name, after a comment that says what the file is: the
/// lines of [`EdgeSet`](crate::edges::EdgeSet)'s text form, from a list of the edges by the rank
/// of their ends' names rather than a set of strings, so that a graph too large for memory is
/// written from twelve bytes an edge.
pub fn write(graph: &dyn View, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "# gazegraph edges: `A -- B [relation]`, one per line, sorted; `gazegraph check` reads this file."
    )?;
    // Nodes by name; nodes of the same name share a rank, as they share a line.
    let mut by_name: Vec<NodeIndex> = graph.nodes().map(|(i, _)| i).collect();
    by_name.sort_by(|&x, &y| graph.node(x).label.cmp(&graph.node(y).label));
    let mut rank = vec![0u32; by_name.len()];
    let mut named = Vec::new();
    for (k, &i) in by_name.iter().enumerate() {
        if k == 0 || graph.node(by_name[k - 1]).label != graph.node(i).label {
            named.push(i);
        }
        rank[i.index()] = (named.len() - 1) as u32;
    }
    let mut edges: Vec<(u32, u32, Relation)> = Vec::with_capacity(graph.edge_count());
    graph.each_edge(|at| {
        let (x, y) = (rank[at.a.index()], rank[at.b.index()]);
        edges.push((x.min(y), x.max(y), at.edge.relation));
        Ok(())
    })?;
    edges.sort_unstable();
    edges.dedup();
    // Lines gathered in a buffer, each as `EdgeKey` displays it (ranks follow names, so the
    // lower rank's name comes first), without an `EdgeKey` of two strings per edge.
    let label = |r: u32| graph.node(named[r as usize]).label.as_str();
    let mut buf = String::with_capacity(1 << 16);
    for (a, b, relation) in edges {
        write_edge(&mut buf, label(a), label(b), relation).expect("writing to a String");
        buf.push('\n');
        if buf.len() >= 1 << 16 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())
}
