//! Edge sets: a graph's edges as a sorted, comparable set of `(a, b, relation)`, the text form
//! expectations are written in, and the comparison behind [`assert_edges!`](crate::assert_edges)
//! and `gazegraph check`.
//!
//! Relations are undirected, so an [`EdgeKey`] stores its two names in sorted order: `A -- B` and
//! `B -- A` are the same edge. A set is keyed by canonical name ([`Key::Name`], the default) or
//! by gazetteer id ([`Key::Id`], for when two entities share a name).
//!
//! # The text form
//!
//! One edge per line; `--format edges` writes it and `gazegraph check` reads it:
//!
//! ```text
//! # A comment. Blank lines are ignored too.
//! Antony Blinken -- Wang Yi [spoke_with]
//! China -- Russia [co_occurs, spoke_with]   # two edges on one line
//! "Name with -- or [ or # in it" -- Wang Yi [co_occurs]
//! ```
//!
//! A line is `NAME -- NAME [RELATION, ...]`, optionally followed by a `#` comment. A name is
//! written as it is, trimmed, or in double quotes with `\"` and `\\` escapes; it must be quoted
//! when it is empty, has space at either end, or contains `--`, `[`, `]`, `#`, `"` or `\`.
//! Writers quote exactly then, so every set written reads back equal.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Location, Result};
use crate::gazetteer::Gazetteer;
use crate::graph::{Edge, Graph, Node};
use crate::relations::Relation;

/// What names an edge's ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// The entity's canonical name (node label).
    #[default]
    Name,
    /// The entity's gazetteer id.
    Id,
}

impl Key {
    /// The edge between two nodes, named by this key.
    fn edge(self, a: &Node, b: &Node, relation: Relation) -> EdgeKey {
        match self {
            Key::Name => EdgeKey::new(&a.label, &b.label, relation),
            Key::Id => EdgeKey::new(&a.id, &b.id, relation),
        }
    }
}

impl FromStr for Key {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Key, String> {
        match s {
            "name" => Ok(Key::Name),
            "id" => Ok(Key::Id),
            _ => Err(format!("unknown key {s:?}: expected name or id")),
        }
    }
}

/// One undirected edge by its ends' names (or ids) and its relation; `a <= b`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeKey {
    pub a: String,
    pub b: String,
    pub relation: Relation,
}

impl EdgeKey {
    /// The edge between `x` and `y`, in canonical order.
    pub fn new(x: impl Into<String>, y: impl Into<String>, relation: Relation) -> EdgeKey {
        let (x, y) = (x.into(), y.into());
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        EdgeKey { a, b, relation }
    }
}

impl fmt::Display for EdgeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_edge(f, &self.a, &self.b, self.relation)
    }
}

/// The text form of the edge between `a` and `b` (`a <= b`), as [`EdgeKey`] displays it, onto
/// `f`: without an `EdgeKey`, for a writer of many edges.
pub(crate) fn write_edge(
    f: &mut impl fmt::Write,
    a: &str,
    b: &str,
    relation: Relation,
) -> fmt::Result {
    write_name(f, a)?;
    f.write_str(" -- ")?;
    write_name(f, b)?;
    f.write_str(" [")?;
    f.write_str(relation.as_str())?;
    f.write_str("]")
}

/// A sorted set of edges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EdgeSet {
    key: Key,
    edges: BTreeSet<EdgeKey>,
}

impl EdgeSet {
    /// An empty set keyed by canonical name.
    pub fn new() -> EdgeSet {
        EdgeSet::default()
    }

    /// The edges of `graph`, keyed by `key`.
    pub fn of(graph: &Graph, key: Key) -> EdgeSet {
        let edges = graph
            .edges()
            .map(|(_, a, b, e)| key.edge(a, b, e.relation))
            .collect();
        EdgeSet { key, edges }
    }

    /// Read the text form; `origin` names the text in error messages (a path, or `<string>`).
    pub fn parse_named(origin: &str, text: &str) -> Result<EdgeSet> {
        let mut set = EdgeSet::new();
        for (i, line) in text.lines().enumerate() {
            let at = |column: usize| Location::new(origin, i + 1, column);
            let (a, b, relations) = parse_line(line)
                .map_err(|(col, msg)| Error::data(at(line[..col].chars().count() + 1), msg))?;
            let Some(a) = a else { continue };
            if a == b {
                return Err(Error::data(
                    at(1),
                    format!("an edge joins two different entities, but both ends are {a:?}"),
                ));
            }
            for relation in relations {
                set.edges
                    .insert(EdgeKey::new(a.clone(), b.clone(), relation));
            }
        }
        Ok(set)
    }

    /// Read a file in the text form.
    pub fn read(path: &Path) -> Result<EdgeSet> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let origin = path.display().to_string();
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::data(Location::file(&origin), "not valid UTF-8"))?;
        EdgeSet::parse_named(&origin, &text)
    }

    /// What the names in this set are: canonical names or gazetteer ids.
    pub fn key(&self) -> Key {
        self.key
    }

    /// The same edges, read as names (`Key::Name`) or as gazetteer ids (`Key::Id`).
    pub fn with_key(mut self, key: Key) -> EdgeSet {
        self.key = key;
        self
    }

    /// Add the edge between `a` and `b`; false if it was there already.
    pub fn insert(
        &mut self,
        a: impl Into<String>,
        b: impl Into<String>,
        relation: Relation,
    ) -> bool {
        self.edges.insert(EdgeKey::new(a, b, relation))
    }

    /// Whether the set has the edge between `a` and `b`, in either order.
    pub fn contains(&self, a: &str, b: &str, relation: Relation) -> bool {
        self.edges.contains(&EdgeKey::new(a, b, relation))
    }

    pub fn len(&self) -> usize {
        self.edges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// Edges in order: by first name, second name, relation.
    pub fn iter(&self) -> impl Iterator<Item = &EdgeKey> {
        self.edges.iter()
    }

    /// Only the edges of the given relations.
    pub fn only(&self, relations: &[Relation]) -> EdgeSet {
        EdgeSet {
            key: self.key,
            edges: self
                .edges
                .iter()
                .filter(|e| relations.contains(&e.relation))
                .cloned()
                .collect(),
        }
    }

    /// Check that every name in the set names an entity of `gazetteer`, so that a misspelt name
    /// cannot make a `contains` check fail for the wrong reason or an `excludes` check pass.
    /// `origin` names the set in the error.
    pub fn check_names(&self, gazetteer: &Gazetteer, origin: &str) -> Result<()> {
        let mut names: Vec<&str> = Vec::new();
        for e in &self.edges {
            names.push(&e.a);
            names.push(&e.b);
        }
        names.sort_unstable();
        names.dedup();
        // One pass over the gazetteer, however many names: it may hold a million entities.
        let canonical: std::collections::HashSet<&str> = match self.key {
            Key::Name => gazetteer
                .entities()
                .iter()
                .map(|e| e.name.as_str())
                .collect(),
            Key::Id => Default::default(),
        };
        for name in names {
            let known = match self.key {
                Key::Name => canonical.contains(name),
                Key::Id => gazetteer.by_id(name).is_some(),
            };
            if known {
                continue;
            }
            let what = match self.key {
                Key::Name => "canonical name",
                Key::Id => "id",
            };
            let mut msg = format!("no entity in the gazetteer has the {what} {name:?}");
            if let Some(hint) = suggest(gazetteer, name, self.key) {
                msg.push_str(&format!("; did you mean {hint:?}?"));
            }
            return Err(Error::data(Location::file(origin), msg));
        }
        Ok(())
    }
}

/// The entity a user probably meant by an unknown name: the one an alias names, or the one whose
/// name or id matches the other key.
fn suggest(gazetteer: &Gazetteer, name: &str, key: Key) -> Option<String> {
    let folded = name.to_lowercase();
    let hit = gazetteer
        .aliases()
        .iter()
        .find(|a| a.text.to_lowercase() == folded)
        .map(|a| a.entity)
        .or_else(|| gazetteer.find(name))?;
    let e = gazetteer.entity(hit);
    Some(match key {
        Key::Name => e.name.clone(),
        Key::Id => e.id.clone(),
    })
}

impl fmt::Display for EdgeSet {
    /// The text form, one edge per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.edges {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

impl FromStr for EdgeSet {
    type Err = Error;
    fn from_str(s: &str) -> Result<EdgeSet> {
        EdgeSet::parse_named("<string>", s)
    }
}

impl FromIterator<EdgeKey> for EdgeSet {
    fn from_iter<I: IntoIterator<Item = EdgeKey>>(iter: I) -> EdgeSet {
        EdgeSet {
            key: Key::Name,
            edges: iter.into_iter().collect(),
        }
    }
}

impl<'a> IntoIterator for &'a EdgeSet {
    type Item = &'a EdgeKey;
    type IntoIter = std::collections::btree_set::Iter<'a, EdgeKey>;
    fn into_iter(self) -> Self::IntoIter {
        self.edges.iter()
    }
}

/// How expected edges are compared with a graph's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The graph has exactly the expected edges.
    #[default]
    Exact,
    /// The graph has at least the expected edges.
    Contains,
    /// The graph has none of the expected edges.
    Excludes,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Exact => "exact",
            Mode::Contains => "contains",
            Mode::Excludes => "excludes",
        }
    }
}

/// The outcome of comparing expected edges with a graph.
#[derive(Clone, Debug)]
pub struct Report<'g> {
    pub mode: Mode,
    /// Expected edges the graph lacks (`exact`, `contains`).
    pub missing: Vec<EdgeKey>,
    /// Edges the graph has that it should not (`exact`, `excludes`), with the graph's edges that
    /// produced them, for their evidence.
    pub unexpected: Vec<(EdgeKey, Vec<&'g Edge>)>,
}

/// Compare `expected` with `graph`'s edges, keyed as `expected` is.
pub fn compare<'g>(graph: &'g Graph, expected: &EdgeSet, mode: Mode) -> Report<'g> {
    let mut actual: std::collections::BTreeMap<EdgeKey, Vec<&'g Edge>> = Default::default();
    for (_, a, b, e) in graph.edges() {
        actual
            .entry(expected.key.edge(a, b, e.relation))
            .or_default()
            .push(e);
    }
    let missing = match mode {
        Mode::Exact | Mode::Contains => expected
            .iter()
            .filter(|e| !actual.contains_key(e))
            .cloned()
            .collect(),
        Mode::Excludes => Vec::new(),
    };
    let unexpected = match mode {
        Mode::Exact => actual
            .into_iter()
            .filter(|(k, _)| !expected.edges.contains(k))
            .collect(),
        Mode::Excludes => actual
            .into_iter()
            .filter(|(k, _)| expected.edges.contains(k))
            .collect(),
        Mode::Contains => Vec::new(),
    };
    Report {
        mode,
        missing,
        unexpected,
    }
}

impl Report<'_> {
    /// Whether the expectation holds.
    pub fn holds(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }

    /// A one-line account: "holds", or how many edges are missing and unexpected.
    pub fn summary(&self) -> String {
        if self.holds() {
            return format!("{} edge set holds", self.mode.as_str());
        }
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            parts.push(format!("{} missing", self.missing.len()));
        }
        if !self.unexpected.is_empty() {
            let what = match self.mode {
                Mode::Excludes => "excluded but present",
                _ => "unexpected",
            };
            parts.push(format!("{} {what}", self.unexpected.len()));
        }
        format!(
            "{} edge set does not hold: {}",
            self.mode.as_str(),
            parts.join(", ")
        )
    }
}

/// How many sentences of evidence the diff shows under an unexpected edge.
const EVIDENCE_SHOWN: usize = 3;
/// Longest sentence shown, in characters.
const SENTENCE_SHOWN: usize = 200;

impl fmt::Display for Report<'_> {
    /// A unified-style diff: `- edge` for each missing edge, `+ edge` for each unexpected one,
    /// followed by `#` lines with the sentences that produced it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.missing {
            writeln!(f, "- {e}")?;
        }
        for (e, edges) in &self.unexpected {
            writeln!(f, "+ {e}")?;
            let evidence: Vec<_> = edges.iter().flat_map(|e| &e.evidence).collect();
            for ev in evidence.iter().take(EVIDENCE_SHOWN) {
                writeln!(
                    f,
                    "#     {} sentence {} ({}): {}",
                    ev.doc,
                    ev.sentence + 1,
                    ev.rule,
                    shorten(&ev.text)
                )?;
            }
            if evidence.len() > EVIDENCE_SHOWN {
                writeln!(f, "#     and {} more", evidence.len() - EVIDENCE_SHOWN)?;
            }
        }
        Ok(())
    }
}

/// One line of at most `SENTENCE_SHOWN` characters.
fn shorten(text: &str) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let flat = flat.join(" ");
    match flat.char_indices().nth(SENTENCE_SHOWN) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

/// Anything an expected edge set can be given as: an [`EdgeSet`] or its text form.
pub trait Expected {
    fn into_edge_set(self) -> Result<EdgeSet>;
}

impl Expected for EdgeSet {
    fn into_edge_set(self) -> Result<EdgeSet> {
        Ok(self)
    }
}

impl Expected for &EdgeSet {
    fn into_edge_set(self) -> Result<EdgeSet> {
        Ok(self.clone())
    }
}

impl Expected for &str {
    fn into_edge_set(self) -> Result<EdgeSet> {
        self.parse()
    }
}

impl Expected for &String {
    fn into_edge_set(self) -> Result<EdgeSet> {
        self.parse()
    }
}

impl Expected for String {
    fn into_edge_set(self) -> Result<EdgeSet> {
        self.parse()
    }
}

/// Panic with a readable diff unless `graph`'s edges meet `expected` in `mode`; what
/// [`assert_edges!`](crate::assert_edges) calls.
#[track_caller]
pub fn assert_edges(graph: &Graph, mode: Mode, expected: impl Expected) {
    let expected = match expected.into_edge_set() {
        Ok(set) => set,
        Err(e) => panic!("assert_edges!: the expected edges do not parse: {e}"),
    };
    let report = compare(graph, &expected, mode);
    if !report.holds() {
        panic!("{}\n{report}", report.summary());
    }
}

/// Build an [`EdgeSet`] keyed by canonical name:
/// `edges![("Wang Yi", "Liz Truss", SpokeWith), ("China", "Russia", CoOccurs)]`.
///
/// The relation is a [`Relation`](crate::Relation) variant, bare or as a path.
#[macro_export]
macro_rules! edges {
    ($(($a:expr, $b:expr, $relation:expr)),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut set = $crate::edges::EdgeSet::new();
        $(
            set.insert($a, $b, {
                #[allow(unused_imports)]
                use $crate::Relation::*;
                $relation
            });
        )*
        set
    }};
}

/// Assert a graph's edges: `assert_edges!(graph, exact | contains | excludes, expected)`, where
/// `expected` is an [`EdgeSet`] (see [`edges!`](crate::edges!)) or its text form.
///
/// On failure the panic message is a diff: `- edge` for each missing edge, `+ edge` for each
/// unexpected one with the sentences that produced it.
#[macro_export]
macro_rules! assert_edges {
    ($graph:expr, exact, $expected:expr $(,)?) => {
        $crate::edges::assert_edges(&$graph, $crate::edges::Mode::Exact, $expected)
    };
    ($graph:expr, contains, $expected:expr $(,)?) => {
        $crate::edges::assert_edges(&$graph, $crate::edges::Mode::Contains, $expected)
    };
    ($graph:expr, excludes, $expected:expr $(,)?) => {
        $crate::edges::assert_edges(&$graph, $crate::edges::Mode::Excludes, $expected)
    };
}

/// Write `name` as the text form needs it: bare when that reads back the same, else quoted.
fn write_name(f: &mut impl fmt::Write, name: &str) -> fmt::Result {
    let bare = !name.is_empty()
        && name.trim() == name
        && !name.contains("--")
        && !name.contains(['[', ']', '#', '"', '\\'])
        && !name.chars().any(char::is_control);
    if bare {
        return f.write_str(name);
    }
    f.write_str("\"")?;
    for c in name.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            c => f.write_char(c)?,
        }
    }
    f.write_str("\"")
}

/// A parse failure: the byte column in the line, and what is wrong.
type LineError = (usize, String);

/// One line: `None` for a blank or comment line, else both names and the relations.
type Line = (Option<String>, String, Vec<Relation>);

fn parse_line(line: &str) -> std::result::Result<Line, LineError> {
    let mut p = Parser { line, at: 0 };
    p.skip_space();
    if p.rest().is_empty() || p.rest().starts_with('#') {
        return Ok((None, String::new(), Vec::new()));
    }
    let a = p.name("--")?;
    p.skip_space();
    if !p.rest().starts_with("--") {
        return Err((p.at, "expected `--` between the two names".into()));
    }
    p.at += 2;
    p.skip_space();
    let b = p.name("[")?;
    p.skip_space();
    if !p.rest().starts_with('[') {
        return Err((
            p.at,
            "expected the relation in brackets after the names, as in `[spoke_with]`".into(),
        ));
    }
    p.at += 1;
    let close = p
        .rest()
        .find(']')
        .ok_or((p.at, "missing `]`".to_string()))?;
    let mut relations = Vec::new();
    let mut offset = p.at;
    for part in p.rest()[..close].split(',') {
        let lead = part.len() - part.trim_start().len();
        let relation = part
            .trim()
            .parse::<Relation>()
            .map_err(|msg| (offset + lead, msg))?;
        relations.push(relation);
        offset += part.len() + 1;
    }
    p.at += close + 1;
    p.skip_space();
    if !p.rest().is_empty() && !p.rest().starts_with('#') {
        return Err((p.at, "unexpected text after the relation".into()));
    }
    Ok((Some(a), b, relations))
}

struct Parser<'a> {
    line: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.line[self.at..]
    }

    fn skip_space(&mut self) {
        self.at = self.line.len() - self.rest().trim_start().len();
    }

    /// A quoted name, or a bare one that runs up to `end`.
    fn name(&mut self, end: &str) -> std::result::Result<String, LineError> {
        let start = self.at;
        if self.rest().starts_with('"') {
            let mut out = String::new();
            let mut chars = self.rest().char_indices().skip(1);
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.at += i + 1;
                        return Ok(out);
                    }
                    '\\' => match chars.next() {
                        Some((_, '"')) => out.push('"'),
                        Some((_, '\\')) => out.push('\\'),
                        Some((_, 'n')) => out.push('\n'),
                        Some((_, 't')) => out.push('\t'),
                        Some((_, 'r')) => out.push('\r'),
                        _ => {
                            return Err((
                                start + i,
                                r#"unknown escape: use \" or \\ inside quotes"#.into(),
                            ));
                        }
                    },
                    c => out.push(c),
                }
            }
            return Err((start, "missing closing `\"`".into()));
        }
        if end == "--" && !self.rest().contains("--") {
            return Err((
                start,
                "expected `NAME -- NAME [relation]`: no `--` on the line".into(),
            ));
        }
        let len = self.rest().find(end).unwrap_or(self.rest().len());
        let name = self.rest()[..len].trim_end();
        if name.is_empty() {
            return Err((start, "expected a name".into()));
        }
        if let Some(i) = name.find(['[', ']', '#', '"', '\\']) {
            return Err((
                start + i,
                format!("a name with {:?} in it must be quoted", &name[i..i + 1]),
            ));
        }
        if end != "--" && name.contains("--") {
            return Err((
                start + name.find("--").unwrap_or(0),
                "expected one `--` between the two names; quote a name that contains `--`".into(),
            ));
        }
        let name = name.to_string();
        self.at += name.len();
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Relation::{CoOccurs, SpokeWith};

    #[test]
    fn parses_the_text_form() {
        let text = "\
# comment
  Wang Yi -- Antony Blinken [spoke_with]

China -- Russia [co_occurs, spoke_with]  # trailing comment
\"A -- \\\"B\\\" [x] #1\" -- Zed [co_occurs]
";
        let set: EdgeSet = text.parse().unwrap();
        let got: Vec<String> = set.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            got,
            [
                r#""A -- \"B\" [x] #1" -- Zed [co_occurs]"#,
                "Antony Blinken -- Wang Yi [spoke_with]",
                "China -- Russia [co_occurs]",
                "China -- Russia [spoke_with]",
            ]
        );
        assert!(set.contains("Antony Blinken", "Wang Yi", SpokeWith));
        assert!(set.contains("Wang Yi", "Antony Blinken", SpokeWith));
        assert!(!set.contains("Wang Yi", "Antony Blinken", CoOccurs));
    }

    #[test]
    fn every_written_set_reads_back_equal() {
        let names = [
            "plain",
            "",
            " lead",
            "trail ",
            "a--b",
            "x [y]",
            "C#",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "عربي",
            "node",
            "-- ",
            "-",
        ];
        let mut set = EdgeSet::new();
        for a in names {
            for b in names {
                if a != b {
                    set.insert(a, b, SpokeWith);
                }
            }
        }
        let back: EdgeSet = set.to_string().parse().unwrap();
        assert_eq!(back, set);
    }

    #[test]
    fn errors_name_line_and_column() {
        let table = [
            ("A -- B", "<string>:1:7: expected the relation in brackets"),
            ("\nA B [spoke_with]", "<string>:2:1: expected `NAME -- NAME"),
            (
                "A -- B [spoken]",
                "<string>:1:9: unknown relation \"spoken\"",
            ),
            (
                "A -- B [co_occurs, x]",
                "<string>:1:20: unknown relation \"x\"",
            ),
            ("A -- B [spoke_with", "<string>:1:9: missing `]`"),
            ("A -- B [spoke_with] C", "<string>:1:21: unexpected text"),
            (
                "A -- A [spoke_with]",
                "<string>:1:1: an edge joins two different",
            ),
            (" -- B [spoke_with]", "<string>:1:2: expected a name"),
            (
                "A -- B -- C [spoke_with]",
                "<string>:1:8: expected one `--`",
            ),
            ("A# -- B [spoke_with]", "<string>:1:2: a name with \"#\""),
            ("\"A -- B [spoke_with]", "<string>:1:1: missing closing"),
            ("\"A\\x\" -- B [spoke_with]", "<string>:1:3: unknown escape"),
        ];
        for (text, want) in table {
            let err = text.parse::<EdgeSet>().unwrap_err().to_string();
            assert!(
                err.starts_with(want),
                "{text:?}: got {err:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn the_macro_builds_sets() {
        let set = crate::edges![
            ("Wang Yi", "Liz Truss", SpokeWith),
            ("China", "Russia", crate::Relation::CoOccurs),
        ];
        assert_eq!(
            set.to_string(),
            "China -- Russia [co_occurs]\nLiz Truss -- Wang Yi [spoke_with]\n"
        );
        assert!(crate::edges![].is_empty());
    }
}
