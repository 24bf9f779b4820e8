//! Explain: every sentence and rule behind the edges between two entities, so a user can audit
//! a surprising edge (`gazegraph explain A B INPUT...`).

use std::fmt;

use crate::graph::{Edge, Graph, Node};

/// The edges between two entities of a graph, and how often each was named.
#[derive(Debug)]
pub struct Explanation<'g> {
    pub a: &'g str,
    pub b: &'g str,
    /// Mentions of each; 0 when the input never names it.
    pub mentions: (u64, u64),
    /// Every edge between the two, in relation order.
    pub edges: Vec<&'g Edge>,
}

impl Explanation<'_> {
    /// Whether any edge links the two.
    pub fn linked(&self) -> bool {
        !self.edges.is_empty()
    }
}

/// Explain the edges between the entities with ids `a` and `b`, whose names are `names`.
pub fn explain<'g>(
    graph: &'g Graph,
    a: (&'g str, &'g str),
    b: (&'g str, &'g str),
) -> Explanation<'g> {
    let find = |id: &str| graph.nodes().find(|(_, n)| n.id == id);
    let (na, nb) = (find(a.0), find(b.0));
    let count = |n: Option<(_, &Node)>| n.map_or(0, |(_, n)| n.mentions);
    let mut edges: Vec<&Edge> = match (na, nb) {
        (Some((ia, _)), Some((ib, _))) => graph
            .graph
            .edges_connecting(ia, ib)
            .map(|e| e.weight())
            .collect(),
        _ => Vec::new(),
    };
    edges.sort_by_key(|e| e.relation);
    Explanation {
        a: a.1,
        b: b.1,
        mentions: (count(na), count(nb)),
        edges,
    }
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.linked() {
            write!(f, "no edge between {} and {}: ", self.a, self.b)?;
            return match self.mentions {
                (0, 0) => writeln!(f, "the input names neither"),
                (0, _) => writeln!(f, "the input never names {}", self.a),
                (_, 0) => writeln!(f, "the input never names {}", self.b),
                (x, y) => writeln!(
                    f,
                    "named {x} and {y} times, never together in a window or a reported conversation"
                ),
            };
        }
        writeln!(f, "{} -- {}", self.a, self.b)?;
        for e in &self.edges {
            let places = if e.weight == 1 { "place" } else { "places" };
            writeln!(f, "{} ({} {places})", e.relation.as_str(), e.weight)?;
            for ev in &e.evidence {
                let date = ev.date.map(|d| format!(" {d}")).unwrap_or_default();
                writeln!(
                    f,
                    "  {} sentence {}{date} ({}): {}",
                    ev.doc,
                    ev.sentence + 1,
                    ev.rule,
                    ev.text.split_whitespace().collect::<Vec<_>>().join(" ")
                )?;
            }
        }
        Ok(())
    }
}
