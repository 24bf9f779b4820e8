//! Matching: every gazetteer name found in a document, as byte spans.
//!
//! Every name, folded to ASCII lower case, is a key of one double-array trie (crawdad). A name
//! must stand as whole words ("Xi" is not in "Xinhua"; "China's" is China), so the search only
//! starts where a word can start: at each such place of the folded text it walks the trie and
//! takes the longest name that passes the checks, leftmost first, so "Chinese Foreign Minister"
//! wins over "Chinese". The checks: whole words at both ends, abbreviations in exact case ("us"
//! is not the US), proper names in their own case or all capitals, titles in any case. When the
//! longest name fails them, the next shorter one at the same place is tried ("Washington stated"
//! is not "Washington State"). Deciding which entity a shared name means is left to `resolve`.
//!
//! The trie builds in a fraction of the time of an Aho-Corasick automaton over the same names
//! (it needs no failure links: a match never starts inside a word) and searches as fast
//! (BENCHMARKS.md, `cargo bench --bench automata`). Its keys are the names' bytes read as
//! characters U+0000 to U+00FF, so the walk goes byte by byte and ends are byte offsets. A small
//! filter of the words names start with skips the walk at most words of a text, where the trie's
//! nodes would be read from far memory for nothing.

use std::borrow::Cow;
use std::sync::Arc;

use crawdad::Trie;

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

/// The trie of every name, and where the exclusions start among its patterns.
#[derive(Clone)]
pub struct Matcher {
    /// `None` when the gazetteer has no names.
    trie: Option<Arc<Trie>>,
    /// Patterns from this index on are exclusions ("New Mexico"): matched to be skipped.
    excluded_from: u32,
    /// Whether some pattern starts with this byte: the walk starts only there.
    starts: [bool; 256],
    /// The names' first words: the walk is skipped at a word no name starts with.
    first_words: FirstWords,
    /// Each pattern's aliases as (entity, form), in the gazetteer's order of members, and
    /// whether every one of them is a title (which fits text in any case). A title such as
    /// "Foreign Minister" stands for an office in each of a hundred states: its candidates are
    /// then one slice, where reading each alias would visit a hundred places in memory.
    members: Arc<[(EntityId, Form)]>,
    any_case: Arc<[bool]>,
}

/// A filter of the words names start with (a one-hash Bloom filter).
///
/// A name can only be taken where the text's word is the name's first word: it must end on a
/// word's edge, so its first word ends where the text's does. Most words of a text start no
/// name, and their bits are clear; a bit set by another word only costs a walk of the trie.
/// The filter knows words of ASCII letters, digits and `_`, followed by an ASCII character or
/// the end; a word that runs into other bytes is always walked.
#[derive(Clone)]
struct FirstWords {
    bits: Box<[u64]>,
    shift: u32,
}

impl FirstWords {
    fn new<'p>(patterns: impl Iterator<Item = &'p str>) -> FirstWords {
        let words: std::collections::HashSet<&[u8]> = patterns
            .filter_map(|p| ascii_word(p.as_bytes()).map(|n| &p.as_bytes()[..n]))
            .collect();
        // 16 bits a word: one false hit in 16 at most, and the filter stays in a core's cache
        // (32 KiB for the 16,000 first words of 100,000 names).
        let len = (words.len() * 16)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 24);
        let mut filter = FirstWords {
            bits: vec![0; len / 64].into_boxed_slice(),
            shift: 64 - len.trailing_zeros(),
        };
        for word in words {
            let bit = filter.bit(word);
            filter.bits[bit / 64] |= 1 << (bit % 64);
        }
        filter
    }

    fn bit(&self, word: &[u8]) -> usize {
        let mut h = word.len() as u64;
        for chunk in word.chunks(8) {
            let mut b = [0; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        (h >> self.shift) as usize
    }

    /// Whether some name may start with `word`.
    fn may_start(&self, word: &[u8]) -> bool {
        let bit = self.bit(word);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The length of the word of ASCII letters, digits and `_` that `bytes` starts with, when it
/// is not empty and is followed by an ASCII character or the end.
fn ascii_word(bytes: &[u8]) -> Option<usize> {
    let n = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(bytes.len());
    (n > 0 && bytes.get(n).is_none_or(u8::is_ascii)).then_some(n)
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("excluded_from", &self.excluded_from)
            .field(
                "trie_bytes",
                &self.trie.as_ref().map_or(0, |t| t.heap_bytes()),
            )
            .finish_non_exhaustive()
    }
}

/// The trie over `patterns`, each keyed by its bytes read as characters.
fn build(patterns: &[&str]) -> Option<Trie> {
    let mut sorted: Vec<u32> = (0..patterns.len() as u32).collect();
    sorted.sort_unstable_by_key(|&p| patterns[p as usize].as_bytes());
    // Byte order is the order of the keys: characters below U+0100 sort as their bytes do.
    let records = sorted
        .iter()
        .map(|&p| (bytes_as_chars(patterns[p as usize]), p));
    (!patterns.is_empty()).then(|| {
        Trie::from_records(records)
            .expect("names are distinct, non-empty and far fewer than the trie's limit")
    })
}

/// Every pattern the trie holds, by number: the gazetteer's folded names, then its exclusions
/// folded (each once), from the returned index on.
fn patterns(gazetteer: &Gazetteer) -> (Vec<Cow<'_, str>>, u32) {
    let mut patterns: Vec<Cow<'_, str>> = gazetteer
        .patterns()
        .texts
        .iter()
        .map(|t| Cow::Borrowed(t.as_str()))
        .collect();
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

fn bytes_as_chars(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Matcher {
    /// Build the trie over every alias of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        let (patterns, excluded_from) = patterns(gazetteer);
        let patterns: Vec<&str> = patterns.iter().map(|p| p.as_ref()).collect();
        let mut starts = [false; 256];
        for &b in patterns.iter().filter_map(|p| p.as_bytes().first()) {
            starts[usize::from(b)] = true;
        }
        let names = gazetteer.patterns();
        let aliases = gazetteer.aliases();
        let members = names
            .members
            .iter()
            .map(|&i| (aliases[i as usize].entity, aliases[i as usize].form))
            .collect();
        let any_case = (0..names.texts.len() as u32)
            .map(|p| {
                let mut members = names.members_of(p).iter();
                members.all(|&i| aliases[i as usize].form == Form::Title)
            })
            .collect();
        Matcher {
            trie: build(&patterns).map(Arc::new),
            excluded_from,
            starts,
            first_words: FirstWords::new(patterns.iter().copied()),
            members,
            any_case,
        }
    }

    /// Every accepted match in `text`, left to right, never overlapping.
    pub fn find(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        let Some(trie) = &self.trie else {
            return out;
        };
        // Text is folded like the names (same byte length), and matched byte by byte.
        let folded = text.to_ascii_lowercase();
        let bytes = folded.as_bytes();
        let mut ends: Vec<(u32, usize)> = Vec::new();
        let mut after_word = false; // whether the character before `i` is a word character
        let mut i = 0;
        while i < bytes.len() {
            let (word, len) = match bytes[i] {
                b if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'_', 1),
                _ => text[i..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (is_word(c), c.len_utf8())),
            };
            if !(after_word && word) && self.starts[usize::from(bytes[i])] {
                if let Some(n) = ascii_word(&bytes[i..])
                    && !self.first_words.may_start(&bytes[i..i + n])
                {
                    // No name starts with this word; none can start inside it.
                    after_word = true;
                    i += n;
                    continue;
                }
                ends.clear();
                let rest = bytes[i..].iter().map(|&b| char::from(b));
                ends.extend(trie.common_prefix_search(rest).map(|(p, n)| (p, i + n)));
                // The longest name first; a rejected one gives way to the next shorter.
                let taken = ends.iter().rev().find_map(|&(pattern, end)| {
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
        let found = &text[m.start..m.end];
        gazetteer
            .patterns()
            .members_of(m.pattern)
            .iter()
            .map(move |&i| &gazetteer.aliases()[i as usize])
            .filter(move |a| case_fits(&a.text, a.form, found))
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
        let p = m.pattern as usize;
        if self.any_case[p] {
            let names = gazetteer.patterns();
            let range = names.offsets[p] as usize..names.offsets[p + 1] as usize;
            out.extend_from_slice(&self.members[range]);
        } else {
            out.extend(
                self.candidates(gazetteer, text, m)
                    .map(|a| (a.entity, a.form)),
            );
        }
    }

    fn accepts(&self, gazetteer: &Gazetteer, text: &str, m: Match) -> bool {
        m.pattern < self.excluded_from
            && whole_words(text, m.start, m.end)
            && self.candidates(gazetteer, text, m).next().is_some()
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
    fn candidates_into_lists_what_candidates_yields() {
        let g = crate::gazetteer::Gazetteer::built_in().unwrap();
        let m = Matcher::new(&g);
        let mut titles = 0;
        for (p, folded) in g.patterns().texts.iter().enumerate() {
            let written = &g.aliases()[g.patterns().members_of(p as u32)[0] as usize].text;
            titles += usize::from(m.any_case[p]);
            for text in [written.clone(), folded.clone(), written.to_uppercase()] {
                if text.len() != folded.len() {
                    continue;
                }
                let found = Match {
                    start: 0,
                    end: text.len(),
                    pattern: p as u32,
                };
                let want: Vec<_> = m
                    .candidates(&g, &text, found)
                    .map(|a| (a.entity, a.form))
                    .collect();
                let mut got = Vec::new();
                m.candidates_into(&g, &text, found, &mut got);
                assert_eq!(got, want, "{text:?}");
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
        // Words that run into other bytes, or none, are left to the trie.
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
    fn the_trie_finds_what_brute_force_finds() {
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
