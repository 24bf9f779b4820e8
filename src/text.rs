//! Text: decoding, normalisation and sentence splitting.
//!
//! A [`Document`] keeps the text as decoded from its source and a normalised copy in which
//! typographic quotes, apostrophes, dashes and odd spaces are plain ASCII, so that one alias
//! matches "China's" and "China’s" alike. An [`OffsetMap`] takes every byte offset of the
//! normalised text back to the original, so evidence always points into what the user gave us.
//! Sentences are spans of the normalised text; what they mean is left to later stages.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::Date;
use crate::rules;

/// One input document, decoded and normalised, with its sentences.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's id: its path, or `<stdin>`.
    pub id: String,
    /// The text as decoded (invalid UTF-8 replaced by U+FFFD).
    pub original: String,
    /// The normalised text that matching and relation rules read.
    pub text: String,
    /// Normalised offsets back to `original`.
    pub map: OffsetMap,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// The day the document was published, when known: from its metadata, `--date`, or a date
    /// line near the top of the text.
    pub date: Option<Date>,
}

/// A sentence: a span of [`Document::text`] and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offsets into the normalised text.
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (blank-line separated block) it belongs to.
    pub paragraph: usize,
    /// Part of a photo caption or credit line.
    pub caption: bool,
}

/// Maps byte offsets of the normalised text to byte offsets of the original text.
///
/// Normalisation only ever replaces a character by a shorter or equally long one, so the map is a
/// sorted list of points after which the two texts are shifted by a fixed amount.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The original offset of normalised offset `at`.
    pub fn to_original(&self, at: usize) -> usize {
        match self.points.partition_point(|&(norm, _)| norm <= at) {
            0 => at,
            i => {
                let (norm, orig) = self.points[i - 1];
                orig + (at - norm)
            }
        }
    }
}

/// The ASCII stand-in for a typographic character, or `None` to keep it.
fn normal_form(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => " ",
        '\r' => " ",
        '\u{FEFF}' | '\u{200B}' | '\u{00AD}' => "",
        _ => return None,
    })
}

/// Normalise `original`, returning the new text and its offset map.
pub fn normalise(original: &str) -> (String, OffsetMap) {
    let mut text = String::with_capacity(original.len());
    let mut map = OffsetMap::default();
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Only a tab, a carriage return or a non-ASCII character can change: copy the run of
        // bytes before the next one as it is.
        let next = find_byte(bytes, i, |b| b >= 0x80 || b == b'\t' || b == b'\r');
        text.push_str(&original[i..next]);
        let Some(c) = original[next..].chars().next() else {
            break;
        };
        match normal_form(c) {
            None => text.push(c),
            Some(rep) => {
                text.push_str(rep);
                if rep.len() != c.len_utf8() {
                    map.points.push((text.len(), next + c.len_utf8()));
                }
            }
        }
        i = next + c.len_utf8();
    }
    (text, map)
}

/// The place of the first byte from `from` on for which `wanted` holds, or the length. Bytes are
/// tested 16 at a time, a test the compiler turns into vector instructions: the normaliser looks
/// for the few bytes that may change, the JSON writer for the few it must escape.
pub(crate) fn find_byte(bytes: &[u8], from: usize, wanted: impl Fn(u8) -> bool) -> usize {
    const BLOCK: usize = 16;
    // `|` rather than `any`: no early exit, so the test runs on the whole block at once.
    let any = |bytes: &[u8]| bytes.iter().fold(false, |found, &b| found | wanted(b));
    let first = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| wanted(b))
            .map_or(bytes.len(), |p| from + p)
    };
    let mut at = from;
    while let Some(block) = bytes.get(at..at + BLOCK) {
        if any(block) {
            return first(at);
        }
        at += BLOCK;
    }
    // The last bytes, fewer than a block, are tested at once too before they are searched one
    // by one: as the last whole block of the bytes, or padded to a block with copies of their
    // first byte (which adds a wanted byte only where there is one already).
    let rest = &bytes[at..];
    let clean = match (bytes.len().checked_sub(BLOCK), rest.first()) {
        (_, None) => true,
        (Some(last), _) => !any(&bytes[last..]),
        (None, Some(&b)) => {
            let mut padded = [b; BLOCK];
            padded[..rest.len()].copy_from_slice(rest);
            !any(&padded)
        }
    };
    if clean { bytes.len() } else { first(at) }
}

/// Decode bytes as UTF-8, replacing invalid sequences; the flag says whether any were replaced.
/// Valid bytes become the string without a copy.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

impl Document {
    /// Decode, normalise and split a document.
    pub fn new(id: impl Into<String>, original: String) -> Document {
        let (text, map) = normalise(&original);
        // The lines are found once, for the sentences and the date line.
        let lines: Vec<(usize, &str)> = lines(&text).collect();
        let sentences = split_lines(&text, &lines);
        let date = date_in_lines(lines.iter().copied());
        Document {
            id: id.into(),
            original,
            text,
            map,
            sentences,
            date,
        }
    }

    /// The same document, dated `date` when it is given (metadata and `--date` override a date
    /// line in the text); `None` keeps the date the text states.
    pub fn with_date(mut self, date: Option<Date>) -> Document {
        if date.is_some() {
            self.date = date;
        }
        self
    }

    /// The original text of normalised span `start..end`.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.map.to_original(start), self.map.to_original(end))
    }

    /// The original text of sentence `index`, as the user wrote it.
    pub fn sentence_text(&self, index: usize) -> &str {
        let s = &self.sentences[index];
        let (a, b) = self.original_span(s.start, s.end);
        &self.original[a..b]
    }
}

/// The date a line near the top of the text states, if one does: "Friday, 25 February 2022 02:40
/// PM EST", "By Jane Doe | Feb. 25, 2022", "2022-02-25". A line (or a part of it between `|`)
/// with any other word is not a date line, so a sentence that mentions a date does not date the
/// document.
pub fn stated_date(text: &str) -> Option<Date> {
    date_in_lines(lines(text))
}

/// The date stated by the first of `lines` (as [`lines`] gives them), read as [`stated_date`]
/// reads it.
fn date_in_lines<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Option<Date> {
    let rules = rules::sentences();
    // As `str::lines` does, a line loses a final '\r'.
    lines
        .map(|(_, l)| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .take(rules.date_line_within)
        // Most lines hold no `|`: the memchr crate tells so faster than `split` finds none
        // (3.5 M instructions on 3 MB of text).
        .find_map(|l| match memchr::memchr(b'|', l.as_bytes()) {
            None => date_line(l, rules),
            Some(_) => l.split('|').find_map(|part| date_line(part, rules)),
        })
}

fn date_line(line: &str, rules: &rules::SentenceRules) -> Option<Date> {
    if line.len() > 80 {
        return None;
    }
    let (mut year, mut month, mut day) = (None, None, None);
    let tokens = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '(' | ')'))
        .filter(|t| !t.is_empty());
    for raw in tokens {
        let t = raw.trim_end_matches(['.', ':']);
        let lower = t.to_lowercase();
        let digits = t.bytes().all(|b| b.is_ascii_digit());
        if t.len() == 10 && t.as_bytes()[4] == b'-' {
            let d = Date::parse(t).filter(Date::is_full)?;
            (year, month, day) = (Some(d.year), Some(d.month), Some(d.day));
        } else if digits && t.len() == 4 {
            year = Some(t.parse().ok()?);
        } else if digits && t.len() <= 2 {
            day = Some(t.parse().ok()?);
        } else if let Some(m) = rules.months.iter().position(|names| names.contains(&lower)) {
            month = Some(m as u8 + 1);
        } else {
            let time = t.contains(':') && t.bytes().all(|b| b.is_ascii_digit() || b == b':');
            let zone = (2..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase());
            let mark = t.chars().all(|c| !c.is_alphanumeric());
            if !(rules.date_line_words.contains(&lower) || time || zone || mark) {
                return None;
            }
        }
    }
    let (year, month, day) = (year?, month?, day?);
    Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
}

/// Split normalised text into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    split_lines(text, &lines(text).collect::<Vec<_>>())
}

/// [`split`], given the text's lines as [`lines`] gives them.
fn split_lines(text: &str, lines: &[(usize, &str)]) -> Vec<Sentence> {
    let rules = rules::sentences();
    // Room for a sentence every 80 bytes, which news text seldom outgrows.
    let mut out = Vec::with_capacity(text.len() / 80);
    let mut paragraph = 0;
    let mut in_paragraph = false;
    let marks = caption_marks(text);
    let marked = |(start, line): (usize, &str)| {
        // The first mark at or after the line's start; no mark spans a line break.
        let k = marks.partition_point(|&at| at < start);
        marks.get(k).is_some_and(|&at| at < start + line.len())
    };
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        if line.trim().is_empty() {
            if in_paragraph {
                paragraph += 1;
                in_paragraph = false;
            }
            i += 1;
            continue;
        }
        in_paragraph = true;
        // Join wrapped lines into one segment; a segment is then split at sentence ends.
        let mut end = start + line.len();
        let mut caption = marked(lines[i]) || is_byline(line, rules);
        let bullet = bullet_len(line, rules);
        while i + 1 < lines.len() && continues(lines[i].1, lines[i + 1].1, rules) {
            i += 1;
            end = lines[i].0 + lines[i].1.len();
            caption |= marked(lines[i]) || is_byline(lines[i].1, rules);
        }
        split_segment(
            text,
            start + bullet,
            end,
            paragraph,
            caption,
            rules,
            &mut out,
        );
        i += 1;
    }
    out
}

/// The lines of `text` and where each starts, as `text.split('\n')` gives them (a last, empty
/// line after a final line break included), found with the memchr crate's vectorised search.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut next = Some(0); // where the next line starts, if there is one
    std::iter::from_fn(move || {
        let start = next?;
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map(|k| start + k);
        next = end.map(|e| e + 1);
        Some((start, &text[start..end.unwrap_or(text.len())]))
    })
}

/// Where the text has a caption or credit marker ("Photo:", "Getty Images"), in order. The
/// markers are searched for in the whole text at once, by one automaton: far cheaper than in each
/// line apart, or marker by marker (13 passes over the text, 1.5% of the instructions of a run).
/// A marker that overlaps an earlier one is not reported, which changes no line's reading: no
/// marker holds a line break (a test of the rules says so), so both start on the same line.
fn caption_marks(text: &str) -> Vec<usize> {
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        // Leftmost matching lets the automaton skip ahead with its vectorised search.
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&rules::sentences().caption_markers)
            .expect("the caption markers are a few short strings")
    });
    markers.find_iter(text).map(|m| m.start()).collect()
}

/// Whether a line is a byline ("By Jane Doe"), which is read as a caption.
fn is_byline(line: &str, rules: &rules::SentenceRules) -> bool {
    let trimmed = line.trim_start();
    rules
        .byline_prefixes
        .iter()
        .any(|p| trimmed.starts_with(p.as_str()))
        && trimmed.split_whitespace().count() <= 8
}

/// Length of a leading bullet mark and the blanks around it, or 0.
fn bullet_len(line: &str, rules: &rules::SentenceRules) -> usize {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    for b in &rules.bullets {
        if let Some(rest) = trimmed.strip_prefix(b.as_str())
            && rest.starts_with(' ')
        {
            return lead + b.len() + (rest.len() - rest.trim_start().len());
        }
    }
    lead
}

/// Whether the line break between `line` and `next` is mere wrapping.
fn continues(line: &str, next: &str, rules: &rules::SentenceRules) -> bool {
    let next = next.trim_start();
    if next.is_empty() || bullet_len(next, rules) > 0 {
        return false;
    }
    if next.chars().next().is_some_and(|c| c.is_lowercase()) {
        return true;
    }
    let line = line.trim_end();
    rules.continuation_endings.iter().any(|e| {
        line.ends_with(e.as_str())
            && (!e.chars().all(char::is_alphabetic)
                || !line[..line.len() - e.len()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric))
    })
}

#[allow(clippy::too_many_arguments)]
fn split_segment(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    caption: bool,
    rules: &rules::SentenceRules,
    out: &mut Vec<Sentence>,
) {
    let seg = &text[start..end];
    let mut push = |a: usize, b: usize| {
        let piece = &text[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if b - trail > a + lead {
            out.push(Sentence {
                start: a + lead,
                end: b - trail,
                paragraph,
                caption,
            });
        }
    };
    let bytes = seg.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        let (at, c) = (i + k, bytes[i + k]);
        // Take the whole run of terminal marks and closing quotes/brackets.
        let mut j = at + 1;
        while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
            j += 1;
        }
        if j < bytes.len()
            && bytes[j] == b' '
            && opens_sentence(&seg[j..])
            && !(c == b'.' && is_abbreviation(&seg[..at], rules))
        {
            push(start + from, start + j);
            from = j;
        }
        i = j;
    }
    push(start + from, start + seg.len());
}

/// Whether the text after a sentence end starts a new sentence.
fn opens_sentence(rest: &str) -> bool {
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '\'' | '(' | '['))
}

/// Whether the word before a full stop is an abbreviation, an initial or a dotted short form.
fn is_abbreviation(before: &str, rules: &rules::SentenceRules) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word.contains('.') {
        return true; // "U.S", "e.g": the final stop belongs to the short form.
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true; // An initial: "J. Smith".
    }
    rules.abbreviations.iter().any(|a| a == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_are_marked_line_by_line() {
        // (text, whether each sentence is a caption)
        let cases: &[(&str, &[bool])] = &[
            ("A met B.\nPhoto: C\nD met E.", &[false, true, false]),
            ("A met B.\nD met E. Getty Images", &[false, true]),
            // A wrapped line with a marker makes its whole segment a caption.
            ("A met B and\nC (Photo by D).\nE left.", &[true, false]),
            ("Photo: A\n\nB met C.", &[true, false]),
            ("A met B. Photo", &[false]),
            ("By Ann Lee\nA met B.", &[true, false]),
            ("A met B.\nReuters/C", &[false, true]),
        ];
        for &(text, expected) in cases {
            let doc = Document::new("t", text.to_string());
            let captions: Vec<bool> = doc.sentences.iter().map(|s| s.caption).collect();
            assert_eq!(captions, expected, "{text:?}");
        }
    }

    #[test]
    fn find_byte_finds_what_a_byte_by_byte_search_finds() {
        // A wanted byte (`#`) at every place of strings of up to three blocks, searched from
        // every place, and strings without one, starting with one or not.
        let wanted = |b: u8| b == b'#';
        for len in 0..48 {
            let mut texts = vec![vec![b'x'; len]];
            for at in 0..len {
                let mut t = vec![b'x'; len];
                t[at] = b'#';
                texts.push(t);
            }
            for t in &texts {
                for from in 0..=len {
                    let naive = t[from..]
                        .iter()
                        .position(|&b| wanted(b))
                        .map_or(len, |p| from + p);
                    assert_eq!(find_byte(t, from, wanted), naive, "{t:?} from {from}");
                }
            }
        }
    }

    #[test]
    fn lines_are_those_split_gives() {
        for text in ["", "a", "a\n", "a\nb", "\n\n", "a\r\nb\n\nc", "é\nü"] {
            let mut start = 0;
            let split: Vec<(usize, &str)> = text
                .split('\n')
                .map(|l| {
                    start += l.len() + 1;
                    (start - l.len() - 1, l)
                })
                .collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn caption_markers_hold_no_line_break() {
        // `caption_marks` searches the whole text, which is right only for markers on one line.
        for m in &rules::sentences().caption_markers {
            assert!(!m.is_empty() && !m.contains('\n'), "{m:?}");
        }
    }

    #[test]
    fn normalise_table() {
        // (original, normalised)
        let cases = [
            ("plain text", "plain text"),
            ("", ""),
            ("tab\there\r\n", "tab here \n"),
            (
                "\u{201C}Quoted\u{201D} \u{2014} it\u{2019}s",
                "\"Quoted\" - it's",
            ),
            (
                "soft\u{00AD}hyphen and\u{00A0}space",
                "softhyphen and space",
            ),
            (
                "Zo\u{00EB} in K\u{00F6}ln \u{2013} \u{4E2D}\u{56FD}",
                "Zo\u{00EB} in K\u{00F6}ln - \u{4E2D}\u{56FD}",
            ),
            ("\u{FEFF}\u{201C}", "\""),
        ];
        // Characters to change at and around the edges of the 16-byte blocks the scan reads.
        let long: Vec<(String, String)> = [0, 14, 15, 16, 17, 31, 32, 40]
            .iter()
            .map(|&n| {
                let run = "x".repeat(n);
                (
                    format!("{run}\u{2019}{run}\t{run}\u{00E9}"),
                    format!("{run}'{run} {run}\u{00E9}"),
                )
            })
            .collect();
        let long = long.iter().map(|(o, e)| (o.as_str(), e.as_str()));
        for (original, expected) in cases.into_iter().chain(long) {
            let (text, map) = normalise(original);
            assert_eq!(text, expected, "{original:?}");
            // Walk both texts char by char: each kept char maps back to itself.
            let mut o = original
                .char_indices()
                .filter(|&(_, c)| normal_form(c) != Some(""));
            for (n, c) in text.char_indices() {
                let (at, was) = o.next().unwrap();
                assert_eq!(map.to_original(n), at, "{original:?} at {n}");
                let became = normal_form(was).map_or(was.to_string(), str::to_string);
                assert_eq!(became, c.to_string(), "{original:?} at {n}");
            }
        }
    }

    fn sentences(text: &str) -> Vec<String> {
        let doc = Document::new("t", text.to_string());
        (0..doc.sentences.len())
            .map(|i| doc.sentence_text(i).to_string())
            .collect()
    }

    #[test]
    fn split_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "The U.S. envoy arrived. Talks began.",
                &["The U.S. envoy arrived.", "Talks began."],
            ),
            (
                "They met on Feb. 25 in Rome. Mr. Li left.",
                &["They met on Feb. 25 in Rome.", "Mr. Li left."],
            ),
            (
                "Growth was 3.5 percent. J. Smith wrote it.",
                &["Growth was 3.5 percent.", "J. Smith wrote it."],
            ),
            ("“It is over.” She left.", &["“It is over.”", "She left."]),
            (
                "\"Why?\" she asked. Nobody knew.",
                &["\"Why?\" she asked.", "Nobody knew."],
            ),
            (
                "Headline without a stop\nFirst sentence here.",
                &["Headline without a stop", "First sentence here."],
            ),
            (
                "  • A bullet line\n  • Another one",
                &["A bullet line", "Another one"],
            ),
            (
                "A sentence that wraps\nonto the next line.",
                &["A sentence that wraps\nonto the next line."],
            ),
            ("Para one.\n\nPara two.", &["Para one.", "Para two."]),
        ];
        for (text, want) in cases {
            assert_eq!(&sentences(text), want, "splitting {text:?}");
        }
    }

    #[test]
    fn initials_do_not_split_but_documented_limits_hold() {
        // An initial keeps the sentence together: "J. Smith" is one name.
        assert_eq!(
            sentences("Written by J. Smith today."),
            ["Written by J. Smith today."]
        );
    }

    #[test]
    fn paragraphs_and_captions() {
        let doc = Document::new(
            "t",
            "A said. B said.\n\nC said.\nD smiled. Photo: Agency\n".into(),
        );
        let p: Vec<(usize, bool)> = doc
            .sentences
            .iter()
            .map(|s| (s.paragraph, s.caption))
            .collect();
        assert_eq!(
            p,
            [(0, false), (0, false), (1, false), (1, true), (1, true)]
        );
    }

    #[test]
    fn date_lines() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Headline\nBy    |   Friday, 25 February 2022 02:40 PM EST\n\nText.",
                Some("2022-02-25"),
            ),
            ("Title\nFeb. 26, 2022\nBody.", Some("2022-02-26")),
            (
                "By Jane Doe | March 4, 2011, 10:15 a.m.\n",
                Some("2011-03-04"),
            ),
            ("Updated: 2022-03-01 10:00 GMT\n", Some("2022-03-01")),
            // Not a real date, and a sentence that mentions a date: neither dates the text.
            ("2022-40-25\nThey met on 25 February 2022.", None),
            ("31 February 2022", None),
            ("On Saturday, February 26", None),
            // Line ends as `str::lines` reads them, and lines past the first few not read.
            ("Title\r\n\n\nFeb. 26, 2022\r\nBody.", Some("2022-02-26")),
            ("\n\n", None),
        ];
        for (text, want) in cases {
            let got = stated_date(text).map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "date of {text:?}");
        }
        // Only the first `date_line_within` lines that are not blank are read.
        let within = rules::sentences().date_line_within;
        let lines = |n: usize| (0..n).map(|i| format!("Line {i}.\n\n")).collect::<String>();
        let date = |text: String| stated_date(&text).map(|d| d.to_string());
        assert_eq!(
            date(lines(within - 1) + "Feb. 26, 2022").as_deref(),
            Some("2022-02-26")
        );
        assert_eq!(date(lines(within) + "Feb. 26, 2022"), None);
    }

    #[test]
    fn normalised_offsets_map_back() {
        let original = "China’s envoy\u{a0}— “quiet”".to_string();
        let doc = Document::new("t", original.clone());
        assert_eq!(doc.text, "China's envoy - \"quiet\"");
        let at = doc.text.find("envoy").unwrap();
        let (a, b) = doc.original_span(at, at + 5);
        assert_eq!(&original[a..b], "envoy");
        let at = doc.text.find("quiet").unwrap();
        let (a, b) = doc.original_span(at, at + 5);
        assert_eq!(&original[a..b], "quiet");
    }

    #[test]
    fn decode_replaces_invalid_bytes() {
        assert_eq!(decode(b"ok".to_vec()), ("ok".to_string(), false));
        assert_eq!(decode(b"a\xffb".to_vec()), ("a\u{fffd}b".to_string(), true));
    }
}
