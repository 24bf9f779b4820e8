//! Input: the documents named on the command line, streamed.
//!
//! A path is a file, a directory (walked recursively in name order, hidden entries and linked
//! directories skipped, files filtered by `--glob`) or `-` for standard input. A text file is one
//! document whose id is its path as found, so evidence names the file. A JSON Lines file
//! (`.jsonl`, `.ndjson`, or any file with `--input-format jsonl`) holds one document per line:
//! `id`, `text`, and optional `date`, `title`, `url`, under field names the caller chooses; other
//! fields are ignored. Any of these may be gzip-compressed (recognised by its first bytes).
//!
//! [`Units`] reads the sources one after the other and yields raw units (a file's bytes, or one
//! line) without decoding them, so that decoding and everything after it can run on many
//! threads; [`decode`] turns a unit into a [`Document`]. Nothing is read whole: a JSON Lines file
//! of any size streams line by line, and a document over the size limit is skipped as it is read.
//! Problems (a path that cannot be read, a line that is not a document, a document over the
//! limit) are [`Skipped`] values that name the file and line; the caller reports and counts them.

use std::borrow::Cow;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::error::{Error, Location, Result};
use crate::gazetteer::Date;
use crate::text::{self, Document};

/// One place to read documents from.
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

/// How to read the inputs.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    pub fields: Fields,
    /// Globs that files found in directories must match (`!glob` excludes); files named
    /// directly are always read.
    pub globs: Vec<String>,
    /// The largest document (a text file, or a JSON Lines line) read, in bytes.
    pub max_doc_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            format: Format::Auto,
            fields: Fields::default(),
            globs: Vec::new(),
            max_doc_bytes: 10 << 20,
        }
    }
}

/// What a file holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines for `.jsonl` and `.ndjson` (also under `.gz`), else text; stdin is text.
    #[default]
    Auto,
    /// Every input is one text document.
    Text,
    /// Every input is JSON Lines.
    JsonLines,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s {
            "auto" => Ok(Format::Auto),
            "text" => Ok(Format::Text),
            "jsonl" => Ok(Format::JsonLines),
            _ => Err(format!(
                "unknown input format {s:?}: expected auto, text or jsonl"
            )),
        }
    }
}

/// The JSON Lines field names of a document's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    pub id: String,
    pub text: String,
    pub date: String,
    pub title: String,
    pub url: String,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
            title: "title".into(),
            url: "url".into(),
        }
    }
}

/// Why an input was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipKind {
    /// A path that cannot be opened or read, or a stream that breaks off (a truncated gzip).
    Unreadable,
    /// A JSON Lines line that is not a document.
    Invalid,
    /// A document over `--max-doc-bytes`.
    TooLarge,
}

/// An input left out, and where.
#[derive(Debug)]
pub struct Skipped {
    pub kind: SkipKind,
    pub error: Error,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl Skipped {
    fn unreadable(path: &Path, e: io::Error) -> Skipped {
        Skipped {
            kind: SkipKind::Unreadable,
            error: Error::io(path, e),
        }
    }

    fn at(kind: SkipKind, location: Location, message: String) -> Skipped {
        Skipped {
            kind,
            error: Error::data(location, message),
        }
    }
}

/// Expand paths into document sources: files as given, directories walked (keeping the files
/// `globs` select), `-` as stdin. A file named twice (or reached twice) is read once. A path that
/// cannot be read is returned as skipped, in order, beside the sources.
pub fn sources(paths: &[PathBuf], globs: &[String]) -> Result<(Vec<Source>, Vec<Skipped>)> {
    let filter = Filter::new(globs)?;
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
            continue;
        }
        match fs::metadata(p) {
            Ok(meta) if meta.is_dir() => walk(p, p, &filter, &mut out, &mut skipped),
            Ok(_) => out.push(Source::File(p.clone())),
            Err(e) => skipped.push(Skipped::unreadable(p, e)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| match s {
        Source::Stdin => seen.insert(None),
        Source::File(p) => seen.insert(Some(fs::canonicalize(p).unwrap_or_else(|_| p.clone()))),
    });
    Ok((out, skipped))
}

/// The `--glob` patterns, matched against a path relative to the directory named.
struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filter {
    fn new(globs: &[String]) -> Result<Filter> {
        let mut include = GlobSetBuilder::new();
        let mut exclude = GlobSetBuilder::new();
        let (mut any_include, mut any_exclude) = (false, false);
        for g in globs {
            let (set, pattern, any) = match g.strip_prefix('!') {
                Some(rest) => (&mut exclude, rest, &mut any_exclude),
                None => (&mut include, g.as_str(), &mut any_include),
            };
            let glob = GlobBuilder::new(pattern)
                .literal_separator(false)
                .build()
                .map_err(|e| Error::usage(format!("--glob {g:?}: {e}")))?;
            set.add(glob);
            *any = true;
        }
        let build = |set: GlobSetBuilder, any: bool| -> Result<Option<GlobSet>> {
            any.then(|| {
                set.build()
                    .map_err(|e| Error::usage(format!("--glob: {e}")))
            })
            .transpose()
        };
        Ok(Filter {
            include: build(include, any_include)?,
            exclude: build(exclude, any_exclude)?,
        })
    }

    fn wants(&self, relative: &Path) -> bool {
        self.include.as_ref().is_none_or(|s| s.is_match(relative))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(relative))
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    filter: &Filter,
    out: &mut Vec<Source>,
    skipped: &mut Vec<Skipped>,
) {
    let entries = match fs::read_dir(dir).and_then(|it| {
        it.map(|e| e.map(|e| e.path()))
            .collect::<io::Result<Vec<_>>>()
    }) {
        Ok(entries) => entries,
        Err(e) => return skipped.push(Skipped::unreadable(dir, e)),
    };
    let mut entries = entries;
    entries.sort();
    for path in entries {
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        let (link, meta) = match (fs::symlink_metadata(&path), fs::metadata(&path)) {
            (Ok(link), Ok(meta)) => (link, meta),
            (Err(e), _) | (_, Err(e)) => {
                skipped.push(Skipped::unreadable(&path, e));
                continue;
            }
        };
        if meta.is_dir() {
            // A linked directory is not followed: links can make loops.
            if !link.file_type().is_symlink() {
                walk(root, &path, filter, out, skipped);
            }
        } else if meta.is_file() && filter.wants(path.strip_prefix(root).unwrap_or(&path)) {
            out.push(Source::File(path));
        }
    }
}

/// Whether a path names a JSON Lines file of documents (also when gzip-compressed).
pub fn is_json_lines(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// The bytes of one document, not yet decoded.
#[derive(Debug)]
pub struct Unit {
    /// The source's id: its path, or `<stdin>`.
    pub source: Arc<str>,
    /// The 1-based line of a JSON Lines document; `None` for a whole file.
    pub line: Option<usize>,
    pub bytes: Vec<u8>,
}

/// Every document unit of `sources`, in order, streamed. Also counts the bytes read from disk
/// (compressed bytes for a gzip file), for progress.
pub struct Units {
    sources: std::vec::IntoIter<Source>,
    options: Options,
    current: Option<Open>,
    read: Arc<AtomicU64>,
}

/// The JSON Lines source being read.
struct Open {
    source: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

impl Units {
    pub fn new(sources: Vec<Source>, options: Options) -> Units {
        Units {
            sources: sources.into_iter(),
            options,
            current: None,
            read: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The number of bytes read from the sources so far, shared with the caller.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.read.clone()
    }

    /// The source as a reader of its text, and whether it is gzip-compressed.
    fn open(&self, source: &Source) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
        let raw: Box<dyn Read + Send> = match source {
            Source::Stdin => Box::new(io::stdin()),
            Source::File(p) => Box::new(File::open(p)?),
        };
        let counted = Counted {
            inner: raw,
            read: self.read.clone(),
        };
        let mut buffered = BufReader::with_capacity(1 << 16, counted);
        let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::bufread::MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        Ok((reader, gzip))
    }

    fn json_lines(&self, source: &Source) -> bool {
        match (self.options.format, source) {
            (Format::JsonLines, _) => true,
            (Format::Text, _) | (Format::Auto, Source::Stdin) => false,
            (Format::Auto, Source::File(p)) => is_json_lines(p),
        }
    }

    /// The next line of the open JSON Lines source, if any.
    fn next_line(&mut self) -> Option<std::result::Result<Unit, Skipped>> {
        let max = self.options.max_doc_bytes;
        let open = self.current.as_mut()?;
        loop {
            let mut bytes = Vec::new();
            open.line += 1;
            let at = |open: &Open| Location::new(open.source.to_string(), open.line, 1);
            match read_line(&mut open.reader, &mut bytes, max) {
                Ok(None) => {
                    self.current = None;
                    return None;
                }
                Ok(Some(length)) if length > max => {
                    return Some(Err(Skipped::at(
                        SkipKind::TooLarge,
                        Location::new(open.source.to_string(), open.line, 1),
                        too_large(Some(length), max),
                    )));
                }
                Ok(Some(_)) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(Unit {
                        source: open.source.clone(),
                        line: Some(open.line),
                        bytes,
                    }));
                }
                Err(e) => {
                    let location = at(open);
                    self.current = None;
                    return Some(Err(Skipped::at(
                        SkipKind::Unreadable,
                        location,
                        format!("cannot read: {e}; the rest of the file is skipped"),
                    )));
                }
            }
        }
    }
}

impl Iterator for Units {
    type Item = std::result::Result<Unit, Skipped>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(unit) = self.next_line() {
                return Some(unit);
            }
            let source = self.sources.next()?;
            let path = match &source {
                Source::Stdin => PathBuf::from("<stdin>"),
                Source::File(p) => p.clone(),
            };
            let read_before = self.read.load(Ordering::Relaxed);
            let (mut reader, gzip) = match self.open(&source) {
                Ok(r) => r,
                Err(e) => return Some(Err(Skipped::unreadable(&path, e))),
            };
            let id: Arc<str> = Arc::from(source.id());
            if self.json_lines(&source) {
                self.current = Some(Open {
                    source: id,
                    reader,
                    line: 0,
                });
                continue;
            }
            let max = self.options.max_doc_bytes;
            let mut bytes = Vec::new();
            return Some(match (&mut reader).take(max + 1).read_to_end(&mut bytes) {
                Err(e) => Err(Skipped::unreadable(&path, e)),
                Ok(_) if bytes.len() as u64 > max => {
                    // The size, to tell it. A plain file's is the file system's: the rest is not
                    // read, but progress counts it. A gzip file's and stdin's are read to their
                    // end; a pipe or device named as a file is left, its size untold.
                    let file = match &source {
                        Source::File(p) => std::fs::metadata(p).ok(),
                        Source::Stdin => None,
                    };
                    let length = match file {
                        Some(m) if m.is_file() && !gzip => {
                            let read = self.read.load(Ordering::Relaxed) - read_before;
                            let rest = m.len().saturating_sub(read);
                            self.read.fetch_add(rest, Ordering::Relaxed);
                            Some(m.len())
                        }
                        Some(m) if !m.is_file() => None,
                        _ => {
                            let rest = io::copy(&mut reader, &mut io::sink()).unwrap_or(0);
                            Some(bytes.len() as u64 + rest)
                        }
                    };
                    Err(Skipped::at(
                        SkipKind::TooLarge,
                        Location::file(source.id()),
                        too_large(length, max),
                    ))
                }
                Ok(_) => Ok(Unit {
                    source: id,
                    line: None,
                    bytes,
                }),
            });
        }
    }
}

fn too_large(length: Option<u64>, max: u64) -> String {
    match length {
        Some(length) => {
            format!("document of {length} bytes is over --max-doc-bytes {max}; skipped")
        }
        None => format!("document is over --max-doc-bytes {max}; skipped"),
    }
}

/// Read one line (without its end) into `out`, keeping at most `max` bytes of it. Returns the
/// line's full length, or `None` at the end of input.
fn read_line(reader: &mut dyn BufRead, out: &mut Vec<u8>, max: u64) -> io::Result<Option<u64>> {
    let mut length: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(length));
        }
        any = true;
        let (part, used, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        length += part.len() as u64;
        if length <= max {
            out.extend_from_slice(part);
        }
        reader.consume(used);
        if done {
            if out.last() == Some(&b'\r') {
                out.pop();
                length -= 1;
            }
            return Ok(Some(length));
        }
    }
}

/// A reader that counts the bytes it passes on.
struct Counted {
    inner: Box<dyn Read + Send>,
    read: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A decoded document.
pub struct Input {
    pub document: Document,
    /// Whether invalid UTF-8 was replaced.
    pub replaced: bool,
    /// Whether the source gave the document's date (a JSON Lines `date`), which `--date` does
    /// not override.
    pub dated: bool,
}

/// Decode one unit: a text file as it is; a JSON Lines line by its fields. A line's `date`
/// dates its document; its `title` heads the text as its own paragraph; a line without an id
/// takes its `url`, else `FILE:LINE`.
pub fn decode(unit: Unit, fields: &Fields) -> std::result::Result<Input, Skipped> {
    let Some(number) = unit.line else {
        let (original, replaced) = text::decode(unit.bytes);
        return Ok(Input {
            document: Document::new(unit.source.to_string(), original),
            replaced,
            dated: false,
        });
    };
    let at = |column: usize| Location::new(unit.source.to_string(), number, column.max(1));
    let (raw, replaced) = text::decode(unit.bytes);
    let mut de = serde_json::Deserializer::from_str(&raw);
    let line = LineSeed(fields)
        .deserialize(&mut de)
        .and_then(|line| de.end().map(|()| line))
        .map_err(|e| {
            Skipped::at(
                SkipKind::Invalid,
                at(e.column()),
                format!("not a document: {}", crate::error::json_message(&e)),
            )
        })?;
    let date = match &line.date {
        None => None,
        Some(d) => Some(
            Date::parse(d.get(..10).unwrap_or(d))
                .filter(Date::is_full)
                .ok_or_else(|| {
                    Skipped::at(
                        SkipKind::Invalid,
                        at(1),
                        format!("invalid {} {d:?}: expected YYYY-MM-DD", fields.date),
                    )
                })?,
        ),
    };
    let text = match &line.title {
        Some(title) if !title.trim().is_empty() => format!("{title}\n\n{}", line.text),
        _ => line.text,
    };
    let id = line
        .id
        .or(line.url)
        .unwrap_or_else(|| format!("{}:{number}", unit.source));
    Ok(Input {
        document: Document::new(id, text).with_date(date),
        replaced,
        dated: date.is_some(),
    })
}

/// One document of a JSON Lines file.
struct Line {
    id: Option<String>,
    text: String,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// Reads a [`Line`] under the field names of [`Fields`], ignoring other fields.
struct LineSeed<'a>(&'a Fields);

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = Line;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<Line, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = Line;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Line, A::Error> {
        let fields = self.0;
        let (mut id, mut text, mut date, mut title, mut url) = (None, None, None, None, None);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let key: &str = &key;
            if key == fields.text {
                text = Some(map.next_value::<String>()?);
            } else if key == fields.id {
                id = map.next_value::<Option<Id>>()?.map(Id::into_string);
            } else if key == fields.date {
                date = map.next_value::<Option<String>>()?;
            } else if key == fields.title {
                title = map.next_value::<Option<String>>()?;
            } else if key == fields.url {
                url = map.next_value::<Option<String>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let text =
            text.ok_or_else(|| de::Error::custom(format!("missing field `{}`", fields.text)))?;
        Ok(Line {
            id,
            text,
            date,
            title,
            url,
        })
    }
}

/// A document id: a string, or a number as many exports write it.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Text(s) => s,
            Id::Number(n) => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &[u8], options: Options) -> Vec<std::result::Result<Unit, Skipped>> {
        let dir = std::env::temp_dir().join(format!("gazegraph-input-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("t{}.jsonl", text.len()));
        fs::write(&path, text).unwrap();
        Units::new(vec![Source::File(path)], options).collect()
    }

    #[test]
    fn lines_stream_with_numbers_and_limits() {
        let options = Options {
            max_doc_bytes: 12,
            ..Options::default()
        };
        let got: Vec<String> = units(
            b"{\"text\":\"a\"}\n\n   \r\n{\"text\":\"far too long\"}\r\n{}",
            options,
        )
        .into_iter()
        .map(|u| match u {
            Ok(u) => format!("{:?} {}", u.line, String::from_utf8(u.bytes).unwrap()),
            Err(s) => format!("{:?} {}", s.kind, s.error.location().unwrap().line.unwrap()),
        })
        .collect();
        assert_eq!(
            got,
            ["Some(1) {\"text\":\"a\"}", "TooLarge 4", "Some(5) {}"]
        );
    }

    #[test]
    fn texts_over_the_limit_are_told_by_their_size_and_counted_as_read() {
        // A plain file's size comes from the file system, a gzip file's from reading it; either
        // way the bytes on disk all count as read, for progress.
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let text = "Xi Jinping met Vladimir Putin. ".repeat(100);
        let plain = dir.path().join("big.txt");
        fs::write(&plain, &text).unwrap();
        let zipped = dir.path().join("big.txt.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        fs::write(&zipped, gz.finish().unwrap()).unwrap();
        let small = dir.path().join("small.txt");
        fs::write(&small, "Xi Jinping met Vladimir Putin.").unwrap();
        let paths = [plain, zipped, small];
        let options = Options {
            max_doc_bytes: 1024,
            ..Options::default()
        };
        let units = Units::new(paths.iter().cloned().map(Source::File).collect(), options);
        let read = units.bytes_read();
        let got: Vec<String> = units
            .map(|u| match u {
                Ok(u) => format!("{} bytes", u.bytes.len()),
                Err(s) => s.error.to_string(),
            })
            .collect();
        let over = format!(
            "document of {} bytes is over --max-doc-bytes 1024; skipped",
            text.len()
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got[0].ends_with(&over) && got[1].ends_with(&over),
            "{got:?}"
        );
        assert_eq!(got[2], "30 bytes");
        let on_disk: u64 = paths.iter().map(|p| fs::metadata(p).unwrap().len()).sum();
        assert_eq!(read.load(Ordering::Relaxed), on_disk);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_over_the_limit_is_left_unread_and_its_size_untold() {
        // A pipe named as an input may never end: it is not read on to tell its size.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("feed.txt");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string naming a path in a fresh directory.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let _ = fs::write(&fifo, "x".repeat(2000));
            })
        };
        let options = Options {
            max_doc_bytes: 1024,
            ..Options::default()
        };
        let got: Vec<String> = Units::new(vec![Source::File(fifo)], options)
            .map(|u| {
                u.map(|_| String::new())
                    .unwrap_or_else(|s| s.error.to_string())
            })
            .collect();
        writer.join().unwrap();
        assert_eq!(got.len(), 1);
        assert!(
            got[0].ends_with("feed.txt: document is over --max-doc-bytes 1024; skipped"),
            "{got:?}"
        );
    }

    #[test]
    fn fields_are_read_under_their_names() {
        // (fields as id, text, date; line; id, text, date or the error)
        let table: &[((&str, &str, &str), &str, &str)] = &[
            (
                ("id", "text", "date"),
                r#"{"id":"a","text":"T","x":[1,{"y":2}]}"#,
                "a|T|None",
            ),
            (("id", "text", "date"), r#"{"id":7,"text":"T"}"#, "7|T|None"),
            (
                ("id", "text", "date"),
                r#"{"url":"http://u","text":"T"}"#,
                "http://u|T|None",
            ),
            (("id", "text", "date"), r#"{"text":"T"}"#, "f:3|T|None"),
            (
                ("key", "body", "published"),
                r#"{"key":"k","body":"B","published":"2020-01-02T10:00"}"#,
                "k|B|Some(2020-01-02)",
            ),
            (
                ("key", "body", "published"),
                r#"{"key":"k","text":"B"}"#,
                "Invalid f:3:22: not a document: missing field `body`",
            ),
            (
                ("id", "text", "date"),
                r#"{"text":"T","date":"soon"}"#,
                "Invalid f:3:1: invalid date \"soon\": expected YYYY-MM-DD",
            ),
            (
                ("id", "text", "date"),
                r#"{"text":"T"} x"#,
                "Invalid f:3:14: not a document: trailing characters",
            ),
            (
                ("id", "text", "date"),
                r#"["T"]"#,
                "Invalid f:3:1: not a document: invalid type: sequence, expected a JSON object",
            ),
        ];
        for &((id, text, date), line, want) in table {
            let fields = Fields {
                id: id.into(),
                text: text.into(),
                date: date.into(),
                ..Fields::default()
            };
            let unit = Unit {
                source: Arc::from("f"),
                line: Some(3),
                bytes: line.as_bytes().to_vec(),
            };
            let got = match decode(unit, &fields) {
                Ok(i) => format!(
                    "{}|{}|{:?}",
                    i.document.id,
                    i.document.original,
                    i.document.date.map(|d| d.to_string())
                )
                .replace("Some(\"", "Some(")
                .replace("\")", ")"),
                Err(s) => format!("{:?} {}", s.kind, s.error),
            };
            assert_eq!(got, want, "{line}");
        }
    }
}
