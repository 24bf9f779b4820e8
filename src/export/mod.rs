//! Exporters: one module per file format, each a deterministic writer over a [`Graph`].
//!
//! Writers render into memory; [`write_files`] then puts every file in place atomically (a
//! temporary file in the same directory, then a rename), so a failed run never leaves a
//! half-written file behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::graph::Graph;

pub mod dot;
pub mod edges;
pub mod evidence;
pub mod graphml;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// GraphML, for Gephi, networkx and igraph.
    Graphml,
    /// JSON Lines, one row per edge and sentence, for auditing.
    Evidence,
    /// The edge-set text form, one `A -- B [relation]` per line, for `gazegraph check`.
    Edges,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Dot,
        Format::Graphml,
        Format::Evidence,
        Format::Edges,
    ];

    /// The name used with `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Graphml => "graphml",
            Format::Evidence => "evidence",
            Format::Edges => "edges",
        }
    }

    /// The file the format is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Dot => "graph.dot",
            Format::Graphml => "graph.graphml",
            Format::Evidence => "graph.evidence.jsonl",
            Format::Edges => "graph.edges",
        }
    }

    /// Render `graph` in this format.
    pub fn render(self, graph: &Graph) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Format::Dot => dot::write(graph, &mut out),
            Format::Graphml => graphml::write(graph, &mut out),
            Format::Evidence => evidence::write(graph, &mut out),
            Format::Edges => edges::write(graph, &mut out),
        }
        .expect("writing to memory cannot fail");
        out
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

/// Write `graph` in every format into `dir`, atomically; returns the paths written.
pub fn write_files(graph: &Graph, formats: &[Format], dir: &Path) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for &format in formats {
            let path = dir.join(format.file_name());
            let tmp = dir.join(format!(".{}.tmp{}", format.file_name(), std::process::id()));
            let mut f = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
            staged.push((tmp.clone(), path));
            f.write_all(&format.render(graph))
                .map_err(|e| Error::io(&tmp, e))?;
            f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    let mut written = Vec::new();
    for (tmp, path) in staged {
        fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Characters no consumer accepts (XML 1.0 and Graphviz both reject control characters).
pub(crate) fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}
