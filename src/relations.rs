//! Relations: which entities appear together, and which of them spoke with each other.
//!
//! `co_occurs` links every two entities named in the same window (sentence, paragraph or
//! document). `spoke_with` reads each sentence for a phrase of communication from
//! `rules/relations.toml` ("spoke with", "held a video summit", "told"), takes the actor before it
//! as the speaker, with the actors coordinated with it, and the actors after it as the other side.
//! Co-recipients are never linked to each other. A blocker between speaker and phrase ("will",
//! "refused to", "not") and a photo caption yield nothing. `holds` turns the titles `resolve`
//! read into edges. Every edge carries its evidence.

use std::cell::OnceCell;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use crate::gazetteer::{Date, EntityId, FoldMap};
use crate::resolve::{Resolved, Unit};
use crate::rules;
use crate::text::Document;

/// The kind of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Named in the same window.
    CoOccurs,
    /// The text says the two communicated.
    SpokeWith,
    /// A person named with the title of an office ("Foreign Minister Wang Yi"): person and office.
    Holds,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::CoOccurs, Relation::SpokeWith, Relation::Holds];

    /// The name used on the command line and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::CoOccurs => "co_occurs",
            Relation::SpokeWith => "spoke_with",
            Relation::Holds => "holds",
        }
    }
}

impl FromStr for Relation {
    type Err = String;
    fn from_str(s: &str) -> Result<Relation, String> {
        Relation::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("unknown relation {s:?}: expected co_occurs, spoke_with or holds")
            })
    }
}

/// The span of text within which two entities co-occur.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Window {
    #[default]
    Sentence,
    Paragraph,
    Document,
}

impl Window {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        }
    }
}

impl FromStr for Window {
    type Err = String;
    fn from_str(s: &str) -> Result<Window, String> {
        match s {
            "sentence" => Ok(Window::Sentence),
            "paragraph" => Ok(Window::Paragraph),
            "document" => Ok(Window::Document),
            _ => Err(format!(
                "unknown window {s:?}: expected sentence, paragraph or document"
            )),
        }
    }
}

/// Where an edge was read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    /// The document's id.
    pub doc: Arc<str>,
    /// Index of the sentence in its document.
    pub sentence: usize,
    /// Byte offsets into the original document text.
    pub start: usize,
    pub end: usize,
    /// The sentence (or sentences) as written.
    pub text: Arc<str>,
    /// What produced the edge: the window, or the communication phrase.
    pub rule: Arc<str>,
    /// The document's date, when known.
    pub date: Option<Date>,
}

/// One edge found in one place, before edges are merged into the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub a: EntityId,
    pub b: EntityId,
    pub relation: Relation,
    pub evidence: Evidence,
}

/// Sentence co-occurrence edges of a document.
pub fn co_occurs(doc: &Document, resolved: &Resolved, window: Window, out: &mut Vec<Found>) {
    co_occurs_texts(doc, resolved, window, Texts::Copied, out);
}

/// What the evidence of a document's edges holds of their sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Texts {
    /// Each place carries its sentence (or window) as written.
    Copied,
    /// No place carries a text, for a run none of whose outputs write evidence: no sentence is
    /// copied.
    Left,
}

impl Texts {
    /// The one empty text of a document's places when texts are left out.
    fn empty(self) -> Option<Arc<str>> {
        (self == Texts::Left).then(|| Arc::from(""))
    }
}

/// [`co_occurs`], with the texts as `texts` says.
pub(crate) fn co_occurs_texts(
    doc: &Document,
    resolved: &Resolved,
    window: Window,
    texts: Texts,
    out: &mut Vec<Found>,
) {
    let empty = texts.empty();
    let key = |sentence: usize| match window {
        Window::Sentence => sentence,
        Window::Paragraph => doc.sentences[sentence].paragraph,
        Window::Document => 0,
    };
    let doc_id: Arc<str> = Arc::from(doc.id.as_str());
    let rule: Arc<str> = Arc::from(match window {
        Window::Sentence => "same sentence",
        Window::Paragraph => "same paragraph",
        Window::Document => "same document",
    });
    let ms = &resolved.mentions;
    let mut copies: FoldMap<(usize, usize), Arc<str>> = Default::default();
    let mut i = 0;
    while i < ms.len() {
        let w = key(ms[i].sentence);
        let mut j = i;
        while j < ms.len() && key(ms[j].sentence) == w {
            j += 1;
        }
        // First mention of each entity in the window.
        let mut firsts: Vec<&crate::resolve::Mention> = Vec::new();
        for m in &ms[i..j] {
            if !firsts.iter().any(|f| f.entity == m.entity) {
                firsts.push(m);
            }
        }
        for (x, a) in firsts.iter().enumerate() {
            for b in &firsts[x + 1..] {
                let (first, last) = (a.sentence.min(b.sentence), a.sentence.max(b.sentence));
                let (start, end) = doc.original_span(a.start.min(b.start), a.end.max(b.end));
                // One shared copy of each window's text, however many pairs cite it.
                let text = match &empty {
                    Some(empty) => empty.clone(),
                    None => copies
                        .entry((first, last))
                        .or_insert_with(|| {
                            let s = doc
                                .original_span(doc.sentences[first].start, doc.sentences[last].end);
                            Arc::from(doc.original[s.0..s.1].trim())
                        })
                        .clone(),
                };
                out.push(Found {
                    a: a.entity,
                    b: b.entity,
                    relation: Relation::CoOccurs,
                    evidence: Evidence {
                        doc: doc_id.clone(),
                        sentence: first,
                        start,
                        end,
                        text,
                        rule: rule.clone(),
                        date: doc.date,
                    },
                });
            }
        }
        i = j;
    }
}

/// A word or mark of a sentence.
#[derive(Debug)]
struct Token<'s> {
    /// Lower-case text.
    word: &'s str,
    /// The unit (index into the sentence's units) the token falls in.
    unit: Option<usize>,
}

impl Token<'_> {
    fn is(&self, list: &[String]) -> bool {
        list.iter().any(|w| w == self.word)
    }
    fn is_word(&self) -> bool {
        self.word.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// The tokens of `text[start..end]`, their lower-case words kept in `lower`, one allocation for
/// the sentence.
fn tokenize<'s>(
    text: &str,
    start: usize,
    end: usize,
    units: &[&Unit],
    lower: &'s mut String,
) -> Vec<Token<'s>> {
    let s = &text[start..end];
    let words = Words {
        s,
        start,
        units,
        at: 0,
    };
    let mut cursor = 0; // Units are sorted and disjoint, like tokens.
    let mut unit_at = |at: usize| {
        while cursor < units.len() && units[cursor].end <= at {
            cursor += 1;
        }
        (cursor < units.len() && at >= units[cursor].start).then_some(cursor)
    };
    // Room for a token every four bytes, which news sentences seldom outgrow: a list grown from
    // nothing was copied three or four times a sentence (2% of the instructions of a run).
    let room = s.len() / 4 + 1;
    if s.is_ascii() {
        // Most sentences: lower-cased in one pass, each word its own bytes of the copy.
        lower.push_str(s);
        lower.make_ascii_lowercase();
        let lower: &'s str = lower;
        let mut toks = Vec::with_capacity(room);
        toks.extend(words.map(|(i, j)| Token {
            word: &lower[i..j],
            unit: unit_at(start + i),
        }));
        return toks;
    }
    // Lower case may change a word's length: the words are lower-cased one by one, end to end.
    let mut spans = Vec::with_capacity(room);
    spans.extend(words.map(|(i, j)| {
        let from = lower.len();
        lower.push_str(&s[i..j].to_lowercase());
        (from, lower.len(), unit_at(start + i))
    }));
    let lower: &'s str = lower;
    spans
        .into_iter()
        .map(|(from, to, unit)| Token {
            word: &lower[from..to],
            unit,
        })
        .collect()
}

/// The tokens of a sentence `s` (which starts at byte `start` of the text) as byte ranges of
/// `s`: words, and each other mark alone.
struct Words<'a> {
    s: &'a str,
    start: usize,
    units: &'a [&'a Unit],
    at: usize,
}

impl Words<'_> {
    /// The character at byte `i` of the sentence and its length; most are ASCII, read without
    /// decoding.
    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        match self.s.as_bytes().get(i) {
            None => None,
            Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
            Some(_) => self.s[i..].chars().next().map(|c| (c, c.len_utf8())),
        }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let mut i = self.at;
        let (c, len) = loop {
            let (c, len) = self.char_at(i)?;
            if !c.is_whitespace() {
                break (c, len);
            }
            i += len;
        };
        let mut j = i + len;
        if c.is_alphanumeric() {
            let bytes = self.s.as_bytes();
            loop {
                // ASCII letters and digits, most of a word, are passed a byte at a time.
                while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                    j += 1;
                }
                let Some((d, len)) = self.char_at(j) else {
                    break;
                };
                let joins_apostrophe =
                    d == '\'' && self.char_at(j + 1).is_some_and(|(e, _)| e.is_alphabetic());
                // "face-to-face", "80-minute": one word, unless a name starts after the hyphen.
                let joins_hyphen = d == '-'
                    && self
                        .char_at(j + 1)
                        .is_some_and(|(e, _)| e.is_alphanumeric())
                    && !self.units.iter().any(|u| u.start == self.start + j + 1);
                if d.is_alphanumeric() || joins_apostrophe || joins_hyphen {
                    j += len;
                } else {
                    break;
                }
            }
        }
        self.at = j;
        Some((i, j))
    }
}

enum Slot {
    Words(Vec<String>),
    /// One of the words, or none.
    Optional(Vec<String>),
    Skip(usize),
}

struct Compiled {
    slots: Vec<Slot>,
    with: Vec<String>,
    direct: bool,
    reciprocal: bool,
    between: bool,
    fronted: bool,
    reach: usize,
    not_followed_by: Vec<String>,
    name: Arc<str>,
}

fn triggers() -> &'static [Compiled] {
    static T: OnceLock<Vec<Compiled>> = OnceLock::new();
    T.get_or_init(|| {
        rules::relations()
            .trigger
            .iter()
            .map(|t| Compiled {
                slots: t
                    .words
                    .split_whitespace()
                    .map(|slot| {
                        let words = |s: &str| s.split('|').map(str::to_string).collect();
                        if let Some(n) = slot.strip_prefix('~').and_then(|n| n.parse().ok()) {
                            Slot::Skip(n)
                        } else if let Some(rest) = slot.strip_prefix('?') {
                            Slot::Optional(words(rest))
                        } else {
                            Slot::Words(words(slot))
                        }
                    })
                    .collect(),
                with: t.with.clone(),
                direct: t.direct,
                reciprocal: t.reciprocal,
                between: t.between,
                fronted: t.fronted,
                reach: t.reach,
                not_followed_by: t.not_followed_by.clone(),
                name: Arc::from(t.name.as_str()),
            })
            .collect()
    })
}

/// The end (exclusive token index) of `slots` matched at token `i`, if they match.
fn match_slots(slots: &[Slot], toks: &[Token], i: usize) -> Option<usize> {
    let Some((slot, rest)) = slots.split_first() else {
        return Some(i);
    };
    let rules = rules::relations();
    match slot {
        Slot::Words(words) => {
            let t = toks.get(i)?;
            (t.unit.is_none() && t.is(words))
                .then(|| match_slots(rest, toks, i + 1))
                .flatten()
        }
        Slot::Optional(words) => toks
            .get(i)
            .filter(|t| t.unit.is_none() && t.is(words))
            .and_then(|_| match_slots(rest, toks, i + 1))
            .or_else(|| match_slots(rest, toks, i)),
        Slot::Skip(n) => {
            for s in 0..=*n {
                if s > 0 {
                    let t = toks.get(i + s - 1)?;
                    if !t.is_word()
                        || t.unit.is_some()
                        || t.is(&rules.blockers)
                        || t.is(&rules.clause_breaks)
                    {
                        return None;
                    }
                }
                if let Some(end) = match_slots(rest, toks, i + s) {
                    return Some(end);
                }
            }
            None
        }
    }
}

/// The longest trigger starting at token `i`.
fn trigger_at(toks: &[Token], i: usize) -> Option<(&'static Compiled, usize)> {
    let all = triggers();
    let index = trigger_index();
    let first = toks.get(i)?;
    let by_word = if index.may_start(first.word) {
        index
            .by_first
            .get(first.word)
            .map_or(&[][..], Vec::as_slice)
    } else {
        &[]
    };
    // The longest match; of equally long ones, the last in the rules.
    by_word
        .iter()
        .chain(&index.anywhere)
        .filter_map(|&k| match_slots(&all[k].slots, toks, i).map(|end| (end, k)))
        .max()
        .map(|(end, k)| (&all[k], end))
}

/// The triggers by the words they can start with, so that a token is tried only against the
/// triggers it can start; those that start with an optional word or a gap are tried everywhere.
struct TriggerIndex {
    by_first: FoldMap<String, Vec<usize>>,
    anywhere: Vec<usize>,
    /// Bit `n` of `lengths[b]`: some first word starts with byte `b` and is `n` bytes long (31
    /// for longer). Most words of a sentence start no trigger, and this says so without hashing.
    lengths: [u32; 256],
}

impl TriggerIndex {
    /// Whether `word` may be the first word of a trigger.
    fn may_start(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&b| self.lengths[usize::from(b)] & 1 << word.len().min(31) != 0)
    }
}

fn trigger_index() -> &'static TriggerIndex {
    static I: OnceLock<TriggerIndex> = OnceLock::new();
    I.get_or_init(|| {
        let mut index = TriggerIndex {
            by_first: FoldMap::default(),
            anywhere: Vec::new(),
            lengths: [0; 256],
        };
        for (k, t) in triggers().iter().enumerate() {
            match t.slots.first() {
                Some(Slot::Words(words)) => {
                    for w in words {
                        if let Some(&b) = w.as_bytes().first() {
                            index.lengths[usize::from(b)] |= 1 << w.len().min(31);
                        }
                        index.by_first.entry(w.clone()).or_default().push(k);
                    }
                }
                _ => index.anywhere.push(k),
            }
        }
        index
    })
}

/// `spoke_with` edges of one document.
pub fn spoke_with(doc: &Document, resolved: &Resolved, out: &mut Vec<Found>) {
    spoke_with_texts(doc, resolved, Texts::Copied, out);
}

/// [`spoke_with`], with the texts as `texts` says.
pub(crate) fn spoke_with_texts(
    doc: &Document,
    resolved: &Resolved,
    texts: Texts,
    out: &mut Vec<Found>,
) {
    let empty = texts.empty();
    let doc_id: Arc<str> = Arc::from(doc.id.as_str());
    let mut u = 0;
    while u < resolved.units.len() {
        let sentence = resolved.units[u].sentence;
        let mut v = u;
        while v < resolved.units.len() && resolved.units[v].sentence == sentence {
            v += 1;
        }
        if !doc.sentences[sentence].caption && two_actors(&resolved.units[u..v]) {
            let units: Vec<&Unit> = resolved.units[u..v].iter().collect();
            sentence_edges(doc, &doc_id, sentence, &units, empty.as_ref(), out);
        }
        u = v;
    }
}

/// Whether `units` stand for two different actors: every conversation is between actors, so a
/// sentence naming fewer is not read at all (most sentences of a corpus).
fn two_actors(units: &[Unit]) -> bool {
    let mut heads = units.iter().filter(|u| u.actor).flat_map(Unit::heads);
    heads.next().is_some_and(|first| heads.any(|h| h != first))
}

fn sentence_edges(
    doc: &Document,
    doc_id: &Arc<str>,
    sentence: usize,
    units: &[&Unit],
    empty: Option<&Arc<str>>,
    out: &mut Vec<Found>,
) {
    let s = doc.sentences[sentence];
    if doc.text[s.start..s.end]
        .trim_end_matches(['"', '\'', ')'])
        .ends_with('?')
    {
        return; // A question reports nothing.
    }
    let mut lower = String::new();
    let toks = tokenize(&doc.text, s.start, s.end, units, &mut lower);
    // The sentence's text for the evidence, copied only if the sentence yields an edge (and
    // texts are kept).
    let text: OnceCell<Arc<str>> = match empty {
        Some(empty) => OnceCell::from(empty.clone()),
        None => OnceCell::new(),
    };
    // Units already taken as the other side of a phrase cannot join a later speaker group:
    // in "A spoke with B and C met D", B is not with C.
    let mut taken: Vec<usize> = Vec::new();
    // The previous phrase: where it ended (a speaker group never reaches back over it), where
    // its other side ended, and its speakers.
    let mut floor = 0;
    let mut previous_end = 0;
    let mut previous: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((trigger, end)) = trigger_at(&toks, i) else {
            i += 1;
            continue;
        };
        // "have steadied since the summit between A and B": the noun before "between" wins.
        if !trigger.between
            && toks.get(end).is_some_and(|t| t.word == "between")
            && trigger_at(&toks, end - 1).is_some_and(|(t, _)| t.between)
        {
            i = end - 1;
            continue;
        }
        let objects = objects(&toks, units, trigger, end);
        let objects_end = objects.last().map_or(end, |&u| last_token(&toks, u) + 1);
        let mut pairs = Vec::new();
        if trigger.between {
            // "talks between A and B": the listed actors, pair by pair.
            if !denied_around(&toks, i, Some(objects_end)) {
                for (x, &a) in objects.iter().enumerate() {
                    for &b in &objects[x + 1..] {
                        pairs.push((a, b));
                    }
                }
            }
        } else {
            let subjects = if !previous.is_empty() && shares_speaker(&toks, previous_end, i) {
                previous.clone() // "A met B on Friday and later phoned C".
            } else {
                let found = subjects(&toks, units, i, &taken, floor, trigger.reach);
                let opening = opens_clause(&toks, i, floor);
                if !found.is_empty() || objects.is_empty() {
                    found
                } else if trigger.fronted || opening == Some(true) {
                    // "During a call with B, A said", "After meeting B, A said".
                    fronted_speaker(&toks, units, objects_end)
                } else if opening == Some(false) && !previous.is_empty() {
                    previous.clone() // "A met C, two days after holding talks with B".
                } else {
                    agent(&toks, units, objects_end) // "was relayed to B by A".
                }
            };
            if !objects.is_empty() {
                for &a in &subjects {
                    for &b in &objects {
                        pairs.push((a, b));
                    }
                }
            } else if trigger.reciprocal {
                for (x, &a) in subjects.iter().enumerate() {
                    for &b in &subjects[x + 1..] {
                        pairs.push((a, b));
                    }
                }
                // "The two leaders spoke": one phrase for two people.
                for &a in &subjects {
                    pairs.push((a, a));
                }
            }
            if !subjects.is_empty() {
                previous = subjects;
            }
        }
        push_pairs(doc, doc_id, sentence, units, &pairs, trigger, &text, out);
        taken.extend(&objects);
        floor = end;
        previous_end = objects_end;
        i = end;
    }
}

/// Whether the phrase at token `at` opens a subordinate clause ("after meeting", "while
/// talking"): `Some(true)` when the clause opens the sentence, `Some(false)` when it follows the
/// main clause, `None` when it is not one.
fn opens_clause(toks: &[Token], at: usize, floor: usize) -> Option<bool> {
    let rules = rules::relations();
    let j = determiners_before(toks, at, floor);
    let subordinator = j
        .checked_sub(1)
        .filter(|&k| toks[k].is(&rules.subordinators))?;
    Some(subordinator == 0)
}

/// Whether the clause that reports the one starting at token `at` denies it: "denied that",
/// "did not confirm that".
fn denied_report(toks: &[Token], at: usize) -> bool {
    let rules = rules::relations();
    if at == 0 || toks[at - 1].word != "that" {
        return false;
    }
    toks[..at - 1]
        .iter()
        .rev()
        .take(6)
        .take_while(|t| !matches!(t.word, ";" | ":" | "\""))
        .any(|t| t.is(&rules.denials))
}

/// Whether the words from token `from` to the phrase at `at` join a second verb to the first
/// one's speaker: "and", "and later", "on Friday and then".
fn shares_speaker(toks: &[Token], from: usize, at: usize) -> bool {
    let rules = rules::relations();
    let Some(between) = toks.get(from..at) else {
        return false;
    };
    let Some(and) = between.iter().position(|t| t.word == "and") else {
        return false;
    };
    // Plain words, and places after a preposition ("at the State Department").
    let fits = |k: usize| {
        let t = &between[k];
        match t.unit {
            Some(_) => {
                let mut j = from + k;
                while j > from && toks[j - 1].unit == t.unit {
                    j -= 1;
                }
                after_preposition(toks, j, from)
            }
            None => {
                t.word == ","
                    || (t.is_word() && !t.is(&rules.blockers) && !t.is(&rules.clause_breaks))
            }
        }
    };
    and <= 6
        && (0..and).all(fits)
        && between[and + 1..].len() <= 2
        && between[and + 1..].iter().all(|t| t.is(&rules.list_adverbs))
}

/// "During a call with B on Monday, A said": the speaker is the first actor after the comma
/// that closes the opening phrase.
fn fronted_speaker(toks: &[Token], units: &[&Unit], from: usize) -> Vec<usize> {
    let rules = rules::relations();
    let Some(comma) = toks
        .iter()
        .skip(from)
        .take(6)
        .position(|t| t.word == ",")
        .map(|k| from + k)
    else {
        return Vec::new();
    };
    let at = skip_determiners(toks, comma + 1);
    let Some(u) = toks
        .get(at)
        .and_then(|t| t.unit)
        .filter(|&u| units[u].actor)
    else {
        return Vec::new();
    };
    // "..., A will": the word after the speaker must not make it a plan.
    if toks
        .get(last_token(toks, u) + 1)
        .is_some_and(|t| t.is(&rules.plan_words))
    {
        return Vec::new();
    }
    vec![u]
}

/// "B was briefed on Friday by A": the actor after "by" right after the other side.
fn agent(toks: &[Token], units: &[&Unit], from: usize) -> Vec<usize> {
    if toks.get(from).is_some_and(|t| t.word == "by") {
        let at = skip_determiners(toks, from + 1);
        if let Some(u) = toks
            .get(at)
            .and_then(|t| t.unit)
            .filter(|&u| units[u].actor)
        {
            return vec![u];
        }
    }
    Vec::new()
}

/// The first token of the determiners right before token `at`, not before `floor`.
fn determiners_before(toks: &[Token], mut at: usize, floor: usize) -> usize {
    let rules = rules::relations();
    while at > floor && toks[at - 1].is(&rules.determiners) {
        at -= 1;
    }
    at
}

/// Whether the actor starting at token `first` is the object of a preposition ("in Moscow",
/// "at the State Department").
fn after_preposition(toks: &[Token], first: usize, floor: usize) -> bool {
    let at = determiners_before(toks, first, floor);
    at > floor && toks[at - 1].is(&rules::relations().prepositions)
}

fn skip_determiners(toks: &[Token], mut j: usize) -> usize {
    let rules = rules::relations();
    while toks
        .get(j)
        .is_some_and(|t| t.unit.is_none() && t.is(&rules.determiners))
    {
        j += 1;
    }
    j
}

/// Whether a blocker stands in the clause before token `at`, or within a few words after
/// token `after`: "declined to comment on talks between A and B", "talks between A and B are
/// planned".
fn denied_around(toks: &[Token], at: usize, after: Option<usize>) -> bool {
    let rules = rules::relations();
    let before = toks[..at]
        .iter()
        .rev()
        .take_while(|t| !t.is(&rules.clause_breaks))
        .any(|t| t.unit.is_none() && (t.is(&rules.blockers) || t.is(&rules.speaker_negators)));
    let later = after.is_some_and(|j| {
        toks.iter()
            .skip(j)
            .take(4)
            .take_while(|t| !t.is(&rules.clause_breaks))
            .any(|t| t.unit.is_none() && t.is(&rules.plan_words))
    });
    before || later
}

/// One `spoke_with` edge for each two different people or actors the unit pairs stand for.
#[allow(clippy::too_many_arguments)]
fn push_pairs(
    doc: &Document,
    doc_id: &Arc<str>,
    sentence: usize,
    units: &[&Unit],
    pairs: &[(usize, usize)],
    trigger: &Compiled,
    text: &OnceCell<Arc<str>>,
    out: &mut Vec<Found>,
) {
    for &(a, b) in pairs {
        let (ua, ub) = (units[a], units[b]);
        for x in ua.heads() {
            for y in ub.heads() {
                // Within one unit ("the two leaders"), each pair once.
                if x == y || (a == b && x > y) {
                    continue;
                }
                let (start, end) = doc.original_span(ua.start.min(ub.start), ua.end.max(ub.end));
                out.push(Found {
                    a: x,
                    b: y,
                    relation: Relation::SpokeWith,
                    evidence: Evidence {
                        doc: doc_id.clone(),
                        sentence,
                        start,
                        end,
                        text: text
                            .get_or_init(|| Arc::from(doc.sentence_text(sentence)))
                            .clone(),
                        rule: trigger.name.clone(),
                        date: doc.date,
                    },
                });
            }
        }
    }
}

/// `holds` edges of one document: a person named with the title of an office.
pub fn holds(doc: &Document, resolved: &Resolved, out: &mut Vec<Found>) {
    holds_texts(doc, resolved, Texts::Copied, out);
}

/// [`holds`], with the texts as `texts` says.
pub(crate) fn holds_texts(doc: &Document, resolved: &Resolved, texts: Texts, out: &mut Vec<Found>) {
    let empty = texts.empty();
    let doc_id: Arc<str> = Arc::from(doc.id.as_str());
    for h in &resolved.holds {
        let (start, end) = doc.original_span(h.start, h.end);
        out.push(Found {
            a: h.person,
            b: h.office,
            relation: Relation::Holds,
            evidence: Evidence {
                doc: doc_id.clone(),
                sentence: h.sentence,
                start,
                end,
                text: match &empty {
                    Some(empty) => empty.clone(),
                    None => Arc::from(doc.sentence_text(h.sentence)),
                },
                rule: Arc::from(h.rule),
                date: doc.date,
            },
        });
    }
}

/// The first token of unit `u`.
fn first_token(toks: &[Token], u: usize) -> usize {
    toks.iter().position(|t| t.unit == Some(u)).unwrap_or(0)
}

/// The speaker group: the nearest actor before token `at`, with the actors coordinated with it.
/// The search never reaches back over the previous phrase (token `floor`), except over a
/// relative clause: in "A, who met B, spoke with C", A speaks.
fn subjects(
    toks: &[Token],
    units: &[&Unit],
    at: usize,
    taken: &[usize],
    mut floor: usize,
    reach: usize,
) -> Vec<usize> {
    let rules = rules::relations();
    let mut words = 0;
    let mut j = at;
    let mut relative = false;
    let nearest = loop {
        if j <= floor {
            return Vec::new();
        }
        j -= 1;
        let t = &toks[j];
        if let Some(u) = t.unit {
            // "in Buenos Aires", "at the White House": the word before the unit's first token.
            let place = || {
                let at = determiners_before(toks, first_token(toks, u), floor);
                at > 0 && toks[at - 1].is(&rules.place_prepositions)
            };
            if units[u].actor && !place() {
                break u;
            }
            // An appositive, a title with no holder, or a place ("spent two days in Vienna in
            // talks with"): look through it.
            continue;
        }
        if t.is(&rules.blockers) || t.is(&rules.clause_breaks) {
            return Vec::new();
        }
        if t.word == "," {
            if let Some(open) = aside(toks, j) {
                j = open; // ", meanwhile,": an aside.
                continue;
            }
            if let Some(open) = relative_clause(toks, j) {
                j = open; // ", who first met in 2022,": a relative clause.
                floor = 0;
                continue;
            }
            if let Some(open) = appositive(toks, units, j) {
                j = open; // ", diplomatic adviser to President Macron,": a description.
                continue;
            }
            let beside_appositive = |k: Option<usize>| {
                k.map(|k| skip_determiners(toks, k))
                    .and_then(|k| toks.get(k))
                    .and_then(|t| t.unit)
                    .is_some_and(|u| !units[u].actor)
            };
            let who = toks
                .get(j + 1)
                .is_some_and(|t| t.is(&rules.relative_pronouns));
            relative |= who;
            if !(beside_appositive(j.checked_sub(1)) || beside_appositive(Some(j + 1)) || who) {
                return Vec::new();
            }
            continue;
        }
        words += 1;
        if words > reach {
            return Vec::new();
        }
    };
    let first = first_token(toks, nearest);
    if first > 0 && toks[first - 1].is(&rules.speaker_negators) {
        return Vec::new();
    }
    if relative {
        return vec![nearest]; // "A and B, who met C, talked": only B met C.
    }
    if after_preposition(toks, first, 0) {
        return Vec::new(); // "no one in Moscow had discussed": Moscow is not the speaker.
    }
    if denied_report(toks, determiners_before(toks, first, 0)) {
        return Vec::new(); // "Peskov denied that Putin had spoken with Trump".
    }

    if taken.contains(&nearest) {
        return Vec::new(); // The other side of an earlier phrase does not start a new one.
    }
    let mut group = vec![nearest];
    let mut k = first;
    // Walk left over "A, B and" lists; a list needs its "and" next to the nearest member.
    loop {
        let mut j = k;
        let mut saw_and = false;
        while j > floor
            && toks[j - 1].unit.is_none()
            && (toks[j - 1].is(&rules.coordinators) || toks[j - 1].is(&rules.determiners))
        {
            saw_and |= toks[j - 1].word != "," && toks[j - 1].is(&rules.coordinators);
            j -= 1;
        }
        let Some(mut u) = j
            .checked_sub(1)
            .filter(|&p| p >= floor)
            .and_then(|p| toks[p].unit)
        else {
            break;
        };
        // "Sergei Lavrov of Russia and": the state describes the person before it.
        let f = first_token(toks, u);
        if !units[u].actor
            && f >= 2
            && toks[f - 1].is(&rules.describing_prepositions)
            && let Some(p) = toks[f - 2].unit
        {
            u = p;
        }
        if j == k || !units[u].actor || taken.contains(&u) || (group.len() == 1 && !saw_and) {
            break;
        }
        if after_preposition(toks, first_token(toks, u), 0) {
            break; // "met Putin in Moscow, and Li met": Moscow is not a speaker.
        }
        group.push(u);
        k = first_token(toks, u);
    }
    if k > 0 && toks[k - 1].is(&rules.speaker_negators) {
        return Vec::new(); // "If A and B meet".
    }
    group.reverse();
    group
}

/// The opening comma of a short aside that ends with the comma at `close` (", meanwhile,",
/// ", on Friday,"): up to four plain words.
fn aside(toks: &[Token], close: usize) -> Option<usize> {
    let rules = rules::relations();
    let plain = |t: &Token| {
        t.unit.is_none() && t.is_word() && !t.is(&rules.blockers) && !t.is(&rules.clause_breaks)
    };
    let open = (close.saturating_sub(5)..close)
        .rev()
        .find(|&k| toks[k].word == ",")?;
    (open + 1 < close
        && toks[open + 1..close].iter().all(plain)
        && trigger_free(toks, open + 1, close))
    .then_some(open)
}

/// The comma that opens a relative clause ending at the comma at `close`: ", who first met in
/// 2022,". The clause is words only.
fn relative_clause(toks: &[Token], close: usize) -> Option<usize> {
    let rules = rules::relations();
    let open = (close.saturating_sub(16)..close).rev().find(|&k| {
        toks[k].word == ","
            && toks
                .get(k + 1)
                .is_some_and(|t| t.is(&rules.relative_pronouns))
    })?;
    toks[open + 1..close]
        .iter()
        .all(Token::is_word)
        .then_some(open)
}

/// The opening comma of an appositive ending at the comma at `close` that starts with a title
/// ("Emmanuel Bonne, diplomatic adviser to President Emmanuel Macron, held").
fn appositive(toks: &[Token], units: &[&Unit], close: usize) -> Option<usize> {
    let rules = rules::relations();
    let open = (close.saturating_sub(12)..close)
        .rev()
        .find(|&k| toks[k].word == "," || toks[k].is(&rules.clause_breaks))?;
    if toks[open].word != "," || open == 0 || toks[open - 1].unit.is_none() {
        return None;
    }
    let starts = toks
        .get(skip_determiners(toks, open + 1))
        .and_then(|t| t.unit)
        .is_some_and(|u| !units[u].actor);
    (starts && trigger_free(toks, open + 1, close)).then_some(open)
}

/// Whether no phrase starts in tokens `from..to`.
fn trigger_free(toks: &[Token], from: usize, to: usize) -> bool {
    (from..to).all(|k| trigger_at(toks, k).is_none())
}

/// The other side: actors after the phrase ending at token `end`.
fn objects(toks: &[Token], units: &[&Unit], trigger: &Compiled, end: usize) -> Vec<usize> {
    let rules = rules::relations();
    let actor_at = |j: usize| toks.get(j).and_then(|t| t.unit).filter(|&u| units[u].actor);
    // The first actor at `j`, looking through a describing phrase: "his Ukrainian counterpart,
    // Dmytro Kuleba".
    let first_actor = |j: usize| {
        let j = skip_determiners(toks, j);
        actor_at(j).or_else(|| {
            let u = toks.get(j)?.unit?;
            let mut k = skip_determiners(toks, last_token(toks, u) + 1);
            if toks.get(k).is_some_and(|t| t.word == ",") {
                k += 1;
            }
            actor_at(k)
        })
    };
    let mut first = None;
    if trigger.direct || trigger.between {
        first = first_actor(end);
    }
    if first.is_none() && !trigger.with.is_empty() {
        let mut words = 0;
        let mut place = None;
        for (j, t) in toks.iter().enumerate().skip(end) {
            if t.unit.is_some() && t.unit == place {
                continue;
            }
            if t.unit.is_none() && t.is(&trigger.with) {
                first = first_actor(j + 1);
                break;
            }
            // "held talks in Beijing with": a place on the way.
            if t.unit.is_some() && j > 0 && toks[j - 1].is(&rules.place_prepositions) {
                place = t.unit;
                continue;
            }
            if t.unit.is_some()
                || !t.is_word()
                || t.is(&rules.blockers)
                || t.is(&rules.clause_breaks)
            {
                break;
            }
            words += 1;
            if words > rules.preposition_gap {
                break;
            }
        }
    }
    let Some(first) = first else {
        return Vec::new();
    };
    if toks
        .get(last_token(toks, first) + 1)
        .is_some_and(|t| t.is(&trigger.not_followed_by))
    {
        return Vec::new();
    }
    // Extend over "A, B, and C" and "A and, later, with C"; items after a bare comma hold
    // only if an "and" follows.
    let mut list = vec![first];
    let mut confirmed = 1;
    let mut j = last_token(toks, first) + 1;
    loop {
        let mut k = j;
        // "met B in Brussels and, later in the day, C": a place or time before "and" when an
        // aside or an adverb after it shows the list goes on.
        let plain = toks[j.min(toks.len())..]
            .iter()
            .take(4)
            .take_while(|t| t.unit.is_none() && t.is_word() && !t.is(&rules.coordinators))
            .count();
        if plain > 0
            && toks.get(j + plain).is_some_and(|t| t.word == "and")
            && toks
                .get(j + plain + 1)
                .is_some_and(|t| t.word == "," || t.is(&rules.list_adverbs))
            && toks[j..j + plain]
                .iter()
                .all(|t| !t.is(&rules.blockers) && !t.is(&rules.clause_breaks))
        {
            k = j + plain;
        }
        let mut saw_and = false;
        let mut commas = 0;
        while let Some(t) = toks.get(k).filter(|t| t.unit.is_none()) {
            if t.is(&rules.coordinators) || t.is(&rules.determiners) {
                saw_and |= t.word != "," && t.is(&rules.coordinators);
                commas += usize::from(t.word == ",");
                if saw_and
                    && t.word == ","
                    && let Some(close) = aside_after(toks, k)
                {
                    k = close + 1; // "and, a day later, with C".
                    continue;
                }
                k += 1;
            } else if saw_and && (t.is(&rules.list_adverbs) || t.is(&trigger.with)) {
                k += 1; // "and then with C".
            } else {
                break;
            }
        }
        let Some(u) = toks.get(k).and_then(|t| t.unit) else {
            break;
        };
        if k == j {
            break;
        }
        if !units[u].actor {
            // ", China's foreign minister," describes the item before it.
            if commas == 1 && !saw_and {
                j = last_token(toks, u) + 1;
                if toks.get(j).is_some_and(|t| t.word == ",")
                    && toks
                        .get(j + 1)
                        .is_some_and(|t| t.unit.is_some() || t.is(&rules.coordinators))
                {
                    j += 1;
                }
                continue;
            }
            break;
        }
        let after = last_token(toks, u) + 1;
        let starts_clause = (0..=2).any(|k| {
            let at = skip_determiners(toks, after + k);
            toks.get(after..at)
                .is_some_and(|between| between.iter().all(|t| t.unit.is_none() && t.is_word()))
                && trigger_at(toks, at).is_some()
        });
        let reports = toks
            .get(after)
            .is_some_and(|t| t.is(&rules.reporting_verbs));
        if starts_clause || reports {
            break; // "... and Lavrov met Truss", "... and Zakharova said": a new clause.
        }
        list.push(u);
        if saw_and {
            confirmed = list.len();
        }
        j = after;
    }
    list.truncate(confirmed);
    list
}

/// The closing comma of a short aside opened by the comma at `open`: up to four plain words.
fn aside_after(toks: &[Token], open: usize) -> Option<usize> {
    let rules = rules::relations();
    let close = (open + 1..(open + 6).min(toks.len())).find(|&k| toks[k].word == ",")?;
    (close > open + 1
        && toks[open + 1..close]
            .iter()
            .all(|t| t.unit.is_none() && t.is_word() && !t.is(&rules.blockers)))
    .then_some(close)
}

fn last_token(toks: &[Token], u: usize) -> usize {
    toks.iter().rposition(|t| t.unit == Some(u)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of a whole text as "word" or "word@unit", with a unit over each span given.
    fn tokens(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
        let units: Vec<Unit> = spans
            .iter()
            .map(|&(start, end)| Unit {
                start,
                end,
                sentence: 0,
                head: 0,
                also: None,
                actor: true,
            })
            .collect();
        let units: Vec<&Unit> = units.iter().collect();
        let mut lower = String::new();
        tokenize(text, 0, text.len(), &units, &mut lower)
            .iter()
            .map(|t| match t.unit {
                Some(u) => format!("{}@{u}", t.word),
                None => t.word.to_string(),
            })
            .collect()
    }

    #[test]
    fn sentences_are_tokenized_in_lower_case_with_their_units() {
        // (sentence, spans of units, tokens)
        type Case<'a> = (&'a str, &'a [(usize, usize)], &'a [&'a str]);
        let cases: &[Case] = &[
            (
                "Ada Obi met Ben Ito.",
                &[(0, 7), (12, 19)],
                &["ada@0", "obi@0", "met", "ben@1", "ito@1", "."],
            ),
            (
                "A face-to-face talk, the bloc's 80-minute call",
                &[],
                &[
                    "a",
                    "face-to-face",
                    "talk",
                    ",",
                    "the",
                    "bloc's",
                    "80-minute",
                    "call",
                ],
            ),
            // A hyphen before a name ends the word; an apostrophe ends one unless a letter follows.
            (
                "pro-Ito talks' end",
                &[(4, 7)],
                &["pro", "-", "ito@0", "talks", "'", "end"],
            ),
            // Lower case changes the length of "İ"; the words still come out one by one.
            (
                "ZÜRICH: İzmir's mayor\u{a0}phoned",
                &[],
                &["zürich", ":", "i\u{307}zmir's", "mayor", "phoned"],
            ),
        ];
        for &(text, spans, expected) in cases {
            assert_eq!(tokens(text, spans), expected, "{text:?}");
        }
    }

    #[test]
    fn a_sentence_with_one_other_character_is_tokenized_alike() {
        let ascii = "Dr. Obi (the envoy) spoke by phone -- twice -- with Ito's aide, 3-2.";
        let mut other = tokens(&format!("{ascii} é"), &[(4, 7), (52, 55)]);
        assert_eq!(other.pop().as_deref(), Some("é"));
        assert_eq!(tokens(ascii, &[(4, 7), (52, 55)]), other);
    }
}
