//! Matching: every gazetteer name found in a document, as byte spans.
//!
//! One Aho-Corasick automaton holds all names, folded to ASCII lower case, and searches the
//! folded text leftmost-longest, so "Chinese Foreign Minister" wins over "Chinese". Case and word
//! boundaries are checked after the automaton has matched: a name must stand as whole words ("Xi"
//! is not in "Xinhua"; "China's" is China), abbreviations match in exact case ("us" is not the
//! US), proper names in their own case or all capitals, titles in any case. When the longest
//! name fails those checks, the longest shorter name it starts with is tried ("Washington
//! stated" is not "Washington State"). Deciding which entity a shared name means is left to
//! `resolve`.
//!
//! The automaton is daachorse's double array: on gazetteers of 100,000 and 1,000,000 names it
//! searched fastest of the automata measured, as small as aho-corasick's contiguous NFA and as
//! quick to build (BENCHMARKS.md, `cargo bench --bench automata`).

use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};

use std::path::Path;

use crate::gazetteer::FoldMap;

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
#[derive(Clone)]
pub struct Matcher {
    automaton: DoubleArrayAhoCorasick<u32>,
    /// For pattern `p`, the longest pattern that is a proper prefix of it and may end a word
    /// there (`NONE` if none): the next try when `p` is rejected.
    shorter: Vec<u32>,
    /// Patterns from this index on are exclusions ("New Mexico"): matched to be skipped.
    excluded_from: u32,
    /// Each pattern's length in bytes.
    lengths: Vec<u32>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.lengths.len())
            .field("excluded_from", &self.excluded_from)
            .field("automaton_bytes", &self.automaton.heap_bytes())
            .finish_non_exhaustive()
    }
}

/// The fewest names for which a built automaton is cached.
pub const CACHE_FROM: usize = 10_000;

fn build(patterns: &[&str]) -> DoubleArrayAhoCorasick<u32> {
    // The double array builds twice as fast from sorted patterns.
    let mut sorted: Vec<u32> = (0..patterns.len() as u32).collect();
    sorted.sort_unstable_by_key(|&p| patterns[p as usize]);
    DoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(sorted.iter().map(|&p| (patterns[p as usize], p)))
        .expect("names are distinct, non-empty and far fewer than the automaton's limit")
}

/// A cache key for an automaton over `patterns`: FNV-1a over the version and every pattern.
fn key(patterns: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let version = concat!(env!("CARGO_PKG_VERSION"), "\0");
    for bytes in std::iter::once(version.as_bytes())
        .chain(patterns.iter().flat_map(|p| [p.as_bytes(), b"\0"]))
    {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn read_cached(file: &Path) -> Option<DoubleArrayAhoCorasick<u32>> {
    let bytes = std::fs::read(file).ok()?;
    match DoubleArrayAhoCorasick::deserialize(&bytes) {
        Ok((automaton, [])) => Some(automaton),
        _ => None,
    }
}

fn write_cached(file: &Path, automaton: &DoubleArrayAhoCorasick<u32>) {
    if let Some(dir) = file.parent()
        && std::fs::create_dir_all(dir).is_ok()
    {
        let _ = crate::export::write_file(file, &automaton.serialize());
    }
}

/// No pattern.
const NONE: u32 = u32::MAX;

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// For each pattern, the longest other pattern that is a proper prefix of it and could end as a
/// whole word where it stops (its last character or the one after it is not a word character);
/// any other prefix fails the whole-word check wherever the longer pattern matched.
fn shorter_prefixes(patterns: &[&str]) -> Vec<u32> {
    let mut index: FoldMap<&str, u32> = FoldMap::default();
    index.reserve(patterns.len());
    for (p, &text) in patterns.iter().enumerate() {
        index.insert(text, p as u32);
    }
    patterns
        .iter()
        .map(|&text| {
            let mut prev: Option<char> = None;
            let mut best = NONE;
            for (k, c) in text.char_indices() {
                if k > 0
                    && (!prev.is_some_and(is_word) || !is_word(c))
                    && let Some(&p) = index.get(&text[..k])
                {
                    best = p;
                }
                prev = Some(c);
            }
            best
        })
        .collect()
}

impl Matcher {
    /// Build the automaton over every alias of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        Matcher::cached(gazetteer, None)
    }

    /// Build the automaton, or read it from `cache` (a directory) when a run before built it
    /// for the same names. Only gazetteers of [`CACHE_FROM`] names or more are cached: smaller
    /// ones build in less time than the file takes to read. A cache that cannot be read or
    /// written is passed over; the automaton is then built.
    pub fn cached(gazetteer: &Gazetteer, cache: Option<&Path>) -> Matcher {
        let names = gazetteer.patterns();
        let mut patterns: Vec<&str> = names.texts.iter().map(String::as_str).collect();
        // Exclusions never share a pattern with a name (checked on load).
        let excluded_from = patterns.len() as u32;
        let folded: Vec<String> = gazetteer
            .exclusions()
            .iter()
            .map(|x| x.text.to_ascii_lowercase())
            .collect();
        let mut seen = std::collections::HashSet::new();
        for x in &folded {
            if seen.insert(x.as_str()) {
                patterns.push(x);
            }
        }
        // Patterns are folded here and text is folded before the search (same byte length), which
        // builds far faster than an ASCII-case-insensitive automaton over a million names.
        let file = cache
            .filter(|_| patterns.len() >= CACHE_FROM)
            .map(|dir| dir.join(format!("automaton-{}.bin", key(&patterns))));
        let automaton = match file.as_deref().and_then(read_cached) {
            Some(automaton) => automaton,
            None => {
                let automaton = build(&patterns);
                if let Some(file) = &file {
                    write_cached(file, &automaton);
                }
                automaton
            }
        };
        Matcher {
            lengths: patterns.iter().map(|p| p.len() as u32).collect(),
            shorter: shorter_prefixes(&patterns),
            automaton,
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
                .leftmost_find_iter(&folded.as_bytes()[at..])
                .next()
            else {
                break;
            };
            let mut found = Match {
                start: at + m.start(),
                end: at + m.end(),
                pattern: m.value(),
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
                match self.shorter[found.pattern as usize] {
                    NONE => {
                        // A shorter name may still start inside the rejected one, but not
                        // inside a word: skip to the next place a match could start.
                        at = next_start(text, found.start);
                        break;
                    }
                    p => {
                        found = Match {
                            start: found.start,
                            end: found.start + self.pattern_len(p),
                            pattern: p,
                        }
                    }
                }
            }
        }
        out
    }

    fn pattern_len(&self, p: u32) -> usize {
        self.lengths[p as usize] as usize
    }

    /// The aliases behind a match whose case fits the text as written.
    pub fn candidates<'g>(
        &'g self,
        gazetteer: &'g Gazetteer,
        text: &'g str,
        m: Match,
    ) -> impl Iterator<Item = &'g Alias> + 'g {
        let found = &text[m.start..m.end];
        gazetteer
            .patterns()
            .members_of(m.pattern)
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

/// The first offset after `from` at which a whole-word match could start: the next character
/// that is not a word character or does not follow one.
fn next_start(text: &str, from: usize) -> usize {
    let mut chars = text[from..].char_indices();
    let Some((_, mut before)) = chars.next() else {
        return text.len();
    };
    for (i, c) in chars {
        if !(is_word(before) && is_word(c)) {
            return from + i;
        }
        before = c;
    }
    text.len()
}

/// Whether the matched span starts and ends on word boundaries.
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let word = is_word;
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
            // After a name rejected inside a word, the search goes on from the word's end.
            ("Xinhua-Xi, ChinaChina and China", &["Xi", "China"]),
            ("Zo\u{00EB}Xi \u{00E9}Xi Xi", &["Xi"]),
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

    #[test]
    fn shorter_prefixes_are_the_longest_that_can_end_a_word() {
        let patterns = [
            "washington state",
            "washington",
            "wash",
            "u.s.",
            "u.s.-china",
            "new york times",
            "new york",
            "new",
        ];
        let got: Vec<Option<&str>> = shorter_prefixes(&patterns)
            .into_iter()
            .map(|p| (p != NONE).then(|| patterns[p as usize]))
            .collect();
        assert_eq!(
            got,
            [
                Some("washington"),
                None, // "wash" ends inside a word wherever "washington" matched
                None,
                None,
                Some("u.s."),
                Some("new york"),
                Some("new"),
                None,
            ]
        );
    }

    #[test]
    fn a_cached_automaton_finds_what_a_built_one_does() {
        let mut lines = Vec::new();
        for i in 0..CACHE_FROM / 2 + 1 {
            lines.push(format!(
                r#"{{"id":"person:p{i}","kind":"person","name":"Pat{i} Lee{i}","short":["Lee{i}"]}}"#
            ));
        }
        let mut b = Builder::new();
        b.add_str("big", &lines.join("\n")).unwrap();
        let g = b.build().unwrap();
        let dir = std::env::temp_dir().join(format!("gazegraph-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let last = CACHE_FROM / 2;
        let text = format!("Pat7 Lee7 met Lee99 and Pat{last} Lee{last}, not Lee7x or Pat3.");
        let text = text.as_str();
        let fresh = Matcher::new(&g).find(&g, text);
        assert_eq!(fresh.len(), 3);
        let built = Matcher::cached(&g, Some(&dir));
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1, "the built automaton is saved");
        let read = Matcher::cached(&g, Some(&dir));
        assert_eq!(built.find(&g, text), fresh);
        assert_eq!(read.find(&g, text), fresh);
        // A damaged cache file is passed over.
        let file = files[0].as_ref().unwrap().path();
        std::fs::write(&file, b"not an automaton").unwrap();
        assert_eq!(Matcher::cached(&g, Some(&dir)).find(&g, text), fresh);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
