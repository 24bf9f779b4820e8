//! Matching: every gazetteer name found in a document, as byte spans.
//!
//! A name must stand as whole words ("Xi" is not in "Xinhua"; "China's" is China), so it starts
//! where a word starts, and its first word (letters, digits and `_`, up to the first other
//! character) is the text's word there: the name must end on a word's edge, so its first word
//! ends where the text's does. The names, folded to ASCII lower case, are grouped by that first
//! word, longest first. At each place of the folded text where a word can start, the search
//! looks up the text's word and takes the longest name of its group that the text goes on with
//! and that passes the checks, leftmost first, so "Chinese Foreign Minister" wins over
//! "Chinese". The checks: whole words at both ends, abbreviations in exact case ("us" is not the
//! US), proper names in their own case or all capitals, titles in any case. When the longest
//! name fails them, the next shorter one at the same place is tried ("Washington stated" is not
//! "Washington State"). Deciding which entity a shared name means is left to `resolve`.
//!
//! A word is one lookup in a small table and its names lie side by side, where a trie is walked
//! node by node through memory far from the core; a filter of the first words, small enough for
//! the core's own cache, skips the lookup at most words of a text. Building the groups is a sort,
//! a fraction of the time of an Aho-Corasick automaton or a double-array trie over the same
//! names (BENCHMARKS.md, `cargo bench --bench automata`). Ends are byte offsets.

use std::borrow::Cow;
use std::sync::Arc;

use crate::gazetteer::{Alias, EntityId, Form, Gazetteer};

/// A gazetteer name found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Byte offsets into the normalised document text.
    pub start: usize,
    pub end: usize,
    /// The distinct folded name that matched; see [`Matcher::candidates`].
    pub pattern: u32,
}

/// Every name grouped by its first word, and where the exclusions start among the patterns.
#[derive(Clone)]
pub struct Matcher {
    /// Patterns from this index on are exclusions ("New Mexico"): matched to be skipped.
    excluded_from: u32,
    /// Whether some pattern starts with this byte: the search looks only there.
    starts: [bool; 256],
    /// The names' first words: the lookup is skipped at a word no name starts with.
    first_words: FirstWords,
    /// Each pattern's aliases as (entity, form), in the gazetteer's order of members, and
    /// whether every one of them is a title (which fits text in any case). A title such as
    /// "Foreign Minister" stands for an office in each of a hundred states: its candidates are
    /// then one slice, where reading each alias would visit a hundred places in memory.
    members: Arc<[(EntityId, Form)]>,
    any_case: Arc<[bool]>,
    /// Each member's alias as written, side by side in `member_text` (offset, length), for the
    /// case rules: one read where the alias and then its own string would be two.
    member_spans: Arc<[(u32, u32)]>,
    member_text: Arc<str>,
    index: Arc<Index>,
}

/// A filter of the words names start with (a one-hash Bloom filter).
///
/// A name can only be taken where the text's word is the name's first word (see the module's
/// header). Most words of a text start no name, and their bits are clear; a bit set by another
/// word only costs a lookup in the [`Index`], whose hashes of first words set the bits. The
/// filter is asked about words of ASCII letters, digits and `_`, followed by an ASCII character
/// or the end; a word that runs into other bytes is always looked up.
#[derive(Clone)]
struct FirstWords {
    bits: Box<[u64]>,
    shift: u32,
}

impl FirstWords {
    /// The filter of the index's first words, from the hashes its groups are found by.
    fn of(index: &Index) -> FirstWords {
        let hashes = index.slots.iter().filter(|s| s.2 != 0).map(|s| s.0);
        // 16 bits a word: one false hit in 16 at most, and the filter stays in a core's cache
        // (32 KiB for the 16,000 first words of 100,000 names).
        let len = (hashes.clone().count() * 16)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 24);
        let mut filter = FirstWords {
            bits: vec![0; len / 64].into_boxed_slice(),
            shift: 64 - len.trailing_zeros(),
        };
        for hash in hashes {
            let bit = (hash >> filter.shift) as usize;
            filter.bits[bit / 64] |= 1 << (bit % 64);
        }
        filter
    }

    fn bit(&self, word: &[u8]) -> usize {
        (word_hash(word) >> self.shift) as usize
    }

    /// Whether some name may start with `word`.
    fn may_start(&self, word: &[u8]) -> bool {
        let bit = self.bit(word);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// A hash of a word's bytes, 8 at a time (the last few as a little-endian number, without the
/// call to `memcpy` that copying them into a padded block costs).
fn word_hash(word: &[u8]) -> u64 {
    let mix = |h: u64, v: u64| (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut h = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        h = mix(h, u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, rest.iter().rev().fold(0, |v, &b| v << 8 | u64::from(b)));
    }
    h
}

/// The length in bytes of the word (letters, digits, `_`) that `text` starts with; 0 when it
/// starts with another character. An ASCII word is measured on its bytes.
fn word_len(text: &str) -> usize {
    ascii_word(text.as_bytes()).unwrap_or_else(|| {
        text.char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(text.len(), |(at, _)| at)
    })
}

/// The names grouped by their first word (empty for a name that starts with another character
/// than a letter, digit or `_`).
///
/// Groups are found by the hash of that word in an open-addressed table. A group holds the
/// names of every first word with that hash, longest first, their bytes side by side: a name of
/// another word that shares the hash is offered too, but never taken, as it cannot end on a
/// word's edge there.
#[derive(Clone)]
struct Index {
    /// (hash, first entry, end of entries); an empty slot has no entries.
    slots: Box<[(u64, u32, u32)]>,
    shift: u32,
    /// (offset into `bytes`, length, pattern) of each name, grouped.
    entries: Box<[(u32, u32, u32)]>,
    bytes: Box<[u8]>,
}

impl Index {
    fn new(patterns: &[&str]) -> Index {
        // By the hash of the first word, then longest first, then in pattern order: one number
        // to compare (hash, complement of the length, pattern), which sorts in 40% fewer
        // instructions than the three fields as a tuple.
        let mut keyed: Vec<u128> = patterns
            .iter()
            .enumerate()
            .map(|(p, text)| {
                let first = &text.as_bytes()[..word_len(text)];
                let shorter = u32::MAX - u32::try_from(text.len()).unwrap_or(u32::MAX);
                u128::from(word_hash(first)) << 64 | u128::from(shorter) << 32 | p as u128
            })
            .collect();
        keyed.sort_unstable();
        let hash = |key: &u128| (key >> 64) as u64;
        let same_word = |a: &u128, b: &u128| hash(a) == hash(b);
        let groups = keyed.chunk_by(same_word).count();
        let len = (groups * 2).next_power_of_two().max(2);
        let mut index = Index {
            slots: vec![(0, 0, 0); len].into_boxed_slice(),
            shift: 64 - len.trailing_zeros(),
            entries: Vec::new().into_boxed_slice(),
            bytes: Vec::new().into_boxed_slice(),
        };
        let mut entries = Vec::with_capacity(keyed.len());
        let mut bytes = Vec::with_capacity(patterns.iter().map(|p| p.len()).sum());
        for group in keyed.chunk_by(same_word) {
            let from = entries.len() as u32;
            for key in group {
                let p = *key as u32;
                let text = patterns[p as usize].as_bytes();
                entries.push((bytes.len() as u32, text.len() as u32, p));
                bytes.extend_from_slice(text);
            }
            let mut at = index.slot(hash(&group[0]));
            while index.slots[at].2 != 0 {
                at = (at + 1) & (len - 1);
            }
            index.slots[at] = (hash(&group[0]), from, entries.len() as u32);
        }
        index.entries = entries.into_boxed_slice();
        index.bytes = bytes.into_boxed_slice();
        index
    }

    fn slot(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }

    /// The names whose first word has the hash of `word`, longest first.
    fn group(&self, word: &[u8]) -> &[(u32, u32, u32)] {
        let hash = word_hash(word);
        let mut at = self.slot(hash);
        loop {
            let (h, from, to) = self.slots[at];
            if to == 0 {
                return &[];
            }
            if h == hash {
                return &self.entries[from as usize..to as usize];
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
    }

    fn heap_bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<(u64, u32, u32)>()
            + self.entries.len() * std::mem::size_of::<(u32, u32, u32)>()
            + self.bytes.len()
    }

    fn text(&self, offset: u32, len: u32) -> &[u8] {
        &self.bytes[offset as usize..(offset + len) as usize]
    }
}

/// The length of the word of ASCII letters, digits and `_` that `bytes` starts with, when it
/// is not empty and is followed by an ASCII character or the end.
fn ascii_word(bytes: &[u8]) -> Option<usize> {
    let n = bytes
        .iter()
        .position(|&b| !ASCII_WORD[usize::from(b)])
        .unwrap_or(bytes.len());
    (n > 0 && bytes.get(n).is_none_or(u8::is_ascii)).then_some(n)
}

/// Whether a byte is an ASCII letter, digit or `_`: one load where the tests are three ranges.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("excluded_from", &self.excluded_from)
            .field("names", &self.index.entries.len())
            .field("index_bytes", &self.index.heap_bytes())
            .finish_non_exhaustive()
    }
}

/// Every pattern the matcher looks for, by number: the gazetteer's folded names, then its exclusions
/// folded (each once), from the returned index on.
fn patterns(gazetteer: &Gazetteer) -> (Vec<Cow<'_, str>>, u32) {
    let mut patterns: Vec<Cow<'_, str>> = gazetteer.patterns().texts().map(Cow::Borrowed).collect();
    // Exclusions never share a pattern with a name (checked on load).
    let excluded_from = patterns.len() as u32;
    let mut seen = std::collections::HashSet::new();
    for x in gazetteer.exclusions() {
        let folded = x.text.to_ascii_lowercase();
        if seen.insert(folded.clone()) {
            patterns.push(Cow::Owned(folded));
        }
    }
    (patterns, excluded_from)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Matcher {
    /// Group every alias of `gazetteer` (and every exclusion) by its first word.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        let (patterns, excluded_from) = patterns(gazetteer);
        let patterns: Vec<&str> = patterns.iter().map(|p| p.as_ref()).collect();
        let mut starts = [false; 256];
        for &b in patterns.iter().filter_map(|p| p.as_bytes().first()) {
            starts[usize::from(b)] = true;
        }
        let names = gazetteer.patterns();
        let aliases = gazetteer.aliases();
        let count = names.members.len();
        let text_len = names
            .members
            .iter()
            .map(|&i| aliases[i as usize].text.len())
            .sum();
        let (mut members, mut member_spans, mut member_text) = (
            Vec::with_capacity(count),
            Vec::with_capacity(count),
            String::with_capacity(text_len),
        );
        for a in names.members.iter().map(|&i| &aliases[i as usize]) {
            members.push((a.entity, a.form));
            member_spans.push((member_text.len() as u32, a.text.len() as u32));
            member_text.push_str(&a.text);
        }
        let any_case = (0..names.len() as u32)
            .map(|p| {
                members[names.range_of(p)]
                    .iter()
                    .all(|m| m.1 == Form::Title)
            })
            .collect();
        let index = Index::new(&patterns);
        Matcher {
            excluded_from,
            starts,
            first_words: FirstWords::of(&index),
            members: members.into(),
            any_case,
            member_spans: member_spans.into(),
            member_text: member_text.into(),
            index: Arc::new(index),
        }
    }

    /// The bytes of memory the matcher's tables hold (names grouped, filter, candidates).
    pub fn heap_bytes(&self) -> usize {
        self.index.heap_bytes()
            + self.first_words.bits.len() * 8
            + self.members.len() * std::mem::size_of::<(EntityId, Form)>()
            + self.any_case.len()
            + self.member_spans.len() * std::mem::size_of::<(u32, u32)>()
            + self.member_text.len()
    }

    /// Every accepted match in `text`, left to right, never overlapping.
    pub fn find(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Match> {
        // Room for a match every 32 bytes: news text names something every 40 to 50.
        let mut out = Vec::with_capacity(text.len() / 32);
        if self.index.entries.is_empty() {
            return out;
        }
        // Text is folded like the names (same byte length), and matched byte by byte.
        let folded = text.to_ascii_lowercase();
        let bytes = folded.as_bytes();
        let mut after_word = false; // whether the character before `i` is a word character
        let mut i = 0;
        while i < bytes.len() {
            let (word, len) = match bytes[i] {
                b if b.is_ascii() => (ASCII_WORD[usize::from(b)], 1),
                _ => text[i..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (is_word(c), c.len_utf8())),
            };
            if !(after_word && word) && self.starts[usize::from(bytes[i])] {
                let first = match ascii_word(&bytes[i..]) {
                    Some(n) if !self.first_words.may_start(&bytes[i..i + n]) => {
                        // No name starts with this word; none can start inside it. Nor at the
                        // blanks and marks after it that start no name, passed here too.
                        i += n;
                        let gap = bytes[i..]
                            .iter()
                            .take_while(|&&b| b.is_ascii() && !ASCII_WORD[usize::from(b)])
                            .take_while(|&&b| !self.starts[usize::from(b)])
                            .count();
                        after_word = gap == 0;
                        i += gap;
                        continue;
                    }
                    Some(n) => n,
                    None => word_len(&text[i..]),
                };
                let group = self.index.group(&bytes[i..i + first]);
                // The longest name first; a rejected one gives way to the next shorter.
                let taken = group.iter().find_map(|&(offset, len, pattern)| {
                    let end = i + len as usize;
                    let name = self.index.text(offset, len);
                    // The names of a group share their first word: their last bytes tell them
                    // apart sooner than a comparison from the start.
                    if bytes.get(end - 1) != name.last() || bytes[i..end] != *name {
                        return None;
                    }
                    let m = Match {
                        start: i,
                        end,
                        pattern,
                    };
                    if pattern >= self.excluded_from {
                        // "New Mexico": neither the phrase nor the name inside it is an entity.
                        whole_words(text, i, end).then_some((None, end))
                    } else {
                        self.accepts(gazetteer, text, m).then_some((Some(m), end))
                    }
                });
                if let Some((m, end)) = taken {
                    out.extend(m);
                    after_word = text[..end].chars().next_back().is_some_and(is_word);
                    i = end;
                    continue;
                }
            }
            after_word = word;
            i += len;
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
        let names = gazetteer.patterns();
        self.fitting(gazetteer, text, m)
            .map(move |k| &gazetteer.aliases()[names.members[k] as usize])
    }

    /// The entity and form of each alias behind match `m` whose case fits the text as written,
    /// added to `out` in data order: `candidates` as (entity, form).
    pub fn candidates_into(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        m: Match,
        out: &mut Vec<(EntityId, Form)>,
    ) {
        let range = gazetteer.patterns().range_of(m.pattern);
        if self.any_case[m.pattern as usize] {
            out.extend_from_slice(&self.members[range]);
        } else {
            out.extend(self.fitting(gazetteer, text, m).map(|k| self.members[k]));
        }
    }

    /// The places, among the gazetteer's members, of the aliases behind match `m` whose case
    /// fits the text as written; the aliases are read from the matcher's own lists.
    fn fitting<'a>(
        &'a self,
        gazetteer: &Gazetteer,
        text: &'a str,
        m: Match,
    ) -> impl Iterator<Item = usize> + 'a {
        let found = &text[m.start..m.end];
        gazetteer.patterns().range_of(m.pattern).filter(move |&k| {
            let (offset, len) = self.member_spans[k];
            let alias = &self.member_text[offset as usize..(offset + len) as usize];
            case_fits(alias, self.members[k].1, found)
        })
    }

    fn accepts(&self, gazetteer: &Gazetteer, text: &str, m: Match) -> bool {
        m.pattern < self.excluded_from
            && whole_words(text, m.start, m.end)
            // A title fits in any case: no alias need be read.
            && (self.any_case[m.pattern as usize]
                || self.fitting(gazetteer, text, m).next().is_some())
    }
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
    fn names_outside_ascii_match_at_their_byte_offsets() {
        let mut b = Builder::new();
        b.add_str(
            "t",
            concat!(
                r#"{"id":"p1","kind":"person","name":"Zo\u00eb \u00dcnal"}"#,
                "\n",
                r#"{"id":"p2","kind":"person","name":"\u0141ukasz Nowak"}"#,
                "\n",
                r#"{"id":"c","kind":"state","name":"\u5317\u4eac"}"#
            ),
        )
        .unwrap();
        let g = b.build().unwrap();
        let m = Matcher::new(&g);
        let text = "\u{00C9}t\u{00E9}: Zo\u{00EB} \u{00DC}nal met \u{0141}ukasz Nowak in \u{5317}\u{4EAC}, not Zo\u{00EB} \u{00DC}nals.";
        let found: Vec<&str> = m
            .find(&g, text)
            .iter()
            .map(|x| &text[x.start..x.end])
            .collect();
        assert_eq!(
            found,
            [
                "Zo\u{00EB} \u{00DC}nal",
                "\u{0141}ukasz Nowak",
                "\u{5317}\u{4EAC}"
            ]
        );
    }

    #[test]
    fn a_gazetteer_without_names_matches_nothing() {
        let g = Builder::new().build().unwrap();
        assert!(
            Matcher::new(&g)
                .find(&g, "Xi Jinping met Putin.")
                .is_empty()
        );
    }

    /// Every match the rules allow, by brute force: at each character, every pattern the folded
    /// text starts with, longest first, the first accepted taken.
    fn brute_force(m: &Matcher, g: &Gazetteer, text: &str) -> Vec<Match> {
        let (patterns, excluded_from) = patterns(g);
        let folded = text.to_ascii_lowercase();
        let (mut out, mut at) = (Vec::new(), 0);
        for (i, _) in text.char_indices() {
            if i < at {
                continue;
            }
            let mut found: Vec<Match> = (0..patterns.len() as u32)
                .filter(|&p| folded[i..].starts_with(patterns[p as usize].as_ref()))
                .map(|p| Match {
                    start: i,
                    end: i + patterns[p as usize].len(),
                    pattern: p,
                })
                .collect();
            found.sort_by_key(|f| std::cmp::Reverse(f.end));
            for f in found {
                if f.pattern >= excluded_from {
                    if whole_words(text, f.start, f.end) {
                        at = f.end;
                        break;
                    }
                } else if m.accepts(g, text, f) {
                    out.push(f);
                    at = f.end;
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn candidates_are_the_aliases_whose_case_fits() {
        let g = crate::gazetteer::Gazetteer::built_in().unwrap();
        let m = Matcher::new(&g);
        let mut titles = 0;
        for (p, folded) in g.patterns().texts().enumerate() {
            let written = &g.aliases()[g.patterns().members_of(p as u32)[0] as usize].text;
            titles += usize::from(m.any_case[p]);
            for text in [written.clone(), folded.to_string(), written.to_uppercase()] {
                if text.len() != folded.len() {
                    continue;
                }
                let found = Match {
                    start: 0,
                    end: text.len(),
                    pattern: p as u32,
                };
                // The case rules applied to the gazetteer's own aliases.
                let aliases = g.patterns().members_of(p as u32).iter();
                let want: Vec<&Alias> = aliases
                    .map(|&i| &g.aliases()[i as usize])
                    .filter(|a| case_fits(&a.text, a.form, &text))
                    .collect();
                let got: Vec<&Alias> = m.candidates(&g, &text, found).collect();
                assert_eq!(got, want, "{text:?}");
                let mut into = Vec::new();
                m.candidates_into(&g, &text, found, &mut into);
                let want: Vec<_> = want.iter().map(|a| (a.entity, a.form)).collect();
                assert_eq!(into, want, "{text:?}");
            }
        }
        assert!(titles > 5, "only {titles} patterns of titles alone");
    }

    #[test]
    fn first_words_filter_keeps_every_name_and_few_others() {
        let g = crate::gazetteer::Gazetteer::built_in().unwrap();
        let m = Matcher::new(&g);
        let (patterns, _) = patterns(&g);
        for p in &patterns {
            if let Some(n) = ascii_word(p.as_bytes()) {
                assert!(m.first_words.may_start(&p.as_bytes()[..n]), "{p:?}");
            }
        }
        let common = "the of and to in a is that for on with as was at by it from be said \
                      this have are which an has not but had were after over week talks";
        let passed = common
            .split_whitespace()
            .filter(|w| m.first_words.may_start(w.as_bytes()))
            .count();
        assert!(passed <= 6, "{passed} common words pass the filter");
        // Words that run into other bytes, or none, are looked up without the filter.
        let table: &[(&str, Option<usize>)] = &[
            ("xi jinping", Some(2)),
            ("u.s.", Some(1)),
            ("china", Some(5)),
            ("zo\u{eb}", None),
            (" x", None),
            ("", None),
        ];
        for &(bytes, want) in table {
            assert_eq!(ascii_word(bytes.as_bytes()), want, "{bytes:?}");
        }
    }

    #[test]
    fn the_index_finds_what_brute_force_finds() {
        // A small pseudo-random world: names made of a few syllables (one with an accent), so
        // that names run into each other, sit inside words and share prefixes; some have a
        // `not` phrase, and abbreviations match in exact case only.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let syllables = ["an", "bo", "ka", "li", "m\u{e9}", "ro", "zu", "x"];
        let word = |next: &mut dyn FnMut(usize) -> usize| {
            let n = 1 + next(2);
            (0..n)
                .map(|_| syllables[next(syllables.len())])
                .collect::<String>()
        };
        let capital = |w: &str| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        };
        let mut lines = Vec::new();
        let mut used = std::collections::HashSet::new();
        let mut names = Vec::new();
        for k in 0..60 {
            let (first, last) = (capital(&word(&mut next)), capital(&word(&mut next)));
            let full = format!("{first} {last}");
            if !used.insert(full.to_lowercase()) || used.contains(&last.to_lowercase()) {
                continue;
            }
            let not = if k % 7 == 0 {
                format!(r#","not":["{full} Street"]"#)
            } else {
                String::new()
            };
            lines.push(format!(
                r#"{{"id":"person:p{k}","kind":"person","name":"{full}","short":["{last}"]{not}}}"#
            ));
            names.push(full);
            names.push(last);
        }
        for (k, abbr) in ["QW", "WQ", "QQW", "Q.W."].iter().enumerate() {
            lines.push(format!(
                r#"{{"id":"org:o{k}","kind":"org","name":"Org Number {k}","abbreviations":["{abbr}"]}}"#
            ));
            names.push(abbr.to_string());
        }
        let mut b = Builder::new();
        b.add_str("random", &lines.join("\n")).unwrap();
        let g = b.build().unwrap();
        let m = Matcher::new(&g);
        let glue = [" ", " ", " ", ", ", "'s ", "-", "", ". ", " Street ", "'"];
        let mut total = 0;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..12 {
                let piece = match next(4) {
                    0 => word(&mut next),
                    1 => names[next(names.len())].to_uppercase(),
                    2 => names[next(names.len())].to_lowercase(),
                    _ => names[next(names.len())].clone(),
                };
                text.push_str(&piece);
                text.push_str(glue[next(glue.len())]);
            }
            let found = m.find(&g, &text);
            assert_eq!(found, brute_force(&m, &g, &text), "in {text:?}");
            total += found.len();
        }
        assert!(total > 1000, "only {total} matches in all");
    }
}
