//! Typed names for the things a site is made of: slugs, tag keys and URL paths. This is
//! the only module that slugifies text or joins URL segments.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::{Deserialize, Serialize};

/// Characters escaped in a URL path segment (RFC 3986 `pchar` minus what we never emit).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// How heading ids are spelled (`[content] heading_ids`): briefing's own slugs, or
/// GitHub's (`Smileys & Emotion` → `smileys--emotion`) for content whose links were
/// written against GitHub's rendering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    #[default]
    Briefing,
    Github,
}

impl HeadingIds {
    /// The id a heading with this text gets (before repeats are numbered).
    pub fn slug(self, text: &str) -> String {
        match self {
            HeadingIds::Briefing => slugify(text),
            HeadingIds::Github => github_slug(text),
        }
    }
}

/// GitHub's heading anchors: lowercased; letters, digits, `-` and `_` kept; each space a
/// hyphen of its own; everything else dropped.
fn github_slug(text: &str) -> String {
    (text.trim().chars().flat_map(char::to_lowercase))
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Lowercases `text` and turns every run of characters that are not letters or digits
/// into one hyphen: `"The 60-day clock"` → `"the-60-day-clock"`. Unicode letters are kept.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    out
}

/// Percent-decodes a site-relative URL path and resolves `.` and `..` segments the way a
/// browser does (never above the root): `"a/b/../c%20d"` → `"a/c d"`.
pub(crate) fn normalize_url_path(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

/// One URL path segment made from a file name or a `slug:` field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub(crate) struct Slug(String);

impl Slug {
    /// A slug from a file stem or front-matter `slug`, or `None` when it would not be one
    /// safe path segment (empty, `.`/`..`, or containing a separator).
    pub(crate) fn new(raw: &str) -> Option<Slug> {
        let trimmed = raw.trim();
        let unsafe_segment = trimmed.is_empty()
            || trimmed == "."
            || trimmed == ".."
            || trimmed.contains(['/', '\\', '\0'])
            || trimmed.contains(':');
        (!unsafe_segment).then(|| Slug(trimmed.to_string()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// The normalized identity of a tag: "War Powers", "war_powers" and "war  powers" share one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub(crate) struct TagKey(String);

impl TagKey {
    /// The key of a tag name. `+` and `#` right after a letter or digit are read as words
    /// (`C++` → `c-plus-plus`, `C#` → `c-sharp`), so they do not all become `c`.
    pub(crate) fn new(name: &str) -> TagKey {
        TagKey(slugify(&spell_symbols(name)))
    }

    /// How a reader tells two tag names apart: case, and the spaces and punctuation
    /// between words, do not count (`War Powers` is `war-powers`); anything else does
    /// (`C--` is not `c`, though both have the key `c`).
    pub(crate) fn spelling_differs(a: &str, b: &str) -> bool {
        loosely(a) != loosely(b)
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// `+` and `#` that end a word, spelled out.
fn spell_symbols(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.contains(['+', '#']) {
        return name.into();
    }
    let mut out = String::with_capacity(name.len() + 16);
    let mut after_word = false;
    for c in name.chars() {
        match c {
            '+' if after_word => out.push_str(" plus"),
            '#' if after_word => out.push_str(" sharp"),
            _ => {
                after_word = c.is_alphanumeric();
                out.push(c);
            }
        }
    }
    out.into()
}

/// Lowercase, with each run of spaces and punctuation between two words made one space;
/// punctuation before the first word or after the last is kept.
fn loosely(name: &str) -> String {
    let name = name.trim().to_lowercase();
    let start = name.find(char::is_alphanumeric).unwrap_or(name.len());
    let end = name
        .rfind(char::is_alphanumeric)
        .map_or(start, |i| i + name[i..].chars().next().map_or(1, char::len_utf8));
    let (lead, words, trail) = (
        &name[..start],
        &name[start..end.max(start)],
        &name[end.max(start)..],
    );
    let words: Vec<&str> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{lead}{}{trail}", words.join(" "))
}

impl fmt::Display for TagKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A site-relative URL path for a page or file, without the base path: `""` is the home
/// page, `"us-law/war-powers-resolution/"` a page, `"style.css"` a file. Segments are
/// stored unencoded; encoding happens when a URL is produced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UrlPath(String);

impl UrlPath {
    pub fn root() -> UrlPath {
        UrlPath(String::new())
    }

    /// A directory-style path (ending in `/`) from segments.
    pub fn dir<'a>(segments: impl IntoIterator<Item = &'a str>) -> UrlPath {
        let mut path = String::new();
        for segment in segments {
            path.push_str(segment);
            path.push('/');
        }
        UrlPath(path)
    }

    /// A file path such as `"sitemap.xml"` or `"us-law/map.png"`.
    pub fn file(path: &str) -> UrlPath {
        UrlPath(path.trim_start_matches('/').to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_dir(&self) -> bool {
        self.0.is_empty() || self.0.ends_with('/')
    }

    /// The file this path is written to inside the output folder.
    pub fn output_file(&self) -> String {
        if self.is_dir() {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }

    /// The path percent-encoded segment by segment, as it appears in an `href`.
    pub fn encoded(&self) -> String {
        let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/');
        if self.0.bytes().all(unreserved) {
            return self.0.clone();
        }
        self.0
            .split('/')
            .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// How the site's URLs are spelled: `https://example.org/kb/` gives links like
/// `/kb/us-law/war-powers-resolution/` and permalinks with the full origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlScheme {
    origin: String,
    base_path: String,
}

impl UrlScheme {
    /// Splits a base URL such as `https://example.org/kb` into origin and base path.
    pub fn new(base_url: &str) -> UrlScheme {
        let trimmed = base_url.trim().trim_end_matches('/');
        let after_scheme = trimmed.find("://").map_or(0, |i| i + 3);
        let (origin, path) = match trimmed[after_scheme..].find('/') {
            Some(i) => trimmed.split_at(after_scheme + i),
            None => (trimmed, ""),
        };
        UrlScheme {
            origin: origin.to_string(),
            base_path: format!("{path}/"),
        }
    }

    /// Root-relative link, e.g. `/kb/us-law/war-powers-resolution/`.
    pub fn link(&self, path: &UrlPath) -> String {
        format!("{}{}", self.base_path, path.encoded())
    }

    /// Absolute URL, e.g. `https://example.org/kb/us-law/war-powers-resolution/`.
    pub fn permalink(&self, path: &UrlPath) -> String {
        format!("{}{}", self.origin, self.link(path))
    }

    /// The base path, always starting and ending with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_case_and_collapses_separators() {
        assert_eq!(slugify("The 60-day clock"), "the-60-day-clock");
        assert_eq!(slugify("  War  Powers__Act "), "war-powers-act");
        assert_eq!(slugify("Article 2(4)"), "article-2-4");
        assert_eq!(slugify("México: soberanía"), "méxico-soberanía");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn tag_keys_merge_spellings() {
        assert_eq!(TagKey::new("War Powers"), TagKey::new("war-powers"));
        assert_eq!(TagKey::new("war  powers"), TagKey::new("WAR_POWERS"));
    }

    #[test]
    fn symbols_that_end_a_word_are_spelled_out() {
        assert_eq!(TagKey::new("C++").as_str(), "c-plus-plus");
        assert_eq!(TagKey::new("C#").as_str(), "c-sharp");
        assert_eq!(TagKey::new("Notepad++ tips").as_str(), "notepad-plus-plus-tips");
        assert_eq!(
            TagKey::new("#fentanyl").as_str(),
            "fentanyl",
            "a leading # is a hashtag"
        );
        assert_eq!(TagKey::new("C--").as_str(), "c");
        assert_eq!(TagKey::new("🔥").as_str(), "");
    }

    #[test]
    fn spellings_differ_beyond_case_and_separators() {
        assert!(!TagKey::spelling_differs("War Powers", "war-powers"));
        assert!(!TagKey::spelling_differs("war_powers", "WAR  POWERS"));
        assert!(TagKey::spelling_differs("C--", "c"));
        assert!(TagKey::spelling_differs("!war", "war"));
    }

    #[test]
    fn slugs_refuse_path_tricks() {
        for bad in ["", " ", ".", "..", "../etc", "a/b", "a\\b", "C:x"] {
            assert_eq!(Slug::new(bad), None, "{bad:?}");
        }
        assert_eq!(Slug::new("ok-slug").map(|s| s.0), Some("ok-slug".into()));
    }

    #[test]
    fn url_paths_normalize_like_a_browser() {
        assert_eq!(normalize_url_path("a/b/../c%20d"), "a/c d");
        assert_eq!(normalize_url_path("../../x/./y/"), "x/y");
    }

    #[test]
    fn url_scheme_handles_sub_paths() {
        let kb = UrlScheme::new("https://example.org/kb/");
        let page = UrlPath::dir(["us-law", "war powers"]);
        assert_eq!(kb.link(&page), "/kb/us-law/war%20powers/");
        assert_eq!(kb.permalink(&UrlPath::root()), "https://example.org/kb/");
        let bare = UrlScheme::new("https://example.org");
        assert_eq!(bare.link(&UrlPath::file("style.css")), "/style.css");
        assert_eq!(page.output_file(), "us-law/war powers/index.html");
    }
}
