//! Fenced code blocks: a ```` ```chart ```` block is kept as a slot for the model to
//! draw; a block whose language syntect knows is highlighted at build time into spans
//! with `hl-` classes (the theme's CSS colours them, light and dark, with no script);
//! any other block is written escaped. Every block can take keyboard focus, so a reader
//! without a mouse can scroll one wider than the screen.
//!
//! The syntaxes load once, the first time a page has a block in a known language, so a
//! site without code pays nothing. A line syntect cannot parse (a grammar's regex giving
//! up) leaves the whole block plain rather than half coloured.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::{ChartBlock, State, text};

/// The info string of a fenced block drawn as a chart.
const CHART: &str = "chart";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The block being read, between its start and end events.
pub(super) enum OpenCode {
    /// A ```` ```chart ````: its YAML is kept, not shown.
    Chart(ChartBlock),
    /// Any other block: its text is gathered and written whole, highlighted when
    /// syntect knows its language.
    Code { language: String, text: String },
}

/// The first word of a fence's info string: ```` ```rust,ignore ```` is Rust.
fn language_of(info: &str) -> &str {
    info.split([' ', ',', '{']).next().unwrap_or("").trim()
}

fn syntax(language: &str) -> Option<&'static SyntaxReference> {
    if language.is_empty() {
        return None;
    }
    SYNTAXES.find_syntax_by_token(language)
}

impl<'a> State<'a> {
    /// Handles a code block's start and end, and the text inside it.
    pub(super) fn code_block(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                let language = language_of(info);
                self.code = Some(if language == CHART {
                    let offset = range.start;
                    OpenCode::Chart(ChartBlock {
                        yaml: String::new(),
                        offset: self.source[offset..]
                            .find('\n')
                            .map_or(range.end, |i| offset + i + 1),
                    })
                } else {
                    OpenCode::Code {
                        language: language.to_string(),
                        text: String::new(),
                    }
                });
            }
            Event::Text(text) => match &mut self.code {
                Some(OpenCode::Chart(chart)) => chart.yaml.push_str(&text),
                Some(OpenCode::Code { text: code, .. }) => code.push_str(&text),
                None => self.emit(Event::Text(text)),
            },
            Event::End(TagEnd::CodeBlock) => match self.code.take() {
                Some(OpenCode::Chart(chart)) => {
                    let slot = self.rendered.charts.len();
                    self.rendered.charts.push(chart);
                    self.emit(Event::Html(format!("\0c{slot}\0\n").into()));
                }
                Some(OpenCode::Code { language, text }) => {
                    self.count_code(&text);
                    self.emit(Event::Html(CowStr::from(code_html(&language, &text))));
                }
                None => self.emit(Event::End(TagEnd::CodeBlock)),
            },
            other => self.emit(other),
        }
    }

    /// Code counts as words and as searchable text, as prose does.
    fn count_code(&mut self, code: &str) {
        self.rendered.word_count += text::count_words(code);
        self.keep_text(code);
    }
}

/// The block as `<pre><code>`: highlighted spans, or escaped plain text for a language
/// syntect does not know or where its grammar gives up.
fn code_html(language: &str, code: &str) -> String {
    let spans = syntax(language).and_then(|syntax| spans(syntax, code));
    let mut out = String::with_capacity(code.len() * if spans.is_some() { 4 } else { 1 } + 80);
    out.push_str(match spans {
        Some(_) => "<pre class=\"highlight\" tabindex=\"0\"><code",
        None => "<pre tabindex=\"0\"><code",
    });
    if !language.is_empty() {
        out.push_str(" class=\"language-");
        let _ = escape_html(&mut out, language);
        out.push('"');
    }
    out.push('>');
    match spans {
        Some(spans) => out.push_str(&spans),
        None => {
            let _ = escape_html_body_text(&mut out, code);
        }
    }
    out.push_str("</code></pre>\n");
    out
}

fn spans(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, style);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_language_is_highlighted_and_escaped() {
        let html = code_html("rust", "fn main() { let s = \"<b>\"; }\n");
        assert!(
            html.starts_with("<pre class=\"highlight\" tabindex=\"0\"><code class=\"language-rust\">"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn the_language_is_the_info_string_first_word() {
        assert_eq!(language_of("rust,ignore"), "rust");
        assert_eq!(language_of("python {.numberLines}"), "python");
        assert_eq!(language_of(""), "");
        assert!(syntax("no-such-language").is_none());
        assert!(syntax("sh").is_some() && syntax("yaml").is_some() && syntax("json").is_some());
    }
}
