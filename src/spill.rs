//! Spill: a graph larger than memory, kept on disk as sorted runs of edges.
//!
//! A run over a corpus with a memory budget ([`Spill`]) lets each thread's
//! [`GraphBuilder`](crate::GraphBuilder) hold a share of the budget's edges; when a builder is
//! full, its edges are sorted into the graph's order (the two ends by rank of gazetteer id, then
//! relation) and written to an unnamed temporary file, a *run*, and the builder starts empty.
//! At the end [`merge`] reads all runs at once, a record at a time, and combines the tallies of
//! each edge as [`Tallied::merge`] does in memory, which is associative and commutative: the
//! merged edges are the same whichever thread wrote which run, and so are the files. The merged
//! edges go to one more file, read back in order by the exporters through [`Streamed`], a
//! [`View`] whose only large part in memory is the node list.
//!
//! Records are plain bytes: numbers as LEB128 varints, strings with their length before them.
//! The files are this process's own and vanish when it exits, whatever the exit.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use petgraph::graph::{NodeIndex, UnGraph};

use crate::error::{Error, Result};
use crate::export::{EdgeAt, View};
use crate::gazetteer::{Date, EntityId, Gazetteer};
use crate::graph::{Edge, Graph, Node, Tallied};
use crate::relations::{Evidence, Relation};

/// Memory held per edge by a builder, in bytes, as measured on generated news (hash table slot,
/// tally and evidence, sentence texts shared between edges): what turns a budget into edges.
pub const BYTES_PER_EDGE: u64 = 500;

/// Memory held per edge by a builder that keeps no evidence (hash table slot and tally).
pub const BYTES_PER_BARE_EDGE: u64 = 200;

/// Where and when builders spill their edges.
pub struct Spill {
    /// Where the runs are written.
    pub dir: PathBuf,
    /// The edges one builder holds before it writes them out.
    pub max_edges: usize,
    /// Made at the first spill: a run that never spills never sorts the gazetteer's ids.
    ranks: OnceLock<Ranks>,
}

/// The gazetteer's entities by id: the order of the graph's nodes.
struct Ranks {
    /// Each entity's rank.
    rank: Vec<u32>,
    /// The entity of each rank.
    by_rank: Vec<EntityId>,
}

impl Ranks {
    fn of(gaz: &Gazetteer) -> Ranks {
        use rayon::slice::ParallelSliceMut;
        let mut by_rank: Vec<EntityId> = (0..gaz.entities().len() as EntityId).collect();
        by_rank.par_sort_unstable_by(|&a, &b| gaz.entity(a).id.cmp(&gaz.entity(b).id));
        let mut rank = vec![0; by_rank.len()];
        for (r, &e) in by_rank.iter().enumerate() {
            rank[e as usize] = r as u32;
        }
        Ranks { rank, by_rank }
    }
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spill")
            .field("dir", &self.dir)
            .field("max_edges", &self.max_edges)
            .finish_non_exhaustive()
    }
}

impl Spill {
    /// Spill into `dir` once `builders` builders hold about `budget` bytes between them, each
    /// edge taking `edge_bytes` ([`BYTES_PER_EDGE`], or [`BYTES_PER_BARE_EDGE`] without evidence).
    pub fn new(dir: &Path, budget: u64, builders: usize, edge_bytes: u64) -> Spill {
        let edges = budget / edge_bytes.max(1) / builders.max(1) as u64;
        Spill {
            dir: dir.to_path_buf(),
            max_edges: edges.max(1) as usize,
            ranks: OnceLock::new(),
        }
    }

    fn ranks(&self, gaz: &Gazetteer) -> &Ranks {
        self.ranks.get_or_init(|| Ranks::of(gaz))
    }

    /// The entity of rank `r`.
    pub(crate) fn entity(&self, gaz: &Gazetteer, r: u32) -> EntityId {
        self.ranks(gaz).by_rank[r as usize]
    }

    /// The rank of `entity`.
    pub(crate) fn rank(&self, gaz: &Gazetteer, entity: EntityId) -> u32 {
        self.ranks(gaz).rank[entity as usize]
    }

    /// The key of an edge `(a, b, relation)` in the graph's order, the table looked up once
    /// for all the edges it is asked of.
    pub(crate) fn keys(
        &self,
        gaz: &Gazetteer,
    ) -> impl Fn((EntityId, EntityId, Relation)) -> Key + '_ {
        let rank = &self.ranks(gaz).rank;
        move |(a, b, relation)| {
            let (a, b) = (rank[a as usize], rank[b as usize]);
            (a.min(b), a.max(b), relation)
        }
    }

    /// Write `edges`, sorted by key and each once, as a run.
    pub(crate) fn write<'a>(
        &self,
        edges: impl IntoIterator<Item = &'a (Key, Tallied)>,
    ) -> Result<Run> {
        let mut w = RunWriter::new(self)?;
        for (key, tallied) in edges {
            w.push(*key, tallied)?;
        }
        w.finish(0)
    }

    /// Merge runs while some level holds [`FAN_IN`] of them, each group into one run of the
    /// next level: the runs open at once stay few (at most `FAN_IN` a level, and a level per
    /// sixteenfold growth), and every edge is rewritten once a level.
    pub(crate) fn compact(&self, runs: &mut Vec<Run>, max_evidence: usize) -> Result<()> {
        loop {
            let mut per_level = std::collections::BTreeMap::new();
            for r in runs.iter() {
                *per_level.entry(r.level).or_insert(0) += 1;
            }
            let Some((&level, _)) = per_level.iter().find(|&(_, &n)| n >= FAN_IN) else {
                return Ok(());
            };
            let (group, rest): (Vec<Run>, Vec<Run>) =
                runs.drain(..).partition(|r| r.level == level);
            *runs = rest;
            let mut w = RunWriter::new(self)?;
            for edge in merge(&group, max_evidence)? {
                let (key, tallied) = edge?;
                w.push(key, &tallied)?;
            }
            runs.push(w.finish(level + 1)?);
        }
    }
}

/// How many runs of one level are merged into one of the next.
pub const FAN_IN: usize = 16;

/// Fails, naming `dir`, if no temporary file can be made there: to check a directory before a
/// long run rather than at its first spill.
pub fn check_dir(dir: &Path) -> Result<()> {
    tempfile::tempfile_in(dir).map(drop).map_err(|e| {
        let dir = dir.display();
        Error::usage(format!("cannot write temporary files in {dir}: {e}"))
    })
}

/// Writes records to a new temporary file.
struct RunWriter {
    w: BufWriter<File>,
    buf: Vec<u8>,
    edges: u64,
    dir: PathBuf,
}

impl RunWriter {
    fn new(spill: &Spill) -> Result<RunWriter> {
        let file = tempfile::tempfile_in(&spill.dir).map_err(|e| {
            let dir = spill.dir.display();
            Error::usage(format!(
                "cannot write temporary files in {dir} for the edges beyond --memory: {e}"
            ))
        })?;
        Ok(RunWriter {
            w: BufWriter::with_capacity(1 << 16, file),
            buf: Vec::with_capacity(1 << 12),
            edges: 0,
            dir: spill.dir.clone(),
        })
    }

    fn push(&mut self, key: Key, tallied: &Tallied) -> Result<()> {
        self.buf.clear();
        encode(&mut self.buf, key, tallied);
        self.edges += 1;
        self.w
            .write_all(&self.buf)
            .map_err(|e| Error::io(&self.dir, e))
    }

    fn finish(self, level: u32) -> Result<Run> {
        let dir = self.dir;
        let file = self
            .w
            .into_inner()
            .map_err(|e| Error::io(&dir, e.into_error()))?;
        Ok(Run {
            file: Arc::new(file),
            edges: self.edges,
            dir,
            level,
        })
    }
}

/// An edge in the graph's order: its ends by rank (or node index), the lower first, and its
/// relation.
pub type Key = (u32, u32, Relation);

/// Sorted edges in a file.
#[derive(Clone, Debug)]
pub struct Run {
    file: Arc<File>,
    pub edges: u64,
    dir: PathBuf,
    /// How many merges made it: 0 for a run written from memory.
    level: u32,
}

impl Run {
    /// A reader of the run's records with a buffer of `buffer` bytes.
    fn reader(&self, buffer: usize) -> Records {
        Records {
            input: BufReader::with_capacity(buffer, At::new(&self.file)),
            dir: self.dir.clone(),
        }
    }
}

/// A file read from its start, by position, so that readers of the same file do not share an
/// offset.
struct At {
    file: Arc<File>,
    offset: u64,
}

impl At {
    fn new(file: &Arc<File>) -> At {
        At {
            file: Arc::clone(file),
            offset: 0,
        }
    }
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.offset)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }
}

/// The records of a run, in order.
struct Records {
    input: BufReader<At>,
    dir: PathBuf,
}

impl Records {
    /// The next record, `None` at the end of the run.
    fn read(&mut self) -> io::Result<Option<(Key, Tallied)>> {
        if self.input.fill_buf()?.is_empty() {
            return Ok(None);
        }
        decode(&mut self.input).map(Some)
    }

    /// [`Records::read`], an error naming the directory of the runs.
    fn next(&mut self) -> Result<Option<(Key, Tallied)>> {
        self.read().map_err(|e| Error::io(&self.dir, e))
    }
}

/// The read buffers of a merge, between them: many small runs share it rather than each taking
/// a large buffer.
const MERGE_BUFFERS: usize = 16 << 20;

/// The edges of all `runs`, in order, the tallies of each edge combined.
pub fn merge(runs: &[Run], max_evidence: usize) -> Result<Merged> {
    let buffer = (MERGE_BUFFERS / runs.len().max(1)).clamp(8 << 10, 1 << 16);
    let mut readers: Vec<Records> = runs.iter().map(|r| r.reader(buffer)).collect();
    let mut heads = Vec::with_capacity(readers.len());
    let mut heap = BinaryHeap::with_capacity(readers.len());
    for (i, r) in readers.iter_mut().enumerate() {
        let head = r.next()?;
        if let Some((key, _)) = &head {
            heap.push(Reverse((*key, i)));
        }
        heads.push(head.map(|(_, t)| t));
    }
    Ok(Merged {
        readers,
        heads,
        heap,
        max_evidence,
    })
}

/// The merged edges of several runs; see [`merge`].
pub struct Merged {
    readers: Vec<Records>,
    /// The next tally of each reader, its key in `heap`.
    heads: Vec<Option<Tallied>>,
    heap: BinaryHeap<Reverse<(Key, usize)>>,
    max_evidence: usize,
}

impl Merged {
    /// Take reader `i`'s head and read its next.
    fn take(&mut self, i: usize) -> Result<Tallied> {
        let tallied = self.heads[i]
            .take()
            .expect("a reader in the heap has a head");
        if let Some((key, next)) = self.readers[i].next()? {
            self.heads[i] = Some(next);
            self.heap.push(Reverse((key, i)));
        }
        Ok(tallied)
    }
}

impl Iterator for Merged {
    type Item = Result<(Key, Tallied)>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((key, i)) = self.heap.pop()?;
        let step = (|| {
            let mut tallied = self.take(i)?;
            while let Some(&Reverse((k, j))) = self.heap.peek() {
                if k != key {
                    break;
                }
                self.heap.pop();
                let more = self.take(j)?;
                tallied.merge(more, self.max_evidence);
            }
            Ok((key, tallied))
        })();
        Some(step)
    }
}

/// A graph whose edges are in a file: the nodes in memory with their degrees, the edges read
/// back in order for each file written.
pub struct Streamed {
    /// How many runs were merged.
    pub runs: usize,
    nodes: Vec<Node>,
    degrees: Vec<u32>,
    relations: Vec<Relation>,
    edges: Run,
}

impl Streamed {
    /// Write `merged` (keys by entity rank) as the edges of a graph of `nodes`, node `i` being
    /// the entity of rank `ranks[i]`; edges of weight below `min_weight` are left out.
    pub(crate) fn new(
        spill: &Spill,
        nodes: Vec<Node>,
        ranks: &[u32],
        merged: Merged,
        min_weight: u64,
    ) -> Result<Streamed> {
        // Ranks to node indices: both are in id order, so a table by rank will do.
        let mut index = vec![u32::MAX; ranks.iter().max().map_or(0, |&r| r as usize + 1)];
        for (i, &r) in ranks.iter().enumerate() {
            index[r as usize] = i as u32;
        }
        let mut w = RunWriter::new(spill)?;
        let mut degrees = vec![0u32; nodes.len()];
        let mut relations = Vec::new();
        let mut last = None;
        let runs = merged.readers.len();
        for edge in merged {
            let ((a, b, relation), tallied) = edge?;
            if tallied.weight < min_weight {
                continue;
            }
            let (a, b) = (index[a as usize], index[b as usize]);
            if last != Some((a, b)) {
                degrees[a as usize] += 1;
                degrees[b as usize] += 1;
                last = Some((a, b));
            }
            if !relations.contains(&relation) {
                relations.push(relation);
            }
            w.push((a, b, relation), &tallied)?;
        }
        Ok(Streamed {
            runs,
            nodes,
            degrees,
            relations,
            edges: w.finish(0)?,
        })
    }
}

impl View for Streamed {
    fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn node(&self, i: NodeIndex) -> &Node {
        &self.nodes[i.index()]
    }

    fn degree(&self, i: NodeIndex) -> usize {
        self.degrees[i.index()] as usize
    }

    fn edge_count(&self) -> usize {
        self.edges.edges as usize
    }

    fn has_relation(&self, relation: Relation) -> bool {
        self.relations.contains(&relation)
    }

    fn windows(
        &self,
        size: usize,
        f: &mut dyn FnMut(&[EdgeAt<'_>]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut records = self.edges.reader(1 << 16);
        let mut window: Vec<(Key, Edge)> = Vec::with_capacity(size.max(1) + 2);
        let mut pending = records.read()?;
        let mut first = 0;
        while pending.is_some() {
            window.clear();
            while let Some((key, tallied)) = pending.take() {
                let same_pair = window
                    .last()
                    .is_some_and(|(k, _)| (k.0, k.1) == (key.0, key.1));
                if window.len() >= size.max(1) && !same_pair {
                    pending = Some((key, tallied));
                    break;
                }
                window.push((key, Edge::of(key.2, tallied)));
                pending = records.read()?;
            }
            let at: Vec<EdgeAt<'_>> = window
                .iter()
                .enumerate()
                .map(|(k, ((a, b, _), edge))| EdgeAt {
                    index: first + k,
                    a: NodeIndex::new(*a as usize),
                    b: NodeIndex::new(*b as usize),
                    edge,
                })
                .collect();
            f(&at)?;
            first += window.len();
        }
        Ok(())
    }

    fn whole(&self) -> Result<Cow<'_, Graph>> {
        let mut graph = UnGraph::with_capacity(self.nodes.len(), self.edge_count());
        for node in &self.nodes {
            graph.add_node(node.clone());
        }
        let mut records = self.edges.reader(1 << 16);
        while let Some(((a, b, relation), tallied)) = records.next()? {
            let (a, b) = (NodeIndex::new(a as usize), NodeIndex::new(b as usize));
            graph.add_edge(a, b, Edge::of(relation, tallied));
        }
        Ok(Cow::Owned(Graph { graph }))
    }
}

fn put(buf: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        buf.push(n as u8 | 0x80);
        n >>= 7;
    }
    buf.push(n as u8);
}

fn put_str(buf: &mut Vec<u8>, s: &str) {
    put(buf, s.len() as u64);
    buf.extend_from_slice(s.as_bytes());
}

fn put_date(buf: &mut Vec<u8>, d: Date) {
    buf.extend_from_slice(&d.year.to_le_bytes());
    buf.extend_from_slice(&[d.month, d.day]);
}

fn encode(buf: &mut Vec<u8>, (a, b, relation): Key, t: &Tallied) {
    put(buf, a.into());
    put(buf, b.into());
    buf.push(relation as u8);
    put(buf, t.weight);
    put(buf, t.dates.len() as u64);
    for &d in &t.dates {
        put_date(buf, d);
    }
    put(buf, t.evidence.len() as u64);
    for e in &t.evidence {
        put_str(buf, &e.doc);
        put(buf, e.sentence as u64);
        put(buf, e.start as u64);
        put(buf, e.end as u64);
        put_str(buf, &e.text);
        put_str(buf, &e.rule);
        match e.date {
            Some(d) => {
                buf.push(1);
                put_date(buf, d);
            }
            None => buf.push(0),
        }
    }
}

fn get_u8(r: &mut impl Read) -> io::Result<u8> {
    let mut b = [0];
    r.read_exact(&mut b)?;
    Ok(b[0])
}

fn get(r: &mut impl Read) -> io::Result<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = get_u8(r)?;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(n);
        }
    }
    Err(corrupt("a number longer than 64 bits"))
}

fn get_str(r: &mut impl Read) -> io::Result<Arc<str>> {
    let len = get(r)? as usize;
    let mut bytes = vec![0; len];
    r.read_exact(&mut bytes)?;
    let s = std::str::from_utf8(&bytes).map_err(|_| corrupt("text that is not UTF-8"))?;
    Ok(Arc::from(s))
}

fn get_date(r: &mut impl Read) -> io::Result<Date> {
    let mut b = [0; 4];
    r.read_exact(&mut b)?;
    Ok(Date {
        year: u16::from_le_bytes([b[0], b[1]]),
        month: b[2],
        day: b[3],
    })
}

fn small(n: u64) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| corrupt("a node number out of range"))
}

fn decode(r: &mut impl Read) -> io::Result<(Key, Tallied)> {
    let a = small(get(r)?)?;
    let b = small(get(r)?)?;
    let relation = match get_u8(r)? {
        0 => Relation::CoOccurs,
        1 => Relation::SpokeWith,
        2 => Relation::Holds,
        _ => return Err(corrupt("an unknown relation")),
    };
    let weight = get(r)?;
    let dates = (0..get(r)?)
        .map(|_| get_date(r))
        .collect::<io::Result<_>>()?;
    let count = get(r)?;
    let mut evidence = Vec::with_capacity(count.min(64) as usize);
    for _ in 0..count {
        evidence.push(Evidence {
            doc: get_str(r)?,
            sentence: get(r)? as usize,
            start: get(r)? as usize,
            end: get(r)? as usize,
            text: get_str(r)?,
            rule: get_str(r)?,
            date: match get_u8(r)? {
                0 => None,
                _ => Some(get_date(r)?),
            },
        });
    }
    let tallied = Tallied {
        weight,
        dates,
        evidence,
    };
    Ok(((a, b, relation), tallied))
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a spilled edge file holds {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tallied(weight: u64, places: &[(&str, usize)]) -> Tallied {
        Tallied {
            weight,
            dates: vec![Date {
                year: 2022,
                month: 8,
                day: weight as u8,
            }],
            evidence: places
                .iter()
                .map(|&(doc, sentence)| Evidence {
                    doc: Arc::from(doc),
                    sentence,
                    start: sentence * 10,
                    end: sentence * 10 + 4,
                    text: Arc::from(format!("sentence {sentence} of {doc}, é")),
                    rule: Arc::from("window"),
                    date: (sentence % 2 == 0).then_some(Date {
                        year: 2021,
                        month: 1,
                        day: 2,
                    }),
                })
                .collect(),
        }
    }

    #[test]
    fn records_read_back_as_written() {
        let record = (
            (3, 70_000, Relation::Holds),
            tallied(300, &[("a", 1), ("b", 2)]),
        );
        let mut buf = Vec::new();
        encode(&mut buf, record.0, &record.1);
        assert_eq!(decode(&mut &buf[..]).unwrap(), record);
        // A record cut short is an error, not a record.
        let err = decode(&mut &buf[..buf.len() - 1]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn runs_merge_in_key_order_combining_each_edge() {
        let dir = std::env::temp_dir();
        let spill = Spill {
            dir: dir.clone(),
            max_edges: 1,
            ranks: OnceLock::new(),
        };
        let co = Relation::CoOccurs;
        let runs = [
            vec![
                ((0, 1, co), tallied(1, &[("d1", 0)])),
                ((2, 3, co), tallied(2, &[("d1", 4)])),
            ],
            vec![],
            vec![
                ((0, 1, co), tallied(3, &[("d0", 7)])),
                ((1, 2, co), tallied(1, &[("d2", 1)])),
            ],
            vec![
                ((0, 1, Relation::SpokeWith), tallied(1, &[("d0", 7)])),
                ((2, 3, co), tallied(1, &[("d0", 1)])),
            ],
        ];
        let written: Vec<Run> = runs.iter().map(|r| spill.write(r).unwrap()).collect();
        let merged: Vec<(Key, Tallied)> =
            merge(&written, 10).unwrap().collect::<Result<_>>().unwrap();
        let keys: Vec<Key> = merged.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                (0, 1, co),
                (0, 1, Relation::SpokeWith),
                (1, 2, co),
                (2, 3, co)
            ]
        );
        // Each edge as the tallies merged in memory.
        let mut want = tallied(1, &[("d1", 0)]);
        want.merge(tallied(3, &[("d0", 7)]), 10);
        assert_eq!(merged[0].1, want);
        assert_eq!(merged[0].1.weight, 4);
        assert_eq!(merged[3].1.weight, 3);
        // Reading a run twice, even at once, gives the same records.
        let mut one = written[0].reader(1 << 16);
        let mut two = written[0].reader(16);
        assert_eq!(one.next().unwrap(), two.next().unwrap());
        assert_eq!(one.next().unwrap().unwrap().1.weight, 2);
        assert_eq!(one.next().unwrap(), None);
    }

    #[test]
    fn a_streamed_graph_reads_back_in_windows_that_keep_pairs_whole() {
        let spill = Spill {
            dir: std::env::temp_dir(),
            max_edges: 1,
            ranks: OnceLock::new(),
        };
        let (co, sw) = (Relation::CoOccurs, Relation::SpokeWith);
        let edges = [
            ((0, 1, co), tallied(1, &[("d", 0)])),
            ((0, 1, sw), tallied(2, &[("d", 1)])),
            ((0, 4, co), tallied(1, &[("d", 2)])),
            ((1, 2, co), tallied(5, &[("d", 3)])),
            ((1, 2, sw), tallied(1, &[("d", 3)])),
            ((2, 4, co), tallied(3, &[("e", 0)])),
        ];
        let runs = [
            spill.write(&edges[..3]).unwrap(),
            spill.write(&edges[3..]).unwrap(),
        ];
        // Nodes of ranks 0, 1, 2 and 4: rank 4 is node 3.
        let nodes: Vec<Node> = [0, 1, 2, 4]
            .iter()
            .map(|r| Node::person(&r.to_string()))
            .collect();
        let merged = merge(&runs, 10).unwrap();
        let streamed = Streamed::new(&spill, nodes.clone(), &[0, 1, 2, 4], merged, 2).unwrap();
        // Weight 2 or more: (0,1,sw), (1,2,co), (2,3,co); degrees count pairs.
        assert_eq!(streamed.edge_count(), 3);
        assert_eq!(streamed.runs, 2);
        let degrees: Vec<usize> = (0..4).map(|i| streamed.degree(NodeIndex::new(i))).collect();
        assert_eq!(degrees, [1, 2, 2, 1]);
        assert!(streamed.has_relation(sw) && !streamed.has_relation(Relation::Holds));
        let whole = streamed.whole().unwrap().into_owned();
        let listed: Vec<String> = whole
            .edges()
            .map(|(_, a, b, e)| format!("{} {} {}", a.id, b.id, e.relation.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                "person:p0 person:p1 spoke_with",
                "person:p1 person:p2 co_occurs",
                "person:p2 person:p4 co_occurs",
            ]
        );
        // All six edges, two pairs with two relations each.
        let merged = merge(&runs, 10).unwrap();
        let streamed = Streamed::new(&spill, nodes, &[0, 1, 2, 4], merged, 1).unwrap();
        let whole = streamed.whole().unwrap().into_owned();
        assert_eq!(whole.graph.edge_count(), 6);
        for (size, windows) in [(1, vec![2, 1, 2, 1]), (2, vec![2, 3, 1]), (5, vec![5, 1])] {
            // The edges a view gives in windows of `size`, and the windows' lengths.
            let read_back = |view: &dyn View| {
                let (mut edges, mut lengths) = (Vec::new(), Vec::new());
                view.windows(size, &mut |w| {
                    lengths.push(w.len());
                    edges.extend(w.iter().map(|e| (e.index, e.a, e.b, e.edge.clone())));
                    Ok(())
                })
                .unwrap();
                (edges, lengths)
            };
            let (read, streamed_windows) = read_back(&streamed);
            let (held, held_windows) = read_back(&whole);
            assert_eq!(read, held, "size {size}");
            assert_eq!(streamed_windows, windows, "size {size}");
            assert_eq!(held_windows, windows, "size {size}");
        }
    }

    #[test]
    fn compaction_keeps_few_runs_open_and_the_same_edges() {
        let spill = Spill {
            dir: std::env::temp_dir(),
            max_edges: 1,
            ranks: OnceLock::new(),
        };
        let co = Relation::CoOccurs;
        // 300 runs of two edges each; edge (k % 7, 100) recurs across runs.
        let mut runs = Vec::new();
        let mut all = Vec::new();
        for k in 0..300u32 {
            let mut run = vec![
                ((k % 7, 100, co), tallied(1, &[("d", k as usize)])),
                ((200 + k, 201 + k, co), tallied(2, &[("e", k as usize)])),
            ];
            run.sort_by_key(|(key, _)| *key);
            all.push(spill.write(&run).unwrap());
            runs.push(spill.write(&run).unwrap());
            spill.compact(&mut runs, 3).unwrap();
            assert!(runs.len() < 3 * FAN_IN, "{} runs open", runs.len());
        }
        let merged = |runs: &[Run]| -> Vec<(Key, Tallied)> {
            merge(runs, 3).unwrap().collect::<Result<_>>().unwrap()
        };
        let compacted = merged(&runs);
        assert_eq!(compacted, merged(&all));
        assert_eq!(compacted.len(), 7 + 300);
        assert_eq!(
            compacted[0].1.weight, 43,
            "(0, 100) is in runs 0, 7, ..., 294"
        );
        assert!(
            runs.iter().any(|r| r.level == 2),
            "300 runs reach a second level"
        );
    }
}
