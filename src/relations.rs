//! Relations: which entities appear together, and which of them spoke with each other.
//!
//! `co_occurs` links every two entities named in the same window (sentence, paragraph or
//! document). `spoke_with` reads each sentence for a phrase of communication from
//! `rules/relations.toml` ("spoke with", "held a video summit", "told"), takes the actor before it
//! as the speaker, with the actors coordinated with it, and the actors after it as the other side.
//! Co-recipients are never linked to each other. A blocker between speaker and phrase ("will",
//! "refused to", "not") and a photo caption yield nothing. Every edge carries its evidence.

use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use crate::gazetteer::{Date, EntityId};
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
}

impl Relation {
    pub const ALL: [Relation; 2] = [Relation::CoOccurs, Relation::SpokeWith];

    /// The name used on the command line and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::CoOccurs => "co_occurs",
            Relation::SpokeWith => "spoke_with",
        }
    }
}

impl FromStr for Relation {
    type Err = String;
    fn from_str(s: &str) -> Result<Relation, String> {
        Relation::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown relation {s:?}: expected co_occurs or spoke_with"))
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
    let mut texts: std::collections::HashMap<(usize, usize), Arc<str>> = Default::default();
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
                let text = texts
                    .entry((first, last))
                    .or_insert_with(|| {
                        let s =
                            doc.original_span(doc.sentences[first].start, doc.sentences[last].end);
                        Arc::from(doc.original[s.0..s.1].trim())
                    })
                    .clone();
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
struct Token {
    /// Lower-case text.
    word: String,
    /// The unit (index into the sentence's units) the token falls in.
    unit: Option<usize>,
}

impl Token {
    fn is(&self, list: &[String]) -> bool {
        list.contains(&self.word)
    }
    fn is_word(&self) -> bool {
        self.word.chars().next().is_some_and(char::is_alphanumeric)
    }
}

fn tokenize(text: &str, start: usize, end: usize, units: &[&Unit]) -> Vec<Token> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut cursor = 0; // Units are sorted and disjoint, like tokens.
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut j = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(k, d)) = chars.peek() {
                let joins_apostrophe =
                    d == '\'' && s[k + 1..].chars().next().is_some_and(char::is_alphabetic);
                if d.is_alphanumeric() || joins_apostrophe {
                    j = k + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        let (a, b) = (start + i, start + j);
        out.push(Token {
            word: text[a..b].to_lowercase(),
            unit: {
                while cursor < units.len() && units[cursor].end <= a {
                    cursor += 1;
                }
                (cursor < units.len() && a >= units[cursor].start).then_some(cursor)
            },
        });
    }
    out
}

enum Slot {
    Words(Vec<String>),
    Skip(usize),
}

struct Compiled {
    slots: Vec<Slot>,
    with: Vec<String>,
    direct: bool,
    reciprocal: bool,
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
                    .map(
                        |slot| match slot.strip_prefix('~').and_then(|n| n.parse().ok()) {
                            Some(n) => Slot::Skip(n),
                            None => Slot::Words(slot.split('|').map(str::to_string).collect()),
                        },
                    )
                    .collect(),
                with: t.with.clone(),
                direct: t.direct,
                reciprocal: t.reciprocal,
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
    triggers()
        .iter()
        .filter_map(|t| match_slots(&t.slots, toks, i).map(|end| (t, end)))
        .max_by_key(|&(_, end)| end)
}

/// `spoke_with` edges of one document.
pub fn spoke_with(doc: &Document, resolved: &Resolved, out: &mut Vec<Found>) {
    let doc_id: Arc<str> = Arc::from(doc.id.as_str());
    let mut u = 0;
    while u < resolved.units.len() {
        let sentence = resolved.units[u].sentence;
        let mut v = u;
        while v < resolved.units.len() && resolved.units[v].sentence == sentence {
            v += 1;
        }
        if !doc.sentences[sentence].caption {
            let units: Vec<&Unit> = resolved.units[u..v].iter().collect();
            sentence_edges(doc, &doc_id, sentence, &units, out);
        }
        u = v;
    }
}

fn sentence_edges(
    doc: &Document,
    doc_id: &Arc<str>,
    sentence: usize,
    units: &[&Unit],
    out: &mut Vec<Found>,
) {
    let s = doc.sentences[sentence];
    if doc.text[s.start..s.end]
        .trim_end_matches(['"', '\'', ')'])
        .ends_with('?')
    {
        return; // A question reports nothing.
    }
    let toks = tokenize(&doc.text, s.start, s.end, units);
    let text: Arc<str> = Arc::from(doc.sentence_text(sentence));
    // Units already taken as the other side of a phrase cannot join a later speaker group:
    // in "A spoke with B and C met D", B is not with C.
    let mut objects_so_far: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((trigger, end)) = trigger_at(&toks, i) else {
            i += 1;
            continue;
        };
        let subjects = subjects(&toks, units, i, &objects_so_far);
        let objects = objects(&toks, units, trigger, end);
        objects_so_far.extend(&objects);
        let mut pairs = Vec::new();
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
        }
        for (a, b) in pairs {
            let (ua, ub) = (units[a], units[b]);
            if ua.head == ub.head {
                continue;
            }
            let (start, end) = doc.original_span(ua.start.min(ub.start), ua.end.max(ub.end));
            out.push(Found {
                a: ua.head,
                b: ub.head,
                relation: Relation::SpokeWith,
                evidence: Evidence {
                    doc: doc_id.clone(),
                    sentence,
                    start,
                    end,
                    text: text.clone(),
                    rule: trigger.name.clone(),
                    date: doc.date,
                },
            });
        }
        i = end;
    }
}

/// The first token of unit `u`.
fn first_token(toks: &[Token], u: usize) -> usize {
    toks.iter().position(|t| t.unit == Some(u)).unwrap_or(0)
}

/// The speaker group: the nearest actor before token `at`, with the actors coordinated with it.
fn subjects(toks: &[Token], units: &[&Unit], at: usize, taken: &[usize]) -> Vec<usize> {
    let rules = rules::relations();
    let mut words = 0;
    let mut j = at;
    let mut relative = false;
    let nearest = loop {
        if j == 0 {
            return Vec::new();
        }
        j -= 1;
        let t = &toks[j];
        if let Some(u) = t.unit {
            if units[u].actor {
                break u;
            }
            continue; // An appositive or a title with no holder: look through it.
        }
        if t.is(&rules.blockers) || t.is(&rules.clause_breaks) {
            return Vec::new();
        }
        if t.word == "," {
            let beside_appositive = |k: Option<usize>| {
                k.and_then(|k| toks.get(k))
                    .and_then(|t| t.unit)
                    .is_some_and(|u| !units[u].actor)
            };
            let who = toks.get(j + 1).is_some_and(|t| t.word == "who");
            relative |= who;
            if !(beside_appositive(j.checked_sub(1)) || beside_appositive(Some(j + 1)) || who) {
                return Vec::new();
            }
            continue;
        }
        words += 1;
        if words > 4 {
            return Vec::new();
        }
    };
    let first = first_token(toks, nearest);
    if first > 0 && toks[first - 1].is(&rules.speaker_negators) {
        return Vec::new();
    }
    if taken.contains(&nearest) {
        return Vec::new(); // The other side of an earlier phrase does not start a new one.
    }
    let mut group = vec![nearest];
    if relative {
        return group; // "A and B, who met C, talked": only B met C.
    }
    let mut k = first_token(toks, nearest);
    // Walk left over "A, B and" lists; a list needs its "and" next to the nearest member.
    loop {
        let mut j = k;
        let mut saw_and = false;
        while j > 0
            && toks[j - 1].unit.is_none()
            && (toks[j - 1].is(&rules.coordinators) || toks[j - 1].is(&rules.determiners))
        {
            saw_and |= toks[j - 1].word != "," && toks[j - 1].is(&rules.coordinators);
            j -= 1;
        }
        let Some(u) = j.checked_sub(1).and_then(|p| toks[p].unit) else {
            break;
        };
        if j == k || !units[u].actor || taken.contains(&u) || (group.len() == 1 && !saw_and) {
            break;
        }
        group.push(u);
        k = first_token(toks, u);
    }
    group.reverse();
    group
}

/// The other side: actors after the phrase ending at token `end`.
fn objects(toks: &[Token], units: &[&Unit], trigger: &Compiled, end: usize) -> Vec<usize> {
    let rules = rules::relations();
    let skip_determiners = |mut j: usize| {
        while toks
            .get(j)
            .is_some_and(|t| t.unit.is_none() && t.is(&rules.determiners))
        {
            j += 1;
        }
        j
    };
    let actor_at = |j: usize| toks.get(j).and_then(|t| t.unit).filter(|&u| units[u].actor);
    let mut first = None;
    if trigger.direct {
        first = actor_at(skip_determiners(end));
    }
    if first.is_none() && !trigger.with.is_empty() {
        let mut words = 0;
        for (j, t) in toks.iter().enumerate().skip(end) {
            if t.unit.is_none() && t.is(&trigger.with) {
                first = actor_at(skip_determiners(j + 1));
                break;
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
    // Extend over "A, B, and C"; items after a bare comma hold only if an "and" follows.
    let mut list = vec![first];
    let mut confirmed = 1;
    let mut j = last_token(toks, first) + 1;
    loop {
        let mut k = j;
        let mut saw_and = false;
        let mut commas = 0;
        while toks.get(k).is_some_and(|t| {
            t.unit.is_none() && (t.is(&rules.coordinators) || t.is(&rules.determiners))
        }) {
            saw_and |= toks[k].word != "," && toks[k].is(&rules.coordinators);
            commas += usize::from(toks[k].word == ",");
            k += 1;
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
            let at = skip_determiners(after + k);
            toks.get(after..at)
                .is_some_and(|between| between.iter().all(|t| t.unit.is_none() && t.is_word()))
                && trigger_at(toks, at).is_some()
        });
        if starts_clause {
            break; // "... and Lavrov met Truss": a new clause's speaker.
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

fn last_token(toks: &[Token], u: usize) -> usize {
    toks.iter().rposition(|t| t.unit == Some(u)).unwrap_or(0)
}
