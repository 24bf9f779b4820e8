//! Evidence writer: one JSON line per edge and place it was read, for auditing an edge.
//!
//! Fields: `source`, `target` (entity ids), `source_label`, `target_label`, `relation`, `doc`,
//! `sentence`, `start`, `end` (byte offsets into the document as decoded), `rule`, `text`, and
//! `date` when the document has one.

use std::io::{self, Write};

use serde::Serialize;

use super::View;
use crate::gazetteer::Date;
use crate::relations::Evidence;

#[derive(Serialize)]
struct Row<'a> {
    source: &'a str,
    target: &'a str,
    source_label: &'a str,
    target_label: &'a str,
    relation: &'a str,
    #[serde(flatten)]
    place: Place<'a>,
}

/// Where an edge was read, as the JSON formats write it.
#[derive(Serialize)]
pub(crate) struct Place<'a> {
    doc: &'a str,
    sentence: usize,
    start: usize,
    end: usize,
    rule: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Day>,
}

/// A date written as `YYYY-MM-DD` straight into the output, without a string in between.
#[derive(Clone, Copy)]
pub(crate) struct Day(pub(crate) Date);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'a> Place<'a> {
    pub(crate) fn of(ev: &'a Evidence) -> Place<'a> {
        Place {
            doc: &ev.doc,
            sentence: ev.sentence,
            start: ev.start,
            end: ev.end,
            rule: &ev.rule,
            text: &ev.text,
            date: ev.date.map(Day),
        }
    }
}

/// Write every edge's evidence as JSON Lines.
pub fn write(graph: &dyn View, w: &mut impl Write) -> io::Result<()> {
    super::per_edge(graph, w, |window, i, buf| {
        let at = window[i];
        let (a, b, e) = (graph.node(at.a), graph.node(at.b), at.edge);
        for ev in &e.evidence {
            let row = Row {
                source: &a.id,
                target: &b.id,
                source_label: &a.label,
                target_label: &b.label,
                relation: e.relation.as_str(),
                place: Place::of(ev),
            };
            serde_json::to_writer(&mut *buf, &row)?;
            buf.push(b'\n');
        }
        Ok(())
    })
}
