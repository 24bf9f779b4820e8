//! Exporters: one module per file format, each a deterministic writer over a [`View`] of the
//! graph: a [`Graph`] in memory, or the edges of a run that spilled them to disk
//! ([`crate::spill`]), read back in order a window at a time.
//!
//! Writers stream into a temporary file beside each target; [`write_files`] then puts every file
//! in place with a rename, so a failed run never leaves a half-written file behind. Colours and
//! shapes shared by the visual formats live in [`style`].

use std::borrow::Cow;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};
use petgraph::graph::NodeIndex;

use crate::graph::{Edge, Graph, Node};
use crate::relations::Relation;

pub mod csv;
pub mod cytoscape;
pub mod dot;
pub mod edges;
pub mod evidence;
pub mod gexf;
pub mod graphml;
pub mod json;
mod json_text;
pub mod style;
pub mod svg;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// GraphML, for networkx, igraph, Gephi and graphology.
    Graphml,
    /// GEXF 1.3, for Gephi and Gephi Lite: relations kept apart by edge kind.
    Gexf,
    /// networkx node-link JSON, with evidence.
    Json,
    /// cytoscape.js elements JSON.
    Cytoscape,
    /// Gephi spreadsheet import: `nodes.csv` and `edges.csv`.
    Csv,
    /// A picture.
    Svg,
    /// JSON Lines, one row per edge and sentence, for auditing.
    Evidence,
    /// The edge-set text form, one `A -- B [relation]` per line, for `gazegraph check`.
    Edges,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Dot,
        Format::Graphml,
        Format::Gexf,
        Format::Json,
        Format::Cytoscape,
        Format::Csv,
        Format::Svg,
        Format::Evidence,
        Format::Edges,
    ];

    /// The name used with `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Json => "json",
            Format::Cytoscape => "cytoscape",
            Format::Csv => "csv",
            Format::Svg => "svg",
            Format::Evidence => "evidence",
            Format::Edges => "edges",
        }
    }

    /// Whether the format writes the evidence of edges (their sentences and places); the
    /// others need none kept.
    pub fn writes_evidence(self) -> bool {
        matches!(self, Format::Json | Format::Evidence)
    }

    /// The files the format is written to.
    pub fn file_names(self) -> &'static [&'static str] {
        match self {
            Format::Dot => &["graph.dot"],
            Format::Graphml => &["graph.graphml"],
            Format::Gexf => &["graph.gexf"],
            Format::Json => &["graph.json"],
            Format::Cytoscape => &["graph.cytoscape.json"],
            Format::Csv => &["nodes.csv", "edges.csv"],
            Format::Svg => &["graph.svg"],
            Format::Evidence => &["graph.evidence.jsonl"],
            Format::Edges => &["graph.edges"],
        }
    }

    /// Render `graph` in this format: one byte string per file in [`Format::file_names`].
    pub fn render(self, graph: &dyn View, options: &Options) -> Result<Vec<Vec<u8>>> {
        let svg = match self {
            Format::Svg => Some(svg::render(graph, options)?),
            _ => None,
        };
        let mut out = Vec::new();
        for file in 0..self.file_names().len() {
            let mut bytes = Vec::new();
            self.write(graph, options, svg.as_deref(), file, &mut bytes)
                .expect("writing to memory cannot fail");
            out.push(bytes);
        }
        Ok(out)
    }

    /// Write file number `file` of this format (see [`Format::file_names`]); `svg` is the
    /// picture, rendered beforehand because rendering can fail.
    fn write(
        self,
        graph: &dyn View,
        options: &Options,
        svg: Option<&[u8]>,
        file: usize,
        w: &mut (impl Write + Send),
    ) -> std::io::Result<()> {
        match self {
            Format::Dot => dot::write(graph, options, w),
            Format::Graphml => graphml::write(graph, w),
            Format::Gexf => gexf::write(graph, w),
            Format::Json => json::write(graph, w),
            Format::Cytoscape => cytoscape::write(graph, w),
            Format::Csv if file == 0 => csv::write_nodes(graph, w),
            Format::Csv => csv::write_edges(graph, w),
            Format::Svg => w.write_all(svg.unwrap_or_default()),
            Format::Evidence => evidence::write(graph, w),
            Format::Edges => edges::write(graph, w),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown format {s:?}: expected one of {}", names.join(", "))
            })
    }
}

/// How the visual formats are drawn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// DOT: group nodes in clusters.
    pub cluster_by: Option<ClusterBy>,
    /// SVG: who lays out and draws the picture.
    pub renderer: Renderer,
}

/// What DOT clusters group by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterBy {
    /// A cluster per state, with its people, offices and organisations.
    State,
}

impl FromStr for ClusterBy {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<ClusterBy, String> {
        match s {
            "state" => Ok(ClusterBy::State),
            _ => Err(format!("unknown cluster key {s:?}: expected state")),
        }
    }
}

/// Who draws the SVG picture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Renderer {
    /// gazegraph's own force-directed layout: no Graphviz needed, same bytes everywhere.
    #[default]
    Builtin,
    /// Graphviz's `dot` program on the DOT export (must be on PATH).
    Graphviz,
}

impl FromStr for Renderer {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Renderer, String> {
        match s {
            "builtin" => Ok(Renderer::Builtin),
            "graphviz" => Ok(Renderer::Graphviz),
            _ => Err(format!(
                "unknown renderer {s:?}: expected builtin or graphviz"
            )),
        }
    }
}

/// Write `graph` in every format into `dir`, atomically; returns the paths written.
///
/// Each file is written to a temporary file beside its target, streamed so that a large graph is
/// never held twice in memory, and only when every file is whole are they all renamed; any
/// failure (the Graphviz renderer can fail, and so can a disk) removes them all and leaves the
/// targets as they were. On a pool of more than one thread the files are written at the same
/// time, each on a thread of its own: the picture's layout and each format's system calls are
/// work for one thread, which a single file cannot share out.
pub fn write_files(
    graph: &dyn View,
    formats: &[Format],
    options: &Options,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    use rayon::prelude::*;
    // Graphviz, the one renderer that fails for want of a program, is run before any file is
    // touched; the built-in picture is drawn on its own thread like any file.
    let graphviz = match formats.contains(&Format::Svg) && options.renderer == Renderer::Graphviz {
        true => Some(svg::render(graph, options)?),
        false => None,
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let files: Vec<(Format, usize, &str)> = formats
        .iter()
        .flat_map(|&f| {
            f.file_names()
                .iter()
                .enumerate()
                .map(move |(i, &n)| (f, i, n))
        })
        .collect();
    let staged: Vec<(PathBuf, PathBuf, Result<()>)> = files
        .par_iter()
        .with_max_len(1)
        .map(|&(format, file, name)| {
            let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
            let written = write_staged(graph, options, graphviz.as_deref(), format, file, &tmp);
            (tmp, dir.join(name), written)
        })
        .collect();
    if staged.iter().any(|(_, _, r)| r.is_err()) {
        for (tmp, _, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        // The first failure in the order of the formats, whichever thread met it first.
        let first = staged.into_iter().find_map(|(_, _, r)| r.err());
        return Err(first.expect("a failure"));
    }
    let mut written = Vec::new();
    for (k, (tmp, path, _)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(tmp, path) {
            // The files not yet in place are not left behind beside them.
            for (tmp, _, _) in &staged[k..] {
                let _ = fs::remove_file(tmp);
            }
            return Err(Error::io(path, e));
        }
        written.push(path.clone());
    }
    Ok(written)
}

/// Write file `file` of `format` to `tmp`, made whole on disk; `svg` is the picture if it was
/// drawn already.
fn write_staged(
    graph: &dyn View,
    options: &Options,
    svg: Option<&[u8]>,
    format: Format,
    file: usize,
    tmp: &Path,
) -> Result<()> {
    let svg = match (format, svg) {
        (Format::Svg, None) => Some(Cow::Owned(svg::render(graph, options)?)),
        (_, svg) => svg.map(Cow::Borrowed),
    };
    let f = fs::File::create(tmp).map_err(|e| Error::io(tmp, e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, Writeback::new(f));
    format
        .write(graph, options, svg.as_deref(), file, &mut w)
        .and_then(|()| w.flush())
        .map_err(|e| Error::io(tmp, e))?;
    let f = w.into_inner().map_err(|e| Error::io(tmp, e.into_error()))?;
    f.file.sync_all().map_err(|e| Error::io(tmp, e))
}

/// A file that asks the system to start writing each few megabytes to disk as soon as they are
/// written, so the `fsync` that ends the file waits for its last few only.
struct Writeback {
    file: fs::File,
    written: u64,
    started: u64,
}

impl Writeback {
    /// How many bytes are handed to the disk at a time.
    const STEP: u64 = 8 << 20;

    fn new(file: fs::File) -> Writeback {
        Writeback {
            file,
            written: 0,
            started: 0,
        }
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= Self::STEP {
            #[cfg(target_os = "linux")]
            {
                use std::os::fd::AsRawFd;
                // Only a hint: an error here leaves the data to the final fsync.
                // SAFETY: the descriptor is open for as long as `self.file` lives.
                unsafe {
                    libc::sync_file_range(
                        self.file.as_raw_fd(),
                        self.started as libc::off64_t,
                        (self.written - self.started) as libc::off64_t,
                        libc::SYNC_FILE_RANGE_WRITE,
                    );
                }
            }
            self.started = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Write one file whole or not at all: a temporary file beside it, then a rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map_or_else(
        || "output".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Characters no consumer accepts (XML 1.0 and Graphviz both reject control characters).
pub(crate) fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// What the exporters read: the nodes, held in memory, and the edges in order, a window at a
/// time. Node `i` is the `i`-th entity by id; edges are sorted by their ends and relation, so the
/// edges of one pair are neighbours.
pub trait View: Sync {
    fn node_count(&self) -> usize;
    fn node(&self, i: NodeIndex) -> &Node;
    /// How many distinct entities node `i` is linked to, by any relation.
    fn degree(&self, i: NodeIndex) -> usize;
    fn edge_count(&self) -> usize;
    /// Whether some edge is of `relation`.
    fn has_relation(&self, relation: Relation) -> bool;
    /// Call `f` on every edge in order, about `size` edges at a time; a window never splits the
    /// edges of one pair.
    fn windows(
        &self,
        size: usize,
        f: &mut dyn FnMut(&[EdgeAt<'_>]) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
    /// The whole graph in memory.
    fn whole(&self) -> Result<Cow<'_, Graph>>;
}

/// An edge in order: its number, its two ends (the lower first) and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct EdgeAt<'a> {
    pub index: usize,
    pub a: NodeIndex,
    pub b: NodeIndex,
    pub edge: &'a Edge,
}

impl dyn View + '_ {
    /// The nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        (0..self.node_count()).map(|i| (NodeIndex::new(i), self.node(NodeIndex::new(i))))
    }

    /// Call `f` on every edge in order.
    pub fn each_edge(
        &self,
        mut f: impl FnMut(EdgeAt<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.windows(4096, &mut |window| window.iter().try_for_each(|&e| f(e)))
    }
}

impl View for Graph {
    fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    fn node(&self, i: NodeIndex) -> &Node {
        &self.graph[i]
    }

    fn degree(&self, i: NodeIndex) -> usize {
        Graph::degree(self, i)
    }

    fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    fn has_relation(&self, relation: Relation) -> bool {
        self.graph
            .raw_edges()
            .iter()
            .any(|e| e.weight.relation == relation)
    }

    fn windows(
        &self,
        size: usize,
        f: &mut dyn FnMut(&[EdgeAt<'_>]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let edges = self.graph.raw_edges();
        let ends = |i: usize| (edges[i].source(), edges[i].target());
        let mut window = Vec::with_capacity(size.max(1));
        let mut start = 0;
        while start < edges.len() {
            let mut end = (start + size.max(1)).min(edges.len());
            while end < edges.len() && ends(end) == ends(end - 1) {
                end += 1;
            }
            window.clear();
            window.extend((start..end).map(|i| EdgeAt {
                index: i,
                a: edges[i].source(),
                b: edges[i].target(),
                edge: &edges[i].weight,
            }));
            f(&window)?;
            start = end;
        }
        Ok(())
    }

    fn whole(&self) -> Result<Cow<'_, Graph>> {
        Ok(Cow::Borrowed(self))
    }
}

/// Write one piece of text per edge, in edge order, formatting many edges at once on the current
/// rayon pool: each window of edges is cut into chunks, each chunk is formatted into its own
/// buffer in parallel, and the buffers are written in order. On more than one thread a window is
/// formatted while the one before is written (so `w` must be `Send`). The bytes are the same on
/// any number of threads; memory holds two windows' text. `piece` is given the window and the
/// position of the edge in it, so that it can see the other edges of the same pair.
///
/// With `reads_evidence`, the pieces write the text of each edge's evidence: the sentences lie
/// all over the heap, so a chunk's are read before it is formatted, in one loop of independent
/// reads whose cache misses overlap rather than wait one by one.
pub(crate) fn per_edge<W, F>(
    graph: &dyn View,
    w: &mut W,
    reads_evidence: bool,
    piece: F,
) -> std::io::Result<()>
where
    W: Write + Send + ?Sized,
    F: Fn(&[EdgeAt<'_>], usize, &mut Vec<u8>) -> std::io::Result<()> + Sync,
{
    use rayon::prelude::*;
    const CHUNK: usize = 256;
    let size = CHUNK * rayon::current_num_threads() * 4;
    let write = |w: &mut W, buffers: Vec<std::io::Result<Vec<u8>>>| -> std::io::Result<()> {
        for buf in buffers {
            w.write_all(&buf?)?;
        }
        Ok(())
    };
    let format = |window: &[EdgeAt<'_>]| -> Vec<std::io::Result<Vec<u8>>> {
        (0..window.len())
            .into_par_iter()
            .step_by(CHUNK)
            .map(|first| {
                let last = (first + CHUNK).min(window.len());
                let mut room = (last - first) * 256;
                if reads_evidence {
                    let (touched, evidence) = touch_evidence(&window[first..last]);
                    std::hint::black_box(touched);
                    room += evidence;
                }
                let mut buf = Vec::with_capacity(room);
                for i in first..last {
                    piece(window, i, &mut buf)?;
                }
                Ok(buf)
            })
            .collect()
    };
    if rayon::current_num_threads() == 1 {
        return graph.windows(size, &mut |window| write(w, format(window)));
    }
    // With more threads than one, a window's pieces are made while the window before is
    // written: the file is written in the same order, without the threads waiting for it.
    let mut pending = Vec::new();
    graph.windows(size, &mut |window| {
        let (made, written) =
            rayon::join(|| format(window), || write(w, std::mem::take(&mut pending)));
        written?;
        pending = made;
        Ok(())
    })?;
    write(w, pending)
}

/// A byte of every cache line of the evidence texts and document ids of `edges`, folded into one
/// so that no read can be left out; and the room their places take written: each writes its
/// sentence and document id with its fields and its edge's, and a buffer sized for all is not
/// copied as it doubles.
fn touch_evidence(edges: &[EdgeAt<'_>]) -> (u8, usize) {
    let lines = |s: &str| s.as_bytes().chunks(64).fold(0, |x, line| x ^ line[0]);
    edges
        .iter()
        .flat_map(|at| &at.edge.evidence)
        .fold((0, 0), |(x, room), ev| {
            (
                x ^ lines(&ev.text) ^ lines(&ev.doc),
                room + ev.text.len() + ev.doc.len() + 256,
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Node;
    use crate::relations::Relation;

    #[test]
    fn writeback_passes_every_byte_through_across_its_steps() {
        // Pieces of uneven sizes, past two steps: the file holds them in order, none lost.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let mut want = Vec::new();
        let mut w = Writeback::new(fs::File::create(&path).unwrap());
        let mut size = 1;
        while want.len() as u64 <= 2 * Writeback::STEP + 7 {
            let piece: Vec<u8> = (0..size).map(|i| (i * 31 + want.len()) as u8).collect();
            w.write_all(&piece).unwrap();
            want.extend_from_slice(&piece);
            size = size * 3 % 1_000_003 + 1;
        }
        w.flush().unwrap();
        assert!(w.started > 0 && w.started <= w.written);
        assert_eq!(w.written, want.len() as u64);
        drop(w);
        assert!(fs::read(&path).unwrap() == want, "the file differs");
    }

    /// 100 people, every pair linked, some pairs by two or three relations: enough edges for
    /// several windows of chunks on three threads, with pairs across chunk boundaries.
    fn many_edges() -> Graph {
        let mut graph = Graph::default();
        let nodes: Vec<_> = (0..100)
            .map(|i| graph.graph.add_node(Node::person(&format!("{i:03}"))))
            .collect();
        for (k, a) in nodes.iter().enumerate() {
            for b in &nodes[k + 1..] {
                let (i, j) = (a.index(), b.index());
                let relations = [
                    Some(Relation::CoOccurs),
                    ((i + j) % 3 == 0).then_some(Relation::SpokeWith),
                    ((i * j) % 5 == 0).then_some(Relation::Holds),
                ];
                for relation in relations.into_iter().flatten() {
                    let edge = Edge {
                        relation,
                        weight: (i * j) as u64 % 7 + 1,
                        dates: Vec::new(),
                        evidence: Vec::new(),
                    };
                    graph.graph.add_edge(*a, *b, edge);
                }
            }
        }
        graph
    }

    fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(f)
    }

    #[test]
    fn edges_are_written_in_order_on_any_number_of_threads() {
        let graph = many_edges();
        let expected: String = graph
            .edges()
            .enumerate()
            .map(|(k, (_, a, b, e))| format!("{k} {} {} {}\n", a.id, b.id, e.weight))
            .collect();
        for (threads, reads_evidence) in [(1, false), (2, true), (3, false)] {
            let mut out = Vec::new();
            on_threads(threads, || {
                per_edge(&graph, &mut out, reads_evidence, |window, i, buf| {
                    let e = window[i];
                    let (a, b) = (&graph.graph[e.a], &graph.graph[e.b]);
                    writeln!(buf, "{} {} {} {}", e.index, a.id, b.id, e.edge.weight)
                })
            })
            .unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected,
                "{threads} threads"
            );
        }
    }

    #[test]
    fn formats_written_in_parallel_are_the_same_on_any_number_of_threads() {
        let graph = many_edges();
        assert!(
            graph.graph.edge_count() > 6000,
            "{}",
            graph.graph.edge_count()
        );
        let options = Options::default();
        for format in [
            Format::Json,
            Format::Evidence,
            Format::Graphml,
            Format::Gexf,
        ] {
            let one = on_threads(1, || format.render(&graph, &options).unwrap());
            let three = on_threads(3, || format.render(&graph, &options).unwrap());
            assert!(one == three, "{} differs on 3 threads", format.as_str());
        }
        // A pair linked by all three relations lists them on each of its GraphML edges.
        let graphml =
            String::from_utf8(Format::Graphml.render(&graph, &options).unwrap()[0].clone())
                .unwrap();
        let all_three = graphml
            .matches(">co_occurs spoke_with holds</data>")
            .count();
        let expected = (0..100usize)
            .flat_map(|i| (i + 1..100).map(move |j| (i, j)))
            .filter(|&(i, j)| (i + j) % 3 == 0 && (i * j) % 5 == 0)
            .count();
        assert_eq!(all_three, 3 * expected);
    }

    #[test]
    fn files_written_at_once_are_those_rendered_one_by_one() {
        // Every format into one directory, on one thread and on three (the files then written at
        // the same time): each file holds what its format renders alone, and nothing else is left.
        let graph = many_edges();
        let options = Options::default();
        let formats = Format::ALL;
        let dir = tempfile::tempdir().unwrap();
        for threads in [1, 3] {
            let out = dir.path().join(format!("t{threads}"));
            let written = on_threads(threads, || {
                write_files(&graph, &formats, &options, &out).unwrap()
            });
            let mut want = Vec::new();
            for format in formats {
                let rendered = format.render(&graph, &options).unwrap();
                for (name, bytes) in format.file_names().iter().zip(rendered) {
                    want.push((out.join(name), bytes));
                }
            }
            assert_eq!(
                written,
                want.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
            );
            for (path, bytes) in &want {
                assert!(
                    fs::read(path).unwrap() == *bytes,
                    "{threads} threads: {} differs",
                    path.display()
                );
            }
            let left = fs::read_dir(&out).unwrap().count();
            assert_eq!(
                left,
                want.len(),
                "{threads} threads: no temporary file left"
            );
        }
    }

    #[test]
    fn a_file_that_cannot_take_its_place_leaves_no_temporary_file() {
        // A directory where graph.graphml should go: its rename fails, the error names it, and
        // no temporary file of it or of the formats after it is left.
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("graph.graphml")).unwrap();
        let formats = [Format::Dot, Format::Graphml, Format::Edges];
        let err = write_files(&many_edges(), &formats, &Options::default(), dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("graph.graphml"), "{err}");
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["graph.dot", "graph.graphml"]);
    }

    #[test]
    fn windows_never_split_a_pair() {
        let graph = many_edges();
        for size in [1, 2, 7, 4096] {
            let mut seen = Vec::new();
            let view: &dyn View = &graph;
            view.windows(size, &mut |window| {
                assert!(
                    !window.is_empty() && window.len() <= size + 2,
                    "size {size}"
                );
                seen.push((window[0].index, window.len()));
                Ok(())
            })
            .unwrap();
            let mut next = 0;
            for &(first, len) in &seen {
                assert_eq!(first, next, "size {size}: windows in order, none skipped");
                next += len;
                if first > 0 {
                    let (before, at) = (
                        &graph.graph.raw_edges()[first - 1],
                        &graph.graph.raw_edges()[first],
                    );
                    assert_ne!(
                        (before.source(), before.target()),
                        (at.source(), at.target()),
                        "size {size}: a window starts inside a pair at edge {first}"
                    );
                }
            }
            assert_eq!(next, graph.graph.edge_count());
        }
    }

    #[test]
    fn the_edges_file_is_the_edge_set() {
        // Labels shared by several nodes, so that their edges fall on the same lines.
        let mut graph = many_edges();
        for (k, i) in graph.graph.node_indices().enumerate() {
            graph.graph[i].label = format!("Name {}", (k * 7) % 31);
        }
        let written = Format::Edges.render(&graph, &Options::default()).unwrap();
        let text = String::from_utf8(written[0].clone()).unwrap();
        let (comment, lines) = text.split_once('\n').unwrap();
        assert!(comment.starts_with("# gazegraph edges"), "{comment}");
        assert_eq!(lines, graph.edge_set().to_string());
        assert!(lines.lines().count() < graph.graph.edge_count());
    }
}
