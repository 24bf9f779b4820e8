//! Command-line flags (clap), turned into a validated job for `main`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use gazegraph::export::Format;
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
    /// Output formats, comma-separated: dot, graphml, evidence.
    #[arg(long, value_delimiter = ',', default_value = "dot,graphml")]
    pub format: Vec<Format>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// The window for co_occurs: sentence, paragraph or document.
    #[arg(long, default_value = "sentence")]
    pub window: Window,
    /// Relations to extract, comma-separated: co_occurs, spoke_with.
    #[arg(long, value_delimiter = ',', default_value = "co_occurs,spoke_with")]
    pub relation: Vec<Relation>,
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
