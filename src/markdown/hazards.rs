//! Markup that runs code or cannot be processed in bounded time: URLs with a scheme that
//! runs script (`javascript:`, `vbscript:`, `data:` outside images), raw HTML that runs
//! code or embeds another document (`<script>`, `on…=` handlers, `<iframe>`, `<object>`,
//! `<embed>`), and blocks nested deeper than any document needs.

use crate::diag::shorten;
use pulldown_cmark::Event;

use super::rendered::{RawCode, Refused};

/// Blocks and inline spans nested deeper than this are refused: a hundred thousand
/// nested list markers on one line made the search indexer take minutes, and no reader
/// can follow a tenth of this many levels.
pub const MAX_NESTING: usize = 100;

/// Whether a browser would run code on following `url`. Browsers skip leading spaces and
/// control characters, and ignore tabs and newlines anywhere, before reading the scheme,
/// whatever its case.
pub fn runs_code(url: &str, in_image: bool) -> bool {
    let scheme: String = (url.trim_start_matches(|c: char| c <= ' ').chars())
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    match scheme.as_str() {
        "javascript" | "vbscript" => has_colon,
        "data" => has_colon && !(in_image && data_is_image(url)),
        _ => false,
    }
}

fn data_is_image(url: &str) -> bool {
    let after = url.split_once(':').map_or("", |(_, rest)| rest).trim_start();
    after
        .get(..6)
        .is_some_and(|kind| kind.eq_ignore_ascii_case("image/"))
}

/// Reads raw HTML as it comes, in pieces (pulldown-cmark hands a block over line by
/// line, so a tag may span pieces), noting what runs code.
#[derive(Debug, Default)]
pub(super) struct RawHtmlScan {
    /// Inside a tag, between `<` and `>`.
    in_tag: bool,
    /// The tag's name, once read.
    tag: String,
}

/// Elements that run code or embed another document.
const CODE_ELEMENTS: [&str; 4] = ["script", "iframe", "object", "embed"];
/// Attributes whose value is followed as a URL.
const URL_ATTRIBUTES: [&str; 7] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
];

impl RawHtmlScan {
    /// Scans one piece of raw HTML at `offset` in the body.
    pub(super) fn scan(
        &mut self,
        html: &str,
        offset: usize,
        warned: &mut Vec<RawCode>,
        refused: &mut Vec<Refused>,
    ) {
        let mut rest = html;
        while !rest.is_empty() {
            if !self.in_tag {
                let Some(open) = rest.find('<') else { return };
                rest = &rest[open + 1..];
                self.in_tag = true;
                let name: String = (rest.chars())
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if let Some(element) = CODE_ELEMENTS.iter().find(|e| **e == name) {
                    warned.push(RawCode {
                        offset,
                        what: format!("<{element}>"),
                    });
                }
                rest = &rest[name.len()..];
                self.tag = name;
                continue;
            }
            let (inside, closed) = match rest.find('>') {
                Some(end) => (&rest[..end], Some(end)),
                None => (rest, None),
            };
            self.attributes(inside, offset, warned, refused);
            match closed {
                Some(end) => {
                    self.in_tag = false;
                    rest = &rest[end + 1..];
                }
                None => return,
            }
        }
    }

    /// Checks the `name=value` pairs of a tag (or a piece of one).
    fn attributes(&self, inside: &str, offset: usize, warned: &mut Vec<RawCode>, refused: &mut Vec<Refused>) {
        let mut rest = inside;
        while let Some(eq) = rest.find('=') {
            let name = rest[..eq]
                .trim_end()
                .rsplit(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '\'')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let after = rest[eq + 1..].trim_start();
            let (value, next) = attribute_value(after);
            if name.len() > 2 && name.starts_with("on") && name[2..].bytes().all(|b| b.is_ascii_alphabetic())
            {
                warned.push(RawCode {
                    offset,
                    what: format!("an `{name}` handler"),
                });
            } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                let url = html_escape::decode_html_entities(value);
                if runs_code(&url, self.tag == "img" && name == "src") {
                    refused.push(Refused::CodeUrl {
                        offset,
                        url: shorten(&url),
                    });
                }
            }
            rest = next;
        }
    }
}

/// An attribute value (quoted or bare) at the start of `text`, and what follows it.
fn attribute_value(text: &str) -> (&str, &str) {
    match text.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let body = &text[1..];
            match body.find(quote) {
                Some(end) => (&body[..end], &body[end + 1..]),
                None => (body, ""),
            }
        }
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (&text[..end], &text[end..])
        }
    }
}

impl<'a> super::State<'a> {
    /// Notes the first place where blocks and spans nest deeper than `MAX_NESTING`.
    pub(super) fn track_depth(&mut self, event: &Event<'a>, offset: usize) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_NESTING && !self.was_too_deep {
                    self.was_too_deep = true;
                    self.rendered.refused.push(Refused::TooDeep { offset });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    pub(super) fn refuse_code_url(&mut self, url: &str, in_image: bool, offset: usize) {
        if runs_code(url, in_image) {
            self.rendered.refused.push(Refused::CodeUrl {
                offset,
                url: shorten(url),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_that_run_code_are_seen_through_case_spaces_and_tabs() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            "  javascript:x",
            "\u{1}javascript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "DATA:text/html;base64,xx",
        ] {
            assert!(runs_code(url, false), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:",
            "/javascript/",
            "mailto:a@b.org",
            "javascript",
            "#data:x",
            "page.md",
        ] {
            assert!(!runs_code(url, false), "{url:?}");
        }
        assert!(
            !runs_code("data:image/png;base64,iVBOR", true),
            "an image may be inline data"
        );
        assert!(runs_code("data:image/png;base64,iVBOR", false), "a link may not");
    }

    fn scan(pieces: &[&str]) -> (Vec<String>, Vec<String>) {
        let (mut warned, mut refused) = (Vec::new(), Vec::new());
        let mut scanner = RawHtmlScan::default();
        for piece in pieces {
            scanner.scan(piece, 0, &mut warned, &mut refused);
        }
        let warned = warned.into_iter().map(|w| w.what).collect();
        let refused = (refused.into_iter())
            .map(|r| match r {
                Refused::CodeUrl { url, .. } => url,
                Refused::TooDeep { .. } => "too deep".into(),
            })
            .collect();
        (warned, refused)
    }

    #[test]
    fn raw_html_that_runs_code_is_noted() {
        let (warned, refused) = scan(&[
            "<img src=x onerror=\"alert(1)\">",
            "<svg onload=alert(1)>",
            "<IFRAME src=\"https://e.org\">",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
        ]);
        assert_eq!(
            warned,
            ["an `onerror` handler", "an `onload` handler", "<iframe>"]
        );
        assert_eq!(refused, ["javascript:alert(1)"]);
        let (warned, refused) = scan(&[
            "<div\n",
            "  class=\"note\" onclick='go()'\n",
            ">text with on=off and a=b</div>",
        ]);
        assert_eq!(warned, ["an `onclick` handler"], "a tag over several pieces");
        assert!(refused.is_empty());
        let (warned, refused) = scan(&[
            "<img src=\"data:image/png;base64,AAAA\" alt=\"dot\">",
            "<p title=\"a > b\">",
        ]);
        assert!(warned.is_empty() && refused.is_empty(), "{warned:?} {refused:?}");
    }
}
