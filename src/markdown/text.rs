//! Small text helpers for the Markdown stage: whitespace, sentences, slot filling.

/// Collapses runs of whitespace into single spaces and trims the ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence of `text` that contains byte `position`, trimmed to a readable length.
pub fn sentence_around(text: &str, position: usize) -> String {
    const MAX: usize = 240;
    let position = position.min(text.len());
    let is_end = |window: &[u8]| matches!(window, [b'.' | b'?' | b'!', b' ' | b'\n']);
    let bytes = text.as_bytes();
    let start = (1..position.max(1))
        .rev()
        .find(|&i| i >= 1 && is_end(&bytes[i - 1..=i]))
        .map_or(0, |i| i + 1);
    let end = (position..bytes.len().saturating_sub(1))
        .find(|&i| is_end(&bytes[i..=i + 1]))
        .map_or(text.len(), |i| i + 1);
    let sentence = collapse_whitespace(&text[start..end]);
    if sentence.chars().count() <= MAX {
        sentence
    } else {
        let cut: String = sentence.chars().take(MAX).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Words in `text`, as `split_whitespace` counts them; plain ASCII (most prose) is
/// counted bytewise.
pub fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // The ASCII characters `char::is_whitespace` accepts (vertical tab included).
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let mut words = 0;
    let mut after_space = true;
    for b in text.bytes() {
        let is_space = space(&b);
        words += usize::from(after_space && !is_space);
        after_space = is_space;
    }
    words
}

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
