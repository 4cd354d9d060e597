//! Spotting figures in prose: percentages, counts with thousands separators, amounts of
//! money and "N million/billion". Years, dates, section and article numbers are not
//! figures. Used by the unsourced-figure check.

const SCALES: &[&str] = &["thousand", "million", "billion", "trillion"];
const CURRENCIES: &[&str] = &["$", "€", "£", "US$", "MX$", "MXN", "USD"];

/// The first figure in `text`, if any.
pub(super) fn find_figure(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        i = next_digit(bytes, i)?;
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.') {
            i += 1;
            continue;
        }
        let end = number_end(text, i);
        let number = &text[i..end];
        if is_figure(text, i, end, number) {
            let start = currency_start(text, i).unwrap_or(i);
            return Some(&text[start..figure_end(text, end)]);
        }
        i = end.max(i + 1);
    }
    None
}

/// The first ASCII digit at or after `from`. Prose has few digits, so whole chunks are
/// tested at once (a loop without early exit, which the compiler vectorises).
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let mut start = from;
    for chunk in bytes.get(from..)?.chunks(32) {
        if chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            return chunk.iter().position(u8::is_ascii_digit).map(|at| start + at);
        }
        start += chunk.len();
    }
    None
}

/// End of a number such as `107,941`, `2.8` or `12`.
fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        let separator_then_digit =
            (b == b',' || b == b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() || separator_then_digit {
            end += 1;
        } else {
            break;
        }
    }
    end
}

fn is_figure(text: &str, start: usize, end: usize, number: &str) -> bool {
    let after = text[end..].trim_start_matches([' ', '\u{a0}']);
    let has_thousands =
        number.split(',').count() > 1 && number.split(',').skip(1).all(|g| g.len() == 3 || g.contains('.'));
    after.starts_with('%')
        || after.starts_with("percent")
        || after.starts_with("per cent")
        || SCALES.iter().any(|s| after.starts_with(s))
        || has_thousands
        || currency_start(text, start).is_some()
}

/// Where a currency sign right before the number starts, if there is one.
fn currency_start(text: &str, number_start: usize) -> Option<usize> {
    let before = text[..number_start].trim_end_matches([' ', '\u{a0}']);
    CURRENCIES
        .iter()
        .find(|c| before.ends_with(*c))
        .map(|c| before.len() - c.len())
}

/// Extends a figure over a following `%` or scale word, for the message.
fn figure_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    let skipped = rest.len() - trimmed.len();
    if trimmed.starts_with('%') {
        return end + skipped + 1;
    }
    for word in SCALES.iter().chain(&["percent", "per cent"]) {
        if trimmed.starts_with(word) {
            return end + skipped + word.len();
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::find_figure;

    /// The documented rule, sentence by sentence: (text, the figure it must find).
    const CASES: &[(&str, Option<&str>)] = &[
        ("Deaths rose 5% in one year.", Some("5%")),
        ("Deaths fell by 26.9 percent.", Some("26.9 percent")),
        ("About 12 per cent of cases.", Some("12 per cent")),
        ("There were 107,941 deaths.", Some("107,941")),
        ("In all 1,234,567 pills were seized.", Some("1,234,567")),
        ("Congress appropriated $2.8 billion.", Some("$2.8 billion")),
        ("A reward of $15 million was offered.", Some("$15 million")),
        ("The fine was $500.", Some("$500")),
        ("It cost €40 to make.", Some("€40")),
        ("A budget of MXN 300 was cited.", Some("MXN 300")),
        ("Some 80 million pills.", Some("80 million")),
        ("Roughly 2 billion doses.", Some("2 billion")),
        ("Around 3 thousand officers.", Some("3 thousand")),
        ("A 100% increase.", Some("100%")),
        ("Nearly 70,000 deaths involved synthetic opioids.", Some("70,000")),
        ("The law was passed in 1973.", None),
        ("In 2023 the count was revised.", None),
        ("The 60-day clock starts at once.", None),
        ("Article 51 recognises self-defense.", None),
        ("Section 1541 states the purpose.", None),
        ("Under 50 U.S.C. § 1544, forces must withdraw.", None),
        ("Resolution 1373 (2001) followed.", None),
        ("On 2025-02-20 the designations were published.", None),
        ("On 20 February 2025 the list changed.", None),
        ("It took 48 hours to report.", None),
        ("Chapter VII allows it.", None),
        ("Three of the five members agreed.", None),
        ("The 2(4) prohibition is customary.", None),
        ("Pub. L. 93-148 is the resolution.", None),
        ("ICD-10 codes X40–X44 are used.", None),
        ("Version 2.0 was released.", None),
        ("Deaths were 80391 in the report.", None),
    ];

    #[test]
    fn finds_exactly_the_documented_figures() {
        assert!(CASES.len() >= 30);
        for (text, expected) in CASES {
            assert_eq!(find_figure(text), *expected, "{text}");
        }
    }
}
