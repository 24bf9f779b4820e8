//! SVG picture of the graph: gazegraph's own force-directed layout (no Graphviz needed), or
//! Graphviz's `dot -Tsvg` on the DOT export with `--renderer graphviz`.
//!
//! The built-in layout is Fruchterman–Reingold from fixed starting points, so the same graph
//! always gives the same picture. A pair's relations are drawn as one line each: `co_occurs`
//! dashed grey and faint, `spoke_with` solid red on top; nodes are circles coloured by kind and
//! sized by mentions, with haloed labels and a legend. Every shape has a `<title>` tooltip.
//!
//! A picture of thousands of entities is a blot, and its layout (every pair of nodes, at each
//! step) takes minutes: the built-in picture of a larger graph draws the [`MOST_NODES`] most
//! named entities and the edges between them, and its legend says so. The other formats hold
//! the whole graph. The picture reads the edges in order like the other writers, so a graph
//! whose edges were spilled to disk is never loaded whole for it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::graphml::escape;
use super::style::{dashed, kind_colour, present, relation_colour, thickness};
use super::{Options, Renderer, View};
use crate::error::{Error, Result};
use crate::graph::{Edge, Graph};
use crate::relations::Relation;

/// The stroke pattern of a dashed edge.
const DASH: &str = " stroke-dasharray=\"5 4\"";
const WIDTH: f64 = 1400.0;
const HEIGHT: f64 = 1000.0;
/// Room at the right for labels, at the top for the legend.
const MARGIN: (f64, f64, f64, f64) = (40.0, 200.0, 70.0, 40.0);

/// The most entities the built-in picture draws.
pub const MOST_NODES: usize = 300;

/// The SVG for `graph`.
pub fn render(graph: &dyn View, options: &Options) -> Result<Vec<u8>> {
    match options.renderer {
        Renderer::Builtin => Ok(builtin(graph)
            .map_err(|e| Error::io(Path::new("the graph's edges"), e))?
            .into_bytes()),
        Renderer::Graphviz => graphviz(graph, options),
    }
}

fn graphviz(graph: &dyn View, options: &Options) -> Result<Vec<u8>> {
    let mut dot = Vec::new();
    super::dot::write(graph, options, &mut dot).expect("writing to memory cannot fail");
    let failed = |why: String| {
        Error::usage(format!(
            "--renderer graphviz: {why}; install Graphviz or use --renderer builtin"
        ))
    };
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("could not run `dot`: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped");
    // Write on another thread: `dot` may fill its output pipe before reading all its input.
    let writer = std::thread::spawn(move || stdin.write_all(&dot));
    let out = child
        .wait_with_output()
        .map_err(|e| failed(format!("`dot` failed: {e}")))?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(failed(format!(
            "`dot -Tsvg` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// Positions in the unit square of the nodes with edges, by force-directed layout; `None` for
/// the nodes without, which are drawn in a row of their own rather than pushed to a corner.
fn layout(graph: &Graph) -> Vec<Option<(f64, f64)>> {
    let linked: Vec<usize> = graph
        .graph
        .node_indices()
        .filter(|&i| graph.degree(i) > 0)
        .map(|i| i.index())
        .collect();
    let mut slot = vec![None; graph.graph.node_count()];
    for (k, &i) in linked.iter().enumerate() {
        slot[i] = Some(k);
    }
    let placed = force(graph, &slot, linked.len());
    slot.iter().map(|s| s.map(|k| placed[k])).collect()
}

/// Fruchterman–Reingold on the `n` nodes that have a slot.
fn force(graph: &Graph, slot: &[Option<usize>], n: usize) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    // Fixed pseudo-random starting points (xorshift), the same on every run and machine.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (next(), next())).collect();
    // One spring per pair, stronger for spoke_with and for heavier pairs.
    let mut springs: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for e in graph.graph.edge_indices() {
        let (a, b) = graph.graph.edge_endpoints(e).expect("index from the graph");
        let (Some(a), Some(b)) = (slot[a.index()], slot[b.index()]) else {
            continue;
        };
        let edge = &graph.graph[e];
        let strength = match edge.relation {
            Relation::SpokeWith => 2.0,
            Relation::CoOccurs => 1.0,
            Relation::Holds => 3.0,
        } * (edge.weight as f64).sqrt();
        *springs.entry((a, b)).or_default() += strength;
    }
    let k = (1.0 / n as f64).sqrt();
    let iterations = if n > 1000 { 60 } else { 300 };
    for it in 0..iterations {
        let t = 0.1 * (1.0 - it as f64 / iterations as f64) + 0.002;
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            // Node i's push is summed in a register, in the same order as in place: the same
            // bits, without a store and a load of it for every other node.
            let (head, rest) = disp.split_at_mut(i + 1);
            let (mut own, here) = (head[i], pos[i]);
            for (there, other) in pos[i + 1..].iter().zip(rest) {
                let (dx, dy) = (here.0 - there.0, here.1 - there.1);
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = k * k / d2;
                own.0 += dx * f;
                own.1 += dy * f;
                other.0 -= dx * f;
                other.1 -= dy * f;
            }
            head[i] = own;
        }
        for (&(i, j), &s) in &springs {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = d * s.min(4.0) / k;
            disp[i].0 -= dx * f;
            disp[i].1 -= dy * f;
            disp[j].0 += dx * f;
            disp[j].1 += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&mut disp) {
            // Gravity keeps loose nodes and small components near the middle.
            d.0 -= p.0 * 2.0 * k;
            d.1 -= p.1 * 2.0 * k;
            let len = (d.0 * d.0 + d.1 * d.1).sqrt();
            if len > 0.0 {
                let step = len.min(t);
                p.0 += d.0 / len * step;
                p.1 += d.1 / len * step;
            }
        }
    }
    // Fit into the unit square.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &pos {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y0 = y0.min(p.1);
        y1 = y1.max(p.1);
    }
    let (w, h) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    pos.iter()
        .map(|p| {
            if n == 1 {
                (0.5, 0.5)
            } else {
                ((p.0 - x0) / w, (p.1 - y0) / h)
            }
        })
        .collect()
}

fn builtin(graph: &dyn View) -> std::io::Result<String> {
    let shown = most_named(graph, MOST_NODES)?;
    let whole = (graph.node_count() > MOST_NODES).then(|| (graph.node_count(), graph.edge_count()));
    Ok(picture(&shown, whole))
}

/// The `most` most mentioned entities of `graph` (the first by id among equals), in id order,
/// and the edges between them in order, without their evidence, which the picture does not
/// show: the whole graph when it has no more entities.
fn most_named(graph: &dyn View, most: usize) -> std::io::Result<Graph> {
    let mut chosen: Vec<NodeIndex> = graph.nodes().map(|(i, _)| i).collect();
    if chosen.len() > most {
        chosen.sort_by_key(|&i| (std::cmp::Reverse(graph.node(i).mentions), i));
        chosen.truncate(most);
        chosen.sort();
    }
    let mut kept: Vec<Option<NodeIndex>> = vec![None; graph.node_count()];
    let mut shown = Graph::default();
    for i in chosen {
        kept[i.index()] = Some(shown.graph.add_node(graph.node(i).clone()));
    }
    graph.each_edge(|at| {
        if let (Some(a), Some(b)) = (kept[at.a.index()], kept[at.b.index()]) {
            let edge = Edge {
                relation: at.edge.relation,
                weight: at.edge.weight,
                dates: at.edge.dates.clone(),
                evidence: Vec::new(),
            };
            shown.graph.add_edge(a, b, edge);
        }
        Ok(())
    })?;
    Ok(shown)
}

/// The picture of `graph`, which is the most named part of a graph of `whole` (nodes, edges)
/// when that is given.
fn picture(graph: &Graph, whole: Option<(usize, usize)>) -> String {
    let unit = layout(graph);
    let (left, right, top, mut bottom) = MARGIN;
    // Nodes without edges go in rows along the bottom, left to right, spaced by label length.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = f64::MAX;
    for (i, n) in graph.nodes() {
        if unit[i.index()].is_some() {
            continue;
        }
        let room = 40.0 + 7.0 * n.label.chars().count() as f64;
        if used + room > WIDTH - left {
            rows.push(Vec::new());
            used = 0.0;
        }
        rows.last_mut().expect("pushed above").push(i.index());
        used += room;
    }
    bottom += 40.0 * rows.len() as f64;
    let mut at: Vec<(f64, f64)> = unit
        .iter()
        .map(|p| {
            p.map_or((0.0, 0.0), |(x, y)| {
                (
                    left + x * (WIDTH - left - right),
                    top + y * (HEIGHT - top - bottom),
                )
            })
        })
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let y = HEIGHT - 40.0 * (rows.len() - r) as f64 + 10.0;
        let mut x = left;
        for &i in row {
            at[i] = (x, y);
            x += 40.0
                + 7.0
                    * graph.graph[petgraph::graph::NodeIndex::new(i)]
                        .label
                        .chars()
                        .count() as f64;
        }
    }
    let mut s = String::new();
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += &format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    );
    s += &match whole {
        None => format!(
            "<title>gazegraph: {} nodes, {} edges</title>\n",
            graph.graph.node_count(),
            graph.graph.edge_count()
        ),
        Some((nodes, edges)) => format!(
            "<title>gazegraph: {nodes} nodes, {edges} edges; the {} most named shown, with {} edges</title>\n",
            graph.graph.node_count(),
            graph.graph.edge_count()
        ),
    };
    s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    s += &legend(graph, whole);
    // co_occurs first, spoke_with on top.
    for relation in Relation::ALL {
        s += &format!("<g class=\"{}\">\n", relation.as_str());
        for edge in graph.graph.edge_references() {
            let e = edge.weight();
            if e.relation != relation {
                continue;
            }
            let (ia, ib) = (edge.source().index(), edge.target().index());
            let (a, b) = (&graph.graph[edge.source()], &graph.graph[edge.target()]);
            let (style, opacity) = if dashed(relation) {
                (DASH, 0.35)
            } else {
                ("", 0.9)
            };
            s += &format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-opacity=\"{opacity}\" stroke-width=\"{:.2}\"{style}><title>{} -- {}: {} ({})</title></line>\n",
                at[ia].0,
                at[ia].1,
                at[ib].0,
                at[ib].1,
                relation_colour(relation).hex(),
                thickness(e.weight)
                    * if relation == Relation::SpokeWith {
                        1.6
                    } else {
                        1.0
                    },
                escape(&a.label),
                escape(&b.label),
                relation.as_str(),
                e.weight
            );
        }
        s += "</g>\n";
    }
    s += "<g class=\"nodes\">\n";
    for (i, n) in graph.nodes() {
        let (x, y) = at[i.index()];
        let r = (5.0 + 1.5 * (n.mentions as f64).sqrt()).min(20.0);
        s += &format!(
            "<g class=\"{}\"><title>{} ({}, {} mentions)</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{}\" stroke=\"#555555\" stroke-width=\"0.8\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text></g>\n",
            n.kind.as_str(),
            escape(&n.label),
            n.kind.as_str(),
            n.mentions,
            kind_colour(n.kind).hex(),
            x + r + 3.0,
            y + 4.0,
            escape(&n.label)
        );
    }
    s += "</g>\n</svg>\n";
    s
}

fn legend(graph: &Graph, whole: Option<(usize, usize)>) -> String {
    let mut s = String::from("<g class=\"legend\" font-size=\"13\">\n");
    let mut x = 20.0;
    let (kinds, relations) = present(graph);
    for kind in kinds {
        s += &format!(
            "<circle cx=\"{:.1}\" cy=\"25\" r=\"7\" fill=\"{}\" stroke=\"#555555\" stroke-width=\"0.8\"/><text x=\"{:.1}\" y=\"30\">{}</text>\n",
            x + 7.0,
            kind_colour(kind).hex(),
            x + 19.0,
            kind.as_str()
        );
        x += 90.0;
    }
    for relation in relations {
        let dash = if dashed(relation) { DASH } else { "" };
        s += &format!(
            "<line x1=\"{x:.1}\" y1=\"25\" x2=\"{:.1}\" y2=\"25\" stroke=\"{}\" stroke-width=\"2.5\"{dash}/><text x=\"{:.1}\" y=\"30\">{}</text>\n",
            x + 30.0,
            relation_colour(relation).hex(),
            x + 38.0,
            relation.as_str()
        );
        x += 140.0;
    }
    if graph.graph.node_count() == 0 {
        s += &format!("<text x=\"{x:.1}\" y=\"30\">no entities found</text>\n");
    }
    if let Some((nodes, _)) = whole {
        s += &format!(
            "<text x=\"20\" y=\"52\">the {} most named of {nodes} entities</text>\n",
            graph.graph.node_count(),
        );
    }
    s += "</g>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Node;

    /// `n` people in a chain, person `i` named `i + 1` times.
    fn chain(n: usize) -> Graph {
        let mut graph = Graph::default();
        let nodes: Vec<_> = (0..n)
            .map(|i| {
                let mut node = Node::person(&format!("{i:03}"));
                node.mentions = i as u64 + 1;
                graph.graph.add_node(node)
            })
            .collect();
        for pair in nodes.windows(2) {
            let edge = Edge {
                relation: Relation::CoOccurs,
                weight: 1,
                dates: Vec::new(),
                evidence: Vec::new(),
            };
            graph.graph.add_edge(pair[0], pair[1], edge);
        }
        graph
    }

    #[test]
    fn a_large_graph_is_drawn_by_its_most_named_entities() {
        // (people, drawn, note in the legend)
        let table = [
            (MOST_NODES, MOST_NODES, None),
            (
                MOST_NODES + 20,
                MOST_NODES,
                Some(format!(
                    "the {MOST_NODES} most named of {} entities",
                    MOST_NODES + 20
                )),
            ),
        ];
        for (people, drawn, note) in table {
            let svg = builtin(&chain(people)).unwrap();
            assert_eq!(svg.matches("<g class=\"person\"><title>").count(), drawn);
            // The chain's edges between the people drawn, and the legend's line.
            assert_eq!(svg.matches("<line x1=").count(), drawn - 1 + 1, "{people}");
            // The least named of those drawn is there; the one named once less is not.
            let least = people - drawn;
            assert!(svg.contains(&format!(">P{least:03}</text>")), "{people}");
            if let Some(dropped) = least.checked_sub(1) {
                assert!(!svg.contains(&format!(">P{dropped:03}</text>")), "{people}");
            }
            match &note {
                Some(note) => assert!(svg.contains(note.as_str()), "{people}"),
                None => assert!(!svg.contains("most named"), "{people}"),
            }
        }
    }
}
