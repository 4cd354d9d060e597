//! Splitting a Markdown file into its YAML front matter and its body. Pure: byte offsets
//! in, byte offsets out, so every later error can point into the original file.

/// Where the front matter and the body lie in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Why front matter could not be split off: there is none, or it is never closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// Byte offset the error points at: the start of the text, after any BOM.
    pub offset: usize,
    /// What is wrong; `MISSING` when the file has no front matter at all.
    pub message: &'static str,
    /// How to fix it.
    pub help: &'static str,
}

/// The message of a file that has no front matter at all (which is allowed).
pub(super) const MISSING: &str = "missing front matter";

/// Finds the `---` fenced front matter at the top of `text` (after an optional BOM).
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines { text, pos: start };
    let first = lines.next();
    if first.is_none_or(|(_, line)| !is_fence(line)) {
        return Err(SplitError {
            offset: start,
            message: MISSING,
            help: "start the file with a `---` line, then `title: …`, then a closing `---` line",
        });
    }
    let yaml_start = lines.pos;
    for (line_start, line) in lines.by_ref() {
        if is_fence(line) {
            return Ok(Split {
                yaml: yaml_start..line_start,
                body_start: lines.pos,
            });
        }
    }
    Err(SplitError {
        offset: start,
        message: "front matter is never closed",
        help: "add a line with only `---` after the last front-matter field",
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Lines with their start offsets; each line excludes its `\n` / `\r\n` ending.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_lf_crlf_and_bom() {
        let text = "---\ntitle: A\n---\nBody\n";
        let split = split(text).expect("valid");
        assert_eq!(&text[split.yaml.clone()], "title: A\n");
        assert_eq!(&text[split.body_start..], "Body\n");

        let crlf = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        let split_crlf = super::split(crlf).expect("valid");
        assert_eq!(&crlf[split_crlf.yaml.clone()], "title: A\r\n");
        assert_eq!(&crlf[split_crlf.body_start..], "Body");
    }

    #[test]
    fn empty_front_matter_and_empty_body() {
        let split = split("---\n---").expect("valid");
        assert_eq!(split.yaml, 4..4);
        assert_eq!(split.body_start, 7);
    }

    #[test]
    fn reports_missing_and_unclosed_blocks() {
        assert_eq!(
            split("title: A\n").map_err(|e| e.message),
            Err("missing front matter")
        );
        assert_eq!(split("").map_err(|e| e.message), Err("missing front matter"));
        assert_eq!(
            split("---\ntitle: A\nbody").map_err(|e| e.message),
            Err("front matter is never closed")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn never_panics_and_stays_in_bounds(text in "(---|title: x|\r|\n|\u{feff}|[a-z :]{0,6}){0,12}") {
            match split(&text) {
                Ok(s) => {
                    prop_assert!(s.yaml.start <= s.yaml.end && s.yaml.end <= s.body_start);
                    prop_assert!(s.body_start <= text.len());
                    prop_assert!(text.is_char_boundary(s.body_start));
                }
                Err(e) => prop_assert!(e.offset <= text.len()),
            }
        }

        #[test]
        fn crlf_changes_nothing(fields in proptest::collection::vec("[a-z]{1,5}: [a-z0-9 ]{0,8}", 0..5), body in "[a-z\n ]{0,30}") {
            let lf = format!("---\n{}\n---\n{body}", fields.join("\n"));
            let crlf = lf.replace('\n', "\r\n");
            let (a, b) = (split(&lf).expect("lf"), split(&crlf).expect("crlf"));
            prop_assert_eq!(lf[a.yaml].replace('\r', ""), crlf[b.yaml].replace('\r', ""));
            prop_assert_eq!(lf[a.body_start..].to_string(), crlf[b.body_start..].replace("\r\n", "\n"));
        }
    }
}
