//! The rule tables: sentence splitting and relation patterns, kept as data in `rules/`.
//!
//! The tables are embedded at build time and parsed once. Code in `text` and `relations` reads
//! these tables and never names a word itself, so a linguistic fix is an edit to a TOML file, and a
//! test (`rules_load`) keeps the files well-formed.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Location, Result};

const SENTENCES: &str = include_str!("../rules/sentences.toml");
const RELATIONS: &str = include_str!("../rules/relations.toml");

/// Sentence-splitting data (`rules/sentences.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceRules {
    pub abbreviations: Vec<String>,
    pub caption_markers: Vec<String>,
    pub continuation_endings: Vec<String>,
    pub bullets: Vec<String>,
    pub byline_prefixes: Vec<String>,
    /// Month names and abbreviations, January first.
    pub months: Vec<Vec<String>>,
    pub date_line_words: Vec<String>,
    pub date_line_within: usize,
}

/// Relation data (`rules/relations.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationRules {
    /// Phrases that report communication.
    pub trigger: Vec<Trigger>,
    /// Words that, between the speaker and the phrase, mean it did not (yet) happen.
    pub blockers: Vec<String>,
    /// Words right before the speaker that deny the report ("neither", "nor").
    pub speaker_negators: Vec<String>,
    /// Verbs that, right after an actor, start a clause of its own ("and Zakharova said").
    pub reporting_verbs: Vec<String>,
    /// Words in a reporting clause that deny what it reports ("denied that").
    pub denials: Vec<String>,
    /// Words after a conversation that make it a plan: "talks between A and B are planned".
    pub plan_words: Vec<String>,
    /// Nouns after a state that make it an actor ("U.S. officials").
    pub actor_nouns: Vec<String>,
    /// Words that may join a state or organisation to the person it describes.
    pub title_words: Vec<String>,
    /// Prepositions before a place on the way to the other side ("talks in Beijing with").
    pub place_prepositions: Vec<String>,
    /// Words that open a subordinate clause before a phrase ("after meeting B").
    pub subordinators: Vec<String>,
    /// Words before an actor that make it the object of a preposition, not a speaker.
    pub prepositions: Vec<String>,
    /// Words that may stand between a phrase or list separator and the next actor.
    pub determiners: Vec<String>,
    /// Words and marks that end a clause: subject and object search never crosses them.
    pub clause_breaks: Vec<String>,
    /// Words that join the items of a coordinated list of actors.
    pub coordinators: Vec<String>,
    /// Words that open a relative clause after a comma (", who met C,").
    pub relative_pronouns: Vec<String>,
    /// Adverbs that may follow "and" in a list or between two verbs ("and then with C").
    pub list_adverbs: Vec<String>,
    /// Words before a name that belong to it: "Mr", "Ms".
    pub honorifics: Vec<String>,
    /// Capitalised words that may stand beside a short form ("Miller") without making it part
    /// of someone else's name ("Stephen Miller"): days, months, "Jr".
    pub name_neighbours: Vec<String>,
    /// Words before a title that make it mean someone other than the current holder.
    pub not_current: Vec<String>,
    /// Phrases for the two people named just before ("the two leaders").
    pub pair_anaphors: Vec<String>,
    /// Pronouns for the one person named just before.
    pub pronouns: Vec<String>,
    /// Words after a person that make a following state describe the person ("of").
    pub describing_prepositions: Vec<String>,
    /// Words after "the" + demonym that make the demonym stand for its state.
    pub demonym_followers: Vec<String>,
    /// How many words may stand between a phrase and its preposition ("spoke by phone with").
    pub preposition_gap: usize,
}

/// One communication phrase.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// A short name shown in evidence ("spoke with", "told").
    pub name: String,
    /// Slots separated by spaces: `a|b` is one of the words, `~N` skips up to N words.
    pub words: String,
    /// Prepositions that introduce the other side, possibly a few words later.
    #[serde(default)]
    pub with: Vec<String>,
    /// The other side may follow the phrase directly ("told Putin").
    #[serde(default)]
    pub direct: bool,
    /// With no other side named, a coordinated subject is linked pairwise ("A and B met").
    #[serde(default)]
    pub reciprocal: bool,
    /// The phrase ends in "between": the actors listed after it are linked pairwise ("talks
    /// between A and B"), and a blocker anywhere in the clause around it denies the report.
    #[serde(default)]
    pub between: bool,
    /// The phrase may open the sentence and name only the other side ("During a call with B,
    /// A said"): with no speaker before it, the speaker is the first actor after the comma.
    #[serde(default)]
    pub fronted: bool,
    /// How many words may stand between the speaker and the phrase.
    #[serde(default = "default_reach")]
    pub reach: usize,
    /// Words right after the other side that make the phrase mean something else.
    #[serde(default)]
    pub not_followed_by: Vec<String>,
}

fn default_reach() -> usize {
    4
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_column(text, s.start))
            .unwrap_or((1, 1));
        Error::data(Location::new(name, line, column), e.message().to_string())
    })
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The embedded sentence rules.
pub fn sentences() -> &'static SentenceRules {
    static RULES: OnceLock<SentenceRules> = OnceLock::new();
    RULES.get_or_init(|| {
        parse("rules/sentences.toml", SENTENCES).expect("embedded rules are checked by a test")
    })
}

/// The embedded relation rules.
pub fn relations() -> &'static RelationRules {
    static RULES: OnceLock<RelationRules> = OnceLock::new();
    RULES.get_or_init(|| {
        parse("rules/relations.toml", RELATIONS).expect("embedded rules are checked by a test")
    })
}

/// Parse both embedded tables, reporting the first fault with its location.
pub fn check() -> Result<()> {
    parse::<SentenceRules>("rules/sentences.toml", SENTENCES)?;
    let rel = parse::<RelationRules>("rules/relations.toml", RELATIONS)?;
    for t in &rel.trigger {
        if t.with.is_empty() && !t.direct && !t.reciprocal && !t.between {
            return Err(Error::data(
                Location::file("rules/relations.toml"),
                format!("trigger {:?} names no way to find the other side", t.words),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn rules_load() {
        super::check().unwrap();
        assert!(!super::sentences().abbreviations.is_empty());
        assert!(!super::relations().trigger.is_empty());
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(super::line_column("ab\n’x", 6), (2, 2));
        assert_eq!(super::line_column("abc", 0), (1, 1));
    }
}
