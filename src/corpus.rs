//! Corpus: every document of every input through the pipeline, streamed and in parallel.
//!
//! The inputs are read in order ([`input::Units`]), by whichever thread holds the reader; the
//! threads of a rayon pool take documents from it a batch at a time, decode them and run the
//! [`Extractor`], each into its own [`GraphBuilder`]; the builders merge at the end (their edges
//! are combined by a parallel sort when the graph is built). Merging is commutative and
//! associative, so the result, and every file written from it, is the same for one thread or
//! many and for any order of the inputs. Memory holds the graph and the documents in flight,
//! not the corpus; with a [`Memory`] budget, the edges beyond it go to disk ([`crate::spill`]).
//!
//! Inputs that cannot be used are reported to the [`Observer`] and counted, in input order
//! whatever the number of threads (a batch's reports wait for the batches before it), after the
//! paths that could not be expanded, which are known before any document is read; with `strict`,
//! the first of them in that order ends the run with its error.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::Extractor;
use crate::error::{Error, Result};
use crate::gazetteer::Date;
use crate::graph::GraphBuilder;
use crate::input::{self, SkipKind, Skipped};
use crate::spill::{self, Spill};

/// How to run over a corpus.
#[derive(Clone, Debug)]
pub struct Options {
    pub input: input::Options,
    /// Worker threads; 0 for one per core.
    pub threads: usize,
    /// End the run at the first input that cannot be used, in input order.
    pub strict: bool,
    /// Dates documents that give no date of their own (`--date`).
    pub date: Option<Date>,
    /// The most evidence kept per edge (none with an extractor
    /// [`without_texts`](Extractor::without_texts)).
    pub max_evidence: usize,
    /// Hold about this many bytes of edges in memory, writing the rest to disk.
    pub memory: Option<Memory>,
}

/// A memory budget for the edges, and where the edges beyond it go.
#[derive(Clone, Debug)]
pub struct Memory {
    pub budget: u64,
    pub dir: PathBuf,
}

/// The evidence kept per edge unless asked otherwise.
pub const MAX_EVIDENCE: usize = 10;

impl Default for Options {
    /// One thread per core, problems counted and skipped, ten places of evidence per edge.
    fn default() -> Options {
        Options {
            input: input::Options::default(),
            threads: 0,
            strict: false,
            date: None,
            max_evidence: MAX_EVIDENCE,
            memory: None,
        }
    }
}

/// Told what happens during a run; called from many threads.
pub trait Observer: Sync {
    /// `bytes` read from the inputs and `documents` done so far.
    fn progress(&self, _bytes: u64, _documents: u64) {}
    /// An input was left out.
    fn skipped(&self, _skipped: &Skipped) {}
    /// A document was read with a fault that did not stop it (invalid UTF-8 replaced).
    fn warning(&self, _message: &str) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// What a run read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    pub documents: u64,
    pub mentions: u64,
    /// Bytes of document text.
    pub bytes: u64,
    pub unreadable: u64,
    pub invalid: u64,
    pub too_large: u64,
}

impl Totals {
    /// Inputs left out, of any kind.
    pub fn skipped(&self) -> u64 {
        self.unreadable + self.invalid + self.too_large
    }

    pub fn add(&mut self, other: &Totals) {
        self.documents += other.documents;
        self.mentions += other.mentions;
        self.bytes += other.bytes;
        self.unreadable += other.unreadable;
        self.invalid += other.invalid;
        self.too_large += other.too_large;
    }

    fn count(&mut self, kind: SkipKind) {
        match kind {
            SkipKind::Unreadable => self.unreadable += 1,
            SkipKind::Invalid => self.invalid += 1,
            SkipKind::TooLarge => self.too_large += 1,
        }
    }
}

/// The total size in bytes of the files among `paths`, as far as it can be known (for a
/// progress bar); `None` when standard input is read.
pub fn size_of(sources: &[input::Source]) -> Option<u64> {
    let mut total = 0;
    for s in sources {
        match s {
            input::Source::Stdin => return None,
            input::Source::File(p) => total += std::fs::metadata(p).map_or(0, |m| m.len()),
        }
    }
    Some(total)
}

/// One worker's share.
struct Share {
    builder: GraphBuilder,
    totals: Totals,
}

impl Share {
    fn merge(mut self, other: Share) -> Share {
        self.builder.merge(other.builder);
        self.totals.add(&other.totals);
        self
    }
}

/// Run `extractor` over every document of `paths` (already expanded into `sources`, with the
/// paths that could not be expanded in `skipped`).
pub fn run(
    extractor: &Extractor,
    sources: Vec<input::Source>,
    skipped: Vec<Skipped>,
    options: &Options,
    observer: &dyn Observer,
) -> Result<(GraphBuilder, Totals)> {
    let mut totals = Totals::default();
    for s in skipped {
        if options.strict {
            return Err(s.error);
        }
        observer.skipped(&s);
        totals.count(s.kind);
    }
    let units = input::Units::new(sources, options.input.clone());
    let read = units.bytes_read();
    let done = AtomicU64::new(0);
    let fields = &options.input.fields;
    let max_evidence = options.max_evidence;
    // The documents are read on the current pool when it has the threads asked for (as the
    // command line's has): a pool of their own would leave these threads idle meanwhile, and
    // their tables of edges would be freed by threads other than those that made them.
    let pool = match options.threads == rayon::current_num_threads() {
        true => None,
        false => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(options.threads)
                .build()
                .map_err(|e| {
                    Error::usage(format!("cannot start {} threads: {e}", options.threads))
                })?,
        ),
    };
    let threads = pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    // Places without their sentences say nothing an output writes: none are kept.
    let evidence = extractor.keeps_texts();
    let edge_bytes = match evidence {
        true => spill::BYTES_PER_EDGE,
        false => spill::BYTES_PER_BARE_EDGE,
    };
    let spill = (options.memory.as_ref())
        .map(|m| Arc::new(Spill::new(&m.dir, m.budget, threads, edge_bytes)));
    let new_share = || {
        let mut builder = GraphBuilder::new(max_evidence);
        if !evidence {
            builder = builder.without_evidence();
        }
        Share {
            builder: match &spill {
                Some(spill) => builder.with_spill(Arc::clone(spill)),
                None => builder,
            },
            totals: Totals::default(),
        }
    };
    let first = FirstProblem::new();
    let told = InOrder::new(observer);
    let work = |mut share: Share,
                (at, unit): (u64, std::result::Result<input::Unit, Skipped>),
                reports: &mut Vec<Report>|
     -> std::result::Result<Share, Error> {
        if first.before(at) {
            return Ok(share); // Under --strict, the run ends at an earlier problem.
        }
        let decoded = unit.and_then(|unit| input::decode(unit, fields));
        let input = match decoded {
            Ok(input) => input,
            Err(s) if options.strict => {
                first.offer(at, s.error);
                return Ok(share);
            }
            Err(s) => {
                share.totals.count(s.kind);
                reports.push(Report::Skipped(s));
                return Ok(share);
            }
        };
        if input.replaced {
            reports.push(Report::Warning(format!(
                "{}: invalid UTF-8 replaced with U+FFFD",
                input.document.id
            )));
        }
        let document = if input.dated {
            input.document
        } else {
            input.document.with_date(options.date)
        };
        let extraction = extractor.document(&document);
        share.totals.documents += 1;
        share.totals.bytes += document.original.len() as u64;
        share.totals.mentions += extraction.mentions.len() as u64;
        share.builder.add(extraction);
        share.builder.spill_if_full(extractor.gazetteer())?;
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(64) {
            observer.progress(read.load(Ordering::Relaxed), n);
        }
        Ok(share)
    };
    let batches = Batches {
        units,
        next: 0,
        batches: 0,
        stop: &first,
    };
    let all = || {
        batches
            .par_bridge()
            .try_fold(new_share, |share, (number, batch)| {
                let mut reports = Vec::new();
                let share = (batch.into_iter())
                    .try_fold(share, |share, unit| work(share, unit, &mut reports));
                told.done(number, reports);
                share
            })
            .try_reduce(new_share, |a, b| Ok(a.merge(b)))
    };
    let share = match &pool {
        Some(pool) => pool.install(all),
        None => all(),
    };
    told.finish();
    let share = share?;
    if let Some(error) = first.take() {
        return Err(error);
    }
    observer.progress(read.load(Ordering::Relaxed), done.load(Ordering::Relaxed));
    totals.add(&share.totals);
    Ok((share.builder, totals))
}

/// Units in batches of up to 64 documents or 256 KiB, so that the threads take work from the
/// reader (behind a lock) a batch at a time, not a document at a time. Each unit is numbered in
/// input order, and so is each batch; no batch is handed out once a problem has ended the run.
struct Batches<'a> {
    units: input::Units,
    /// The number of the next unit.
    next: u64,
    /// The number of the next batch.
    batches: u64,
    stop: &'a FirstProblem,
}

impl Iterator for Batches<'_> {
    type Item = (u64, Vec<(u64, std::result::Result<input::Unit, Skipped>)>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.stop.found() {
            return None;
        }
        let mut batch = Vec::new();
        let mut size = 0;
        while batch.len() < 64 && size < 256 << 10 {
            let Some(unit) = self.units.next() else {
                break;
            };
            size += unit.as_ref().map_or(0, |u| u.bytes.len());
            batch.push((self.next, unit));
            self.next += 1;
        }
        if batch.is_empty() {
            return None;
        }
        self.batches += 1;
        Some((self.batches - 1, batch))
    }
}

/// What a batch has to tell the observer.
enum Report {
    Skipped(Skipped),
    Warning(String),
}

/// Tells the observer each batch's reports in batch order, so in input order whichever thread
/// did the batch: a batch's reports wait until every batch before it is done. One batch a
/// thread is in flight, so few wait, and not long.
struct InOrder<'a> {
    observer: &'a dyn Observer,
    /// The next batch to tell, and the batches done after it with their reports.
    waiting: Mutex<(u64, BTreeMap<u64, Vec<Report>>)>,
}

impl<'a> InOrder<'a> {
    fn new(observer: &'a dyn Observer) -> InOrder<'a> {
        InOrder {
            observer,
            waiting: Mutex::new((0, BTreeMap::new())),
        }
    }

    /// Batch `number` is done: tell its reports, and those waiting for it, if every batch
    /// before it is done.
    fn done(&self, number: u64, reports: Vec<Report>) {
        let mut guard = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let (next, waiting) = &mut *guard;
        waiting.insert(number, reports);
        while let Some(reports) = waiting.remove(next) {
            tell(self.observer, reports);
            *next += 1;
        }
    }

    /// Tell whatever still waits (only a run that failed leaves a batch undone).
    fn finish(self) {
        let (_, waiting) = self
            .waiting
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for (_, reports) in waiting {
            tell(self.observer, reports);
        }
    }
}

fn tell(observer: &dyn Observer, reports: Vec<Report>) {
    for report in reports {
        match report {
            Report::Skipped(s) => observer.skipped(&s),
            Report::Warning(message) => observer.warning(&message),
        }
    }
}

/// Under `strict`, the problem that ends the run: the first in input order, whichever thread
/// meets it first. Units are handed out in order, so when one fails, every unit before it has
/// been handed out already and will be done (and may fail in turn); the units after it are
/// left undone, and no more are handed out.
struct FirstProblem {
    /// The number of the earliest unit known to have failed; `u64::MAX` while none has.
    at: AtomicU64,
    error: Mutex<Option<Error>>,
}

impl FirstProblem {
    fn new() -> FirstProblem {
        FirstProblem {
            at: AtomicU64::new(u64::MAX),
            error: Mutex::new(None),
        }
    }

    /// Record that unit `at` failed with `error`, unless an earlier unit did.
    fn offer(&self, at: u64, error: Error) {
        let mut slot = self.error.lock().unwrap_or_else(PoisonError::into_inner);
        if at < self.at.load(Ordering::Relaxed) {
            self.at.store(at, Ordering::Relaxed);
            *slot = Some(error);
        }
    }

    /// Whether a unit before unit `at` failed.
    fn before(&self, at: u64) -> bool {
        self.at.load(Ordering::Relaxed) < at
    }

    fn found(&self) -> bool {
        self.at.load(Ordering::Relaxed) != u64::MAX
    }

    fn take(self) -> Option<Error> {
        self.error
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
