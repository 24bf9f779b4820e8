//! Gephi spreadsheet import: `nodes.csv` (Id, Label, Kind, State, Mentions) and `edges.csv`
//! (Source, Target, Type, Kind, Id, Label, Weight).
//!
//! `Type` is `Undirected`; `Kind` is the relation, which keeps a pair's relations apart in Gephi
//! as GEXF's edge kind does. Ids are entity ids. Fields are quoted as RFC 4180 asks: when they
//! hold a comma, a quote or a line break, with quotes doubled. Lines end in CRLF.

use std::io::{self, Write};

use super::View;
use super::json_text::{number, weight};

/// Write the node table.
pub fn write_nodes(graph: &dyn View, w: &mut impl Write) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(b"Id,Label,Kind,State,Mentions\r\n");
    for (_, n) in graph.nodes() {
        let state = n.state.as_ref().map_or("", |s| s.label.as_str());
        field(&mut buf, &n.id);
        buf.push(b',');
        field(&mut buf, &n.label);
        buf.push(b',');
        buf.extend_from_slice(n.kind.as_str().as_bytes());
        buf.push(b',');
        field(&mut buf, state);
        buf.push(b',');
        number(&mut buf, n.mentions);
        buf.extend_from_slice(b"\r\n");
        if buf.len() >= 1 << 16 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    w.write_all(&buf)
}

/// Write the edge table, its rows made on every thread and written in order.
pub fn write_edges(graph: &dyn View, w: &mut (impl Write + Send)) -> io::Result<()> {
    w.write_all(b"Source,Target,Type,Kind,Id,Label,Weight\r\n")?;
    super::per_edge(graph, w, false, |window, i, buf| {
        let at = window[i];
        let (a, b, e) = (graph.node(at.a), graph.node(at.b), at.edge);
        let rel = e.relation.as_str().as_bytes();
        field(buf, &a.id);
        buf.push(b',');
        field(buf, &b.id);
        buf.extend_from_slice(b",Undirected,");
        buf.extend_from_slice(rel);
        buf.extend_from_slice(b",e");
        number(buf, at.index as u64);
        buf.push(b',');
        buf.extend_from_slice(rel);
        buf.push(b',');
        weight(buf, e.weight);
        buf.extend_from_slice(b"\r\n");
        Ok(())
    })
}

/// `s` as one CSV field: without the characters no reader accepts, and quoted (quotes doubled)
/// when it holds a comma, a quote or a line break, or starts or ends with blanks. Most fields
/// are printable ASCII with none of those, and go in as they are.
fn field(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let plain = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes
            .iter()
            .all(|&b| (b' '..=b'~').contains(&b) && b != b',' && b != b'"');
    if plain {
        out.extend_from_slice(bytes);
        return;
    }
    let clean: String = s.chars().filter(|&c| !super::is_forbidden(c)).collect();
    if clean.contains([',', '"', '\n', '\r']) || clean.trim() != clean {
        out.push(b'"');
        out.extend_from_slice(clean.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(clean.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_table() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (" pad", "\" pad\""),
            ("bell\u{7}", "bell"),
            ("", ""),
            ("pad ", "\"pad \""),
            ("Zoë Ali", "Zoë Ali"),
            ("tab\tin", "tab\tin"),
            ("del\u{7f}", "del"),
            ("Hà Nội, Việt Nam", "\"Hà Nội, Việt Nam\""),
            ("\u{a0}nbsp", "\"\u{a0}nbsp\""),
        ];
        for (input, want) in cases {
            let mut out = Vec::new();
            super::field(&mut out, input);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{input:?}");
        }
    }
}
