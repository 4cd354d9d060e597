//! Small text helpers for the Markdown stage: whitespace, sentences, slot filling.

/// Collapses runs of whitespace into single spaces and trims the ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence of `text` that contains byte `position`, trimmed to a readable length.
/// Only `MAX` bytes either side are looked at, so a block with thousands of links and
/// no full stop costs each link the same small window, not the whole block.
pub fn sentence_around(text: &str, position: usize) -> String {
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
pub fn clip(text: &str, max: usize) -> String {
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

/// Words in `text`, as `split_whitespace` counts them; plain ASCII (most prose) is
/// counted bytewise, as the starts of runs of non-space bytes.
pub fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut after_space = 1;
    for &b in text.as_bytes() {
        let is_space = usize::from(ASCII_SPACE[usize::from(b)]);
        words += after_space & (is_space ^ 1);
        after_space = is_space;
    }
    words
}

/// The ASCII bytes `char::is_whitespace` accepts (vertical tab included).
const ASCII_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = matches!(i as u8, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        i += 1;
    }
    table
};

/// Replaces the `\0h{n}\0` and `\0t{n}\0` slots of Markdown HTML with hrefs and titles.
/// Both must already be HTML-escaped.
pub fn fill_slots(html: &str, hrefs: &[String], titles: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + hrefs.len() * 32);
    let mut rest = html;
    while let Some(start) = rest.find('\0') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('\0') else {
            rest = after;
            break;
        };
        let slot = &after[..end];
        let index = slot.get(1..).and_then(|n| n.parse::<usize>().ok());
        let value = match (slot.as_bytes().first(), index) {
            (Some(b'h'), Some(i)) => hrefs.get(i),
            (Some(b't'), Some(i)) => titles.get(i),
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
        let titles = vec!["A".to_string(), "B".to_string()];
        assert_eq!(
            fill_slots("<a href=\"\0h1\0\">\0t1\0</a> and \0h0\0", &hrefs, &titles),
            "<a href=\"/b/\">B</a> and /a/"
        );
        assert_eq!(fill_slots("plain", &hrefs, &titles), "plain");
    }
}
