//! Partials: what one shard of a corpus yielded, as a file to merge with the others.
//!
//! `gazegraph extract --emit FILE` writes the [`Tally`] of its documents, with the totals and the
//! settings that shaped it, as one line of JSON; `gazegraph merge` reads any number of them (a
//! file may hold several, one per line, as a `rdd.pipe` output does) and merges them into the
//! tally of all their documents: the same graph, byte for byte, as one run over the whole corpus.
//! Only partials made with the same settings (window, relations, evidence cap, gazetteer and
//! version) merge; anything else is an error that names the file and line.

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::corpus::Totals;
use crate::error::{Error, Location, Result};
use crate::gazetteer::{Date, Kind};
use crate::graph::{Node, StateRef, Tallied, Tally};
use crate::relations::{Evidence, Relation};

/// The `format` of a partial file.
pub const FORMAT: &str = "gazegraph-partial/1";

/// What must agree for partials to merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The gazegraph version that wrote the partial.
    pub version: String,
    pub window: String,
    pub relations: Vec<String>,
    /// The cap on evidence per edge; `None` for all.
    pub max_evidence: Option<u64>,
    /// [`Gazetteer::fingerprint`](crate::Gazetteer::fingerprint) of the gazetteer used.
    pub gazetteer: String,
}

/// One shard's tally with its totals and settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partial {
    pub settings: Settings,
    pub totals: Totals,
    pub tally: Tally,
}

impl Partial {
    /// Write as one line of JSON.
    pub fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let record = Record::of(self);
        serde_json::to_writer(&mut *w, &record)?;
        w.write_all(b"\n")
    }

    /// Read the partials of `reader` (one per non-blank line) one at a time, handing each to
    /// `each` with its line number before the next is read, so that only one is held at a time
    /// however many lines the input has. `origin` names the input in errors.
    pub fn read_each(
        reader: impl BufRead,
        origin: &str,
        mut each: impl FnMut(usize, Partial) -> Result<()>,
    ) -> Result<()> {
        for (i, line) in reader.lines().enumerate() {
            let at = |column: usize| Location::new(origin, i + 1, column.max(1));
            let line = line.map_err(|e| Error::data(at(1), format!("cannot read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(&line).map_err(|e| {
                let msg = crate::error::json_message(&e);
                Error::data(at(e.column()), format!("not a gazegraph partial: {msg}"))
            })?;
            drop(line);
            let partial = record.partial().map_err(|msg| Error::data(at(1), msg))?;
            each(i + 1, partial)?;
        }
        Ok(())
    }

    /// [`read_each`](Partial::read_each) for a file (`-` for standard input).
    pub fn read_path_each(
        path: &Path,
        each: impl FnMut(usize, Partial) -> Result<()>,
    ) -> Result<()> {
        if path.as_os_str() == "-" {
            return Partial::read_each(std::io::stdin().lock(), "<stdin>", each);
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let origin = path.display().to_string();
        Partial::read_each(std::io::BufReader::new(file), &origin, each)
    }
}

/// Merges partials in any order and grouping into the same result.
#[derive(Default)]
pub struct Merger {
    merged: Option<Partial>,
}

impl Merger {
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Add a partial read `at` a file, or file and line (for errors).
    pub fn add(&mut self, at: Location, partial: Partial) -> Result<()> {
        let Some(merged) = &mut self.merged else {
            self.merged = Some(partial);
            return Ok(());
        };
        if merged.settings != partial.settings {
            return Err(Error::data(
                at,
                format!(
                    "made with other settings than the partials before it, so it cannot be \
                     merged with them: {}",
                    differences(&merged.settings, &partial.settings)
                ),
            ));
        }
        merged.totals.add(&partial.totals);
        merged.tally.merge(partial.tally);
        Ok(())
    }

    /// The merged partial, if any was added.
    pub fn finish(self) -> Option<Partial> {
        self.merged
    }
}

fn differences(a: &Settings, b: &Settings) -> String {
    let mut out = Vec::new();
    let mut differ = |name: &str, x: String, y: String| {
        if x != y {
            out.push(format!("{name} {x} here, {y} before"));
        }
    };
    differ("version", b.version.clone(), a.version.clone());
    differ("window", b.window.clone(), a.window.clone());
    differ("relations", b.relations.join(","), a.relations.join(","));
    let cap = |m: Option<u64>| m.map_or("all".to_string(), |m| m.to_string());
    differ("max_evidence", cap(b.max_evidence), cap(a.max_evidence));
    differ("gazetteer", b.gazetteer.clone(), a.gazetteer.clone());
    out.join("; ")
}

/// The file form of a partial.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    format: String,
    settings: Settings,
    totals: Totals,
    nodes: Vec<NodeRecord>,
    edges: Vec<EdgeRecord>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeRecord {
    id: String,
    label: String,
    kind: String,
    mentions: u64,
    state: Option<StateRecord>,
    dates: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateRecord {
    id: String,
    label: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeRecord {
    a: String,
    b: String,
    relation: String,
    weight: u64,
    dates: Vec<String>,
    evidence: Vec<EvidenceRecord>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceRecord {
    doc: String,
    sentence: usize,
    start: usize,
    end: usize,
    text: String,
    rule: String,
    date: Option<String>,
}

fn dates(list: &[Date]) -> Vec<String> {
    list.iter().map(Date::to_string).collect()
}

fn parse_dates(list: &[String]) -> std::result::Result<Vec<Date>, String> {
    let mut out = Vec::with_capacity(list.len());
    for d in list {
        out.push(parse_date(d)?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn parse_date(d: &str) -> std::result::Result<Date, String> {
    Date::parse(d).ok_or_else(|| format!("invalid date {d:?}"))
}

impl Record {
    fn of(p: &Partial) -> Record {
        Record {
            format: FORMAT.to_string(),
            settings: p.settings.clone(),
            totals: p.totals,
            nodes: p
                .tally
                .nodes
                .values()
                .map(|n| NodeRecord {
                    id: n.id.clone(),
                    label: n.label.clone(),
                    kind: n.kind.as_str().to_string(),
                    mentions: n.mentions,
                    state: n.state.as_ref().map(|s| StateRecord {
                        id: s.id.clone(),
                        label: s.label.clone(),
                    }),
                    dates: dates(&n.dates),
                })
                .collect(),
            edges: p
                .tally
                .edges
                .iter()
                .map(|((a, b, relation), t)| EdgeRecord {
                    a: a.clone(),
                    b: b.clone(),
                    relation: relation.as_str().to_string(),
                    weight: t.weight,
                    dates: dates(&t.dates),
                    evidence: t
                        .evidence
                        .iter()
                        .map(|e| EvidenceRecord {
                            doc: e.doc.to_string(),
                            sentence: e.sentence,
                            start: e.start,
                            end: e.end,
                            text: e.text.to_string(),
                            rule: e.rule.to_string(),
                            date: e.date.map(|d| d.to_string()),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn partial(self) -> std::result::Result<Partial, String> {
        if self.format != FORMAT {
            return Err(format!(
                "format {:?} is not {FORMAT:?}, which this gazegraph reads",
                self.format
            ));
        }
        let max = self
            .settings
            .max_evidence
            .map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
        let mut tally = Tally::new(max);
        for n in self.nodes {
            let kind = Kind::parse(&n.kind).ok_or_else(|| format!("unknown kind {:?}", n.kind))?;
            let node = Node {
                id: n.id.clone(),
                label: n.label,
                kind,
                mentions: n.mentions,
                state: n.state.map(|s| StateRef {
                    id: s.id,
                    label: s.label,
                }),
                dates: parse_dates(&n.dates)?,
            };
            if tally.nodes.insert(n.id.clone(), node).is_some() {
                return Err(format!("node {:?} is listed twice", n.id));
            }
        }
        for e in self.edges {
            let relation: Relation = e.relation.parse()?;
            for end in [&e.a, &e.b] {
                if !tally.nodes.contains_key(end) {
                    return Err(format!("edge end {end:?} is not a node"));
                }
            }
            let (a, b) = if e.a <= e.b { (e.a, e.b) } else { (e.b, e.a) };
            let mut evidence = Vec::with_capacity(e.evidence.len());
            for x in e.evidence {
                evidence.push(Evidence {
                    doc: Arc::from(x.doc),
                    sentence: x.sentence,
                    start: x.start,
                    end: x.end,
                    text: Arc::from(x.text),
                    rule: Arc::from(x.rule),
                    date: x.date.as_deref().map(parse_date).transpose()?,
                });
            }
            let tallied = Tallied::of(e.weight, parse_dates(&e.dates)?, evidence, max);
            if tally
                .edges
                .insert((a.clone(), b.clone(), relation), tallied)
                .is_some()
            {
                return Err(format!("edge {a} -- {b} [{}] is listed twice", e.relation));
            }
        }
        Ok(Partial {
            settings: self.settings,
            totals: self.totals,
            tally,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partial(documents: u64) -> Partial {
        Partial {
            settings: Settings {
                version: "0".into(),
                window: "sentence".into(),
                relations: vec!["co_occurs".into()],
                max_evidence: Some(10),
                gazetteer: "g".into(),
            },
            totals: Totals {
                documents,
                ..Totals::default()
            },
            tally: Tally::new(10),
        }
    }

    #[test]
    fn partials_are_handed_over_one_at_a_time_as_their_lines_are_read() {
        let mut input = Vec::new();
        partial(1).write(&mut input).unwrap();
        input.extend_from_slice(b"\n");
        partial(2).write(&mut input).unwrap();
        input.extend_from_slice(b"{not json\n");
        let mut seen = Vec::new();
        let err = Partial::read_each(&input[..], "p.json", |line, p| {
            seen.push((line, p.totals.documents));
            Ok(())
        })
        .unwrap_err();
        // Both partials before the bad line were handed over before it was read.
        assert_eq!(seen, [(1, 1), (3, 2)]);
        assert!(err.to_string().starts_with("p.json:4:"), "{err}");
    }
}
