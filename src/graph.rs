//! The graph: entities as nodes, relations as edges, merged from any number of documents.
//!
//! A [`GraphBuilder`] takes what each document yielded, in any order and on any thread, and
//! turns it into a [`Tally`]: counts and evidence keyed by stable entity ids. Tallies of
//! different document sets merge ([`Tally::merge`]) into the tally of all of them, whatever the
//! order or grouping, and [`Tally::graph`] sorts everything by those keys (entity ids, relation,
//! then evidence by document and place), so the same documents always give the same petgraph
//! graph and the exporters byte-identical files.
//!
//! Memory grows with the graph, not with the corpus: an edge keeps its weight, the dates it was
//! seen on and at most `max_evidence` places, the earliest by document id and position. A
//! builder given a [`Spill`] writes its edges to disk in sorted runs and is finished with
//! [`GraphBuilder::stream`]. Writing files is left to `export`, shards to `partial`.

use std::collections::BTreeMap;
use std::sync::Arc;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::Extraction;
use crate::edges::{EdgeSet, Key};
use crate::error::Result;
use crate::export::View;
use crate::gazetteer::{Date, EntityId, FoldMap, Gazetteer, Kind};
use crate::relations::{Evidence, Found, Relation};
use crate::spill::{self, Run, Spill, Streamed};

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

#[cfg(test)]
impl Node {
    /// For tests: person `n`, `person:p{n}` labelled `P{n}` (`n` as given, zero-padded or not),
    /// named once, stateless and undated.
    pub(crate) fn person(n: &str) -> Node {
        Node {
            id: format!("person:p{n}"),
            label: format!("P{n}"),
            kind: Kind::Person,
            mentions: 1,
            state: None,
            dates: Vec::new(),
        }
    }
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
    /// The dates of the documents that gave it, sorted, each once (empty when undated).
    pub dates: Vec<Date>,
    /// Sorted by document, sentence and span; one per sentence or window, the earliest
    /// `max_evidence` when capped.
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

    /// This graph without the edges of weight below `min`, without copying what stays; nodes
    /// and order stay.
    pub fn into_min_weight(self, min: u64) -> Graph {
        let (nodes, edges) = self.graph.into_nodes_edges();
        let mut graph = UnGraph::with_capacity(nodes.len(), edges.len());
        for node in nodes {
            graph.add_node(node.weight);
        }
        for edge in edges.into_iter().filter(|e| e.weight.weight >= min) {
            graph.add_edge(edge.source(), edge.target(), edge.weight);
        }
        Graph { graph }
    }

    /// The edges as a sorted set of `(a, b, relation)` by canonical name, for comparing and
    /// asserting; see [`edges`](mod@crate::edges).
    pub fn edge_set(&self) -> EdgeSet {
        EdgeSet::of(self, Key::Name)
    }

    /// The edges as a sorted set keyed by canonical name or by gazetteer id.
    pub fn edge_set_by(&self, key: Key) -> EdgeSet {
        EdgeSet::of(self, key)
    }
}

/// How many dates of named entities a builder holds back before it puts them in their nodes.
const NODE_DATES_BATCH: usize = 1 << 16;

/// No cap on evidence.
pub const ALL_EVIDENCE: usize = usize::MAX;

/// Collects nodes and edges from documents in any order.
///
/// With a [`Spill`], a builder that holds more edges than the spill allows writes them to disk
/// when asked ([`GraphBuilder::spill_if_full`]); [`GraphBuilder::stream`] then merges them into
/// a graph whose edges stay on disk.
#[derive(Clone, Debug)]
pub struct GraphBuilder {
    max_evidence: usize,
    /// Whether places are kept at all (see [`GraphBuilder::without_evidence`]).
    evidence: bool,
    nodes: FoldMap<EntityId, Seen>,
    /// Dates of named entities not yet in their nodes' lists: added in batches, entity by
    /// entity, a node's list is visited once per batch rather than once per document.
    node_dates: Vec<(EntityId, Date)>,
    edges: EdgeTable,
    /// Edges of builders merged in, combined with these only when the graph is built: the
    /// merge of the threads' builders at the end of a run is then a sort on all threads, not
    /// a rehash of every edge on one.
    merged: Vec<EdgeTable>,
    spill: Option<Arc<Spill>>,
    /// Edges written to disk, each run sorted.
    runs: Vec<Run>,
}

type EdgeKey = (EntityId, EntityId, Relation);

/// A builder's edges: the tallies in the order they were first seen, and an index from key to
/// place. The index's entries are small, so finding one edge among a million touches less
/// memory than a map that holds the tallies, and growing the index moves no tallies.
#[derive(Clone, Debug, Default)]
struct EdgeTable {
    index: FoldMap<EdgeKey, u32>,
    tallies: Vec<(EdgeKey, Tallying)>,
}

/// A [`Tallied`] while documents are added, with its first dates in place: most edges are read
/// on one or two dates, and a list of their own would be one more place in memory to visit
/// for each document.
#[derive(Clone, Debug, Default)]
struct Tallying {
    weight: u64,
    dates: Dates,
    evidence: Vec<Evidence>,
}

/// Sorted distinct dates: up to three in place, more in a list.
#[derive(Clone, Debug)]
enum Dates {
    Few(u8, [Date; 3]),
    Many(Vec<Date>),
}

impl Default for Dates {
    fn default() -> Dates {
        let none = Date {
            year: 0,
            month: 0,
            day: 0,
        };
        Dates::Few(0, [none; 3])
    }
}

impl Dates {
    fn insert(&mut self, date: Option<Date>) {
        let Some(date) = date else {
            return;
        };
        match self {
            Dates::Few(n, few) => {
                let len = usize::from(*n);
                let Err(at) = few[..len].binary_search(&date) else {
                    return;
                };
                if len < few.len() {
                    few.copy_within(at..len, at + 1);
                    few[at] = date;
                    *n += 1;
                } else {
                    let mut many = few.to_vec();
                    many.insert(at, date);
                    *self = Dates::Many(many);
                }
            }
            Dates::Many(many) => insert_date(many, Some(date)),
        }
    }

    fn into_vec(self) -> Vec<Date> {
        match self {
            Dates::Few(n, few) => few[..usize::from(n)].to_vec(),
            Dates::Many(many) => many,
        }
    }
}

impl EdgeTable {
    /// The place of edge `key` among the tallies; a new edge gets an empty tally.
    fn place(&mut self, key: EdgeKey) -> u32 {
        let next = u32::try_from(self.tallies.len()).expect("fewer than 2^32 edges in memory");
        let at = *self.index.entry(key).or_insert(next);
        if at == next {
            self.tallies.push((key, Tallying::default()));
        }
        at
    }

    fn len(&self) -> usize {
        self.tallies.len()
    }

    fn is_empty(&self) -> bool {
        self.tallies.is_empty()
    }

    fn into_tallies(self) -> impl Iterator<Item = (EdgeKey, Tallied)> {
        self.tallies.into_iter().map(|(key, t)| {
            let tallied = Tallied {
                weight: t.weight,
                dates: t.dates.into_vec(),
                evidence: t.evidence,
            };
            (key, tallied)
        })
    }
}

/// How often, and on which dates, an entity was named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Seen {
    mentions: u64,
    dates: Vec<Date>,
}

/// One edge so far: weight, dates and the earliest evidence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallied {
    pub weight: u64,
    pub dates: Vec<Date>,
    pub evidence: Vec<Evidence>,
}

impl Default for GraphBuilder {
    fn default() -> GraphBuilder {
        GraphBuilder::new(ALL_EVIDENCE)
    }
}

impl GraphBuilder {
    /// A builder that keeps at most `max_evidence` places per edge ([`ALL_EVIDENCE`] for all).
    pub fn new(max_evidence: usize) -> GraphBuilder {
        GraphBuilder {
            max_evidence: max_evidence.max(1),
            evidence: true,
            nodes: FoldMap::default(),
            node_dates: Vec::new(),
            edges: EdgeTable::default(),
            merged: Vec::new(),
            spill: None,
            runs: Vec::new(),
        }
    }

    /// This builder, keeping no places: for a run none of whose outputs write evidence. Weights
    /// and dates count every place as before; edges hold less than half the memory.
    pub fn without_evidence(mut self) -> GraphBuilder {
        self.evidence = false;
        self
    }

    /// This builder, spilling its edges as `spill` says.
    pub fn with_spill(mut self, spill: Arc<Spill>) -> GraphBuilder {
        self.spill = Some(spill);
        self
    }

    /// Whether some edges were written to disk.
    pub fn spilled(&self) -> bool {
        !self.runs.is_empty()
    }

    /// Edges held in memory.
    fn held(&self) -> usize {
        self.edges.len() + self.merged.iter().map(EdgeTable::len).sum::<usize>()
    }

    /// Write the edges held in memory to disk if they are more than the spill allows.
    /// `gaz` is the gazetteer of the documents added.
    pub fn spill_if_full(&mut self, gaz: &Gazetteer) -> Result<()> {
        match &self.spill {
            Some(spill) if self.held() >= spill.max_edges => self.spill_now(gaz),
            _ => Ok(()),
        }
    }

    /// Write the edges held in memory to disk as one run.
    fn spill_now(&mut self, gaz: &Gazetteer) -> Result<()> {
        let Some(spill) = self.spill.clone() else {
            return Ok(());
        };
        if self.held() == 0 {
            return Ok(());
        }
        let maps = std::iter::once(std::mem::take(&mut self.edges))
            .chain(std::mem::take(&mut self.merged));
        let edges = gather(maps, spill.keys(gaz), self.max_evidence);
        self.runs.push(spill.write(edges.iter())?);
        spill.compact(&mut self.runs, self.max_evidence)
    }

    /// Add what one document yielded.
    pub fn add(&mut self, extraction: Extraction) {
        // Each entity once per document: how often it was named, and the document's date.
        let mut mentions = extraction.mentions;
        mentions.sort_unstable();
        for same in mentions.chunk_by(|a, b| a == b) {
            let seen = self.nodes.entry(same[0]).or_default();
            seen.mentions += same.len() as u64;
            if let Some(date) = extraction.date {
                self.node_dates.push((same[0], date));
            }
        }
        let mut distinct = mentions;
        distinct.dedup();
        if self.node_dates.len() >= NODE_DATES_BATCH {
            self.settle_dates();
        }
        let mut found = extraction.edges;
        for f in &mut found {
            if f.b < f.a {
                std::mem::swap(&mut f.a, &mut f.b);
            }
        }
        // Grouped by edge and sentence, one number to compare (no document has 2^56 sentences):
        // which of a sentence's places is kept does not depend on their order (`keep` takes the
        // least).
        found.sort_unstable_by_key(|f| {
            let sentence = f.evidence.sentence.min((1 << 56) - 1) as u128;
            (f.a as u128) << 96 | (f.b as u128) << 64 | (f.relation as u128) << 56 | sentence
        });
        // Each edge once per document, with its places. The places of all the document's edges
        // are looked up first, in a loop of lookups alone: independent of each other, their
        // waits on memory (the index and tallies of a large graph are far from the core)
        // overlap, where one lookup at a time between tallies would wait for each in turn.
        let mut runs: Vec<(usize, u32)> = Vec::new(); // (end of the edge's run, its place)
        let edge_of = |f: &Found| (f.a, f.b, f.relation);
        for (k, f) in found.iter().enumerate() {
            if found
                .get(k + 1)
                .is_none_or(|next| edge_of(next) != edge_of(f))
            {
                runs.push((k + 1, self.edges.place(edge_of(f))));
            }
        }
        let touched = runs.iter().fold(0, |sum, &(_, at)| {
            sum ^ self.edges.tallies[at as usize].1.weight
        });
        std::hint::black_box(touched);
        let mut found = found.into_iter();
        let mut from = 0;
        for (to, at) in runs {
            let (key, tallied) = &mut self.edges.tallies[at as usize];
            for end in [key.0, key.1] {
                // Almost always among the document's mentions, whose nodes exist.
                if distinct.binary_search(&end).is_err() {
                    self.nodes.entry(end).or_default();
                }
            }
            let mut sentence = None;
            for f in found.by_ref().take(to - from) {
                // One sentence or window counts once, however many phrases in it said so.
                if sentence != Some(f.evidence.sentence) {
                    tallied.weight += 1;
                    tallied.dates.insert(f.evidence.date);
                }
                sentence = Some(f.evidence.sentence);
                if self.evidence {
                    keep(&mut tallied.evidence, f.evidence, self.max_evidence);
                }
            }
            from = to;
        }
    }

    /// Put the dates of named entities held back into their nodes' lists.
    fn settle_dates(&mut self) {
        let mut batch = std::mem::take(&mut self.node_dates);
        batch.sort_unstable();
        batch.dedup();
        let mut dates = Vec::new();
        for same in batch.chunk_by(|a, b| a.0 == b.0) {
            let seen = self.nodes.entry(same[0].0).or_default();
            dates.clear();
            dates.extend(same.iter().map(|&(_, date)| date));
            union_dates(&mut seen.dates, &dates);
        }
        batch.clear();
        self.node_dates = batch;
    }

    /// Add what another builder collected (from other documents).
    pub fn merge(&mut self, mut other: GraphBuilder) {
        self.settle_dates();
        other.settle_dates();
        // The smaller into the larger: the result is the same either way.
        if other.nodes.len() > self.nodes.len() {
            std::mem::swap(&mut self.nodes, &mut other.nodes);
        }
        for (entity, seen) in other.nodes {
            let mine = self.nodes.entry(entity).or_default();
            mine.mentions += seen.mentions;
            union_dates(&mut mine.dates, &seen.dates);
        }
        self.merged.push(other.edges);
        self.merged.append(&mut other.merged);
        self.merged.retain(|edges| !edges.is_empty());
        self.runs.append(&mut other.runs);
        if self.spill.is_none() {
            self.spill = other.spill;
        }
    }

    /// Every edge of this builder and of the builders merged into it, each once, keyed by
    /// `key` and sorted by it (edges in memory only).
    fn edges_by<K: Ord + Copy + Send + Sync>(
        self,
        key: impl Fn(EdgeKey) -> K + Sync,
    ) -> Gathered<K> {
        let maps = std::iter::once(self.edges).chain(self.merged);
        gather(maps, key, self.max_evidence)
    }

    /// Everything collected, keyed by gazetteer ids, to merge with other tallies.
    ///
    /// A builder that spilled reads its runs back into memory; reading them is what can fail.
    pub fn tally(mut self, gaz: &Gazetteer) -> Result<Tally> {
        let mut tally = Tally::new(self.max_evidence);
        self.settle_dates();
        for (entity, seen) in std::mem::take(&mut self.nodes) {
            let node = node(gaz, entity, seen);
            tally.nodes.insert(node.id.clone(), node);
        }
        let mut insert = |(a, b, relation): EdgeKey, tallied| {
            let (a, b) = (&gaz.entity(a).id, &gaz.entity(b).id);
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            tally
                .edges
                .insert((a.clone(), b.clone(), relation), tallied);
        };
        match self.spill.clone() {
            Some(spill) if self.spilled() => {
                self.spill_now(gaz)?;
                for edge in spill::merge(&self.runs, self.max_evidence)? {
                    let ((a, b, relation), tallied) = edge?;
                    let (a, b) = (spill.entity(gaz, a), spill.entity(gaz, b));
                    insert((a, b, relation), tallied);
                }
            }
            _ => {
                for (key, tallied) in self.edges_by(|k| k) {
                    insert(key, tallied);
                }
            }
        }
        Ok(tally)
    }

    /// The nodes named, in id order, taken from the builder.
    fn take_nodes(&mut self, gaz: &Gazetteer) -> (Vec<EntityId>, Vec<Node>) {
        self.settle_dates();
        let mut nodes = std::mem::take(&mut self.nodes);
        let mut order: Vec<EntityId> = nodes.keys().copied().collect();
        order.sort_unstable_by(|&a, &b| gaz.entity(a).id.cmp(&gaz.entity(b).id));
        let list = order
            .iter()
            .map(|&entity| node(gaz, entity, nodes.remove(&entity).unwrap_or_default()))
            .collect();
        (order, list)
    }

    /// The graph, straight from what was collected: the same graph as `self.tally(gaz).graph()`
    /// without the copy of every edge under string keys in between.
    ///
    /// # Panics
    ///
    /// If the builder spilled and its runs cannot be read back: finish such a builder with
    /// [`GraphBuilder::stream`], which reports the error.
    pub fn build(mut self, gaz: &Gazetteer) -> Graph {
        if self.spilled() {
            let streamed = self.stream(gaz, 0).expect("reading back the spilled edges");
            return streamed
                .whole()
                .expect("reading back the merged edges")
                .into_owned();
        }
        let (order, nodes) = self.take_nodes(gaz);
        // Node `i` is the `i`-th entity by id, so sorting edges by node index sorts them by id.
        let mut index: Vec<NodeIndex> = vec![NodeIndex::end(); gaz.entities().len()];
        for (i, &entity) in order.iter().enumerate() {
            index[entity as usize] = NodeIndex::new(i);
        }
        let edges = self.edges_by(|(a, b, relation)| {
            let (a, b) = (index[a as usize], index[b as usize]);
            (a.min(b), a.max(b), relation)
        });
        let mut graph = UnGraph::with_capacity(order.len(), edges.len());
        for node in nodes {
            graph.add_node(node);
        }
        for ((a, b, relation), tallied) in edges {
            graph.add_edge(a, b, Edge::of(relation, tallied));
        }
        Graph { graph }
    }

    /// The graph with its edges on disk, leaving out edges of weight below `min_weight`: what a
    /// builder that spilled is finished with. The edges still in memory are spilled too, all
    /// runs are merged into one file in the graph's order, and the exporters read that file.
    pub fn stream(mut self, gaz: &Gazetteer, min_weight: u64) -> Result<Streamed> {
        let spill = match &self.spill {
            Some(spill) => Arc::clone(spill),
            None => Arc::new(Spill::new(
                &std::env::temp_dir(),
                0,
                1,
                spill::BYTES_PER_EDGE,
            )),
        };
        self.spill = Some(Arc::clone(&spill));
        self.spill_now(gaz)?;
        let (order, nodes) = self.take_nodes(gaz);
        let ranks: Vec<u32> = order.iter().map(|&e| spill.rank(gaz, e)).collect();
        let merged = spill::merge(&self.runs, self.max_evidence)?;
        Streamed::new(&spill, nodes, &ranks, merged, min_weight)
    }
}

/// The edges of `maps`, each once, keyed by `key` and sorted by it, in consecutive parts.
///
/// Each map's edges are keyed and sorted on a thread of their own. One map is then the answer;
/// several are cut at the same keys into as many parts as the pool can work on, and each part's
/// pieces are merged on a thread of their own, the tallies of one edge combined: the last
/// builder of a run on many threads merges in a fraction of the time.
fn gather<K: Ord + Copy + Send + Sync>(
    maps: impl Iterator<Item = EdgeTable>,
    key: impl Fn(EdgeKey) -> K + Sync,
    max_evidence: usize,
) -> Gathered<K> {
    use rayon::prelude::*;
    let maps: Vec<EdgeTable> = maps.filter(|m| !m.is_empty()).collect();
    let mut runs: Vec<Vec<(K, Tallied)>> = maps
        .into_par_iter()
        .map(|map| {
            let mut run: Vec<(K, Tallied)> = map
                .into_tallies()
                .map(|(k, tallied)| (key(k), tallied))
                .collect();
            // A map holds each edge once.
            run.par_sort_unstable_by_key(|e| e.0);
            run
        })
        .collect();
    if runs.len() <= 1 {
        return Gathered { parts: runs };
    }
    // Cut every run before the same keys, taken at even steps through the longest run.
    let pieces = rayon::current_num_threads() * 4;
    let longest = runs.iter().max_by_key(|r| r.len()).expect("two runs");
    let mut cuts: Vec<K> = (1..pieces)
        .map(|i| longest[i * longest.len() / pieces].0)
        .collect();
    cuts.dedup();
    let mut parts: Vec<Vec<&mut [(K, Tallied)]>> = (0..=cuts.len()).map(|_| Vec::new()).collect();
    for run in &mut runs {
        let mut rest: &mut [(K, Tallied)] = run;
        for (part, cut) in parts.iter_mut().zip(&cuts) {
            let (before, after) = rest.split_at_mut(rest.partition_point(|e| e.0 < *cut));
            part.push(before);
            rest = after;
        }
        parts.last_mut().expect("a part after the cuts").push(rest);
    }
    let parts = parts
        .into_par_iter()
        .map(|mut pieces| {
            let mut part: Vec<(K, Tallied)> =
                Vec::with_capacity(pieces.iter().map(|p| p.len()).sum());
            // The pieces are sorted and few (one a table): take the least head each time, the
            // first piece's on a tie, and fold an edge met again into the one taken before.
            let mut heads = vec![0; pieces.len()];
            loop {
                let mut least: Option<(K, usize)> = None;
                for (j, piece) in pieces.iter().enumerate() {
                    if let Some(e) = piece.get(heads[j])
                        && least.is_none_or(|(k, _)| e.0 < k)
                    {
                        least = Some((e.0, j));
                    }
                }
                let Some((k, j)) = least else {
                    break;
                };
                let tallied = std::mem::take(&mut pieces[j][heads[j]].1);
                heads[j] += 1;
                match part.last_mut() {
                    Some(last) if last.0 == k => last.1.merge(tallied, max_evidence),
                    _ => part.push((k, tallied)),
                }
            }
            part
        })
        .collect();
    Gathered { parts }
}

/// Edges sorted by key, each once, in consecutive parts.
struct Gathered<K> {
    parts: Vec<Vec<(K, Tallied)>>,
}

impl<K> Gathered<K> {
    fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    fn iter(&self) -> impl Iterator<Item = &(K, Tallied)> {
        self.parts.iter().flatten()
    }
}

impl<K> IntoIterator for Gathered<K> {
    type Item = (K, Tallied);
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<(K, Tallied)>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.parts.into_iter().flatten()
    }
}

/// The node of `entity`, seen as `seen`.
fn node(gaz: &Gazetteer, entity: EntityId, seen: Seen) -> Node {
    let e = gaz.entity(entity);
    Node {
        id: e.id.clone(),
        label: e.name.clone(),
        kind: e.kind,
        mentions: seen.mentions,
        dates: seen.dates,
        state: gaz.state_of(entity).map(|s| StateRef {
            id: gaz.entity(s).id.clone(),
            label: gaz.entity(s).name.clone(),
        }),
    }
}

impl Edge {
    pub(crate) fn of(relation: Relation, tallied: Tallied) -> Edge {
        Edge {
            relation,
            weight: tallied.weight,
            dates: tallied.dates,
            evidence: tallied.evidence,
        }
    }
}

impl Tallied {
    /// A tally of `weight` sightings on `dates`, keeping the earliest `max_evidence` of
    /// `evidence`.
    pub fn of(
        weight: u64,
        dates: Vec<Date>,
        evidence: Vec<Evidence>,
        max_evidence: usize,
    ) -> Tallied {
        let mut t = Tallied {
            weight,
            dates,
            evidence: Vec::with_capacity(evidence.len().min(max_evidence)),
        };
        for e in evidence {
            keep(&mut t.evidence, e, max_evidence);
        }
        t
    }

    /// Add the tally of the same edge in other documents.
    pub fn merge(&mut self, other: Tallied, max_evidence: usize) {
        self.weight += other.weight;
        union_dates(&mut self.dates, &other.dates);
        for e in other.evidence {
            keep(&mut self.evidence, e, max_evidence);
        }
    }
}

/// Nodes and edges by gazetteer id: what a set of documents yielded, ready to merge with the
/// tally of other documents or to become a graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub max_evidence: usize,
    pub nodes: BTreeMap<String, Node>,
    /// By the two ends' ids (the lower first) and relation.
    pub edges: BTreeMap<(String, String, Relation), Tallied>,
}

impl Tally {
    /// An empty tally that keeps at most `max_evidence` places per edge.
    pub fn new(max_evidence: usize) -> Tally {
        Tally {
            max_evidence: max_evidence.max(1),
            nodes: BTreeMap::new(),
            edges: BTreeMap::new(),
        }
    }

    /// Add the tally of other documents. Associative and commutative: any grouping and order of
    /// the same tallies gives the same result.
    pub fn merge(&mut self, other: Tally) {
        for (id, node) in other.nodes {
            match self.nodes.get_mut(&id) {
                Some(mine) => {
                    mine.mentions += node.mentions;
                    union_dates(&mut mine.dates, &node.dates);
                }
                None => {
                    self.nodes.insert(id, node);
                }
            }
        }
        for (key, tallied) in other.edges {
            self.edges
                .entry(key)
                .or_default()
                .merge(tallied, self.max_evidence);
        }
    }

    /// The graph: node `i` is the `i`-th entity by id, edges sorted by their ends and relation.
    pub fn graph(self) -> Graph {
        let mut graph = UnGraph::with_capacity(self.nodes.len(), self.edges.len());
        let mut index = BTreeMap::new();
        for (id, node) in self.nodes {
            index.insert(id, graph.add_node(node));
        }
        for ((a, b, relation), tallied) in self.edges {
            graph.add_edge(index[&a], index[&b], Edge::of(relation, tallied));
        }
        Graph { graph }
    }
}

/// Offer `e` to `list` (sorted, one per document and sentence), keeping the earliest `max`.
fn keep(list: &mut Vec<Evidence>, e: Evidence, max: usize) {
    use std::cmp::Ordering;
    // A document's places come in order of sentence: most go after the last one kept, from the
    // same document, which needs no comparison of ids.
    if let Some(last) = list.last_mut()
        && Arc::ptr_eq(&last.doc, &e.doc)
    {
        match last.sentence.cmp(&e.sentence) {
            Ordering::Less => {
                if list.len() < max {
                    list.reserve_exact(1);
                    list.push(e);
                }
                return;
            }
            Ordering::Equal => {
                if order(&e, last).is_lt() {
                    *last = e;
                }
                return;
            }
            Ordering::Greater => {}
        }
    }
    if list.len() >= max && list.last().is_some_and(|last| order(last, &e).is_le()) {
        return;
    }
    let at =
        list.binary_search_by(|x| text_order(&x.doc, &e.doc).then(x.sentence.cmp(&e.sentence)));
    match at {
        Ok(i) => {
            if order(&e, &list[i]).is_lt() {
                list[i] = e;
            }
        }
        Err(i) => {
            // Most edges keep one or two places: grow by one, not by doubling.
            if list.len() == list.capacity() {
                list.reserve_exact(1);
            }
            list.insert(i, e);
            list.truncate(max);
        }
    }
}

/// `a.cmp(b)`, without comparing the texts of shared ids, sentences and rules.
fn order(a: &Evidence, b: &Evidence) -> std::cmp::Ordering {
    text_order(&a.doc, &b.doc)
        .then(a.sentence.cmp(&b.sentence))
        .then(a.start.cmp(&b.start))
        .then(a.end.cmp(&b.end))
        .then_with(|| text_order(&a.text, &b.text))
        .then_with(|| text_order(&a.rule, &b.rule))
        .then(a.date.cmp(&b.date))
}

/// `x.cmp(y)`, equal at once when both are the same shared text.
fn text_order(x: &Arc<str>, y: &Arc<str>) -> std::cmp::Ordering {
    if Arc::ptr_eq(x, y) {
        std::cmp::Ordering::Equal
    } else {
        x.cmp(y)
    }
}

fn insert_date(dates: &mut Vec<Date>, date: Option<Date>) {
    if let Some(date) = date
        && let Err(at) = dates.binary_search(&date)
    {
        dates.reserve_exact(1);
        dates.insert(at, date);
    }
}

/// Add the sorted, distinct `more` to the sorted, distinct `dates`: one merge of the two lists,
/// where inserting each date would shift (and grow) a long list once per date.
fn union_dates(dates: &mut Vec<Date>, more: &[Date]) {
    match (dates.len(), more.len()) {
        (_, 0) => {}
        (_, 1) => insert_date(dates, Some(more[0])),
        (0, _) => dates.extend_from_slice(more),
        _ => {
            let mut merged = Vec::with_capacity(dates.len() + more.len());
            let (mut a, mut b) = (dates.iter().peekable(), more.iter().peekable());
            while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
                merged.push(x.min(y));
                if x <= y {
                    a.next();
                }
                if y <= x {
                    b.next();
                }
            }
            merged.extend(a.chain(b));
            merged.shrink_to_fit();
            *dates = merged;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn without_evidence_the_edges_count_the_same_and_keep_no_place() {
        let extractor =
            crate::Extractor::new(Gazetteer::built_in().unwrap(), crate::Config::default());
        let lean = extractor.clone().without_texts();
        let doc = crate::Document::new(
            "d",
            "Xi Jinping spoke with Vladimir Putin on Friday. Putin met Xi again in Moscow. \
             President Joe Biden phoned Putin."
                .to_string(),
        );
        let full = extractor.graph([&doc]);
        let found = lean.document(&doc);
        assert!(!found.edges.is_empty());
        assert!(found.edges.iter().all(|f| f.evidence.text.is_empty()));
        let mut builder = GraphBuilder::new(ALL_EVIDENCE).without_evidence();
        builder.add(found);
        let lean = builder.build(lean.gazetteer());
        let counts = |g: &Graph| -> Vec<_> {
            g.edges()
                .map(|(_, a, b, e)| (a.id.clone(), b.id.clone(), e.relation, e.weight))
                .collect()
        };
        assert_eq!(counts(&full), counts(&lean));
        assert!(full.edges().all(|(_, _, _, e)| !e.evidence.is_empty()));
        assert!(lean.edges().all(|(_, _, _, e)| e.evidence.is_empty()));
    }

    fn ev(doc: &str, sentence: usize, start: usize) -> Evidence {
        Evidence {
            doc: Arc::from(doc),
            sentence,
            start,
            end: start + 1,
            text: Arc::from("text"),
            rule: Arc::from("rule"),
            date: None,
        }
    }

    #[test]
    fn dates_in_place_agree_with_a_sorted_list() {
        let day = |d: u8| {
            Some(Date {
                year: 2022,
                month: 2,
                day: d,
            })
        };
        // (dates offered, in order)
        let table: &[&[Option<Date>]] = &[
            &[],
            &[None, None],
            &[day(3)],
            &[day(3), day(1), day(3), None, day(2)],
            &[day(5), day(4), day(3), day(2), day(1)],
            &[day(1), day(9), day(5), day(7), day(5), day(2), day(8)],
        ];
        for offered in table {
            let (mut dates, mut list) = (Dates::default(), Vec::new());
            for &d in *offered {
                dates.insert(d);
                insert_date(&mut list, d);
            }
            assert_eq!(dates.into_vec(), list, "offered {offered:?}");
        }
    }

    #[test]
    fn merged_dates_agree_with_dates_inserted_one_by_one() {
        let days = |ds: &[u8]| -> Vec<Date> {
            ds.iter()
                .map(|&day| Date {
                    year: 2022,
                    month: 3,
                    day,
                })
                .collect()
        };
        // (dates held, dates added), each sorted and distinct
        let table: &[(&[u8], &[u8])] = &[
            (&[], &[]),
            (&[], &[4, 6]),
            (&[4, 6], &[]),
            (&[4, 6], &[5]),
            (&[1, 3, 5], &[2, 3, 4, 9]),
            (&[2, 3], &[2, 3]),
            (&[7, 8], &[1, 2]),
            (&[1, 2], &[7, 8]),
        ];
        for &(held, added) in table {
            let mut merged = days(held);
            union_dates(&mut merged, &days(added));
            let mut one_by_one = days(held);
            for d in days(added) {
                insert_date(&mut one_by_one, Some(d));
            }
            assert_eq!(merged, one_by_one, "{held:?} + {added:?}");
        }
    }

    #[test]
    fn keep_holds_the_earliest_one_per_sentence() {
        // (offered in this order, max, kept as (doc, sentence, start))
        let table: &[(Places, usize, Places)] = &[
            (
                &[("b", 0, 5), ("a", 1, 0), ("a", 0, 9)],
                2,
                &[("a", 0, 9), ("a", 1, 0)],
            ),
            (&[("a", 0, 9), ("a", 0, 3)], 5, &[("a", 0, 3)]),
            (&[("a", 0, 3), ("a", 0, 9)], 5, &[("a", 0, 3)]),
            (&[("c", 0, 0), ("b", 0, 0), ("a", 0, 0)], 1, &[("a", 0, 0)]),
            (&[("a", 2, 0), ("a", 10, 0)], 1, &[("a", 2, 0)]),
            (
                &[
                    ("a", 0, 4),
                    ("a", 3, 0),
                    ("a", 3, 1),
                    ("a", 1, 2),
                    ("b", 0, 0),
                ],
                3,
                &[("a", 0, 4), ("a", 1, 2), ("a", 3, 0)],
            ),
            (
                &[
                    ("b", 0, 0),
                    ("a", 5, 0),
                    ("a", 6, 0),
                    ("a", 5, 7),
                    ("a", 2, 0),
                ],
                2,
                &[("a", 2, 0), ("a", 5, 0)],
            ),
        ];
        // Each id as its own copy, and as one shared copy per document as extraction gives them
        // (which takes the shortcuts for places of the same document).
        for shared in [false, true] {
            check_keep(table, shared);
        }
    }

    type Places = &'static [(&'static str, usize, usize)];

    fn check_keep(table: &[(Places, usize, Places)], shared: bool) {
        let mut ids: std::collections::HashMap<&str, Arc<str>> = Default::default();
        for (offered, max, want) in table {
            let mut list = Vec::new();
            for &(d, s, st) in *offered {
                let mut e = ev(d, s, st);
                if shared {
                    e.doc = ids.entry(d).or_insert_with(|| Arc::from(d)).clone();
                }
                keep(&mut list, e, *max);
            }
            let got: Vec<(&str, usize, usize)> = list
                .iter()
                .map(|e| (&*e.doc, e.sentence, e.start))
                .collect();
            assert_eq!(
                &got, want,
                "offered {offered:?}, max {max}, shared ids {shared}"
            );
        }
    }

    #[test]
    fn capped_merges_agree_in_any_grouping() {
        let all: Vec<Evidence> = [("d", 3), ("a", 2), ("c", 0), ("a", 0), ("b", 7), ("a", 2)]
            .iter()
            .enumerate()
            .map(|(i, &(d, s))| ev(d, s, 10 - i))
            .collect();
        let tallied = |evidence: &[Evidence]| {
            let mut t = Tallied::default();
            for e in evidence {
                t.merge(
                    Tallied {
                        weight: 1,
                        dates: Vec::new(),
                        evidence: vec![e.clone()],
                    },
                    3,
                );
            }
            t
        };
        let whole = tallied(&all);
        for split in 0..all.len() {
            let (left, right) = all.split_at(split);
            let mut a = tallied(left);
            a.merge(tallied(right), 3);
            let mut b = tallied(right);
            b.merge(tallied(left), 3);
            assert_eq!(a, whole, "split at {split}");
            assert_eq!(b, whole, "split at {split}, reversed");
        }
        let kept: Vec<(&str, usize)> = whole
            .evidence
            .iter()
            .map(|e| (&*e.doc, e.sentence))
            .collect();
        assert_eq!(kept, [("a", 0), ("a", 2), ("b", 7)]);
        assert_eq!(whole.weight, 6);
    }

    #[test]
    fn gathered_tables_agree_with_one_sorted_map() {
        // Tables of a few hundred edges over the same pairs, each edge in some of them: the
        // gathered edges are sorted, each once, with the weights and evidence of all tables.
        let cases: [(usize, u32); 4] = [(1, 300), (2, 300), (3, 40), (7, 500)];
        for (tables, pairs) in cases {
            let mut maps = vec![EdgeTable::default(); tables];
            let mut want: BTreeMap<EdgeKey, Tallied> = BTreeMap::new();
            for i in 0..pairs * 3 {
                let key = (i % pairs, i % pairs + 1 + i % 5, Relation::CoOccurs);
                let t = (i as usize * 7) % tables;
                let e = ev(&format!("d{}", i % 13), i as usize, 0);
                let at = maps[t].place(key);
                let tally = &mut maps[t].tallies[at as usize].1;
                tally.weight += 1;
                keep(&mut tally.evidence, e.clone(), 2);
                let one = Tallied {
                    weight: 1,
                    dates: Vec::new(),
                    evidence: vec![e],
                };
                want.entry(key).or_default().merge(one, 2);
            }
            let got: Vec<(EdgeKey, Tallied)> =
                gather(maps.into_iter(), |k| k, 2).into_iter().collect();
            let want: Vec<(EdgeKey, Tallied)> = want.into_iter().collect();
            assert_eq!(got.len(), want.len(), "{tables} tables");
            assert!(got == want, "{tables} tables: the gathered edges differ");
        }
    }

    #[test]
    fn builders_merged_in_any_grouping_build_the_same_graph() {
        use crate::{Config, Document, Extractor};
        let extractor = Extractor::new(Gazetteer::built_in().unwrap(), Config::default());
        let texts = [
            "Xi Jinping spoke with Vladimir Putin. Joe Biden met Emmanuel Macron.",
            "Vladimir Putin met Xi Jinping in Beijing. Macron called Biden.",
            "Joe Biden spoke with Xi Jinping by video.",
            "Xi Jinping and Vladimir Putin held talks again.",
            "Emmanuel Macron met Vladimir Putin.",
        ];
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), t.to_string()))
            .collect();
        let gaz = extractor.gazetteer();
        let builder = |docs: &[Document]| {
            let mut b = GraphBuilder::new(2);
            for d in docs {
                b.add(extractor.document(d));
            }
            b
        };
        let described = |g: Graph| -> Vec<String> {
            g.edges()
                .map(|(_, a, b, e)| format!("{} {} {e:?}", a.id, b.id))
                .collect()
        };
        let whole = described(builder(&docs).build(gaz));
        assert!(whole.len() >= 5, "{whole:?}");
        for (x, y) in [(1, 3), (0, 4), (2, 5), (1, 2)] {
            let (a, b, c) = (
                builder(&docs[..x]),
                builder(&docs[x..y]),
                builder(&docs[y..]),
            );
            let mut left = a.clone();
            left.merge(b.clone());
            left.merge(c.clone());
            let mut right = c;
            let mut inner = b;
            inner.merge(a);
            right.merge(inner);
            assert_eq!(described(left.clone().build(gaz)), whole, "split {x} {y}");
            assert_eq!(
                described(right.clone().build(gaz)),
                whole,
                "split {x} {y}, regrouped"
            );
            assert_eq!(
                left.tally(gaz).unwrap(),
                right.tally(gaz).unwrap(),
                "split {x} {y}, tallies"
            );
        }
    }
}
