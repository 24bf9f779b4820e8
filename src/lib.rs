//! gazegraph reads news text, finds the people, offices, states and organisations a gazetteer
//! names, and builds a graph of who appears with whom (`co_occurs`) and who spoke with whom
//! (`spoke_with`), and which office each person is named with (`holds`), with the evidence for
//! every edge. [`explain`] tells which sentences and rules produced the edges between two
//! entities.
//!
//! # Overview
//!
//! The pipeline, one module per stage:
//!
//! text ([`text`]) → sentences → mentions ([`matcher`]) → entities ([`resolve`]) →
//! relations ([`relations`]) → graph ([`graph`]) → files ([`export`]).
//!
//! An [`Extractor`] holds the gazetteer and its index of names and runs the stages on each
//! document; a [`GraphBuilder`] merges documents in any order into the same graph.
//! [`corpus::run`] streams every input ([`input`]) through them on a thread pool, and [`spill`]
//! keeps the edges of a graph larger than its memory budget on disk; [`partial`] writes what one
//! shard of a corpus yielded, to merge with the other shards into the graph of all of them.
//!
//! # Examples
//!
//! Extract from a string with the built-in gazetteer, and read the edges:
//!
//! ```
//! let graph = gazegraph::extract_str("Xi Jinping spoke with Vladimir Putin on Friday.")?;
//! assert_eq!(
//!     graph.edge_set().to_string(),
//!     "Vladimir Putin -- Xi Jinping [co_occurs]\nVladimir Putin -- Xi Jinping [spoke_with]\n",
//! );
//! // Every edge keeps where it was read: document, sentence, byte span, text and rule.
//! for (_, a, b, edge) in graph.edges() {
//!     assert_eq!((a.id.as_str(), b.id.as_str()), ("person:vladimir-putin", "person:xi-jinping"));
//!     let first = &edge.evidence[0];
//!     assert_eq!((&*first.doc, first.sentence), ("<string>", 0));
//!     assert_eq!(&*first.text, "Xi Jinping spoke with Vladimir Putin on Friday.");
//! }
//! # Ok::<(), gazegraph::Error>(())
//! ```
//!
//! Assert an edge set in a test: `exact`, `contains` or `excludes`, with [`edges!`] or the text
//! form of [`edges`](mod@edges). A failing assertion panics with a diff: `- edge` for each missing edge,
//! `+ edge` for each unexpected one, with the sentences that produced it.
//!
//! ```
//! use gazegraph::{assert_edges, edges};
//!
//! let graph = gazegraph::extract_str(
//!     "Chinese Foreign Minister Wang Yi spoke by phone with British Foreign Secretary Liz Truss. \
//!      Truss later met Josep Borrell in Brussels.",
//! )?;
//! assert_edges!(graph, contains, edges![
//!     ("Wang Yi", "Liz Truss", SpokeWith),
//!     ("Liz Truss", "Josep Borrell", SpokeWith),
//! ]);
//! assert_edges!(graph, excludes, "Wang Yi -- Josep Borrell [spoke_with]");
//! # Ok::<(), gazegraph::Error>(())
//! ```
//!
//! Load your own gazetteer (JSON Lines; see `gazetteer/README.md`) beside the built-in one:
//!
//! ```
//! use gazegraph::gazetteer::Builder;
//! use gazegraph::{Config, Document, Extractor, assert_edges};
//!
//! let mut builder = Builder::new();
//! builder.add_built_in()?;
//! builder.add_str(
//!     "my-actors.jsonl",
//!     r#"{"id":"person:ada-stone","kind":"person","name":"Ada Stone","short":["Stone"],"state":"state:united-kingdom"}"#,
//! )?;
//! let extractor = Extractor::new(builder.build()?, Config::default());
//! let memo = Document::new("memo-1", "Ada Stone flew to Beijing. Stone met Wang Yi there.".to_string());
//! let graph = extractor.graph([&memo]);
//! assert_edges!(graph, contains, "Ada Stone -- Wang Yi [spoke_with]");
//! # Ok::<(), gazegraph::Error>(())
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod corpus;
pub mod edges;
pub mod error;
pub mod explain;
pub mod export;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod matcher;
pub mod partial;
pub mod relations;
pub mod resolve;
pub mod rules;
pub mod spill;
pub mod text;

pub use edges::{EdgeKey, EdgeSet};
pub use error::{Error, Result};
pub use gazetteer::Gazetteer;
pub use graph::{Graph, GraphBuilder, Tally};
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
    /// The document's date, when known.
    pub date: Option<gazetteer::Date>,
}

/// A gazetteer ready to match, and what to extract with it.
#[derive(Clone, Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    matcher: Matcher,
    config: Config,
    texts: relations::Texts,
}

impl Extractor {
    /// Build the matcher for `gazetteer`.
    pub fn new(gazetteer: Gazetteer, config: Config) -> Extractor {
        let matcher = Matcher::new(&gazetteer);
        Extractor {
            gazetteer,
            matcher,
            config,
            texts: relations::Texts::Copied,
        }
    }

    /// This extractor, with evidence that carries no sentence text: for a run none of whose
    /// outputs write evidence, which then copies no sentence (and [`corpus::run`] keeps no
    /// places). Edges, weights, dates and the places themselves are the same.
    pub fn without_texts(mut self) -> Extractor {
        self.texts = relations::Texts::Left;
        self
    }

    /// Whether the evidence of this extractor's edges carries its sentences.
    pub fn keeps_texts(&self) -> bool {
        self.texts == relations::Texts::Copied
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
        // About one edge per mention in news text; a list grown from nothing copies its places
        // (a hundred bytes each) at every doubling.
        let mut edges = Vec::with_capacity(resolved.mentions.len());
        let texts = self.texts;
        if self.config.relations.contains(&Relation::CoOccurs) {
            relations::co_occurs_texts(doc, &resolved, self.config.window, texts, &mut edges);
        }
        if self.config.relations.contains(&Relation::SpokeWith) {
            relations::spoke_with_texts(doc, &resolved, texts, &mut edges);
        }
        if self.config.relations.contains(&Relation::Holds) {
            relations::holds_texts(doc, &resolved, texts, &mut edges);
        }
        Extraction {
            mentions: resolved.mentions.iter().map(|m| m.entity).collect(),
            edges,
            date: doc.date,
        }
    }

    /// The graph of a set of documents, with all evidence.
    pub fn graph<'a>(&self, docs: impl IntoIterator<Item = &'a Document>) -> Graph {
        let mut builder = GraphBuilder::default();
        for doc in docs {
            builder.add(self.document(doc));
        }
        builder.build(&self.gazetteer)
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
