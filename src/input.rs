//! Input: the documents named on the command line.
//!
//! A path is a file, a directory (walked recursively in name order, hidden entries and linked
//! directories skipped) or `-` for standard input. A file is one document whose id is its path
//! as found, so evidence names the file; a `.jsonl` or `.ndjson` file holds one document per
//! line (`id`, `text`, and optional `date`, `title`, `url`), whose id is its `id` field. Bytes
//! that are not UTF-8 are replaced and reported; a path that cannot be read, or a line that is
//! not a valid document, is an error that names it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};
use crate::gazetteer::Date;
use crate::text::{self, Document};

/// One place to read a document from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// The document id: the path, or `<stdin>`.
    pub fn id(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// Expand paths into document sources: files as given, directories walked, `-` as stdin. A file
/// named twice (or reached twice) is read once.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let out = expand(paths)?;
    let mut seen = std::collections::HashSet::new();
    Ok(out
        .into_iter()
        .filter(|s| match s {
            Source::Stdin => seen.insert(None),
            Source::File(p) => seen.insert(Some(fs::canonicalize(p).unwrap_or_else(|_| p.clone()))),
        })
        .collect())
}

fn expand(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let meta = fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(Source::File(p.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
        .collect::<Result<_>>()?;
    entries.sort();
    for path in entries {
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        let link = fs::symlink_metadata(&path).map_err(|e| Error::io(&path, e))?;
        let meta = fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            // A linked directory is not followed: links can make loops.
            if !link.file_type().is_symlink() {
                walk(&path, out)?;
            }
        } else if meta.is_file() {
            out.push(Source::File(path));
        }
    }
    Ok(())
}

/// A document read from a source; `replaced` is true when invalid UTF-8 was replaced.
pub struct Input {
    pub document: Document,
    pub replaced: bool,
    /// Whether the source gave the document's date (a JSON Lines `date`), which `--date` does
    /// not override.
    pub dated: bool,
}

/// One document of a JSON Lines file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    url: Option<String>,
}

/// Whether a path names a JSON Lines file of documents.
pub fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("jsonl") || x.eq_ignore_ascii_case("ndjson"))
}

/// Read and prepare the documents of one source: one for a text file, one per line for JSON
/// Lines. A line's `date` dates its document; its `title` heads the text as its own paragraph.
pub fn read_all(source: &Source) -> Result<Vec<Input>> {
    let Source::File(path) = source else {
        return Ok(vec![read(source)?]);
    };
    if !is_json_lines(path) {
        return Ok(vec![read(source)?]);
    }
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let (all, replaced) = text::decode(&bytes);
    let mut out = Vec::new();
    for (i, raw) in all.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let at = |column: usize| Location::new(path.display().to_string(), i + 1, column.max(1));
        let line: Line = serde_json::from_str(raw).map_err(|e| {
            let msg = e.to_string();
            let msg = msg
                .rfind(" at line ")
                .map_or(msg.as_str(), |k| &msg[..k])
                .to_string();
            Error::data(at(e.column()), format!("not a document: {msg}"))
        })?;
        let date = match &line.date {
            None => None,
            Some(d) => Some(
                Date::parse(d.get(..10).unwrap_or(d))
                    .filter(Date::is_full)
                    .ok_or_else(|| {
                        Error::data(at(1), format!("invalid date {d:?}: expected YYYY-MM-DD"))
                    })?,
            ),
        };
        let text = match &line.title {
            Some(title) if !title.trim().is_empty() => format!("{title}\n\n{}", line.text),
            _ => line.text,
        };
        let id = line
            .id
            .unwrap_or_else(|| format!("{}:{}", path.display(), i + 1));
        out.push(Input {
            document: Document::new(id, text).with_date(date),
            replaced,
            dated: date.is_some(),
        });
    }
    Ok(out)
}

/// Read and prepare one document.
pub fn read(source: &Source) -> Result<Input> {
    let bytes = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Error::io(Path::new("<stdin>"), e))?;
            buf
        }
        Source::File(p) => fs::read(p).map_err(|e| Error::io(p, e))?,
    };
    let (original, replaced) = text::decode(&bytes);
    Ok(Input {
        document: Document::new(source.id(), original),
        replaced,
        dated: false,
    })
}
