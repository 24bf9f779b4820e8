//! The `gazegraph` command: parses flags, calls the library, reports, and maps outcomes to exit
//! codes (0 success, 1 a `check` that does not hold, 2 error).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use gazegraph::corpus::{self, Totals};
use gazegraph::edges::{self, EdgeSet, Mode};
use gazegraph::error::Location;
use gazegraph::export::View;
use gazegraph::gazetteer::{Builder, Date};
use gazegraph::graph::ALL_EVIDENCE;
use gazegraph::partial::{self, Merger, Partial};
use gazegraph::{Config, Extractor, Gazetteer, Graph, GraphBuilder, Relation, export, input};

mod allocator;
mod args;
mod progress;

use args::{
    Check, Cli, Command, Explain, Extract, GazetteerArgs, GazetteerCommand, InputArgs, Merge,
    OutputArgs,
};
use progress::Progress;

#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

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
        Command::Merge(job) => merge(job),
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

/// Read every input and collect what the documents yield, reporting progress and problems on
/// stderr.
fn read_corpus(
    extractor: &Extractor,
    paths: &[PathBuf],
    args: &InputArgs,
    date: Option<Date>,
    max_evidence: usize,
    memory: Option<corpus::Memory>,
) -> gazegraph::Result<(GraphBuilder, Totals)> {
    let options = corpus::Options {
        input: args.options(),
        // One a core is what the global pool has: the documents are read on its threads.
        threads: match args.threads {
            0 => rayon::current_num_threads(),
            n => n,
        },
        strict: args.strict,
        date,
        max_evidence,
        memory,
    };
    let (sources, skipped) = input::sources(paths, &options.input.globs)?;
    let progress = Progress::new(args.quiet, || corpus::size_of(&sources));
    let result = corpus::run(extractor, sources, skipped, &options, &progress);
    progress.finish();
    let (builder, totals) = result?;
    if totals.documents == 0 && totals.skipped() > 0 {
        return Err(gazegraph::Error::usage(format!(
            "no documents read: {}",
            skips(&totals)
        )));
    }
    Ok((builder, totals))
}

/// The skipped inputs of a run, by kind, for the summary.
fn skips(totals: &Totals) -> String {
    let mut kinds = Vec::new();
    for (n, what) in [
        (totals.unreadable, "unreadable"),
        (totals.invalid, "invalid"),
        (totals.too_large, "too large"),
    ] {
        if n > 0 {
            kinds.push(format!("{n} {what}"));
        }
    }
    format!("{} inputs skipped ({})", totals.skipped(), kinds.join(", "))
}

/// The summary's first part: documents, mentions and what was skipped.
fn read_summary(totals: &Totals) -> String {
    let mut out = format!(
        "{} documents, {} mentions",
        totals.documents, totals.mentions
    );
    if totals.skipped() > 0 {
        out.push_str(&format!(", {}", skips(totals)));
    }
    out
}

/// The extractor for a run. It lives until the process exits, and is leaked: the exit then
/// spares the time of freeing a large gazetteer name by name (a third of a second for a million).
/// Without `texts`, its edges' evidence carries no sentence (see [`Extractor::without_texts`]).
fn extractor(
    args: &GazetteerArgs,
    config: Config,
    texts: bool,
) -> gazegraph::Result<&'static Extractor> {
    let gazetteer = load(&args.files, !args.no_default_gazetteer)?;
    let mut extractor = Extractor::new(gazetteer, config);
    if !texts {
        extractor = extractor.without_texts();
    }
    Ok(Box::leak(Box::new(extractor)))
}

fn extract(job: Extract) -> gazegraph::Result<ExitCode> {
    // Loading the gazetteer and writing the files run on the global pool: --threads holds for
    // them too. A pool that cannot start is reported when the documents are read.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(job.input.threads)
        .build_global();
    let config = Config {
        window: job.window,
        relations: job.relation.clone(),
    };
    // Only graph.json, the evidence file and a partial hold evidence: for the other formats (the
    // default ones among them) no sentence is copied and no place kept.
    let evidence = job.emit.is_some() || job.output.format.iter().any(|f| f.writes_evidence());
    let extractor = extractor(&job.gazetteer, config, evidence)?;
    let max_evidence = match job.max_evidence {
        0 => ALL_EVIDENCE,
        n => n,
    };
    if let Some(dir) = &job.temp_dir {
        gazegraph::spill::check_dir(dir)?;
    }
    let memory = Some(corpus::Memory {
        budget: job.memory,
        dir: job.temp_dir.clone().unwrap_or_else(std::env::temp_dir),
    });
    let (builder, totals) = read_corpus(
        extractor,
        &job.paths,
        &job.input,
        job.date,
        max_evidence,
        memory,
    )?;
    let gaz = extractor.gazetteer();
    if let Some(to) = &job.emit {
        let mut relations: Vec<String> = job.relation.iter().map(|r| r.as_str().into()).collect();
        relations.sort();
        relations.dedup();
        let partial = Partial {
            settings: partial::Settings {
                version: env!("CARGO_PKG_VERSION").to_string(),
                window: job.window.as_str().to_string(),
                relations,
                max_evidence: (max_evidence != ALL_EVIDENCE).then_some(max_evidence as u64),
                gazetteer: extractor.gazetteer().fingerprint(),
            },
            totals,
            tally: builder.tally(gaz)?,
        };
        return emit(&partial, to, job.input.quiet);
    }
    let read = read_summary(&totals);
    let quiet = job.input.quiet;
    if builder.spilled() {
        let spinner = Progress::spinner(quiet, "merging the edges spilled to disk");
        let streamed = builder.stream(gaz, job.output.min_weight);
        spinner.finish();
        let streamed = streamed?;
        let runs = match streamed.runs {
            1 => "1 run".to_string(),
            n => format!("{n} runs"),
        };
        let read = format!("{read} (edges spilled to disk in {runs})");
        return write_view(&streamed, &job.output, &read, quiet);
    }
    let spinner = Progress::spinner(quiet, "building the graph");
    let graph = builder.build(gaz);
    spinner.finish();
    write_graph(graph, &job.output, &read, quiet)
}

/// Write a partial to `to` (`-` for stdout), whole or not at all.
fn emit(partial: &Partial, to: &Path, quiet: bool) -> gazegraph::Result<ExitCode> {
    let mut bytes = Vec::new();
    partial
        .write(&mut bytes)
        .map_err(|e| gazegraph::Error::io(to, e))?;
    if to.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|e| gazegraph::Error::io(Path::new("<stdout>"), e))?;
    } else {
        export::write_file(to, &bytes)?;
    }
    if !quiet {
        let _ = writeln!(
            std::io::stderr(),
            "gazegraph: {}, {} nodes, {} edges; wrote partial {}",
            read_summary(&partial.totals),
            partial.tally.nodes.len(),
            partial.tally.edges.len(),
            if to.as_os_str() == "-" {
                "to stdout".to_string()
            } else {
                to.display().to_string()
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Write the graph files `output` asks for, and the summary line.
fn write_graph(
    graph: Graph,
    output: &OutputArgs,
    read: &str,
    quiet: bool,
) -> gazegraph::Result<ExitCode> {
    let graph = if output.min_weight > 1 {
        graph.into_min_weight(output.min_weight)
    } else {
        graph
    };
    let code = write_view(&graph, output, read, quiet);
    // Like the extractor, the graph lives until the process exits: freeing it edge by edge
    // would only delay the exit.
    std::mem::forget(graph);
    code
}

/// Write the files `output` asks for from `graph` (already without the edges below
/// `--min-weight`), and the summary line.
fn write_view(
    graph: &dyn View,
    output: &OutputArgs,
    read: &str,
    quiet: bool,
) -> gazegraph::Result<ExitCode> {
    let mut formats = output.format.clone();
    formats.sort();
    formats.dedup();
    let options = export::Options {
        cluster_by: output.cluster_by,
        renderer: output.renderer,
    };
    let format_names: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    let spinner = Progress::spinner(quiet, &format!("writing {}", format_names.join(", ")));
    let written = export::write_files(graph, &formats, &options, &output.output);
    spinner.finish();
    let written = written?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    if !quiet {
        let _ = writeln!(
            std::io::stderr(),
            "gazegraph: {read}, {} nodes, {} edges; wrote {}",
            graph.node_count(),
            graph.edge_count(),
            names.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn merge(job: Merge) -> gazegraph::Result<ExitCode> {
    let mut merger = Merger::new();
    let mut count = 0;
    for path in &job.partials {
        let origin = path.display().to_string();
        Partial::read_path_each(path, |line, p| {
            count += 1;
            merger.add(Location::line(&origin, line), p)
        })?;
    }
    let Some(merged) = merger.finish() else {
        return Err(gazegraph::Error::usage(
            "no partials to merge: the files are empty",
        ));
    };
    if let Some(to) = &job.emit {
        return emit(&merged, to, job.quiet);
    }
    let read = format!("{count} partials, {}", read_summary(&merged.totals));
    write_graph(merged.tally.graph(), &job.output, &read, job.quiet)
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
    let extractor = extractor(&job.gazetteer, config, true)?;
    let origin = job.expected.display().to_string();
    let expected = EdgeSet::read(&job.expected)?
        .with_key(job.key)
        .only(&relations);
    expected.check_names(extractor.gazetteer(), &origin)?;
    let (builder, totals) = read_corpus(
        extractor,
        &job.paths,
        &job.input,
        None,
        corpus::MAX_EVIDENCE,
        None,
    )?;
    let graph = builder.build(extractor.gazetteer());
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
    let extractor = extractor(&job.gazetteer, config, true)?;
    let gaz = extractor.gazetteer();
    let entity = |name: &str| {
        gaz.lookup(name)
            .map(|e| gaz.entity(e))
            .map_err(gazegraph::Error::usage)
    };
    let (a, b) = (entity(&job.a)?, entity(&job.b)?);
    let (builder, totals) = read_corpus(
        extractor,
        &job.paths,
        &job.input,
        job.date,
        ALL_EVIDENCE,
        None,
    )?;
    let graph = builder.build(extractor.gazetteer());
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
