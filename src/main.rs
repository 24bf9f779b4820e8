//! The `gazegraph` command: parses flags, calls the library, reports, and maps outcomes to exit
//! codes (0 success, 1 a `check` that does not hold, 2 error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use gazegraph::edges::{self, EdgeSet, Mode};
use gazegraph::gazetteer::{Builder, Date};
use gazegraph::{Config, Extractor, Gazetteer, Graph, GraphBuilder, Relation, export, input};

mod args;

use args::{Check, Cli, Command, Explain, Extract, GazetteerArgs, GazetteerCommand};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Extract(job) => extract(job),
        Command::Check(job) => check(job),
        Command::Explain(job) => explain(job),
        Command::Gazetteer(GazetteerCommand::Check {
            files,
            no_default_gazetteer,
        }) => check_gazetteer(&files, !no_default_gazetteer),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gazegraph: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn load(files: &[PathBuf], built_in: bool) -> gazegraph::Result<Gazetteer> {
    let mut b = Builder::new();
    if built_in {
        b.add_built_in()?;
    }
    for f in files {
        b.add_file(f)?;
    }
    b.build()
}

/// What a run read, for the summary line.
struct Totals {
    documents: usize,
    mentions: usize,
}

/// Read every input, dated `date` when given, and build the graph.
fn graph_of(
    extractor: &Extractor,
    paths: &[PathBuf],
    date: Option<Date>,
) -> gazegraph::Result<(Graph, Totals)> {
    let sources = input::sources(paths)?;
    let mut builder = GraphBuilder::new();
    let mut totals = Totals {
        documents: 0,
        mentions: 0,
    };
    for source in &sources {
        let all = input::read_all(source)?;
        if all.iter().any(|read| read.replaced) {
            eprintln!(
                "gazegraph: warning: {}: invalid UTF-8 replaced with U+FFFD",
                source.id()
            );
        }
        for read in all {
            // A JSON Lines date is the document's own; --date dates the rest.
            let document = if read.dated {
                read.document
            } else {
                read.document.with_date(date)
            };
            let extraction = extractor.document(&document);
            totals.documents += 1;
            totals.mentions += extraction.mentions.len();
            extractor.add(&mut builder, extraction);
        }
    }
    Ok((builder.build(), totals))
}

fn extractor(gazetteer: &GazetteerArgs, config: Config) -> gazegraph::Result<Extractor> {
    let gazetteer = load(&gazetteer.files, !gazetteer.no_default_gazetteer)?;
    Ok(Extractor::new(gazetteer, config))
}

fn extract(job: Extract) -> gazegraph::Result<ExitCode> {
    let config = Config {
        window: job.window,
        relations: job.relation.clone(),
    };
    let extractor = extractor(&job.gazetteer, config)?;
    let (graph, totals) = graph_of(&extractor, &job.paths, job.date)?;
    let graph = if job.min_weight > 1 {
        graph.with_min_weight(job.min_weight)
    } else {
        graph
    };
    let mut formats = job.format.clone();
    formats.sort();
    formats.dedup();
    let options = export::Options {
        cluster_by: job.cluster_by,
        renderer: job.renderer,
    };
    let written = export::write_files(&graph, &formats, &options, &job.output)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let _ = writeln!(
        std::io::stderr(),
        "gazegraph: {} documents, {} mentions, {} nodes, {} edges; wrote {}",
        totals.documents,
        totals.mentions,
        graph.graph.node_count(),
        graph.graph.edge_count(),
        names.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

fn check(job: Check) -> gazegraph::Result<ExitCode> {
    let relations = if job.relation.is_empty() {
        Relation::ALL.to_vec()
    } else {
        job.relation.clone()
    };
    let config = Config {
        window: job.window,
        relations: relations.clone(),
    };
    let extractor = extractor(&job.gazetteer, config)?;
    let origin = job.expected.display().to_string();
    let expected = EdgeSet::read(&job.expected)?
        .with_key(job.key)
        .only(&relations);
    expected.check_names(extractor.gazetteer(), &origin)?;
    let (graph, totals) = graph_of(&extractor, &job.paths, None)?;
    let mode = match (job.contains, job.excludes) {
        (true, _) => Mode::Contains,
        (_, true) => Mode::Excludes,
        _ => Mode::Exact,
    };
    let report = edges::compare(&graph, &expected, mode);
    let summary = format!(
        "{} ({} expected edges; {} edges from {} documents)",
        report.summary(),
        expected.len(),
        graph.graph.edge_count(),
        totals.documents
    );
    if report.holds() {
        let _ = writeln!(std::io::stderr(), "gazegraph: {summary}");
        return Ok(ExitCode::SUCCESS);
    }
    // A closed pipe on stdout is the reader's choice, not an error.
    let _ = write!(
        std::io::stdout(),
        "--- {origin}\n+++ extracted from {} documents\n{report}",
        totals.documents
    );
    let _ = writeln!(std::io::stderr(), "gazegraph: {summary}");
    Ok(ExitCode::from(1))
}

fn explain(job: Explain) -> gazegraph::Result<ExitCode> {
    let config = Config {
        window: job.window,
        relations: Relation::ALL.to_vec(),
    };
    let extractor = extractor(&job.gazetteer, config)?;
    let gaz = extractor.gazetteer();
    let entity = |name: &str| {
        gaz.lookup(name)
            .map(|e| gaz.entity(e))
            .map_err(gazegraph::Error::usage)
    };
    let (a, b) = (entity(&job.a)?, entity(&job.b)?);
    let (graph, totals) = graph_of(&extractor, &job.paths, job.date)?;
    let found = gazegraph::explain::explain(&graph, (&a.id, &a.name), (&b.id, &b.name));
    let _ = write!(std::io::stdout(), "{found}");
    let _ = writeln!(
        std::io::stderr(),
        "gazegraph: {} edges between {} and {} in {} documents",
        found.edges.len(),
        a.name,
        b.name,
        totals.documents
    );
    Ok(if found.linked() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn check_gazetteer(files: &[PathBuf], built_in: bool) -> gazegraph::Result<ExitCode> {
    let g = load(files, built_in)?;
    let _ = writeln!(
        std::io::stderr(),
        "gazegraph: ok: {} entities, {} names",
        g.entities().len(),
        g.aliases().len()
    );
    Ok(ExitCode::SUCCESS)
}
