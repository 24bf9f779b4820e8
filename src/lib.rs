//! gazegraph reads news text, finds the people, offices, states and organisations a gazetteer
//! names, and builds a graph of who appears with whom (`co_occurs`) and who spoke with whom
//! (`spoke_with`), with the evidence for every edge.
//!
//! # Overview
//!
//! The pipeline, one module per stage:
//!
//! text ([`text`]) → sentences → mentions ([`matcher`]) → entities ([`resolve`]) →
//! relations ([`relations`]) → graph ([`graph`]) → files ([`export`]).
//!
//! An [`Extractor`] holds the gazetteer and its automaton and runs the stages on each document;
//! a [`GraphBuilder`] merges documents in any order into the same graph.
//!
//! # Example
//!
//! ```
//! use gazegraph::Relation;
//!
//! let graph = gazegraph::extract_str(
//!     "Chinese Foreign Minister Wang Yi spoke by phone with British Foreign Secretary Liz Truss.",
//! )?;
//! assert!(graph.edge_names().contains(&("Liz Truss".into(), "Wang Yi".into(), Relation::SpokeWith)));
//! # Ok::<(), gazegraph::Error>(())
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod error;
pub mod export;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod matcher;
pub mod relations;
pub mod resolve;
pub mod rules;
pub mod text;

pub use error::{Error, Result};
pub use gazetteer::Gazetteer;
pub use graph::{Graph, GraphBuilder};
pub use relations::{Relation, Window};
pub use text::Document;

use gazetteer::EntityId;
use matcher::Matcher;
use relations::Found;

/// What to extract.
#[derive(Clone, Debug)]
pub struct Config {
    /// The window for `co_occurs`.
    pub window: Window,
    /// The relations to extract.
    pub relations: Vec<Relation>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            window: Window::Sentence,
            relations: Relation::ALL.to_vec(),
        }
    }
}

/// What one document yielded.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// Every resolved mention's entity, in text order.
    pub mentions: Vec<EntityId>,
    /// Every edge found, with its evidence.
    pub edges: Vec<Found>,
}

/// A gazetteer ready to match, and what to extract with it.
#[derive(Clone, Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    matcher: Matcher,
    config: Config,
}

impl Extractor {
    /// Build the automaton for `gazetteer`.
    pub fn new(gazetteer: Gazetteer, config: Config) -> Extractor {
        let matcher = Matcher::new(&gazetteer);
        Extractor {
            gazetteer,
            matcher,
            config,
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Find and resolve the entities a document names.
    pub fn resolve(&self, doc: &Document) -> resolve::Resolved {
        let matches = self.matcher.find(&self.gazetteer, &doc.text);
        resolve::resolve(doc, &matches, &self.matcher, &self.gazetteer)
    }

    /// Run the pipeline on one document.
    pub fn document(&self, doc: &Document) -> Extraction {
        let resolved = self.resolve(doc);
        let mut edges = Vec::new();
        if self.config.relations.contains(&Relation::CoOccurs) {
            relations::co_occurs(doc, &resolved, self.config.window, &mut edges);
        }
        if self.config.relations.contains(&Relation::SpokeWith) {
            relations::spoke_with(doc, &resolved, &mut edges);
        }
        Extraction {
            mentions: resolved.mentions.iter().map(|m| m.entity).collect(),
            edges,
        }
    }

    /// Add one document's extraction to a graph under construction.
    pub fn add(&self, builder: &mut GraphBuilder, extraction: Extraction) {
        for &entity in &extraction.mentions {
            builder.mention(&self.gazetteer, entity);
        }
        for found in extraction.edges {
            builder.edge(&self.gazetteer, found);
        }
    }

    /// The graph of a set of documents.
    pub fn graph<'a>(&self, docs: impl IntoIterator<Item = &'a Document>) -> Graph {
        let mut builder = GraphBuilder::new();
        for doc in docs {
            let extraction = self.document(doc);
            self.add(&mut builder, extraction);
        }
        builder.build()
    }
}

/// The graph of one text with the built-in gazetteer and default settings.
pub fn extract_str(text: &str) -> Result<Graph> {
    let extractor = Extractor::new(Gazetteer::built_in()?, Config::default());
    Ok(extractor.graph([&Document::new("<string>", text.to_string())]))
}

/// The README's examples run as doctests, so the README cannot drift from the library.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
