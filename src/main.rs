//! The `gazegraph` command: parses flags, calls the library, reports, and maps errors to exit
//! codes (0 success, 2 error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use gazegraph::gazetteer::Builder;
use gazegraph::{Config, Extractor, Gazetteer, GraphBuilder, export, input};

mod args;

use args::{Cli, Command, Extract, GazetteerCommand};

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
        Command::Gazetteer(GazetteerCommand::Check {
            files,
            no_default_gazetteer,
        }) => check(&files, !no_default_gazetteer),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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

fn extract(job: Extract) -> gazegraph::Result<()> {
    let gazetteer = load(&job.gazetteer.files, !job.gazetteer.no_default_gazetteer)?;
    let config = Config {
        window: job.window,
        relations: job.relation.clone(),
    };
    let extractor = Extractor::new(gazetteer, config);
    let sources = input::sources(&job.paths)?;
    let mut builder = GraphBuilder::new();
    let (mut documents, mut mentions) = (0, 0);
    for source in &sources {
        let read = input::read(source)?;
        if read.replaced {
            eprintln!(
                "gazegraph: warning: {}: invalid UTF-8 replaced with U+FFFD",
                source.id()
            );
        }
        let extraction = extractor.document(&read.document);
        documents += 1;
        mentions += extraction.mentions.len();
        extractor.add(&mut builder, extraction);
    }
    let graph = builder.build();
    let mut formats = job.format.clone();
    formats.sort();
    formats.dedup();
    let written = export::write_files(&graph, &formats, &job.output)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let _ = writeln!(
        std::io::stderr(),
        "gazegraph: {documents} documents, {mentions} mentions, {} nodes, {} edges; wrote {}",
        graph.graph.node_count(),
        graph.graph.edge_count(),
        names.join(", ")
    );
    Ok(())
}

fn check(files: &[PathBuf], built_in: bool) -> gazegraph::Result<()> {
    let g = load(files, built_in)?;
    let _ = writeln!(
        std::io::stderr(),
        "gazegraph: ok: {} entities, {} names",
        g.entities().len(),
        g.aliases().len()
    );
    Ok(())
}
