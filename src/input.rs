//! Input: the documents named on the command line.
//!
//! A path is a file, a directory (walked recursively in name order, hidden entries and linked
//! directories skipped) or
//! `-` for standard input. Each document's id is its path as found, so evidence names the file.
//! Bytes that are not UTF-8 are replaced and reported; a path that cannot be read is an error
//! that names it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
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
    })
}
