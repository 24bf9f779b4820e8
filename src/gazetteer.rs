//! The gazetteer: people, offices, states and organisations, and every name they go by.
//!
//! Data is JSON Lines, one entity per line (format in `gazetteer/README.md`). The built-in files
//! in `gazetteer/` are embedded in the binary; users add files of their own. Loading checks
//! everything a later stage relies on (kinds, unique ids, references, who owns an alias) and
//! reports the first fault with its file, line and column. Matching the names in text is left to
//! `matcher`, choosing between entities that share a name to `resolve`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use serde::Deserialize;

use crate::error::{Error, Location, Result};
use crate::text;

/// The built-in data files, in load order.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "gazetteer/states.jsonl",
        include_str!("../gazetteer/states.jsonl"),
    ),
    (
        "gazetteer/orgs.jsonl",
        include_str!("../gazetteer/orgs.jsonl"),
    ),
    (
        "gazetteer/offices.jsonl",
        include_str!("../gazetteer/offices.jsonl"),
    ),
    (
        "gazetteer/people.jsonl",
        include_str!("../gazetteer/people.jsonl"),
    ),
];

/// Index of an entity in its [`Gazetteer`].
pub type EntityId = u32;

/// No entity: the compact list of states holds it for an entity without a state.
const NO_STATE: EntityId = EntityId::MAX;

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Person,
    Office,
    State,
    Org,
}

impl Kind {
    /// The name used in data files and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Office => "office",
            Kind::State => "state",
            Kind::Org => "org",
        }
    }

    /// The kind a data file or partial names.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "person" => Kind::Person,
            "office" => Kind::Office,
            "state" => Kind::State,
            "org" => Kind::Org,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a name refers to its entity; decides case rules and who may share it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// The canonical name.
    Name,
    /// Another full name ("People's Republic of China", "Sergey Lavrov").
    Alias,
    /// A short form of a person's name ("Wang", "Putin"); may be shared, resolved by context.
    Short,
    /// Letters matched in exact case only ("US", "PRC"), so "us" is never the US.
    Abbreviation,
    /// A state's demonym or adjective ("Chinese").
    Demonym,
    /// A seat of power or capital standing for a state ("Beijing", "the Kremlin").
    Seat,
    /// A generic title ("Foreign Minister", "Foreign Ministry"), matched in any case; may be
    /// shared by the offices of many states and is resolved by the state named beside it.
    Title,
}

impl Form {
    /// Whether several entities may go by the same text in this form.
    pub fn shareable(self) -> bool {
        matches!(self, Form::Short | Form::Title)
    }
}

/// A calendar date, possibly only a year or a year and month (missing parts are 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let year: u16 = parse_digits(parts.next()?, 4)?;
        let month: u8 = match parts.next() {
            Some(m) => parse_digits(m, 2)?,
            None => 0,
        };
        let day: u8 = match parts.next() {
            Some(d) if month > 0 => parse_digits(d, 2)?,
            Some(_) => return None,
            None => 0,
        };
        if parts.next().is_some() || month > 12 || day > days_in_month(year, month) {
            return None;
        }
        if (s.len() > 4 && month == 0) || (s.len() > 7 && day == 0) {
            return None;
        }
        Some(Date { year, month, day })
    }
}

impl std::fmt::Display for Date {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as parsed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl Date {
    /// Whether year, month and day are all known.
    pub fn is_full(&self) -> bool {
        self.day > 0
    }

    /// This date cut to the precision of `other` (a year, a month or a day).
    fn truncated(self, other: Date) -> Date {
        Date {
            year: self.year,
            month: if other.month > 0 { self.month } else { 0 },
            day: if other.day > 0 && other.month > 0 {
                self.day
            } else {
                0
            },
        }
    }
}

fn parse_digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        0 => 0,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A person's term in an office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub office: EntityId,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Term {
    /// Whether the term covers `date`. A term runs from its first day up to, not including, the
    /// day it ends, when the successor takes over; a date given as a year or month covers the
    /// whole of it.
    pub fn covers(&self, date: Date) -> bool {
        let started = self
            .from
            .is_none_or(|f| f.truncated(date) <= date.truncated(f));
        let ended = self.to.is_some_and(|t| {
            if t.is_full() && date.is_full() {
                date >= t
            } else {
                date.truncated(t) > t.truncated(date)
            }
        });
        started && !ended
    }
}

/// One person, office, state or organisation.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Stable id from the data ("person:wang-yi").
    pub id: String,
    pub kind: Kind,
    /// Canonical name, used as the node label.
    pub name: String,
    /// The state a person serves, an office belongs to, or an organisation is part of.
    pub state: Option<EntityId>,
    /// Offices a person held, with dates.
    pub terms: Vec<Term>,
    /// A state's standing at the United Nations.
    pub un: Option<UnStatus>,
}

/// A state's standing at the United Nations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnStatus {
    /// One of the 193 member states.
    Member,
    /// A non-member observer state (the Holy See, Palestine).
    Observer,
    /// Neither (Taiwan, Kosovo).
    NonMember,
}

impl UnStatus {
    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            UnStatus::Member => "member",
            UnStatus::Observer => "observer",
            UnStatus::NonMember => "non-member",
        }
    }

    fn parse(s: &str) -> Option<UnStatus> {
        [UnStatus::Member, UnStatus::Observer, UnStatus::NonMember]
            .into_iter()
            .find(|u| u.as_str() == s)
    }
}

/// A phrase that contains a name of an entity but does not mean it ("New Mexico" for Mexico,
/// "Atlanta, Georgia" for the country): where it stands in text, the name inside is not matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    pub text: String,
    pub entity: EntityId,
}

/// One name of one entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The name, normalised as document text is.
    pub text: String,
    pub entity: EntityId,
    pub form: Form,
}

/// A loaded, checked gazetteer.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    /// Each entity's kind, apart: `resolve` asks it of every match, and this list stays in the
    /// processor's cache where the entities do not.
    kinds: Vec<Kind>,
    /// Each entity's state, apart for the same reason: a title such as "President" has a
    /// candidate office in every state, and `resolve` asks each one's state. `NO_STATE` for none.
    states: Vec<EntityId>,
    aliases: Vec<Alias>,
    exclusions: Vec<Exclusion>,
    by_id: TextTable,
    /// For each office, the people with a term in it, in data order.
    holders: FoldMap<EntityId, Vec<EntityId>>,
    patterns: Patterns,
}

/// The distinct names folded to ASCII lower case, which the matcher searches for, and the aliases
/// behind each: those of name `p` are `members[offsets[p]..offsets[p + 1]]`, in data order.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    /// The texts end to end (one string, not one each: a million names make a million).
    text: String,
    /// Where each text ends in `text`; it starts where the one before ends.
    ends: Vec<u32>,
    pub offsets: Vec<u32>,
    pub members: Vec<u32>,
}

impl Patterns {
    /// How many distinct names there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Name `p`, folded.
    pub fn text(&self, p: u32) -> &str {
        span(&self.text, &self.ends, p)
    }

    /// Every name, folded, in order.
    pub fn texts(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.ends.len() as u32).map(|p| self.text(p))
    }

    /// The aliases (indices into [`Gazetteer::aliases`]) folded to name `p`, in data order.
    pub fn members_of(&self, p: u32) -> &[u32] {
        &self.members[self.range_of(p)]
    }

    /// Where the aliases of name `p` lie in [`Patterns::members`].
    pub fn range_of(&self, p: u32) -> std::ops::Range<usize> {
        let p = p as usize;
        self.offsets[p] as usize..self.offsets[p + 1] as usize
    }
}

/// A hash map with a fast hasher, for the maps of a million names.
pub(crate) type FoldMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Numbers found by the texts they stand for (entities by id, names by folded text): a table
/// of the numbers alone, hashed by texts held elsewhere, which each call's `text_of` tells. No
/// text is copied, and the table is a tenth of the size of a map from strings, so fewer of its
/// lookups miss the cache (on 1M names, most of a map's did).
#[derive(Clone, Debug, Default)]
struct TextTable {
    state: foldhash::fast::RandomState,
    table: hashbrown::HashTable<u32>,
}

impl TextTable {
    fn with_capacity(n: usize) -> TextTable {
        TextTable {
            state: foldhash::fast::RandomState::default(),
            table: hashbrown::HashTable::with_capacity(n),
        }
    }

    fn hash(&self, text: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.state, text)
    }

    /// The number of `text`.
    fn get<'a>(&self, text: &str, text_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.table
            .find(self.hash(text), |&n| text_of(n) == text)
            .copied()
    }

    /// Add `number` for `text`, unless a number stands for it already: then that one, as `Err`.
    fn insert<'a>(
        &mut self,
        text: &str,
        number: u32,
        text_of: impl Fn(u32) -> &'a str,
    ) -> std::result::Result<(), u32> {
        let hash = self.hash(text);
        let state = &self.state;
        let rehash = |&n: &u32| std::hash::BuildHasher::hash_one(state, text_of(n));
        match self.table.entry(hash, |&n| text_of(n) == text, rehash) {
            hashbrown::hash_table::Entry::Occupied(first) => Err(*first.get()),
            hashbrown::hash_table::Entry::Vacant(place) => {
                place.insert(number);
                Ok(())
            }
        }
    }
}

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn built_in() -> Result<Gazetteer> {
        let mut b = Builder::new();
        b.add_built_in()?;
        b.build()
    }

    /// A short hash of everything loaded (FNV-1a, 64 bits, hex): two runs with the same
    /// fingerprint used the same gazetteer, so their partials may merge.
    pub fn fingerprint(&self) -> String {
        struct Fnv(u64);
        impl fmt::Write for Fnv {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                for b in s.bytes() {
                    self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
                Ok(())
            }
        }
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        let _ = fmt::Write::write_fmt(
            &mut h,
            format_args!("{:?}{:?}{:?}", self.entities, self.aliases, self.exclusions),
        );
        format!("{:016x}", h.0)
    }

    /// The distinct names folded to ASCII lower case, what the matcher searches for.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// All entities; an [`EntityId`] indexes this slice.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with index `id`.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id as usize]
    }

    /// The kind of entity `id`: `entity(id).kind`, from a compact list.
    pub fn kind(&self, id: EntityId) -> Kind {
        self.kinds[id as usize]
    }

    /// The state of entity `id`: `entity(id).state`, from a compact list.
    pub fn state(&self, id: EntityId) -> Option<EntityId> {
        Some(self.states[id as usize]).filter(|&s| s != NO_STATE)
    }

    /// All names of all entities.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// Phrases that contain a name but do not mean its entity.
    pub fn exclusions(&self) -> &[Exclusion] {
        &self.exclusions
    }

    /// Look up an entity by its data id.
    pub fn by_id(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id, |e| &self.entities[e as usize].id)
    }

    /// The state an entity belongs to: itself for a state, else the first state up its chain
    /// of `state` links (an office of a ministry of a state belongs to the state).
    pub fn state_of(&self, id: EntityId) -> Option<EntityId> {
        let mut at = id;
        // Links are checked on load to point at states or organisations; the bound guards a cycle.
        for _ in 0..8 {
            let e = self.entity(at);
            if e.kind == Kind::State {
                return Some(at);
            }
            at = e.state?;
        }
        None
    }

    /// Everyone who held `office` at some time.
    pub fn holders(&self, office: EntityId) -> &[EntityId] {
        self.holders.get(&office).map_or(&[], Vec::as_slice)
    }

    /// Who held `office` on `date`: the one person whose term covers the date. Without a date,
    /// the office's only holder ever. `None` when no one or several people qualify.
    pub fn holder(&self, office: EntityId, date: Option<Date>) -> Option<EntityId> {
        let mut found = self
            .holders(office)
            .iter()
            .copied()
            .filter(|&p| match date {
                None => true,
                Some(d) => self
                    .entity(p)
                    .terms
                    .iter()
                    .any(|t| t.office == office && t.covers(d)),
            });
        match (found.next(), found.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// The entity a user means by `name`: an id, a canonical name, or any other name that only
    /// one entity goes by ("Blinken", "PRC"), in any case. The error says what went wrong and
    /// which entities an ambiguous name could mean.
    pub fn lookup(&self, name: &str) -> std::result::Result<EntityId, String> {
        if let Some(found) = self.find(name) {
            return Ok(found);
        }
        let wanted = normalise_name(name).to_lowercase();
        let mut owners: Vec<EntityId> = self
            .aliases
            .iter()
            .filter(|a| a.text.to_lowercase() == wanted)
            .map(|a| a.entity)
            .collect();
        owners.sort_unstable();
        owners.dedup();
        match owners[..] {
            [one] => Ok(one),
            [] => Err(format!("no entity in the gazetteer goes by {name:?}")),
            _ => {
                let names: Vec<&str> = owners
                    .iter()
                    .map(|&e| self.entity(e).name.as_str())
                    .collect();
                Err(format!(
                    "{name:?} may mean {}; give a canonical name or an id",
                    names.join(" or ")
                ))
            }
        }
    }

    /// Look up an entity by its canonical name or data id.
    pub fn find(&self, name_or_id: &str) -> Option<EntityId> {
        self.by_id(name_or_id).or_else(|| {
            self.entities
                .iter()
                .position(|e| e.name == name_or_id)
                .map(|i| i as EntityId)
        })
    }
}

/// The error of line `line` (from `start` to `end` of `file`), which does not parse as a record:
/// it is parsed again for its message, as errors are rare.
fn parse_error(file: &Source, line: usize, start: usize, end: usize) -> Error {
    match serde_json::from_str::<Record>(&file.text[start..end]) {
        Err(e) => Error::data(
            Location::new(file.path.clone(), line, e.column().max(1)),
            crate::error::json_message(&e),
        ),
        // Not reached: the line failed to parse the first time.
        Ok(_) => Error::data(Location::new(file.path.clone(), line, 1), "invalid record"),
    }
}

/// The fields of one line of gazetteer data. Strings are read in place from the file's text
/// (copied only when they hold an escape): what is kept is copied out by [`Builder::build`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(default, borrow)]
    aliases: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    short: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    abbreviations: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    demonyms: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    seats: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    titles: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    state: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    offices: Vec<RecordTerm<'a>>,
    #[serde(default, borrow)]
    un: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    not: Vec<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordTerm<'a> {
    #[serde(borrow)]
    office: Cow<'a, str>,
    #[serde(default, borrow)]
    from: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    to: Option<Cow<'a, str>>,
}

impl Record<'_> {
    /// How many names the record gives its entity.
    fn names(&self) -> usize {
        1 + self.aliases.len()
            + self.short.len()
            + self.abbreviations.len()
            + self.demonyms.len()
            + self.seats.len()
            + self.titles.len()
    }
}

/// A record and where it came from.
struct Sourced<'a> {
    record: Record<'a>,
    path: &'a str,
    line: usize,
    /// The whole file, and the record's line in it.
    file: &'a str,
    span: (usize, usize),
}

/// One file of data as read, and where its records are.
struct Source {
    path: String,
    text: String,
    /// The line number, start and end of each line that holds a record.
    lines: Vec<(usize, usize, usize)>,
}

impl Sourced<'_> {
    /// The location of `needle` (a key or value as written) on the record's line.
    fn at(&self, needle: &str) -> Location {
        let text = &self.file[self.span.0..self.span.1];
        let column = text
            .find(needle)
            .map_or(1, |i| text[..i].chars().count() + 1);
        Location::new(self.path.to_string(), self.line, column)
    }

    fn err(&self, needle: &str, message: impl Into<String>) -> Error {
        Error::data(self.at(needle), message)
    }
}

/// Collects gazetteer files, then parses, checks and builds a [`Gazetteer`]: the errors of the
/// data, with their file and line, come from [`Builder::build`].
#[derive(Default)]
pub struct Builder {
    files: Vec<Source>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Add the built-in data.
    pub fn add_built_in(&mut self) -> Result<&mut Builder> {
        for (name, text) in BUILT_IN {
            self.add_str(&format!("{name} (built-in)"), text)?;
        }
        Ok(self)
    }

    /// Add a data file from disk.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Builder> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let (line, column) = crate::rules::line_column(
                std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or(""),
                at,
            );
            Error::data(
                Location::new(path.display().to_string(), line, column),
                "gazetteer data must be UTF-8",
            )
        })?;
        Ok(self.add_text(path.display().to_string(), text))
    }

    /// Add data from a string; `path` names it in errors.
    pub fn add_str(&mut self, path: &str, text: &str) -> Result<&mut Builder> {
        Ok(self.add_text(path.to_string(), text.to_string()))
    }

    /// Add the data of a file, kept whole: records are read from it in place, and errors quote
    /// it. Its lines are parsed when the gazetteer is built.
    fn add_text(&mut self, path: String, text: String) -> &mut Builder {
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        for (i, (start, line)) in text::lines(&text).enumerate() {
            let line = line.trim_end_matches('\r');
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
                continue;
            }
            lines.push((i + 1, start, start + line.len()));
        }
        self.files.push(Source { path, text, lines });
        self
    }

    /// Every line of every file as a record, in order, or the error of the first that is not one.
    fn parse(&self) -> Result<Vec<Sourced<'_>>> {
        let lines: Vec<(&Source, usize, usize, usize)> = self
            .files
            .iter()
            .flat_map(|f| {
                f.lines
                    .iter()
                    .map(move |&(line, start, end)| (f, line, start, end))
            })
            .collect();
        // Parsing is most of the load time of a large file; lines parse on their own, on the
        // threads of the current pool. On a pool of one thread, they parse here: a record is then
        // freed by the thread that allocated it, which costs mimalloc far less (on 100k names,
        // freeing the records took 4% of a 3 MB run when they came from another thread).
        fn parse<'a>(
            &(file, line, start, end): &(&'a Source, usize, usize, usize),
        ) -> Option<Sourced<'a>> {
            let record = serde_json::from_str(&file.text[start..end]).ok()?;
            Some(Sourced {
                record,
                path: &file.path,
                line,
                file: &file.text,
                span: (start, end),
            })
        }
        // Records are large and a large file has many: they are parsed straight into their
        // place, one list, as memory the system hands out fresh costs it time to clear.
        let parsed: Vec<Option<Sourced>> = if rayon::current_num_threads() == 1 {
            lines.iter().map(parse).collect()
        } else {
            lines.par_iter().map(parse).collect()
        };
        let first_bad = parsed.iter().position(Option::is_none);
        // In place: a record and an optional one take the same memory.
        match parsed.into_iter().collect::<Option<Vec<Sourced>>>() {
            Some(records) => Ok(records),
            None => {
                let (file, line, start, end) = lines[first_bad.expect("a line that failed")];
                Err(parse_error(file, line, start, end))
            }
        }
    }

    /// Check every record and build the gazetteer.
    pub fn build(self) -> Result<Gazetteer> {
        let records = self.parse()?;
        let mut by_id = TextTable::with_capacity(records.len());
        let id_of = |e: EntityId| -> &str { &records[e as usize].record.id };
        let mut kinds = Vec::with_capacity(records.len());
        for (i, s) in records.iter().enumerate() {
            let r = &s.record;
            if r.id.trim().is_empty() || has_forbidden(&r.id) {
                return Err(s.err(
                    "\"id\"",
                    "an id must be non-empty and free of control characters",
                ));
            }
            let kind = Kind::parse(&r.kind).ok_or_else(|| {
                s.err(
                    "\"kind\"",
                    format!(
                        "unknown kind {:?}: expected person, office, state or org",
                        r.kind
                    ),
                )
            })?;
            check_fields(s, kind)?;
            if let Err(first) = by_id.insert(&r.id, i as EntityId, id_of) {
                let f = &records[first as usize];
                return Err(s.err(
                    "\"id\"",
                    format!(
                        "duplicate id {:?}: first defined at {}:{}",
                        r.id, f.path, f.line
                    ),
                ));
            }
            kinds.push(kind);
        }

        let mut entities = Vec::with_capacity(records.len());
        let mut aliases = Vec::with_capacity(records.iter().map(|s| s.record.names()).sum());
        let mut exclusions = Vec::new();
        // The names are copied out of the records, which are then freed whole: strings moved
        // out of them instead would keep every page of the parse in use (BENCHMARKS.md).
        for (i, s) in records.iter().enumerate() {
            let r = &s.record;
            let kind = kinds[i];
            let resolve = |id: &str, want: &[Kind], field: &str| -> Result<EntityId> {
                let found = by_id.get(id, id_of).ok_or_else(|| {
                    s.err(
                        &format!("\"{id}\""),
                        format!("{field} refers to {id:?}, which no gazetteer defines"),
                    )
                })?;
                let got = kinds[found as usize];
                if !want.contains(&got) {
                    let names: Vec<&str> = want.iter().map(|&k| with_article(k)).collect();
                    return Err(s.err(
                        &format!("\"{id}\""),
                        format!(
                            "{field} must name {}, but {id:?} is {}",
                            names.join(" or "),
                            with_article(got)
                        ),
                    ));
                }
                Ok(found)
            };
            // Offices and organisations may belong to an organisation ("EU High Representative").
            let owners: &[Kind] = match kind {
                Kind::Person => &[Kind::State],
                _ => &[Kind::State, Kind::Org],
            };
            let state = match &r.state {
                Some(id) => Some(resolve(id, owners, "state")?),
                None => None,
            };
            let mut terms = Vec::new();
            for t in &r.offices {
                let office = resolve(&t.office, &[Kind::Office], "offices")?;
                let date = |d: &Option<Cow<str>>| -> Result<Option<Date>> {
                    match d {
                        None => Ok(None),
                        Some(d) => Date::parse(d).map(Some).ok_or_else(|| {
                            s.err(
                                &format!("\"{d}\""),
                                format!("invalid date {d:?}: expected YYYY, YYYY-MM or YYYY-MM-DD"),
                            )
                        }),
                    }
                };
                let (from, to) = (date(&t.from)?, date(&t.to)?);
                if let (Some(f), Some(t2)) = (from, to)
                    && t2 < f
                {
                    return Err(s.err(
                        &format!("\"{}\"", t.to.as_deref().unwrap_or("")),
                        format!("term in {:?} ends before it starts", t.office),
                    ));
                }
                terms.push(Term { office, from, to });
            }
            let entity = i as EntityId;
            let mut add = |a: &str, form: Form, field: &str| -> Result<()> {
                // A plain name holds no control character and is already normal.
                let text = if is_plain_name(a) {
                    a.to_string()
                } else if has_forbidden(a) {
                    return Err(s.err(
                        &format!("\"{field}\""),
                        format!("a control character in {field}: no export could carry it"),
                    ));
                } else {
                    normalise_name(a)
                };
                if text.is_empty() {
                    return Err(s.err(&format!("\"{field}\""), format!("an empty name in {field}")));
                }
                aliases.push(Alias { text, entity, form });
                Ok(())
            };
            add(&r.name, Form::Name, "name")?;
            let lists = [
                (&r.aliases, Form::Alias, "aliases"),
                (&r.short, Form::Short, "short"),
                (&r.abbreviations, Form::Abbreviation, "abbreviations"),
                (&r.demonyms, Form::Demonym, "demonyms"),
                (&r.seats, Form::Seat, "seats"),
                (&r.titles, Form::Title, "titles"),
            ];
            for (list, form, field) in lists {
                for a in list {
                    add(a, form, field)?;
                }
            }
            for phrase in &r.not {
                let text = normalise_name(phrase);
                let folded = text.to_ascii_lowercase();
                let mut own = aliases.iter().rev().take_while(|a| a.entity == entity);
                if !own.any(|a| {
                    let name = a.text.to_ascii_lowercase();
                    contains_words(&folded, &name) && name != folded
                }) {
                    return Err(s.err(
                        &format!("\"{phrase}\""),
                        format!(
                            "{phrase:?} in \"not\" must contain one of the entity's own names \
                             and more"
                        ),
                    ));
                }
                exclusions.push(Exclusion { text, entity });
            }
            let un = match &r.un {
                None => None,
                Some(u) => Some(UnStatus::parse(u).ok_or_else(|| {
                    s.err(
                        "\"un\"",
                        format!("unknown UN status {u:?}: expected member, observer or non-member"),
                    )
                })?),
            };
            entities.push(Entity {
                id: r.id.to_string(),
                kind,
                name: r.name.to_string(),
                state,
                terms,
                un,
            });
        }
        let patterns = check_alias_owners(&records, &aliases)?;
        check_exclusions(&records, &aliases, &exclusions)?;
        let mut holders: FoldMap<EntityId, Vec<EntityId>> = FoldMap::default();
        for (i, e) in entities.iter().enumerate() {
            for t in &e.terms {
                let list = holders.entry(t.office).or_default();
                if list.last() != Some(&(i as EntityId)) {
                    list.push(i as EntityId);
                }
            }
        }
        Ok(Gazetteer {
            kinds: entities.iter().map(|e| e.kind).collect(),
            states: entities
                .iter()
                .map(|e| e.state.unwrap_or(NO_STATE))
                .collect(),
            entities,
            aliases,
            exclusions,
            by_id,
            holders,
            patterns,
        })
    }
}

/// Whether `s` holds a character no consumer of our files accepts: never printable ASCII, which
/// most data is, so that is checked a byte at a time first.
fn has_forbidden(s: &str) -> bool {
    !s.bytes().all(|b| matches!(b, b' '..=b'~')) && s.chars().any(forbidden)
}

/// Characters that no consumer of our files accepts (see `export`).
fn forbidden(c: char) -> bool {
    crate::export::is_forbidden(c) || matches!(c, '\n' | '\r' | '\t')
}

/// Normalise a name as document text is normalised, with runs of spaces collapsed.
pub fn normalise_name(s: &str) -> String {
    if is_plain_name(s) {
        return s.to_string(); // The common case, and a large share of load time.
    }
    let (n, _) = text::normalise(s);
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `normalise_name` leaves `s` as it is: printable ASCII, and single spaces between
/// words. One pass over the bytes, where a search for two spaces costs more than the name.
fn is_plain_name(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &c in b {
        match c {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            c if c.is_ascii_graphic() => after_space = false,
            _ => return false,
        }
    }
    true
}

/// Reject fields that mean nothing for a kind, so a typo in the data does not pass silently.
fn check_fields(s: &Sourced, kind: Kind) -> Result<()> {
    let r = &s.record;
    let present = [
        ("short", !r.short.is_empty(), &[Kind::Person][..]),
        ("offices", !r.offices.is_empty(), &[Kind::Person]),
        ("demonyms", !r.demonyms.is_empty(), &[Kind::State]),
        ("seats", !r.seats.is_empty(), &[Kind::State]),
        ("titles", !r.titles.is_empty(), &[Kind::Office, Kind::Org]),
        (
            "abbreviations",
            !r.abbreviations.is_empty(),
            &[Kind::State, Kind::Org],
        ),
        (
            "state",
            r.state.is_some(),
            &[Kind::Person, Kind::Office, Kind::Org],
        ),
        ("un", r.un.is_some(), &[Kind::State]),
    ];
    for (field, set, allowed) in present {
        if set && !allowed.contains(&kind) {
            return Err(s.err(
                &format!("\"{field}\""),
                format!("field {field:?} does not apply to {}", with_article(kind)),
            ));
        }
    }
    if kind == Kind::Office && r.state.is_none() {
        return Err(s.err("\"kind\"", "an office must name its state"));
    }
    Ok(())
}

/// Two entities may share a name only when it is a short form or a title, which `resolve`
/// decides from context. Any other shared name has no rule to decide it and is an error.
///
/// Returns the names as the matcher searches for them: see [`Patterns`].
fn check_alias_owners(records: &[Sourced], aliases: &[Alias]) -> Result<Patterns> {
    // Matching folds ASCII case first, so group by folded text, numbering the texts as they
    // first appear. Each is folded at the end of one string, and kept there if it is new.
    let mut index = TextTable::with_capacity(aliases.len());
    let mut text = String::with_capacity(aliases.iter().map(|a| a.text.len()).sum());
    let mut ends: Vec<u32> = Vec::with_capacity(aliases.len());
    let mut pattern_of = Vec::with_capacity(aliases.len());
    for a in aliases {
        let start = text.len();
        text.push_str(&a.text);
        text[start..].make_ascii_lowercase();
        let next = ends.len() as u32;
        let known = index.insert(&text[start..], next, |p| span(&text, &ends, p));
        let p = match known {
            Err(p) => {
                text.truncate(start);
                p
            }
            Ok(()) => {
                ends.push(text.len() as u32);
                next
            }
        };
        pattern_of.push(p);
    }
    // Kept for the run: many names share a text.
    text.shrink_to_fit();
    ends.shrink_to_fit();
    // The aliases of each name, in data order: a counting sort.
    let mut offsets = vec![0u32; ends.len() + 1];
    for &p in &pattern_of {
        offsets[p as usize + 1] += 1;
    }
    for p in 0..ends.len() {
        offsets[p + 1] += offsets[p];
    }
    let mut next = offsets.clone();
    let mut members = vec![0u32; aliases.len()];
    for (i, &p) in pattern_of.iter().enumerate() {
        members[next[p as usize] as usize] = i as u32;
        next[p as usize] += 1;
    }
    // Within a group, two exact-case names clash only when they are the same text, and a
    // case-blind title clashes with any. A short form or title can only clash with a name that
    // may not be shared, so a surname shared by thousands is checked against those few.
    let mut fixed: Vec<usize> = Vec::new();
    for group in offsets.windows(2) {
        let group = &members[group[0] as usize..group[1] as usize];
        if group.len() < 2 {
            continue;
        }
        fixed.clear();
        for (k, &i) in group.iter().enumerate() {
            let a = &aliases[i as usize];
            let before = group[..k].iter().map(|&j| j as usize);
            let others: Box<dyn Iterator<Item = usize>> = if a.form.shareable() {
                Box::new(fixed.iter().copied())
            } else {
                Box::new(before)
            };
            for j in others {
                let b = &aliases[j];
                let overlap = a.text == b.text || a.form == Form::Title || b.form == Form::Title;
                if b.entity == a.entity || !overlap || (a.form.shareable() && b.form.shareable()) {
                    continue;
                }
                let s = &records[a.entity as usize];
                let first = &records[b.entity as usize];
                return Err(s.err(
                    &format!("\"{}\"", a.text),
                    format!(
                        "{:?} is claimed by both {:?} ({}:{}) and {:?}, and only short forms \
                         and titles may be shared",
                        a.text, first.record.id, first.path, first.line, s.record.id
                    ),
                ));
            }
            if !a.form.shareable() {
                fixed.push(i as usize);
            }
        }
    }
    Ok(Patterns {
        text,
        ends,
        offsets,
        members,
    })
}

/// Text `p` of texts laid end to end in `text`, where each ends at `ends[p]`.
fn span<'t>(text: &'t str, ends: &[u32], p: u32) -> &'t str {
    let p = p as usize;
    let start = if p == 0 { 0 } else { ends[p - 1] as usize };
    &text[start..ends[p] as usize]
}

/// Whether `name` occurs in `phrase` as whole words (both folded to lower case).
fn contains_words(phrase: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    phrase.match_indices(name).any(|(i, m)| {
        !word(phrase[..i].chars().next_back()) && !word(phrase[i + m.len()..].chars().next())
    })
}

/// A phrase in "not" that is itself a name would hide that name everywhere.
fn check_exclusions(
    records: &[Sourced],
    aliases: &[Alias],
    exclusions: &[Exclusion],
) -> Result<()> {
    if exclusions.is_empty() {
        return Ok(());
    }
    // Index the few exclusions, not the many names; only names of a matching length are folded.
    let excluded: FoldMap<String, &Exclusion> = exclusions
        .iter()
        .map(|x| (x.text.to_ascii_lowercase(), x))
        .collect();
    // Whether some exclusion is `n` bytes long: a test of each name, so an array, not a set.
    let mut lengths = vec![false; excluded.keys().map(String::len).max().unwrap_or(0) + 1];
    for text in excluded.keys() {
        lengths[text.len()] = true;
    }
    let of_a_length = |a: &&Alias| lengths.get(a.text.len()).copied().unwrap_or(false);
    for a in aliases.iter().filter(of_a_length) {
        if let Some(x) = excluded.get(&a.text.to_ascii_lowercase()) {
            let owner = a.entity;
            let s = &records[x.entity as usize];
            return Err(s.err(
                &format!("\"{}\"", x.text),
                format!(
                    "{:?} in \"not\" is a name of {:?}; it cannot also be excluded",
                    x.text, records[owner as usize].record.id
                ),
            ));
        }
    }
    Ok(())
}

fn with_article(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "a person",
        Kind::Office => "an office",
        Kind::State => "a state",
        Kind::Org => "an org",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn terms_cover_dates() {
        use super::{Date, Term};
        let d = |s: &str| Date::parse(s).unwrap();
        let term = |from: Option<&str>, to: Option<&str>| Term {
            office: 0,
            from: from.map(d),
            to: to.map(d),
        };
        let cases: &[(Option<&str>, Option<&str>, &str, bool)] = &[
            (Some("2021-07-28"), Some("2022-12-30"), "2022-02-25", true),
            (Some("2021-07-28"), Some("2022-12-30"), "2022-12-30", false),
            (Some("2022-12-30"), Some("2023-07-25"), "2022-12-30", true),
            (Some("2021-07-28"), Some("2022-12-30"), "2021-07-27", false),
            (Some("2005"), Some("2010"), "2010-06-01", true),
            (Some("2005"), Some("2010"), "2011-01-01", false),
            (Some("2005"), Some("2010"), "2004-12-31", false),
            (Some("2013-03-14"), None, "2026-01-01", true),
            (None, None, "1999", true),
            (Some("2021-07-28"), None, "2021", true),
            (Some("2021-07-28"), None, "2020", false),
        ];
        for &(from, to, date, want) in cases {
            assert_eq!(
                term(from, to).covers(d(date)),
                want,
                "{from:?}..{to:?} on {date}"
            );
        }
    }

    use super::*;

    fn load(data: &str) -> Result<Gazetteer> {
        let mut b = Builder::new();
        b.add_str("test.jsonl", data)?;
        b.build()
    }

    const STATE: &str = r#"{"id":"state:x","kind":"state","name":"Xland","demonyms":["Xish"]}"#;

    #[test]
    fn built_in_loads() {
        let g = Gazetteer::built_in().unwrap();
        assert!(g.find("Wang Yi").is_some());
        assert!(g.find("state:china").is_some());
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"id":"a","kind":"planet","name":"A"}"#,
                "test.jsonl:1:11: unknown kind \"planet\"",
            ),
            (
                &format!("{STATE}\n{STATE}"),
                "test.jsonl:2:2: duplicate id \"state:x\": first defined at test.jsonl:1",
            ),
            (
                r#"{"id":"p","kind":"person","name":"P","state":"state:nowhere"}"#,
                "test.jsonl:1:46: state refers to \"state:nowhere\", which no gazetteer defines",
            ),
            (
                &format!(
                    "{STATE}\n{}",
                    r#"{"id":"state:y","kind":"state","name":"Yland","demonyms":["Xish"]}"#
                ),
                "test.jsonl:2:59: \"Xish\" is claimed by both \"state:x\" (test.jsonl:1) and \
                 \"state:y\", and only short forms and titles may be shared",
            ),
            (r#"{"id":"a","kind":"state","name":"A""#, "test.jsonl:1:"),
            (
                r#"{"id":"a","kind":"state","name":"A","aliases":["  "]}"#,
                "test.jsonl:1:37: an empty name in aliases",
            ),
            // Of several lines that do not parse, the first is reported.
            (
                &format!("{STATE}\n{{\"id\":\n[1, 2]\n{{\"id\""),
                "test.jsonl:2:6: EOF while parsing",
            ),
            (
                r#"{"id":"a","kind":"state","name":"A","colour":"red"}"#,
                "test.jsonl:1:44: unknown field `colour`",
            ),
            (
                r#"{"id":"a","kind":"person","name":"A","seats":["B"]}"#,
                "test.jsonl:1:38: field \"seats\" does not apply to a person",
            ),
            (
                r#"{"id":"a","kind":"org","name":"A","un":"member"}"#,
                "test.jsonl:1:35: field \"un\" does not apply to an org",
            ),
            (
                r#"{"id":"a","kind":"state","name":"A","un":"friend"}"#,
                "test.jsonl:1:37: unknown UN status \"friend\"",
            ),
            (
                r#"{"id":"a","kind":"state","name":"Niger","not":["Nigeria"]}"#,
                "test.jsonl:1:48: \"Nigeria\" in \"not\" must contain one of the entity's own names",
            ),
            (
                concat!(
                    r#"{"id":"state:a","kind":"state","name":"New Mexico"}"#,
                    "\n",
                    r#"{"id":"state:m","kind":"state","name":"Mexico","not":["New Mexico"]}"#
                ),
                "test.jsonl:2:55: \"New Mexico\" in \"not\" is a name of \"state:a\"",
            ),
        ];
        let cases = [
            cases,
            &[
                (
                    r#"{"id":"a","kind":"state","name":"Bad\u0007Name"}"#,
                    "test.jsonl:1:26: a control character in name",
                ),
                (
                    r#"{"id":"stätte:\u0085","kind":"state","name":"A"}"#,
                    "test.jsonl:1:2: an id must be non-empty and free of control characters",
                ),
            ][..],
        ]
        .concat();
        for (data, want) in &cases {
            let err = load(data).unwrap_err().to_string();
            assert!(
                err.starts_with(want),
                "for {data}\n got: {err}\nwant: {want}…"
            );
        }
    }

    #[test]
    fn the_first_bad_line_of_the_first_file_is_reported() {
        // Files are parsed when the gazetteer is built, all together: the error is still the
        // first in the order the files were added.
        let mut b = Builder::new();
        b.add_str("one.jsonl", &format!("{STATE}\n\n{{\"id\": 7}}"))
            .unwrap()
            .add_str("two.jsonl", "[]")
            .unwrap();
        let err = b.build().unwrap_err().to_string();
        assert!(err.starts_with("one.jsonl:3:"), "{err}");
    }

    #[test]
    fn escaped_strings_read_as_written_ones() {
        let g = load(concat!(
            r#"{"id":"state:\u0078","kind":"state","name":"X\u006cand","#,
            r#""demonyms":["Xi\"sh"]}"#
        ))
        .unwrap();
        let x = g.entity(g.find("state:x").expect("the escaped id"));
        assert_eq!(x.name, "Xland");
        assert!(g.aliases().iter().any(|a| a.text == "Xi\"sh"));
    }

    #[test]
    fn names_are_normalised_and_plain_ones_kept_as_they_are() {
        // (name as written, as matched, whether it is plain)
        let table = [
            ("Xi Jinping", "Xi Jinping", true),
            ("U.S.", "U.S.", true),
            ("", "", true),
            ("Xi  Jinping", "Xi Jinping", false),
            (" Xi", "Xi", false),
            ("Xi ", "Xi", false),
            ("Xi\tJinping", "Xi Jinping", false),
            ("Zoë Ali", "Zoë Ali", false),
            ("Kyiv\u{2019}s", "Kyiv's", false),
        ];
        for (written, want, plain) in table {
            assert_eq!(
                (normalise_name(written).as_str(), is_plain_name(written)),
                (want, plain),
                "{written:?}"
            );
        }
    }

    #[test]
    fn shared_short_forms_and_titles_are_allowed() {
        let data = format!(
            "{STATE}\n{}\n{}\n{}\n{}",
            r#"{"id":"o1","kind":"office","name":"Xish FM","state":"state:x","titles":["Foreign Minister"]}"#,
            r#"{"id":"o2","kind":"office","name":"Xish deputy FM","state":"state:x","titles":["foreign minister"]}"#,
            r#"{"id":"p1","kind":"person","name":"Liu One","short":["Liu"],"offices":[{"office":"o1","from":"2020-01","to":"2021"}]}"#,
            r#"{"id":"p2","kind":"person","name":"Liu Two","short":["Liu"]}"#,
        );
        let g = load(&data).unwrap();
        assert_eq!(g.entities().len(), 5);
        let p1 = g.entity(g.find("Liu One").unwrap());
        assert_eq!(p1.terms[0].from, Date::parse("2020-01"));
    }

    #[test]
    fn exact_case_abbreviations_do_not_clash_with_other_case() {
        let data = format!(
            "{STATE}\n{}",
            r#"{"id":"o","kind":"org","name":"Union of Stuff","abbreviations":["US"],"aliases":["Us Group"]}"#
        );
        // "US" is claimed once; "Us Group" differs in text.
        assert!(load(&data).is_ok());
    }

    #[test]
    fn readme_example_loads_with_the_built_in_data() {
        let readme = include_str!("../gazetteer/README.md");
        let start = readme.find("```json\n").expect("an example block") + 8;
        let block = &readme[start..start + readme[start..].find("```").unwrap()];
        let mut b = Builder::new();
        b.add_built_in().unwrap();
        b.add_str("gazetteer/README.md", block).unwrap();
        let g = b.build().unwrap();
        let p = g.entity(g.find("Rufus T. Firefly").unwrap());
        assert_eq!(
            g.entity(p.terms[0].office).name,
            "Prime Minister of Freedonia"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2022"),
            Some(Date {
                year: 2022,
                month: 0,
                day: 0
            })
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in ["2023-02-29", "22", "2022-13", "2022-1-01", "2022-01-", "x"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        let err = load(r#"{"id":"a","kind":"person","name":"A","offices":[{"office":"a"}]}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("offices must name an office, but \"a\" is a person"),
            "{err}"
        );
    }
}
