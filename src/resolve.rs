//! Resolution: which entity each match means, and which matches form one phrase.
//!
//! Matches that stand next to each other with only blanks, a possessive or a hyphen between them
//! form a [`Unit`]: "Chinese Foreign Minister Wang Yi", "China's foreign minister", "U.S."
//! followed by "officials". Inside a unit, a title takes its state from the state named beside it
//! or from the person who holds it; a short form ("Wang", "Liu") takes the person the unit's
//! office or the document names, or the only person who goes by it. A mention that cannot be
//! decided is left out rather than guessed. What the units do together is left to `relations`.

use std::collections::HashMap;

use crate::gazetteer::{EntityId, Form, Gazetteer, Kind};
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

/// A phrase of adjacent mentions and the entity it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// The entity the phrase is about: its person, else its organisation or office, else state.
    pub head: EntityId,
    /// Whether the phrase can take part in a conversation: people, organisations, and states
    /// named as such or through their officials ("U.S. officials"), but not a bare adjective
    /// ("Chinese embassy") nor an office with no holder named.
    pub actor: bool,
}

/// Everything resolved in one document.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub mentions: Vec<Mention>,
    pub units: Vec<Unit>,
}

struct Pending {
    m: Match,
    candidates: Vec<(EntityId, Form)>,
    entity: Option<EntityId>,
}

/// Resolve the matches of one document.
pub fn resolve(doc: &Document, matches: &[Match], matcher: &Matcher, gaz: &Gazetteer) -> Resolved {
    let mut out = Resolved::default();
    // Where each person was last named in full; short forms look back to it.
    let mut named: HashMap<EntityId, usize> = HashMap::new();
    // Each match's candidates, computed once: grouping and resolution both read them.
    let mut candidates: Vec<Vec<(EntityId, Form)>> = matches
        .iter()
        .map(|&m| {
            matcher
                .candidates(gaz, &doc.text, m)
                .map(|a| (a.entity, a.form))
                .collect()
        })
        .collect();
    let mut i = 0;
    while i < matches.len() {
        let sentence = sentence_of(doc, matches[i].start);
        // Gather one unit: matches joined by glue, inside one sentence.
        let mut j = i + 1;
        while j < matches.len()
            && joins(
                gaz,
                &doc.text[matches[j - 1].end..matches[j].start],
                &candidates[j - 1],
                &candidates[j],
            )
            && sentence.is_some()
            && sentence_of(doc, matches[j].start) == sentence
        {
            j += 1;
        }
        let Some(sentence) = sentence else {
            i = j;
            continue;
        };
        let mut unit: Vec<Pending> = (i..j)
            .map(|k| Pending {
                m: matches[k],
                candidates: std::mem::take(&mut candidates[k]),
                entity: None,
            })
            .collect();
        resolve_unit(&mut unit, gaz, &named);
        let index = out.units.len();
        let mut any = false;
        for p in &unit {
            let Some(entity) = p.entity else { continue };
            let form = p
                .candidates
                .iter()
                .find(|c| c.0 == entity)
                .map_or(Form::Alias, |c| c.1);
            if gaz.entity(entity).kind == Kind::Person && matches!(form, Form::Name | Form::Alias) {
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
            out.units.push(Unit {
                start,
                end,
                sentence,
                head,
                actor,
            });
        }
        i = j;
    }
    out
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
    let kinds = |c: &[(EntityId, Form)]| -> Vec<(Kind, Form)> {
        c.iter().map(|&(e, f)| (gaz.entity(e).kind, f)).collect()
    };
    let (ka, kb) = (kinds(a), kinds(b));
    let all =
        |k: &[(Kind, Form)], f: &dyn Fn(&(Kind, Form)) -> bool| !k.is_empty() && k.iter().all(f);
    let person = |x: &(Kind, Form)| x.0 == Kind::Person;
    let named_state = |x: &(Kind, Form)| x.0 == Kind::State && x.1 != Form::Demonym;
    if (all(&ka, &person) && all(&kb, &person))
        || (all(&ka, &named_state) && all(&kb, &named_state))
    {
        return false;
    }
    let t = between.trim();
    if between.len() <= 4 && matches!(t, "" | "'s" | "'") {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let title_words = &rules::relations().title_words;
    words.len() <= 4
        && words
            .iter()
            .all(|w| title_words.iter().any(|t| t.eq_ignore_ascii_case(w)))
        && ka.iter().any(|k| matches!(k.0, Kind::State | Kind::Org))
        && kb.iter().any(person)
}

fn resolve_unit(unit: &mut [Pending], gaz: &Gazetteer, named: &HashMap<EntityId, usize>) {
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
        .filter(|&e| matches!(gaz.entity(e).kind, Kind::State | Kind::Org))
        .collect();
    let people: Vec<EntityId> = unit
        .iter()
        .filter_map(|p| p.entity)
        .filter(|&e| gaz.entity(e).kind == Kind::Person)
        .collect();
    // Titles: by the state named in the phrase, else by the person who holds the office.
    for k in 0..unit.len() {
        if unit[k].entity.is_some() || !unit[k].candidates.iter().any(|c| c.1 == Form::Title) {
            continue;
        }
        let cands: Vec<EntityId> = unit[k].candidates.iter().map(|c| c.0).collect();
        let before: Vec<EntityId> = unit[..k]
            .iter()
            .filter_map(|p| p.entity)
            .filter(|e| states.contains(e))
            .collect();
        let by_state: Vec<EntityId> = cands
            .iter()
            .copied()
            .filter(|&c| gaz.entity(c).state.is_some_and(|s| before.contains(&s)))
            .collect();
        let by_holder: Vec<EntityId> = cands
            .iter()
            .copied()
            .filter(|&c| {
                people
                    .iter()
                    .any(|&p| gaz.entity(p).terms.iter().any(|t| t.office == c))
            })
            .collect();
        unit[k].entity = match (&by_state[..], &by_holder[..], &cands[..]) {
            ([one], _, _) | ([], [one], _) => Some(*one),
            // The only office of that title, unless the phrase names another state.
            ([], [], [one]) if before.is_empty() => Some(*one),
            _ if by_state.len() > 1 => only(by_state.iter().filter(|c| by_holder.contains(c))),
            _ => None,
        };
    }
    // Short forms: the holder of the phrase's office, else the person last named in full,
    // else the only person who goes by it.
    let offices: Vec<EntityId> = unit
        .iter()
        .filter_map(|p| p.entity)
        .filter(|&e| gaz.entity(e).kind == Kind::Office)
        .collect();
    for p in unit.iter_mut() {
        if p.entity.is_some() || !p.candidates.iter().any(|c| c.1 == Form::Short) {
            continue;
        }
        let cands: Vec<EntityId> = p.candidates.iter().map(|c| c.0).collect();
        let by_office = only(cands.iter().filter(|&&c| {
            gaz.entity(c)
                .terms
                .iter()
                .any(|t| offices.contains(&t.office))
        }));
        let by_document = cands
            .iter()
            .filter_map(|c| named.get(c).map(|&at| (at, *c)))
            .max()
            .map(|(_, c)| c);
        p.entity = by_office
            .or(by_document)
            .or_else(|| (cands.len() == 1).then(|| cands[0]));
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
    // "Russia's parliament", "Biden's remarks", "Kremlin-backed": the name modifies a noun.
    let rest = &text[ms[ms.len() - 1].end..];
    let modifier = rest.starts_with('\'')
        || (rest.starts_with('-') && rest[1..].chars().next().is_some_and(char::is_alphabetic));
    let (head, actor) = head_and_actor(ms, gaz, text);
    (head, actor && !modifier)
}

fn head_and_actor(ms: &[Mention], gaz: &Gazetteer, text: &str) -> (EntityId, bool) {
    let last_of = |kind: Kind| ms.iter().rev().find(|m| gaz.entity(m.entity).kind == kind);
    if let Some(p) = last_of(Kind::Person) {
        // "the Biden administration", "Putin government officials": the person's state acts.
        let state = gaz.entity(p.entity).state;
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

/// Whether the word after `at` is a noun that makes a state act ("officials", "side").
fn followed_by_actor_noun(text: &str, at: usize) -> bool {
    let next: String = text[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    rules::relations().actor_nouns.contains(&next)
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
            (
                "Russia's foreign minister spoke.",
                &[
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
}
