//! Matching: every gazetteer name found in a document, as byte spans.
//!
//! One Aho-Corasick automaton holds all names, folded to ASCII lower case, and searches the
//! folded text leftmost-longest, so "Chinese Foreign Minister" wins over "Chinese". Case and word boundaries
//! are checked after the automaton has matched: a name must stand as whole words ("Xi" is not in
//! "Xinhua"; "China's" is China), abbreviations match in exact case ("us" is not the US), proper
//! names in their own case or all capitals, titles in any case. Deciding which entity a shared
//! name means is left to `resolve`.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::gazetteer::{Alias, Form, Gazetteer};

/// A gazetteer name found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Byte offsets into the normalised document text.
    pub start: usize,
    pub end: usize,
    /// The distinct folded name that matched; see [`Matcher::candidates`].
    pub pattern: u32,
}

/// The automaton and the map from each pattern back to the aliases that share it.
#[derive(Clone, Debug)]
pub struct Matcher {
    automaton: AhoCorasick,
    /// For pattern `p`, `aliases[offsets[p]..offsets[p + 1]]` are indices into the gazetteer's
    /// aliases.
    offsets: Vec<u32>,
    aliases: Vec<u32>,
    /// Patterns from this index on are exclusions ("New Mexico"): matched to be skipped.
    excluded_from: u32,
}

impl Matcher {
    /// Build the automaton over every alias of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        let all = gazetteer.aliases();
        let mut ids: HashMap<String, u32> = HashMap::with_capacity(all.len());
        let mut patterns: Vec<String> = Vec::new();
        let mut per_pattern: Vec<Vec<u32>> = Vec::new();
        for (i, a) in all.iter().enumerate() {
            let folded = a.text.to_ascii_lowercase();
            let p = *ids.entry(folded).or_insert_with_key(|k| {
                patterns.push(k.clone());
                per_pattern.push(Vec::new());
                (patterns.len() - 1) as u32
            });
            per_pattern[p as usize].push(i as u32);
        }
        // Exclusions never share a pattern with a name (checked on load).
        let excluded_from = patterns.len() as u32;
        for x in gazetteer.exclusions() {
            let folded = x.text.to_ascii_lowercase();
            if !ids.contains_key(&folded) {
                ids.insert(folded.clone(), patterns.len() as u32);
                patterns.push(folded);
            }
        }
        let mut offsets = Vec::with_capacity(per_pattern.len() + 1);
        let mut aliases = Vec::with_capacity(all.len());
        offsets.push(0);
        for list in per_pattern {
            aliases.extend(list);
            offsets.push(aliases.len() as u32);
        }
        // Patterns are folded here and text is folded before the search (same byte length), which
        // builds far faster than an ASCII-case-insensitive automaton over a million names.
        // Anchored searches try the shorter names at the start of a rejected match.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&patterns)
            .expect("alias patterns are bounded in size");
        Matcher {
            automaton,
            offsets,
            aliases,
            excluded_from,
        }
    }

    /// Every accepted match in `text`, left to right, never overlapping.
    pub fn find(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Match> {
        let folded = text.to_ascii_lowercase();
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self
                .automaton
                .find(Input::new(&folded).span(at..text.len()))
            else {
                break;
            };
            let mut found = Match {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_u32(),
            };
            loop {
                if found.pattern >= self.excluded_from && whole_words(text, found.start, found.end)
                {
                    // "New Mexico": neither the phrase nor the name inside it is an entity.
                    at = found.end;
                    break;
                }
                if self.accepts(gazetteer, text, found) {
                    out.push(found);
                    at = found.end;
                    break;
                }
                // "Washington stated": the longest pattern ("Washington State") is not whole
                // words; the longest shorter one at the same start may be.
                let shorter = Input::new(&folded)
                    .span(found.start..found.end - 1)
                    .anchored(Anchored::Yes);
                match self.automaton.find(shorter) {
                    Some(m) => {
                        found = Match {
                            start: m.start(),
                            end: m.end(),
                            pattern: m.pattern().as_u32(),
                        }
                    }
                    None => {
                        // A shorter name may still start inside the rejected one.
                        at = found.start
                            + text[found.start..].chars().next().map_or(1, char::len_utf8);
                        break;
                    }
                }
            }
        }
        out
    }

    /// The aliases behind a match whose case fits the text as written.
    pub fn candidates<'g>(
        &'g self,
        gazetteer: &'g Gazetteer,
        text: &'g str,
        m: Match,
    ) -> impl Iterator<Item = &'g Alias> + 'g {
        let found = &text[m.start..m.end];
        let range = self.offsets[m.pattern as usize] as usize
            ..self.offsets[m.pattern as usize + 1] as usize;
        self.aliases[range]
            .iter()
            .map(move |&i| &gazetteer.aliases()[i as usize])
            .filter(move |a| case_fits(&a.text, a.form, found))
    }

    fn accepts(&self, gazetteer: &Gazetteer, text: &str, m: Match) -> bool {
        m.pattern < self.excluded_from
            && whole_words(text, m.start, m.end)
            && self.candidates(gazetteer, text, m).next().is_some()
    }
}

/// Whether the matched span starts and ends on word boundaries.
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let open = !(first.is_some_and(word) && before.is_some_and(word));
    let close = !(last.is_some_and(word) && after.is_some_and(word));
    // "Xi'an" is a city, not Xi; "Xi's" and "Xis'" are Xi.
    let rest = &text[end..];
    let apostrophe_word = rest.strip_prefix('\'').is_some_and(|r| {
        let mut chars = r.chars();
        let first = chars.next();
        let possessive = first == Some('s') && !chars.next().is_some_and(char::is_alphanumeric);
        first.is_some_and(char::is_alphanumeric) && !possessive
    });
    open && close && !apostrophe_word
}

/// The case rules: titles in any case, abbreviations exactly, names as written or in capitals.
fn case_fits(alias: &str, form: Form, found: &str) -> bool {
    match form {
        Form::Title => true,
        Form::Abbreviation => alias == found,
        _ => {
            alias == found
                || (found.chars().all(|c| !c.is_lowercase()) && alias.to_uppercase() == found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Builder;

    fn names(text: &str) -> Vec<String> {
        let g = crate::gazetteer::Gazetteer::built_in().unwrap();
        let m = Matcher::new(&g);
        m.find(&g, text)
            .into_iter()
            .map(|x| text[x.start..x.end].to_string())
            .collect()
    }

    #[test]
    fn match_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Xinhua reported that Xi spoke.", &["Xi"]),
            ("They told us that the US agreed.", &["US"]),
            ("China's envoy and Beijing's view", &["China", "Beijing"]),
            (
                "Chinese Foreign Minister Wang Yi",
                &["Chinese", "Foreign Minister", "Wang Yi"],
            ),
            ("the chinese foreign minister", &["foreign minister"]),
            ("CHINA AND RUSSIA", &["CHINA", "RUSSIA"]),
            (
                "Ambassador to the United States Qin Gang",
                &["Ambassador to the United States", "Qin Gang"],
            ),
            ("a U.S.-made drone and US-backed plan", &["U.S.", "US"]),
            ("Wangyi and Putinesque", &[]),
            ("Liu Pengyu met Liu.", &["Liu Pengyu", "Liu"]),
            // A longer pattern that is not whole words gives way to a shorter one at its start.
            ("Washington stated its view.", &["Washington"]),
            ("The Washington Post and New Mexico", &[]),
            (
                "Reporters in Xi'an heard Xi's and the Russians' views.",
                &["Xi", "Russians"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&names(text), want, "matching {text:?}");
        }
    }

    #[test]
    fn rejected_long_match_leaves_room_for_shorter() {
        let mut b = Builder::new();
        b.add_str(
            "t",
            concat!(
                r#"{"id":"a","kind":"org","name":"Alpha","abbreviations":["AB"]}"#,
                "\n",
                r#"{"id":"b","kind":"org","name":"Beta","aliases":["b c"]}"#
            ),
        )
        .unwrap();
        let g = b.build().unwrap();
        let m = Matcher::new(&g);
        // "ab" is not "AB" (exact case), and "Ab c" starts inside; nothing may match.
        assert!(m.find(&g, "ab c").is_empty());
        assert_eq!(m.find(&g, "AB Alpha").len(), 2);
    }
}
