//! The edge-set text form (`graph.edges`): one edge per line, sorted, as `gazegraph check` and
//! [`EdgeSet`](crate::edges::EdgeSet) read it. The grammar is in [`crate::edges`](mod@crate::edges).

use std::io::{self, Write};

use crate::graph::Graph;

/// Write the graph's edges by canonical name, after a comment that says what the file is.
pub fn write(graph: &Graph, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "# gazegraph edges: `A -- B [relation]`, one per line, sorted; `gazegraph check` reads this file."
    )?;
    write!(out, "{}", graph.edge_set())
}
