//! The one error type of the library.
//!
//! Every error that comes from input (a gazetteer file, a document, an output path) names where it
//! happened: the file, and for gazetteer data the line and column, so that a user can go straight
//! to the fault. The binary maps every error to exit code 2.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from loading a gazetteer, reading documents or writing exports.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    location: Option<Location>,
}

/// Where in an input file an error was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it (or `<built-in>` for embedded data).
    pub path: String,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column in characters, if known.
    pub column: Option<usize>,
}

#[derive(Debug)]
enum ErrorKind {
    /// Gazetteer or rule data that is well-formed text but wrong.
    Data(String),
    /// An I/O failure on a path.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A bad argument or combination of arguments.
    Usage(String),
}

impl Error {
    /// Invalid data at a location.
    pub fn data(location: Location, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Data(message.into()),
            location: Some(location),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io {
                path: path.to_path_buf(),
                source,
            },
            location: None,
        }
    }

    /// A bad request from the caller, such as an unknown format name.
    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Usage(message.into()),
            location: None,
        }
    }

    /// Where the error was found, if it came from data.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

impl Location {
    /// A location at a line and column of `path`.
    pub fn new(path: impl Into<String>, line: usize, column: usize) -> Location {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    /// A location that names a file and a line.
    pub fn line(path: impl Into<String>, line: usize) -> Location {
        Location {
            path: path.into(),
            line: Some(line),
            column: None,
        }
    }

    /// A location that names only a file.
    pub fn file(path: impl Into<String>) -> Location {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Data(msg) => match &self.location {
                Some(loc) => write!(f, "{loc}: {msg}"),
                None => write!(f, "{msg}"),
            },
            ErrorKind::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ErrorKind::Usage(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A serde_json error's message without the " at line 1 column 7" it appends: the location
/// that goes with it says that better.
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
