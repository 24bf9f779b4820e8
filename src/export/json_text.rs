//! JSON text written by hand where the JSON formats spend their time: an edge's evidence (each
//! place repeats its sentence) is most of `graph.json` and all of `graph.evidence.jsonl`.
//!
//! The bytes are those serde_json writes (compact, its escapes, lower-case hex), so a file does
//! not change with the writer; the tests hold the two side by side. Strings are scanned for the
//! bytes JSON escapes 16 at a time (`text::find_byte`), and most
//! sentences need no escape at all.

use crate::gazetteer::Date;
use crate::text;

/// Whether JSON must escape the byte: control characters, `"` and `\`.
fn special(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// `s` as a JSON string, quoted and escaped.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut at = 0;
    loop {
        // The run of bytes up to the next one to escape goes in as it is.
        let next = text::find_byte(bytes, at, special);
        out.extend_from_slice(&bytes[at..next]);
        let Some(&b) = bytes.get(next) else { break };
        escape(out, b);
        at = next + 1;
    }
    out.push(b'"');
}

fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0C => b'f',
        _ => {
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// `"key":`, for a key that needs no escape.
pub(crate) fn key(out: &mut Vec<u8>, key: &str) {
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

/// `"name":"value",` for each pair: the leading string fields of an object.
pub(crate) fn string_fields(out: &mut Vec<u8>, fields: &[(&str, &str)]) {
    for &(name, value) in fields {
        key(out, name);
        string(out, value);
        out.push(b',');
    }
}

/// An unsigned integer.
pub(crate) fn number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A weight as a float, `3.0`, as every format writes it.
pub(crate) fn weight(out: &mut Vec<u8>, n: u64) {
    number(out, n);
    out.extend_from_slice(b".0");
}

/// A date as a JSON string: `"YYYY"`, `"YYYY-MM"` or `"YYYY-MM-DD"`, as `Date` displays.
pub(crate) fn date(out: &mut Vec<u8>, d: Date) {
    // Most places have a full date of a four-digit year: twelve bytes, copied as one piece.
    if d.year < 10_000 && d.month > 0 && d.day > 0 {
        let digit = |n: u16, unit: u16| b'0' + (n / unit % 10) as u8;
        let (y, m, day) = (d.year, u16::from(d.month), u16::from(d.day));
        out.extend_from_slice(&[
            b'"',
            digit(y, 1000),
            digit(y, 100),
            digit(y, 10),
            digit(y, 1),
            b'-',
            digit(m, 10),
            digit(m, 1),
            b'-',
            digit(day, 10),
            digit(day, 1),
            b'"',
        ]);
        return;
    }
    out.push(b'"');
    digits(out, d.year, 4);
    for part in [d.month, d.day] {
        if part > 0 {
            out.push(b'-');
            digits(out, u16::from(part), 2);
        }
    }
    out.push(b'"');
}

/// `n` in decimal, padded with zeros to `width` digits (at most 5, which any `u16` fits).
fn digits(out: &mut Vec<u8>, mut n: u16, width: usize) {
    let mut buf = [b'0'; 5];
    let mut used = 0;
    while n > 0 || used == 0 {
        used += 1;
        buf[5 - used] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend_from_slice(&buf[5 - used.max(width.min(5))..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let long_quote = format!("{}\"{}\\", "x".repeat(31), "y".repeat(40));
        let cases = [
            "",
            "plain words",
            "Wang said \"no\" twice",
            "back\\slash",
            "tab\there, line\nbreak, return\r, feed\u{c}, bell\u{7}, bs\u{8}, del\u{7f}",
            "Zürich – 北京 — «quoted» \u{2028}",
            &every_ascii,
            &long_quote,
            &"é\"".repeat(40),
            // Escapes where the last block overlaps the one before, and strings of whole blocks.
            "0123456789\"abcdefghi",
            "0123456789abcde\"fg\\",
            "0123456789abcde\"",
            &"0123456789abcde\"".repeat(2),
        ];
        for case in cases {
            assert_eq!(
                written(|out| string(out, case)),
                serde_json::to_string(case).unwrap(),
                "{case:?}"
            );
        }
    }

    #[test]
    fn dates_numbers_and_weights_read_as_before() {
        let cases = [
            (2024, 3, 7),
            (2024, 11, 0),
            (987, 0, 0),
            (2020, 10, 26),
            (0, 1, 1),
            (5, 12, 31),
            (10000, 0, 0),
            (65535, 9, 9),
        ];
        for (year, month, day) in cases {
            let d = Date { year, month, day };
            assert_eq!(written(|out| date(out, d)), format!("\"{d}\""));
        }
        assert_eq!(written(|out| number(out, 1_234_567)), "1234567");
        for n in [0, 1, 42, 9_007_199_254_740_992] {
            assert_eq!(
                written(|out| weight(out, n)),
                serde_json::to_string(&(n as f64)).unwrap()
            );
        }
        assert_eq!(written(|out| key(out, "doc")), "\"doc\":");
    }
}
