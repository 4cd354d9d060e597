//! Small text helpers for the Markdown stage: whitespace, sentences, slot filling.

/// Collapses runs of whitespace into single spaces and trims the ends.
pub(super) fn collapse_whitespace(text: &str) -> String {
    collapse_whitespace_up_to(text, usize::MAX)
}

/// `collapse_whitespace`, stopping after the word that makes the result at least `max`
/// characters long: the start of a long text, for a clipped summary.
pub(super) fn collapse_whitespace_up_to(text: &str, max: usize) -> String {
    // In ASCII text a character is a byte, and a word's length is its character count.
    let ascii = text.is_ascii();
    let mut out = String::with_capacity(text.len().min(max.saturating_add(64)));
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars >= max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += if ascii { word.len() } else { word.chars().count() };
    }
    out
}

/// The sentence of `text` that contains byte `position`, trimmed to a readable length.
/// Only `MAX` bytes either side are looked at, so a block with thousands of links and
/// no full stop costs each link the same small window, not the whole block.
pub(super) fn sentence_around(text: &str, position: usize) -> String {
    const MAX: usize = 240;
    let is_end = |window: &[u8]| matches!(window, [b'.' | b'?' | b'!', b' ' | b'\n']);
    let bytes = text.as_bytes();
    let position = floor_boundary(text, position.min(text.len()));
    let lower = position.saturating_sub(MAX);
    let upper = (position + MAX).min(bytes.len());
    let start = (lower.max(1)..position)
        .rev()
        .find(|&i| is_end(&bytes[i - 1..=i]))
        .map_or(lower, |i| i + 1);
    let end = (position..upper.saturating_sub(1))
        .find(|&i| is_end(&bytes[i..=i + 1]))
        .map_or(upper, |i| i + 1);
    let (start, end) = if end - start <= MAX {
        (start, end)
    } else {
        let from = start.max(position.saturating_sub(MAX / 2));
        (from, end.min(from + MAX))
    };
    let cut_before = start > 0 && !is_sentence_start(bytes, start);
    let cut_after = end < bytes.len() && !is_end(&bytes[end - 1..=end]);
    let (start, end) = whole_words(text, start..end, cut_before, cut_after);
    let sentence = collapse_whitespace(&text[start..end]);
    match (cut_before, cut_after) {
        (false, false) => sentence,
        (true, false) => format!("…{sentence}"),
        (false, true) => format!("{sentence}…"),
        (true, true) => format!("…{sentence}…"),
    }
}

/// The nearest char boundary at or before `at` (`str::floor_char_boundary` is newer than
/// our minimum Rust).
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

/// The nearest char boundary at or after `at`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    (at..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// `text` if it has at most `max` characters, else its words that fit, and `…`.
pub(super) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let (_, end) = whole_words(text, 0..cut, false, true);
            format!("{}…", text[..end].trim_end())
        }
    }
}

/// Whether a sentence starts at byte `at`: just after `. `, `? ` or `! `.
fn is_sentence_start(bytes: &[u8], at: usize) -> bool {
    at >= 2 && matches!(bytes[at - 2..at], [b'.' | b'?' | b'!', b' ' | b'\n'])
}

/// The window of `text` on char boundaries, with the partial words at a cut end left
/// out. Spaces are looked for inside the window only, so it never turns inside out; a
/// window without one is kept as it is.
fn whole_words(
    text: &str,
    window: std::ops::Range<usize>,
    cut_before: bool,
    cut_after: bool,
) -> (usize, usize) {
    let start = ceil_boundary(text, window.start);
    let end = floor_boundary(text, window.end).max(start);
    let from = if cut_before {
        text[start..end]
            .find(char::is_whitespace)
            .map_or(start, |space| start + space)
    } else {
        start
    };
    let to = if cut_after {
        text[from..end]
            .rfind(char::is_whitespace)
            .map_or(end, |space| from + space)
    } else {
        end
    };
    (from, to)
}

/// Words in `text`, as `split_whitespace` counts them: the starts of runs of non-space
/// characters. Plain ASCII (most prose) is counted eight bytes at a time.
pub(super) fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let (chunks, tail) = text.as_bytes().as_chunks::<8>();
    // 0x80 in each byte that follows a space (the text starts after one).
    let mut after_space = 0x80;
    let mut words = 0;
    // Word starts, summed per byte lane (one per chunk at most, so a lane holds 255
    // chunks' worth) and added up when a lane could overflow or at the end.
    for group in chunks.chunks(255) {
        let mut lanes = 0u64;
        for chunk in group {
            let spaces = ascii_spaces(u64::from_le_bytes(*chunk));
            let follows_space = (spaces << 8) | after_space;
            lanes += (follows_space & !spaces & HIGH_BITS) >> 7;
            after_space = spaces >> 56;
        }
        words += sum_lanes(lanes);
    }
    for &b in tail {
        let is_space = is_ascii_space(b);
        words += usize::from(after_space != 0 && !is_space);
        after_space = if is_space { 0x80 } else { 0 };
    }
    words
}

/// Whether an ASCII byte is one `char::is_whitespace` accepts: a space, or one of tab,
/// line feed, vertical tab, form feed and carriage return (9 to 13).
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (9..=13).contains(&b)
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The sum of the eight bytes of `lanes`.
fn sum_lanes(lanes: u64) -> usize {
    const LOW_BYTES: u64 = 0x00ff_00ff_00ff_00ff;
    let pairs = (lanes & LOW_BYTES) + ((lanes >> 8) & LOW_BYTES);
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

/// 0x80 in each byte of `bytes` (all ASCII) that `is_ascii_space` accepts, eight at once.
fn ascii_spaces(bytes: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = !HIGH_BITS;
    // No byte carries into the next: each is below 0x80 and no addend reaches 0x80.
    let is_space = {
        let diff = bytes ^ (0x20 * ONES);
        !(((diff & low7) + low7) | diff) & HIGH_BITS
    };
    let at_least_9 = bytes + (0x80 - 9) * ONES;
    let at_least_14 = bytes + (0x80 - 14) * ONES;
    is_space | (at_least_9 & !at_least_14 & HIGH_BITS)
}

/// Each line of `body` (with its line end) and its byte offset, and whether it is prose:
/// not a ```` ``` ```` or `~~~` fence line nor inside a fenced block.
pub(super) fn lines_with_fences(body: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut fence: Option<&str> = None;
    let mut at = 0;
    body.split_inclusive('\n').map(move |line| {
        let marker = line.trim_start();
        let opens = ["```", "~~~"].into_iter().find(|f| marker.starts_with(f));
        let prose = match (fence, opens) {
            (None, Some(f)) => {
                fence = Some(f);
                false
            }
            (Some(f), Some(g)) if f == g => {
                fence = None;
                false
            }
            (None, None) => true,
            _ => false,
        };
        let start = at;
        at += line.len();
        (start, line, prose)
    })
}

/// Replaces the `\0h{n}\0` slots of Markdown HTML with hrefs, already HTML-escaped, and
/// the `\0c{n}\0` slots with charts (HTML).
pub fn fill_slots(html: &str, hrefs: &[String], charts: &[String], embeds: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + hrefs.len() * 32);
    let mut rest = html;
    while let Some(start) = memchr::memchr(0, rest.as_bytes()) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = memchr::memchr(0, after.as_bytes()) else {
            rest = after;
            break;
        };
        let slot = &after[..end];
        let index = slot.get(1..).and_then(|n| n.parse::<usize>().ok());
        let value = match (slot.as_bytes().first(), index) {
            (Some(b'h'), Some(i)) => hrefs.get(i),
            (Some(b'c'), Some(i)) => charts.get(i),
            (Some(b'e'), Some(i)) => embeds.get(i),
            _ => None,
        };
        out.push_str(value.map_or("", String::as_str));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The eight-bytes-at-a-time count agrees with `split_whitespace` on any ASCII
        /// text long enough to take that path (and past a lane's 255 chunks), with every
        /// kind of ASCII space, runs of them, and spaces at chunk edges.
        #[test]
        fn the_fast_count_agrees_with_split_whitespace(
            text in proptest::string::string_regex("[a-z \\t\\n\\r\\x0b\\x0c.,-]{0,4200}").expect("regex")
        ) {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn counts_words_like_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            " one  two\tthree\n",
            "a b",
            "caf\u{e9} au\u{a0}lait ",
            "x\u{2003}y",
            "a\x0Bb\x0Cc\rd",
        ] {
            assert_eq!(count_words(text), text.split_whitespace().count(), "{text:?}");
        }
    }

    #[test]
    fn counts_every_ascii_byte_at_every_chunk_position_like_split_whitespace() {
        let alphabet = [
            b' ', b'a', b'\t', b'\n', b'\x0B', b'\x0C', b'\r', b'\x1F', b'\x7F', b'!',
        ];
        for len in 0..20 {
            for seed in 0..200usize {
                let text: String = (0..len)
                    .map(|i| char::from(alphabet[(seed * 7 + i * i * 13 + i * seed) % alphabet.len()]))
                    .collect();
                assert_eq!(count_words(&text), text.split_whitespace().count(), "{text:?}");
            }
        }
        for b in 0u8..0x80 {
            let text = format!("ab{}cd efgh{}ij", char::from(b), char::from(b));
            assert_eq!(count_words(&text), text.split_whitespace().count(), "{b:#x}");
        }
        for c in [
            '\u{a0}',
            '\u{85}',
            '\u{2003}',
            '\u{3000}',
            '\u{2019}',
            'é',
            '\u{1F600}',
        ] {
            for pad in 0..9 {
                let text = format!("{}w{c}x {c} y{c}", "a ".repeat(pad));
                assert_eq!(count_words(&text), text.split_whitespace().count(), "{text:?}");
            }
        }
    }

    #[test]
    fn counts_long_texts_whose_per_lane_sums_would_overflow_a_byte() {
        // Four one-letter words per eight bytes, over far more than 255 chunks.
        for words in [1_000, 1_020, 1_021, 5_000, 70_000] {
            let text = "a ".repeat(words);
            assert_eq!(count_words(&text), words);
            let shifted = format!(" {text}x");
            assert_eq!(count_words(&shifted), words + 1);
        }
    }

    #[test]
    fn collapses_whitespace_up_to_a_length_like_the_whole_collapse() {
        for text in [
            "",
            "  a  ",
            " one\ttwo\n three ",
            "a\x0Bb\x0Cc\rd",
            "é  à\u{a0}b",
            "x \u{2003} y",
        ] {
            let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), whole, "{text:?}");
            for max in 0..8 {
                let start = collapse_whitespace_up_to(text, max);
                assert!(whole.starts_with(&start), "{text:?} {max}");
                let stopped_early = start.len() < whole.len();
                assert!(!stopped_early || start.chars().count() >= max, "{text:?} {max}");
            }
        }
    }

    #[test]
    fn finds_the_sentence_around_a_position() {
        let text = "First one. The link is here. Last!";
        assert_eq!(sentence_around(text, 16), "The link is here.");
        assert_eq!(sentence_around(text, 0), "First one.");
        assert_eq!(sentence_around(text, 33), "Last!");
        assert_eq!(sentence_around("no stop", 3), "no stop");
    }

    #[test]
    fn clips_at_a_word() {
        assert_eq!(clip("short text", 20), "short text");
        assert_eq!(clip("one two three four", 10), "one two…");
        assert_eq!(clip("éééééé", 3), "ééé…");
    }

    #[test]
    fn a_long_run_without_full_stops_is_cut_around_the_position() {
        let text = (0..2000).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let position = text.find("w1000 ").expect("word");
        let context = sentence_around(&text, position);
        assert!(context.starts_with('…') && context.ends_with('…'), "{context}");
        assert!(context.contains(" w1000 "), "{context}");
        assert!(context.chars().count() <= 242, "{context}");
        let first = sentence_around(&text, 0);
        assert!(first.starts_with("w0 w1 ") && first.ends_with('…'), "{first}");
        // Found by fuzzing: a space only near the start of a long window.
        let spaceless = format!("a {}", "x".repeat(600));
        let context = sentence_around(&spaceless, 300);
        assert!(
            context.contains("xxx") && context.chars().count() <= 242,
            "{context}"
        );
        let accents = "é".repeat(400);
        assert!(sentence_around(&accents, 301).chars().count() <= 242);
    }

    #[test]
    fn fills_slots() {
        let hrefs = vec!["/a/".to_string(), "/b/".to_string()];
        assert_eq!(
            fill_slots("<a href=\"\0h1\0\">B</a> and \0h0\0", &hrefs, &[], &[]),
            "<a href=\"/b/\">B</a> and /a/"
        );
        assert_eq!(fill_slots("plain", &hrefs, &[], &[]), "plain");
    }
}
