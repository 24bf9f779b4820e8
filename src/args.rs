//! Command-line flags (clap), turned into a validated job for `main`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use gazegraph::edges::Key;
use gazegraph::export::{ClusterBy, Format, Renderer};
use gazegraph::gazetteer::Date;
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

#[derive(Debug, Args)]
pub struct Extract {
    /// Files or directories to read (directories recursively); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Directory for the output files.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Output formats, comma-separated: dot, graphml, gexf, json, cytoscape, csv, svg, evidence,
    /// edges.
    #[arg(long, value_delimiter = ',', default_value = "dot,graphml,svg")]
    pub format: Vec<Format>,
    /// The publication date of every document read (YYYY-MM-DD), over a date line in the text:
    /// resolves titles without names ("the Russian president"), dates evidence, and gives GEXF
    /// nodes and edges spells for Gephi's timeline.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub date: Option<Date>,
    /// Leave out edges of weight below N (in every format); nodes stay.
    #[arg(long, value_name = "N", default_value = "1")]
    pub min_weight: u64,
    /// DOT: one cluster per state, with its people, offices and organisations.
    #[arg(long, value_name = "KEY")]
    pub cluster_by: Option<ClusterBy>,
    /// SVG: `builtin` (own layout, no Graphviz needed) or `graphviz` (runs `dot -Tsvg`).
    #[arg(long, default_value = "builtin")]
    pub renderer: Renderer,
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
