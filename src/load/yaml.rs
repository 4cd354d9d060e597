//! The one place that calls the YAML parser. Swapping `serde_yaml` for a maintained fork
//! means changing the `use` line below and nothing else.

use serde::de::DeserializeOwned;
use serde_yaml as yaml;

/// A YAML problem: a message and the byte offset in the YAML text it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Flow collections (`[…]`, `{…}`) nested deeper than this are refused before parsing:
/// the parser's time grows with the square of their depth (100,000 `[` took minutes),
/// and its deserializer refuses more than 128 levels anyway.
pub(super) const MAX_FLOW_DEPTH: usize = 100;

/// Parses YAML text into `T`.
pub(super) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(offset) = too_deep(text) {
        return Err(YamlError {
            message: format!("`[` and `{{` are nested more than {MAX_FLOW_DEPTH} levels deep here"),
            offset: Some(offset),
        });
    }
    yaml::from_str(text).map_err(|err| YamlError {
        offset: err.location().map(|at| at.index()),
        message: strip_position(&err.to_string()),
    })
}

/// serde_yaml appends " at line L column C" to messages; we report positions ourselves.
fn strip_position(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].to_string()
}

/// The offset of the first `[` or `{` that opens a flow collection deeper than
/// `MAX_FLOW_DEPTH`, skipping quoted strings and comments. It may count a bracket inside a
/// plain scalar too, which only matters for a scalar with a hundred of them.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut at) = (0usize, 0);
    while at < bytes.len() {
        let starts_token = at == 0
            || matches!(
                bytes[at - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':'
            );
        match bytes[at] {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if starts_token => at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n),
            quote @ (b'"' | b'\'') if starts_token => at = closing_quote(bytes, at, quote),
            _ => {}
        }
        at += 1;
    }
    None
}

/// The offset of the quote that closes the string opened at `open` (or the end).
fn closing_quote(bytes: &[u8], open: usize, quote: u8) -> usize {
    let mut at = open + 1;
    while let Some(n) = memchr::memchr(quote, &bytes[at..]) {
        let close = at + n;
        if quote == b'"'
            && bytes[open + 1..close]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count()
                % 2
                == 1
        {
            at = close + 1;
            continue;
        }
        return close;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_collections_are_refused_where_they_get_too_deep() {
        let text = format!("title: x\nextra: {}", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let err = parse::<serde_json::Value>(&text).expect_err("refused");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(err.offset, Some("title: x\nextra: ".len() + MAX_FLOW_DEPTH));
        let braces = format!("extra: {}", "{a: ".repeat(100_000));
        assert!(parse::<serde_json::Value>(&braces).is_err());
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let many = "[".repeat(200);
        let text = format!("a: \"{many}\"\nb: '{many}'\nc: [1, [2]] # {many}\nd: \"x\\\"{many}\"\n");
        let value: serde_json::Value = parse(&text).expect("parses");
        assert_eq!(value["c"], serde_json::json!([1, [2]]));
        assert_eq!(too_deep(&format!("a: {}", "[".repeat(MAX_FLOW_DEPTH))), None);
    }
}
