//! Evidence writer: one JSON line per edge and place it was read, for auditing an edge.
//!
//! Fields: `source`, `target` (entity ids), `source_label`, `target_label`, `relation`, `doc`,
//! `sentence`, `start`, `end` (byte offsets into the document as decoded), `rule`, `text`, and
//! `date` when the document has one.

use std::io::{self, Write};

use super::View;
use super::json_text as json;
use crate::relations::Evidence;

/// Where an edge was read, as the fields of a JSON object (`"doc":...` to `"date":...`), as both
/// JSON formats write it.
pub(crate) fn place(out: &mut Vec<u8>, ev: &Evidence) {
    // Each field's comma, key and colon go in as one piece.
    out.extend_from_slice(b"\"doc\":");
    json::string(out, &ev.doc);
    for (name, n) in [
        (&b",\"sentence\":"[..], ev.sentence),
        (b",\"start\":", ev.start),
        (b",\"end\":", ev.end),
    ] {
        out.extend_from_slice(name);
        json::number(out, n as u64);
    }
    out.extend_from_slice(b",\"rule\":");
    json::string(out, &ev.rule);
    out.extend_from_slice(b",\"text\":");
    json::string(out, &ev.text);
    if let Some(date) = ev.date {
        out.extend_from_slice(b",\"date\":");
        json::date(out, date);
    }
}

/// Write every edge's evidence as JSON Lines.
pub fn write(graph: &dyn View, w: &mut (impl Write + Send)) -> io::Result<()> {
    super::per_edge(graph, w, true, |window, i, buf| {
        let at = window[i];
        let (a, b, e) = (graph.node(at.a), graph.node(at.b), at.edge);
        for ev in &e.evidence {
            buf.push(b'{');
            json::string_fields(
                buf,
                &[
                    ("source", &a.id),
                    ("target", &b.id),
                    ("source_label", &a.label),
                    ("target_label", &b.label),
                    ("relation", e.relation.as_str()),
                ],
            );
            place(buf, ev);
            buf.extend_from_slice(b"}\n");
        }
        Ok(())
    })
}
