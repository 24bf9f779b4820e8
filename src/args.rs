//! Command-line flags (clap), turned into a validated job for `main`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use gazegraph::edges::Key;
use gazegraph::export::{ClusterBy, Format, Renderer};
use gazegraph::gazetteer::Date;
use gazegraph::input::{self, Fields};
use gazegraph::{Relation, Window};

/// Build a graph of people, offices, states and organisations from news text.
#[derive(Debug, Parser)]
#[command(name = "gazegraph", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the graph from documents and write it to files.
    Extract(Extract),
    /// Extract the graph and compare its edges with an expected edge set.
    ///
    /// Exit 0 when the expectation holds, 1 with a diff on stdout when it does not (`-` an
    /// expected edge missing, `+` an edge that should not be there, with its sentences), 2 on
    /// bad input.
    Check(Check),
    /// Show every sentence and rule behind the edges between two entities.
    ///
    /// Exit 0 when the two are linked, 1 when they are not (and why: one is never named, or
    /// never with the other), 2 on bad input.
    Explain(Explain),
    /// Merge partials written by `extract --emit` into the graph of all their documents.
    ///
    /// The result is the same, byte for byte, as one `extract` over all the documents, whatever
    /// the order of the partials. A file may hold several partials, one per line.
    Merge(Merge),
    /// Work with gazetteer files.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Debug, Args)]
pub struct GazetteerArgs {
    /// A gazetteer file (JSON Lines) to add to the built-in data; repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Do not load the built-in gazetteer.
    #[arg(long)]
    pub no_default_gazetteer: bool,
}

/// How to read the documents, and how to run.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Read only the files in directories whose path (below the directory) matches GLOB;
    /// `!GLOB` leaves matches out. Repeatable. Files named directly are always read.
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// What inputs hold: `auto` (JSON Lines for .jsonl/.ndjson, text otherwise and for stdin),
    /// `text` (one document per file) or `jsonl` (one document per line). Gzip is read anywhere.
    #[arg(long, value_name = "FORMAT", default_value = "auto")]
    pub input_format: input::Format,
    /// JSON Lines: the field holding the document id (else `url`, else FILE:LINE).
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// JSON Lines: the field holding the text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// JSON Lines: the field holding the publication date (YYYY-MM-DD, time ignored).
    #[arg(long, value_name = "NAME", default_value = "date")]
    pub date_field: String,
    /// JSON Lines: the field holding the headline, read before the text.
    #[arg(long, value_name = "NAME", default_value = "title")]
    pub title_field: String,
    /// JSON Lines: the field holding the address, the id when there is no id field.
    #[arg(long, value_name = "NAME", default_value = "url")]
    pub url_field: String,
    /// Skip (and report) a document larger than SIZE: a text file, or a JSON Lines line.
    /// Accepts K, M and G suffixes.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_doc_bytes: u64,
    /// Stop with exit code 2 at the first input that cannot be used (unreadable, invalid or too
    /// large; the first in input order), instead of reporting, counting and skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads; 0 for one per core. The output is the same for any number.
    #[arg(long, value_name = "N", default_value = "0")]
    pub threads: usize,
    /// No progress bar and no summary line; problems are still reported.
    #[arg(short, long)]
    pub quiet: bool,
}

impl InputArgs {
    /// The reading options these flags ask for.
    pub fn options(&self) -> input::Options {
        input::Options {
            format: self.input_format,
            fields: Fields {
                id: self.id_field.clone(),
                text: self.text_field.clone(),
                date: self.date_field.clone(),
                title: self.title_field.clone(),
                url: self.url_field.clone(),
            },
            globs: self.globs.clone(),
            max_doc_bytes: self.max_doc_bytes,
        }
    }
}

/// Where and how to write the graph.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Directory for the output files.
    #[arg(
        short,
        long,
        value_name = "DIR",
        default_value = "out",
        conflicts_with = "emit"
    )]
    pub output: PathBuf,
    /// Output formats, comma-separated: dot, graphml, gexf, json, cytoscape, csv, svg, evidence,
    /// edges.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "dot,graphml,svg",
        conflicts_with = "emit"
    )]
    pub format: Vec<Format>,
    /// Leave out edges of weight below N (in every format); nodes stay.
    #[arg(long, value_name = "N", default_value = "1")]
    pub min_weight: u64,
    /// DOT: one cluster per state, with its people, offices and organisations.
    #[arg(long, value_name = "KEY")]
    pub cluster_by: Option<ClusterBy>,
    /// SVG: `builtin` (own layout, no Graphviz needed) or `graphviz` (runs `dot -Tsvg`).
    #[arg(long, default_value = "builtin")]
    pub renderer: Renderer,
}

#[derive(Debug, Args)]
pub struct Extract {
    /// Files or directories to read (directories recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// The publication date of every document read (YYYY-MM-DD), over a date line in the text:
    /// resolves titles without names ("the Russian president"), dates evidence, and gives GEXF
    /// nodes and edges spells for Gephi's timeline.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub date: Option<Date>,
    /// Keep at most N sentences of evidence per edge, the earliest by document id and place
    /// (weights still count all); 0 keeps all. Evidence is kept only for the formats that write
    /// it (json, evidence) and for --emit.
    #[arg(long, value_name = "N", default_value = "10")]
    pub max_evidence: usize,
    /// Hold about SIZE of edges in memory: beyond it, edges are written to sorted temporary files
    /// in --temp-dir, merged at the end and read back for each format. The files written are the
    /// same; a graph larger than memory costs disk and some time instead. Accepts K, M and G.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub memory: u64,
    /// Where --memory writes its temporary files (default: the system's, or $TMPDIR). They are
    /// removed when the run ends, however it ends.
    #[arg(long, value_name = "DIR")]
    pub temp_dir: Option<PathBuf>,
    /// Write the partial (this shard's tally, for `gazegraph merge`) to FILE (`-` for stdout)
    /// instead of the graph files.
    #[arg(long, value_name = "FILE")]
    pub emit: Option<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// The window for co_occurs: sentence, paragraph or document.
    #[arg(long, default_value = "sentence")]
    pub window: Window,
    /// Relations to extract, comma-separated: co_occurs, spoke_with, holds.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "co_occurs,spoke_with,holds"
    )]
    pub relation: Vec<Relation>,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct Merge {
    /// Partial files from `extract --emit` (`-` reads standard input).
    #[arg(required = true, value_name = "PARTIAL")]
    pub partials: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Write the merged partial to FILE (`-` for stdout) instead of the graph files, to merge
    /// again later.
    #[arg(long, value_name = "FILE")]
    pub emit: Option<PathBuf>,
    /// No summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct Check {
    /// The expected edges: one `A -- B [relation]` per line, `#` comments (`--format edges`
    /// writes this form).
    #[arg(value_name = "EXPECTED")]
    pub expected: PathBuf,
    /// Files or directories to read (directories recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Pass when the graph has at least the expected edges (default: exactly them).
    #[arg(long, conflicts_with = "excludes")]
    pub contains: bool,
    /// Pass when the graph has none of the expected edges.
    #[arg(long)]
    pub excludes: bool,
    /// Compare only these relations, comma-separated; other lines of EXPECTED are ignored.
    #[arg(long, value_delimiter = ',')]
    pub relation: Vec<Relation>,
    /// What EXPECTED names entities by: `name` (canonical name) or `id` (gazetteer id).
    #[arg(long, default_value = "name")]
    pub key: Key,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// The window for co_occurs: sentence, paragraph or document.
    #[arg(long, default_value = "sentence")]
    pub window: Window,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct Explain {
    /// One entity: a canonical name, an id, or a name only it goes by ("Blinken").
    #[arg(value_name = "A")]
    pub a: String,
    /// The other entity.
    #[arg(value_name = "B")]
    pub b: String,
    /// Files or directories to read (directories recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The publication date of every document read (YYYY-MM-DD), as for `extract`.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub date: Option<Date>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// The window for co_occurs: sentence, paragraph or document.
    #[arg(long, default_value = "sentence")]
    pub window: Window,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Check gazetteer files (with the built-in data, as `extract` would load them).
    Check {
        /// The files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Check the files on their own, without the built-in data.
        #[arg(long)]
        no_default_gazetteer: bool,
    },
}

/// A full date for `--date`.
fn parse_day(s: &str) -> Result<Date, String> {
    match Date::parse(s) {
        Some(d) if d.is_full() => Ok(d),
        _ => Err(format!("{s:?} is not a date: expected YYYY-MM-DD")),
    }
}

/// A size in bytes, with an optional K, M or G suffix (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "{s:?} is not a size: expected a number with K, M or G"
            ));
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?} is not a size: expected a number with K, M or G"))
}
