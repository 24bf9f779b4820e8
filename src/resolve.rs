//! Resolution: which entity each match means, and which matches form one phrase.
//!
//! Matches that stand next to each other with only blanks, a possessive or a hyphen between them
//! form a [`Unit`]: "Chinese Foreign Minister Wang Yi", "China's foreign minister", "U.S."
//! followed by "officials". Inside a unit, a title takes its state from the state named beside it
//! or from the person who holds it; a short form ("Wang", "Liu") takes the person the unit's
//! office or the document names, or the only person who goes by it. A mention that cannot be
//! decided is left out rather than guessed.
//!
//! Then, over the whole document: a title in apposition describes its person (`holds`); a title
//! with no name is the holder on the document's date; "Wang Yi of China" is the person; "the
//! Americans" is the state acting; "the two leaders" and "he" stand for the people named just
//! before, when that is not in doubt. What the units do together is left to `relations`.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::{Date, EntityId, FoldMap, Form, Gazetteer, Kind};
use crate::matcher::{Match, Matcher};
use crate::rules;
use crate::text::Document;

/// A resolved mention of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub entity: EntityId,
    /// Byte offsets into the normalised document text.
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// The unit the mention belongs to.
    pub unit: usize,
    pub form: Form,
}

/// A phrase of adjacent mentions, or a phrase that refers back to people ("the two leaders",
/// "he"), and the entity it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// The entity the phrase is about: its person, else its organisation or office, else state.
    pub head: EntityId,
    /// A second entity, for a phrase that stands for two people ("the two leaders").
    pub also: Option<EntityId>,
    /// Whether the phrase can take part in a conversation: people, organisations, and states
    /// named as such or through their officials ("U.S. officials"), but not a bare adjective
    /// ("Chinese embassy") nor an office whose holder cannot be told.
    pub actor: bool,
}

impl Unit {
    /// The entities the phrase stands for: one, or two for "the two leaders".
    pub fn heads(&self) -> impl Iterator<Item = EntityId> + '_ {
        std::iter::once(self.head).chain(self.also)
    }
}

/// A person named with the title of an office: "Foreign Minister Wang Yi", "Wang Yi, China's
/// foreign minister".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holding {
    pub person: EntityId,
    pub office: EntityId,
    pub sentence: usize,
    /// Byte offsets into the normalised text, from the title to the name.
    pub start: usize,
    pub end: usize,
    /// How it was read: a title before the name, or an apposition.
    pub rule: &'static str,
}

/// Everything resolved in one document.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub mentions: Vec<Mention>,
    /// Phrases in text order.
    pub units: Vec<Unit>,
    pub holds: Vec<Holding>,
}

struct Pending<'c> {
    m: Match,
    candidates: &'c [(EntityId, Form)],
    entity: Option<EntityId>,
    /// For a short form: no unknown name stands beside it ("Stephen Miller" is someone else).
    alone: bool,
}

/// Resolve the matches of one document.
pub fn resolve(doc: &Document, matches: &[Match], matcher: &Matcher, gaz: &Gazetteer) -> Resolved {
    let mut out = Resolved {
        mentions: Vec::with_capacity(matches.len()),
        units: Vec::with_capacity(matches.len()),
        holds: Vec::new(),
    };
    // Where each person was last named in full; short forms look back to it.
    let mut named: FoldMap<EntityId, usize> = FoldMap::default();
    // Each match's candidates, computed once: grouping and resolution both read them.
    let mut candidates = Candidates::of(doc, matches, matcher, gaz);
    let ordinary = Ordinary::new(&doc.text);
    // "Jim Jordan", "Latin America": a one-word state name or seat after an unknown name.
    for (k, &m) in matches.iter().enumerate() {
        let cands = candidates.get(k);
        let state_word = !cands.is_empty()
            && cands.iter().all(|&(e, form)| {
                gaz.kind(e) == Kind::State && matches!(form, Form::Name | Form::Alias | Form::Seat)
            })
            && !doc.text[m.start..m.end].contains(' ');
        if state_word && !stands_alone(&doc.text, matches, k, Sides::Before, &ordinary) {
            candidates.clear(k);
        }
    }
    // Short forms seen beside an unknown name ("Stephen Miller"), by lower-cased text, with
    // where: a later bare "Miller" may be that person too, so it needs a full name after it.
    let mut others: FoldMap<String, usize> = FoldMap::default();
    let sentences = sentences_of(doc, matches);
    let candidates = &candidates;
    let mut i = 0;
    while i < matches.len() {
        let sentence = sentences[i];
        // Gather one unit: matches joined by glue, inside one sentence.
        let mut j = i + 1;
        while j < matches.len()
            && sentence.is_some()
            && sentences[j] == sentence
            && joins(
                gaz,
                &doc.text[matches[j - 1].end..matches[j].start],
                candidates.get(j - 1),
                candidates.get(j),
            )
        {
            j += 1;
        }
        let Some(sentence) = sentence else {
            i = j;
            continue;
        };
        let mut unit: Vec<Pending> = (i..j)
            .map(|k| {
                let short = candidates.get(k).iter().any(|c| c.1 == Form::Short);
                let m = matches[k];
                let alone = !short || stands_alone(&doc.text, matches, k, Sides::Both, &ordinary);
                if !alone {
                    others.insert(doc.text[m.start..m.end].to_lowercase(), m.start);
                }
                Pending {
                    m,
                    alone,
                    candidates: candidates.get(k),
                    entity: None,
                }
            })
            .collect();
        resolve_unit(&mut unit, gaz, &named, &others, doc);
        let index = out.units.len();
        let mut any = false;
        for p in &unit {
            let Some(entity) = p.entity else { continue };
            let form = p
                .candidates
                .iter()
                .find(|c| c.0 == entity)
                .map_or(Form::Alias, |c| c.1);
            if gaz.kind(entity) == Kind::Person && matches!(form, Form::Name | Form::Alias) {
                named.insert(entity, p.m.start);
            }
            out.mentions.push(Mention {
                entity,
                start: p.m.start,
                end: p.m.end,
                sentence,
                unit: index,
                form,
            });
            any = true;
        }
        if any {
            let first = out
                .mentions
                .iter()
                .rposition(|m| m.unit != index)
                .map_or(0, |k| k + 1);
            let ms = &out.mentions[first..];
            let (head, actor) = head_of(ms, gaz, &doc.text);
            let (start, end) = (ms[0].start, ms[ms.len() - 1].end);
            if !ms.iter().any(|m| m.entity == head) {
                // "the Biden administration": the state is meant, so it is mentioned too.
                out.mentions.push(Mention {
                    entity: head,
                    start,
                    end,
                    sentence,
                    unit: index,
                    form: Form::Alias,
                });
            }
            holds_in_unit(&out.mentions[first..], gaz, &mut out.holds);
            out.units.push(Unit {
                start,
                end,
                sentence,
                head,
                also: None,
                actor,
            });
        }
        i = j;
    }
    native_script(&doc.text, &mut out.units);
    honorifics(&doc.text, gaz, &mut out.units);
    let described = appositions(doc, gaz, &mut out);
    titles_by_date(doc, gaz, &described, &mut out);
    describing_states(doc, gaz, &mut out.units);
    demonym_actors(doc, gaz, &mut out);
    anaphora(doc, gaz, &mut out.units);
    out
}

/// The candidates of every match of a document, in one list.
struct Candidates {
    list: Vec<(EntityId, Form)>,
    /// Match `k`'s are `list[spans[k].0..spans[k].1]`.
    spans: Vec<(u32, u32)>,
}

impl Candidates {
    /// The entity and form of each alias whose case fits each match.
    fn of(doc: &Document, matches: &[Match], matcher: &Matcher, gaz: &Gazetteer) -> Candidates {
        let mut list = Vec::with_capacity(matches.len());
        let spans = matches
            .iter()
            .map(|&m| {
                let from = list.len() as u32;
                matcher.candidates_into(gaz, &doc.text, m, &mut list);
                (from, list.len() as u32)
            })
            .collect();
        Candidates { list, spans }
    }

    fn get(&self, k: usize) -> &[(EntityId, Form)] {
        let (from, to) = self.spans[k];
        &self.list[from as usize..to as usize]
    }

    /// Match `k` means nothing after all.
    fn clear(&mut self, k: usize) {
        self.spans[k].1 = self.spans[k].0;
    }
}

/// "Chinese Foreign Minister Wang Yi": the person holds the office named before the name.
fn holds_in_unit(ms: &[Mention], gaz: &Gazetteer, out: &mut Vec<Holding>) {
    let kind = |m: &Mention| gaz.kind(m.entity);
    for (k, m) in ms.iter().enumerate() {
        if kind(m) != Kind::Person {
            continue;
        }
        if let Some(office) = ms[..k].iter().rev().find(|o| kind(o) == Kind::Office) {
            out.push(Holding {
                person: m.entity,
                office: office.entity,
                sentence: m.sentence,
                start: office.start,
                end: m.end,
                rule: "title",
            });
        }
    }
}

/// The word (or mark) just before byte `at`, lower-cased.
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end();
    let start = before
        .rfind(|c: char| c.is_whitespace() || c == '"' || c == '(')
        .map_or(0, |i| i + 1);
    before[start..].to_lowercase()
}

/// The word (or single mark) just after byte `at`, lower-cased.
fn word_after(text: &str, at: usize) -> String {
    let after = text[at..].trim_start();
    let mut chars = after.char_indices();
    match chars.next() {
        None => String::new(),
        Some((_, c)) if !c.is_alphanumeric() => c.to_string(),
        Some(_) => {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
                .unwrap_or(after.len());
            after[..end].to_lowercase()
        }
    }
}

/// Words a document also writes in lower case: a capitalised word whose lower-case form the
/// text uses elsewhere ("Under", "Says" in a headline) is an ordinary word, not a name.
struct Ordinary<'t> {
    text: &'t str,
}

impl<'t> Ordinary<'t> {
    fn new(text: &'t str) -> Ordinary<'t> {
        Ordinary { text }
    }

    /// Whether the text has `word` in lower case as a whole word (letters, digits and
    /// apostrophes). Asked only of the few capitalised words beside a match, so a search of the
    /// text each time costs less than an index of every word.
    fn contains(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        if !lower.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '\'');
        memchr::memmem::find_iter(self.text.as_bytes(), lower.as_bytes()).any(|at| {
            let end = at + lower.len();
            self.text.is_char_boundary(at)
                && self.text.is_char_boundary(end)
                && !part(self.text[..at].chars().next_back())
                && !part(self.text[end..].chars().next())
        })
    }
}

/// Which sides of a match [`stands_alone`] looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sides {
    Both,
    Before,
}

/// Whether match `k` has no unknown capitalised word right beside it: "Miller" alone, or "Mr
/// Miller", "said Miller", "Russia's Lavrov", "Miller on Monday", but not "Stephen Miller" or
/// "Kim Jong Un", which name people the gazetteer does not know, nor "Jim Jordan" or "Latin
/// America". A word that holds a match, an honorific, a word of `name_neighbours` (days,
/// months, titles, sentence openers) or a word the document also writes in lower case does
/// not count.
fn stands_alone(
    text: &str,
    matches: &[Match],
    k: usize,
    sides: Sides,
    ordinary: &Ordinary,
) -> bool {
    let rules = rules::relations();
    let known = |w: &str| {
        let w = w.trim_end_matches('.');
        rules
            .honorifics
            .iter()
            .chain(&rules.name_neighbours)
            .any(|h| h == w)
            || ordinary.contains(w)
    };
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let word_char = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '-' | '.');
    let (start, end) = (matches[k].start, matches[k].end);
    if let Some(before) = text[..start].strip_suffix(' ') {
        let from = before
            .char_indices()
            .rfind(|&(_, c)| !word_char(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[from..];
        // "Russia's Lavrov": the word holds a match.
        let matched = k > 0 && matches[k - 1].end > from;
        // "... Ukraine. Qin said": the word ends the sentence before; "George W. Bush" does not.
        let ends_sentence = word.len() > 2 && word.ends_with('.');
        if capitalised(word) && !matched && !known(word) && !ends_sentence {
            return false;
        }
    }
    if sides == Sides::Before {
        return true;
    }
    let after = text[end..]
        .strip_prefix(' ')
        .filter(|_| matches.get(k + 1).is_none_or(|n| n.start > end + 1));
    if let Some(after) = after {
        let to = after.find(|c: char| !word_char(c)).unwrap_or(after.len());
        let word = after[..to].trim_end_matches('.');
        if capitalised(word) && !known(word) {
            return false;
        }
    }
    true
}

/// "Xi Jinping (习近平)": the name in its own script belongs to the phrase.
fn native_script(text: &str, units: &mut [Unit]) {
    for u in units.iter_mut() {
        let rest = &text[u.end..];
        let Some(inner) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix('(')) else {
            continue;
        };
        let Some(close) = inner.find(')') else {
            continue;
        };
        let script = &inner[..close];
        if !script.trim().is_empty()
            && script
                .chars()
                .all(|c| !c.is_ascii() && c.is_alphabetic() || c == ' ' || c == '·')
        {
            u.end += rest.len() - inner.len() + close + 1;
        }
    }
}

/// "Mr Putin", "Ms. Truss": the honorific belongs to the person's phrase.
fn honorifics(text: &str, gaz: &Gazetteer, units: &mut [Unit]) {
    let rules = rules::relations();
    for u in units.iter_mut() {
        if gaz.kind(u.head) != Kind::Person {
            continue;
        }
        let before = text[..u.start].trim_end_matches(' ');
        let word = before
            .rsplit(|c: char| !(c.is_alphabetic() || c == '.'))
            .next()
            .unwrap_or("");
        if !word.is_empty()
            && before.len() < u.start
            && rules
                .honorifics
                .iter()
                .any(|h| h.eq_ignore_ascii_case(word.trim_end_matches('.')))
        {
            u.start = before.len() - word.len();
        }
    }
}

/// The people a phrase's unit stands for, if it is a person.
fn person_of(unit: &Unit, gaz: &Gazetteer) -> Option<EntityId> {
    (unit.actor && unit.also.is_none() && gaz.kind(unit.head) == Kind::Person).then_some(unit.head)
}

/// Whether a unit is a title with no one named in it ("China's foreign minister").
fn bare_title(unit: &Unit, gaz: &Gazetteer) -> bool {
    !unit.actor && gaz.kind(unit.head) == Kind::Office
}

/// "Wang Yi, China's foreign minister," and "China's foreign minister, Wang Yi,": the title
/// describes the person beside it, who holds the office; it is not a second actor. Returns the
/// indices of the units that describe.
fn appositions(doc: &Document, gaz: &Gazetteer, out: &mut Resolved) -> Vec<usize> {
    let units = &out.units;
    let mut described = Vec::new();
    for k in 1..units.len() {
        let (a, b) = (&units[k - 1], &units[k]);
        let between = doc.text[a.end..b.start].trim();
        if a.sentence != b.sentence
            || between.len() > 5
            || !matches!(between.to_lowercase().as_str(), "," | ", the")
        {
            continue;
        }
        let (person, title) = match (person_of(a, gaz), person_of(b, gaz)) {
            (Some(p), None) if bare_title(b, gaz) => (p, k),
            (None, Some(p)) if bare_title(a, gaz) => (p, k - 1),
            _ => continue,
        };
        out.holds.push(Holding {
            person,
            office: units[title].head,
            sentence: a.sentence,
            start: a.start,
            end: b.end,
            rule: "apposition",
        });
        described.push(title);
    }
    described
}

/// A title with no name resolves to whoever held the office on the document's date ("the
/// Russian president"), or without a date to the office's only holder ever. "Former" and the
/// like mean someone else: left out.
fn titles_by_date(doc: &Document, gaz: &Gazetteer, described: &[usize], out: &mut Resolved) {
    let rules = rules::relations();
    for (index, u) in out.units.iter_mut().enumerate() {
        if !bare_title(u, gaz) || described.contains(&index) {
            continue;
        }
        let mut before = word_before(&doc.text, u.start);
        if before == "the" {
            before = word_before(&doc.text, doc.text[..u.start].trim_end().len() - 3);
        }
        if rules.not_current.contains(&before) {
            continue;
        }
        let Some(person) = gaz.holder(u.head, doc.date) else {
            continue;
        };
        u.head = person;
        u.actor = true;
        let at = out.mentions.partition_point(|m| m.start < u.start);
        out.mentions.insert(
            at,
            Mention {
                entity: person,
                start: u.start,
                end: u.end,
                sentence: u.sentence,
                unit: index,
                form: Form::Title,
            },
        );
    }
}

/// "Wang Yi of China": the state describes the person before it and does not act.
fn describing_states(doc: &Document, gaz: &Gazetteer, units: &mut [Unit]) {
    let rules = rules::relations();
    for k in 1..units.len() {
        let (a, b) = (&units[k - 1], &units[k]);
        if a.sentence == b.sentence
            && person_of(a, gaz).is_some()
            && gaz.kind(b.head) == Kind::State
            && rules
                .describing_prepositions
                .contains(&doc.text[a.end..b.start].trim().to_lowercase())
        {
            units[k].actor = false;
        }
    }
}

/// "the Americans", "the Chinese reportedly told": a demonym after "the" that is not an
/// adjective stands for its state.
fn demonym_actors(doc: &Document, gaz: &Gazetteer, out: &mut Resolved) {
    let rules = rules::relations();
    // Whether each unit is named by demonyms only, in one pass over the mentions.
    let mut demonym = vec![true; out.units.len()];
    for m in &out.mentions {
        demonym[m.unit] &= m.form == Form::Demonym;
    }
    for (index, u) in out.units.iter_mut().enumerate() {
        if u.actor
            || gaz.kind(u.head) != Kind::State
            || !demonym[index]
            || word_before(&doc.text, u.start) != "the"
        {
            continue;
        }
        let next = word_after(&doc.text, u.end);
        let plural = doc.text[..u.end].ends_with('s');
        let word = next.chars().next().is_some_and(char::is_alphanumeric);
        if plural || !word || next.ends_with("ly") || rules.demonym_followers.contains(&next) {
            u.actor = true;
        }
    }
    // "British and French officials": the noun that makes the last demonym act makes the
    // ones coordinated with it act too.
    for k in (0..out.units.len().saturating_sub(1)).rev() {
        let (a, b) = (&out.units[k], &out.units[k + 1]);
        if !a.actor
            && b.actor
            && a.sentence == b.sentence
            && gaz.kind(a.head) == Kind::State
            && gaz.kind(b.head) == Kind::State
            && demonym[k]
            && demonym[k + 1]
            && matches!(
                doc.text[a.end..b.start].trim().to_lowercase().as_str(),
                "and" | "," | ", and" | "or"
            )
        {
            out.units[k].actor = true;
        }
    }
}

/// "The two leaders spoke again", "he told Wang": phrases that stand for the two people (or the
/// one person) named just before, earlier in the sentence or else in the sentence before. When
/// that is not exactly two people (or one), the phrase is left out.
fn anaphora(doc: &Document, gaz: &Gazetteer, units: &mut Vec<Unit>) {
    let (automaton, counts) = anaphors();
    let mut found = Vec::new();
    // One scan for every phrase, of the sentences that name a person or follow one that does:
    // elsewhere a phrase has no one to stand for. A phrase is letters and blanks and never
    // crosses a sentence's edge, so a scan of those spans finds what a scan of the whole text
    // finds in them. Units are sorted and disjoint, so lookups bisect.
    let hits = people_spans(doc, gaz, units).into_iter().flat_map(|span| {
        automaton.find_iter(aho_corasick::Input::new(doc.text.as_str()).span(span))
    });
    for m in hits {
        let (start, end) = (m.start(), m.end());
        // Most hits are inside words ("he" in "the"): the cheapest test first.
        let bounded = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
        if !bounded(doc.text[..start].chars().next_back())
            || !bounded(doc.text[end..].chars().next())
        {
            continue;
        }
        let overlaps = units
            .get(units.partition_point(|u| u.end <= start))
            .is_some_and(|u| u.start < end);
        let Some(index) = sentence_of(doc, start) else {
            continue;
        };
        if overlaps {
            continue;
        }
        let count = counts[m.pattern().as_usize()];
        // The units of this sentence and the one before.
        let from = units.partition_point(|u| u.sentence + 1 < index);
        let to = units.partition_point(|u| u.sentence <= index);
        let people = referents(&units[from..to], gaz, index, start, count);
        if people.len() == count {
            found.push(Unit {
                start,
                end,
                sentence: index,
                head: people[0],
                also: people.get(1).copied(),
                actor: true,
            });
        }
    }
    units.extend(found);
    units.sort_by_key(|u| u.start);
}

/// The text of the sentences that name a person and of the sentences right after them, as
/// spans in text order; runs of such sentences are one span.
fn people_spans(doc: &Document, gaz: &Gazetteer, units: &[Unit]) -> Vec<std::ops::Range<usize>> {
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut last = None;
    for u in units.iter().filter(|u| person_of(u, gaz).is_some()) {
        for s in [u.sentence, u.sentence + 1] {
            let Some(sentence) = doc.sentences.get(s) else {
                continue;
            };
            match last {
                Some(l) if s <= l => continue,
                Some(l) if s == l + 1 => {
                    spans.last_mut().expect("a span per sentence").end = sentence.end
                }
                _ => spans.push(sentence.start..sentence.end),
            }
            last = Some(s);
        }
    }
    spans
}

/// The anaphora phrases of the rules in one automaton (any case, longest first), and how many
/// people each stands for.
fn anaphors() -> &'static (AhoCorasick, Vec<usize>) {
    static A: OnceLock<(AhoCorasick, Vec<usize>)> = OnceLock::new();
    A.get_or_init(|| {
        let rules = rules::relations();
        let phrases: Vec<(&str, usize)> = rules
            .pair_anaphors
            .iter()
            .map(|p| (p.as_str(), 2))
            .chain(rules.pronouns.iter().map(|p| (p.as_str(), 1)))
            .collect();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases.iter().map(|p| p.0))
            .expect("the rules' anaphora phrases are short");
        (automaton, phrases.iter().map(|p| p.1).collect())
    })
}

/// The distinct people named in sentence `sentence` before byte `at`; if they are fewer than
/// `count`, with those of the sentence before it ("Mr Putin said the two men had talked").
/// `units` are those of the two sentences.
fn referents(
    units: &[Unit],
    gaz: &Gazetteer,
    sentence: usize,
    at: usize,
    count: usize,
) -> Vec<EntityId> {
    let people = |keep: &dyn Fn(&Unit) -> bool| {
        let mut out: Vec<EntityId> = Vec::new();
        for u in units.iter().filter(|u| keep(u)) {
            if let Some(p) = person_of(u, gaz)
                && !out.contains(&p)
            {
                out.push(p);
            }
        }
        out
    };
    let here = people(&|u| u.sentence == sentence && u.end <= at);
    if here.len() >= count || sentence == 0 {
        return here;
    }
    people(&|u| u.sentence + 1 == sentence || (u.sentence == sentence && u.end <= at))
}

/// [`sentence_of`] each match, in one pass: matches are in text order, like sentences.
fn sentences_of(doc: &Document, matches: &[Match]) -> Vec<Option<usize>> {
    let mut s = 0;
    matches
        .iter()
        .map(|m| {
            while doc.sentences.get(s).is_some_and(|x| x.end <= m.start) {
                s += 1;
            }
            doc.sentences
                .get(s)
                .filter(|x| x.start <= m.start)
                .map(|_| s)
        })
        .collect()
}

fn sentence_of(doc: &Document, at: usize) -> Option<usize> {
    let i = doc.sentences.partition_point(|s| s.start <= at);
    (i > 0 && at < doc.sentences[i - 1].end).then(|| i - 1)
}

/// Whether two adjacent matches form one phrase: joined by blanks or a possessive ("China's
/// foreign minister"), or by title words between a state and a person ("EU foreign policy chief
/// Borrell"). Two people, or two states named as such, are never one phrase ("told Putin Biden
/// would"), and neither are two names joined by a hyphen ("the Biden-Putin call").
fn joins(gaz: &Gazetteer, between: &str, a: &[(EntityId, Form)], b: &[(EntityId, Form)]) -> bool {
    let kind = |&(e, f): &(EntityId, Form)| (gaz.kind(e), f);
    let all = |c: &[(EntityId, Form)], f: &dyn Fn((Kind, Form)) -> bool| {
        !c.is_empty() && c.iter().map(kind).all(f)
    };
    let person = |x: (Kind, Form)| x.0 == Kind::Person;
    let named_state = |x: (Kind, Form)| x.0 == Kind::State && x.1 != Form::Demonym;
    if (all(a, &person) && all(b, &person)) || (all(a, &named_state) && all(b, &named_state)) {
        return false;
    }
    let t = between.trim();
    if between.len() <= 4 && matches!(t, "" | "'s" | "'") {
        return true;
    }
    let title_words = &rules::relations().title_words;
    a.iter()
        .map(kind)
        .any(|k| matches!(k.0, Kind::State | Kind::Org))
        && b.iter().map(kind).any(person)
        // At most four words, all of them title words.
        && t.split_whitespace().nth(4).is_none()
        && t
            .split_whitespace()
            .all(|w| title_words.iter().any(|t| t.eq_ignore_ascii_case(w)))
}

fn resolve_unit(
    unit: &mut [Pending],
    gaz: &Gazetteer,
    named: &FoldMap<EntityId, usize>,
    others: &FoldMap<String, usize>,
    doc: &Document,
) {
    let date = doc.date;
    // Names that only one entity goes by.
    for p in unit.iter_mut() {
        if let [(entity, form)] = p.candidates[..]
            && !form.shareable()
        {
            p.entity = Some(entity);
        }
    }
    let states: Vec<EntityId> = unit
        .iter()
        .filter_map(|p| p.entity)
        .filter(|&e| matches!(gaz.kind(e), Kind::State | Kind::Org))
        .collect();
    // Titles: by the state named in the phrase, else by the person who holds the office; once
    // more after short forms, for "President Xi".
    resolve_titles(unit, gaz, &states);
    // Short forms: the holder of the phrase's office, else the person last named in full,
    // else the only person who goes by it.
    // The phrase's offices: resolved ones, and every office an unresolved title may mean, so
    // "Premier Li" decides the title and the name together (China's premier, not Italy's).
    let offices: Vec<EntityId> = unit
        .iter()
        .flat_map(|p| match p.entity {
            Some(e) => vec![e],
            None => p
                .candidates
                .iter()
                .filter(|c| c.1 == Form::Title)
                .map(|c| c.0)
                .collect(),
        })
        .filter(|&e| gaz.kind(e) == Kind::Office)
        .collect();
    for p in unit.iter_mut() {
        if p.entity.is_some() || !p.alone || !p.candidates.iter().any(|c| c.1 == Form::Short) {
            continue;
        }
        let cands: Vec<EntityId> = p.candidates.iter().map(|c| c.0).collect();
        // "Premier Li": the one who held the office, on the document's date when there are several.
        let holding = |c: EntityId, on: Option<Date>| {
            gaz.entity(c)
                .terms
                .iter()
                .any(|t| offices.contains(&t.office) && on.is_none_or(|d| t.covers(d)))
        };
        // Without an office in the phrase none holds one: the terms of a surname's many
        // bearers, each far from the others in memory, are not read.
        let by_office = (!offices.is_empty())
            .then(|| {
                only(cands.iter().filter(|&&c| holding(c, None))).or_else(|| {
                    date.and_then(|_| only(cands.iter().filter(|&&c| holding(c, date))))
                })
            })
            .flatten();
        // "Stephen Miller said ... Miller added": the known Miller needs his full name after
        // the unknown one.
        let other = (!others.is_empty())
            .then(|| others.get(&doc.text[p.m.start..p.m.end].to_lowercase()))
            .flatten()
            .copied();
        let by_document = cands
            .iter()
            .filter_map(|c| named.get(c).map(|&at| (at, *c)))
            .filter(|&(at, _)| other.is_none_or(|o| at > o))
            .max()
            .map(|(_, c)| c);
        p.entity = by_office
            .or(by_document)
            .or_else(|| (cands.len() == 1 && other.is_none()).then(|| cands[0]));
    }
    resolve_titles(unit, gaz, &states);
}

/// Resolve the unit's titles not yet resolved: by the state named before them, else by the
/// person beside them who holds the office, else the only office of that title.
fn resolve_titles(unit: &mut [Pending], gaz: &Gazetteer, states: &[EntityId]) {
    let unresolved =
        |p: &Pending| p.entity.is_none() && p.candidates.iter().any(|c| c.1 == Form::Title);
    if !unit.iter().any(unresolved) {
        return; // Most phrases: nothing to do, and nothing to collect.
    }
    // The offices the phrase's people hold or held.
    let held: Vec<EntityId> = unit
        .iter()
        .filter_map(|p| p.entity)
        .filter(|&e| gaz.kind(e) == Kind::Person)
        .flat_map(|p| gaz.entity(p).terms.iter().map(|t| t.office))
        .collect();
    for k in 0..unit.len() {
        if !unresolved(&unit[k]) {
            continue;
        }
        // A title such as "President" may mean the office of every state: look at each
        // candidate's state only when the phrase names one.
        let cands: Vec<EntityId> = unit[k].candidates.iter().map(|c| c.0).collect();
        let before: Vec<EntityId> = unit[..k]
            .iter()
            .filter_map(|p| p.entity)
            .filter(|e| states.contains(e))
            .collect();
        let by_state: Vec<EntityId> = if before.is_empty() {
            Vec::new()
        } else {
            cands
                .iter()
                .copied()
                .filter(|&c| gaz.state(c).is_some_and(|s| before.contains(&s)))
                .collect()
        };
        let by_holder: Vec<EntityId> = if held.is_empty() {
            Vec::new()
        } else {
            cands.iter().copied().filter(|c| held.contains(c)).collect()
        };
        unit[k].entity = match (&by_state[..], &by_holder[..], &cands[..]) {
            ([one], _, _) | ([], [one], _) => Some(*one),
            // The only office of that title, unless the phrase names another state.
            ([], [], [one]) if before.is_empty() => Some(*one),
            _ if by_state.len() > 1 => only(by_state.iter().filter(|c| by_holder.contains(c))),
            _ => None,
        };
    }
}

/// The single item of an iterator, if there is exactly one.
fn only<'a>(mut it: impl Iterator<Item = &'a EntityId>) -> Option<EntityId> {
    match (it.next(), it.next()) {
        (Some(&one), None) => Some(one),
        _ => None,
    }
}

/// The entity a phrase stands for, and whether it can act.
fn head_of(ms: &[Mention], gaz: &Gazetteer, text: &str) -> (EntityId, bool) {
    let last = ms[ms.len() - 1];
    let rest = &text[last.end..];
    // "President Joe Biden's administration": the person's state acts.
    let possessive = rest.strip_prefix("'s").or_else(|| rest.strip_prefix('\''));
    if let Some(after) = possessive
        && gaz.kind(last.entity) == Kind::Person
        && let Some(state) = gaz.state(last.entity)
        && followed_by_actor_noun(text, text.len() - after.len())
    {
        return (state, true);
    }
    // "Russia's parliament", "Biden's remarks", "Kremlin-backed": the name modifies a noun.
    let modifier = rest.starts_with('\'')
        || (rest.starts_with('-') && rest[1..].chars().next().is_some_and(char::is_alphabetic));
    let (head, actor) = head_and_actor(ms, gaz, text);
    (head, actor && !modifier)
}

fn head_and_actor(ms: &[Mention], gaz: &Gazetteer, text: &str) -> (EntityId, bool) {
    let last_of = |kind: Kind| ms.iter().rev().find(|m| gaz.kind(m.entity) == kind);
    if let Some(p) = last_of(Kind::Person) {
        // "the Biden administration", "Putin government officials": the person's state acts.
        let state = gaz.state(p.entity);
        return match state {
            Some(s) if p.end == ms[ms.len() - 1].end && followed_by_actor_noun(text, p.end) => {
                (s, true)
            }
            _ => (p.entity, true),
        };
    }
    if let Some(o) = last_of(Kind::Org)
        && ms.last().is_some_and(|m| m.entity == o.entity)
    {
        return (o.entity, true);
    }
    if let Some(o) = last_of(Kind::Office) {
        return (o.entity, false);
    }
    if let Some(o) = last_of(Kind::Org) {
        return (o.entity, true);
    }
    let last = ms[ms.len() - 1];
    let named = ms.iter().any(|m| m.form != Form::Demonym);
    (last.entity, named || followed_by_actor_noun(text, last.end))
}

/// Whether the word after `at`, on the same line, is a noun that makes a state act
/// ("officials", "side"). A headline's last name is not followed by the next paragraph's first
/// word ("... meets Wang Yi" / "Officials said").
fn followed_by_actor_noun(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start_matches([' ', '\t']);
    let word = &rest[..rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len())];
    let nouns = &rules::relations().actor_nouns;
    if word.is_ascii() {
        // The nouns are in lower case: the word in any case is compared without a copy.
        nouns.iter().any(|n| n.eq_ignore_ascii_case(word))
    } else {
        nouns.contains(&word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, [(mention as written, entity name)]) for every resolved mention.
    fn resolved(text: &str) -> Vec<(String, String)> {
        let g = Gazetteer::built_in().unwrap();
        let m = Matcher::new(&g);
        let doc = Document::new("t", text.to_string());
        let found = m.find(&g, &doc.text);
        resolve(&doc, &found, &m, &g)
            .mentions
            .iter()
            .map(|x| {
                (
                    doc.text[x.start..x.end].to_string(),
                    g.entity(x.entity).name.clone(),
                )
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn actor_nouns_are_read_in_any_case_on_the_same_line() {
        // (text, whether the word after "X" makes it act)
        let cases = [
            ("X officials said", true),
            ("X Officials said", true),
            ("X OFFICIALS", true),
            ("X \tenvoys", true),
            ("X officialdom", false),
            ("X official's", true),
            ("X\nofficials", false),
            ("X", false),
            ("X émissaires", false),
            ("X Ö officials", false),
        ];
        for (text, expected) in cases {
            assert_eq!(followed_by_actor_noun(text, 1), expected, "{text:?}");
        }
    }

    #[test]
    fn resolve_table() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Chinese Foreign Minister Wang Yi left. Later Wang spoke.",
                &[
                    ("Chinese", "China"),
                    ("Foreign Minister", "Foreign Minister of China"),
                    ("Wang Yi", "Wang Yi"),
                    ("Wang", "Wang Yi"),
                ],
            ),
            // A title with no name and no date: the only person who ever held the office.
            (
                "Russia's foreign minister spoke.",
                &[
                    ("Russia's foreign minister", "Sergei Lavrov"),
                    ("Russia", "Russia"),
                    ("foreign minister", "Foreign Minister of Russia"),
                ],
            ),
            // Which foreign minister is meant cannot be told: the title is left out.
            ("The foreign minister spoke.", &[]),
            (
                "Liu Pengyu spoke. Liu Xiaoming wrote. Then Liu left.",
                &[
                    ("Liu Pengyu", "Liu Pengyu"),
                    ("Liu Xiaoming", "Liu Xiaoming"),
                    ("Liu", "Liu Xiaoming"),
                ],
            ),
            // A title whose only office belongs to another state than the one named: left out.
            ("The French foreign secretary", &[("French", "France")]),
            // Two people go by "Liu" and neither was named: left out.
            ("Liu said nothing.", &[]),
            // An unknown name beside a short form makes it someone else's name.
            // ... and a later bare "Mr Lavrov" may be that other person, until the known one is
            // named in full.
            ("Anna Lavrov arrived, and Mr Lavrov left on Friday.", &[]),
            (
                "Anna Lavrov arrived. Sergei Lavrov met her, and Mr Lavrov left on Friday.",
                &[
                    ("Sergei Lavrov", "Sergei Lavrov"),
                    ("Lavrov", "Sergei Lavrov"),
                ],
            ),
            (
                "Russia's Lavrov spoke.",
                &[("Russia", "Russia"), ("Lavrov", "Sergei Lavrov")],
            ),
            ("Xi Mingze spoke.", &[]),
            ("But Putin said no in May.", &[("Putin", "Vladimir Putin")]),
            (
                "Beijing and the PRC and the Kremlin",
                &[
                    ("Beijing", "China"),
                    ("PRC", "China"),
                    ("Kremlin", "Russia"),
                ],
            ),
            (
                "British Foreign Secretary Truss",
                &[
                    ("British", "United Kingdom"),
                    (
                        "Foreign Secretary",
                        "Foreign Secretary of the United Kingdom",
                    ),
                    ("Truss", "Liz Truss"),
                ],
            ),
            (
                "Ambassador Qin Gang",
                &[
                    ("Ambassador", "Ambassador of China to the United States"),
                    ("Qin Gang", "Qin Gang"),
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(resolved(text), pairs(want), "resolving {text:?}");
        }
    }

    #[test]
    fn units_and_actors() {
        let g = Gazetteer::built_in().unwrap();
        let m = Matcher::new(&g);
        let cases: &[(&str, &[(&str, bool)])] = &[
            (
                "U.S. officials met Chinese President Xi Jinping.",
                &[("United States", true), ("Xi Jinping", true)],
            ),
            ("the Chinese embassy", &[("China", false)]),
            (
                "China's foreign minister",
                &[("Foreign Minister of China", false)],
            ),
            (
                "the US State Department",
                &[("United States Department of State", true)],
            ),
            (
                "Blinken meets Wang Yi\n\nOfficials said little.",
                &[("Antony Blinken", true), ("Wang Yi", true)],
            ),
        ];
        for (text, want) in cases {
            let doc = Document::new("t", text.to_string());
            let r = resolve(&doc, &m.find(&g, &doc.text), &m, &g);
            let got: Vec<(&str, bool)> = r
                .units
                .iter()
                .map(|u| (g.entity(u.head).name.as_str(), u.actor))
                .collect();
            assert_eq!(&got, want, "units of {text:?}");
        }
    }

    #[test]
    fn sentences_of_matches_agree_with_sentence_of_each() {
        // Sentences with blank lines, a caption-like line and a gap of spaces between them.
        let doc = Document::new(
            "t",
            "One two.  Three four five.\n\nSix.\nPHOTO: seven eight\n\n  Nine ten.".to_string(),
        );
        let every_offset: Vec<Match> = (0..doc.text.len())
            .map(|at| Match {
                start: at,
                end: at + 1,
                pattern: 0,
            })
            .collect();
        let one_by_one: Vec<Option<usize>> = every_offset
            .iter()
            .map(|m| sentence_of(&doc, m.start))
            .collect();
        assert!(one_by_one.contains(&None) && one_by_one.contains(&Some(3)));
        assert_eq!(sentences_of(&doc, &every_offset), one_by_one);
        assert_eq!(sentences_of(&doc, &every_offset[40..]), one_by_one[40..]);
    }
}
