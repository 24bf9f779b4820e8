//! The graph: entities as nodes, relations as edges, merged from any number of documents.
//!
//! A [`GraphBuilder`] takes what each document yielded, in any order, and [`GraphBuilder::build`]
//! sorts everything by stable keys (entity ids, relation, then evidence by document and place),
//! so the same documents always give the same petgraph graph and the exporters byte-identical
//! files. Writing files is left to `export`.

use std::collections::BTreeMap;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::edges::{EdgeSet, Key};
use crate::gazetteer::{Date, EntityId, Gazetteer, Kind};
use crate::relations::{Evidence, Found, Relation};

/// A node: one entity named in the documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The entity's id in the gazetteer.
    pub id: String,
    /// Its canonical name.
    pub label: String,
    pub kind: Kind,
    /// How many times it was named.
    pub mentions: u64,
    /// The state it belongs to (itself, for a state), for grouping.
    pub state: Option<StateRef>,
    /// The dates of the documents that name it, sorted, each once (empty when undated).
    pub dates: Vec<Date>,
}

/// A state by gazetteer id and canonical name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StateRef {
    pub id: String,
    pub label: String,
}

/// An edge: one relation between two entities, with every place it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub relation: Relation,
    /// Number of windows (co_occurs) or sentences (spoke_with) that gave the edge.
    pub weight: u64,
    /// Sorted by document, sentence and span.
    pub evidence: Vec<Evidence>,
}

/// The finished graph. Node `i` is the `i`-th entity by id; edges are sorted by their ends'
/// ids and relation; the lower id is always the source.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub graph: UnGraph<Node, Edge>,
}

impl Graph {
    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph.node_indices().map(move |i| (i, &self.graph[i]))
    }

    /// Edges in order, with their two ends.
    pub fn edges(&self) -> impl Iterator<Item = (EdgeIndex, &Node, &Node, &Edge)> {
        self.graph.edge_references().map(move |e| {
            (
                e.id(),
                &self.graph[e.source()],
                &self.graph[e.target()],
                e.weight(),
            )
        })
    }

    /// How many distinct entities node `i` is linked to, by any relation.
    pub fn degree(&self, i: NodeIndex) -> usize {
        let mut seen: Vec<NodeIndex> = self.graph.neighbors(i).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// The same graph without the edges of weight below `min`; nodes and order stay.
    pub fn with_min_weight(&self, min: u64) -> Graph {
        Graph {
            graph: self.graph.filter_map(
                |_, n| Some(n.clone()),
                |_, e| (e.weight >= min).then(|| e.clone()),
            ),
        }
    }

    /// The edges as a sorted set of `(a, b, relation)` by canonical name, for comparing and
    /// asserting; see [`edges`](crate::edges).
    pub fn edge_set(&self) -> EdgeSet {
        EdgeSet::of(self, Key::Name)
    }

    /// The edges as a sorted set keyed by canonical name or by gazetteer id.
    pub fn edge_set_by(&self, key: Key) -> EdgeSet {
        EdgeSet::of(self, key)
    }
}

/// Collects nodes and edges from documents in any order.
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<(String, String, Relation), Vec<Evidence>>,
}

impl GraphBuilder {
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    fn node(&mut self, gaz: &Gazetteer, entity: EntityId) -> &mut Node {
        let e = gaz.entity(entity);
        self.nodes.entry(e.id.clone()).or_insert_with(|| Node {
            id: e.id.clone(),
            label: e.name.clone(),
            kind: e.kind,
            mentions: 0,
            dates: Vec::new(),
            state: gaz.state_of(entity).map(|s| StateRef {
                id: gaz.entity(s).id.clone(),
                label: gaz.entity(s).name.clone(),
            }),
        })
    }

    /// Count one mention of `entity`, in a document of `date`.
    pub fn mention(&mut self, gaz: &Gazetteer, entity: EntityId, date: Option<Date>) {
        let node = self.node(gaz, entity);
        node.mentions += 1;
        if let Some(date) = date
            && let Err(at) = node.dates.binary_search(&date)
        {
            node.dates.insert(at, date);
        }
    }

    /// Add one found edge.
    pub fn edge(&mut self, gaz: &Gazetteer, found: Found) {
        self.node(gaz, found.a);
        self.node(gaz, found.b);
        let (a, b) = (&gaz.entity(found.a).id, &gaz.entity(found.b).id);
        let key = if a <= b {
            (a.clone(), b.clone(), found.relation)
        } else {
            (b.clone(), a.clone(), found.relation)
        };
        self.edges.entry(key).or_default().push(found.evidence);
    }

    /// Sort, merge and build the graph.
    pub fn build(self) -> Graph {
        let mut graph = UnGraph::with_capacity(self.nodes.len(), self.edges.len());
        let mut index = BTreeMap::new();
        for (id, node) in self.nodes {
            index.insert(id, graph.add_node(node));
        }
        for ((a, b, relation), mut evidence) in self.edges {
            evidence.sort();
            // One sentence or window counts once, however many phrases in it said so.
            evidence.dedup_by(|x, y| x.doc == y.doc && x.sentence == y.sentence);
            graph.add_edge(
                index[&a],
                index[&b],
                Edge {
                    relation,
                    weight: evidence.len() as u64,
                    evidence,
                },
            );
        }
        Graph { graph }
    }
}
