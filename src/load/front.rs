//! Reading a file's front matter: split, parse, and every problem mapped to file:line:col
//! (the key-by-key reading of front matter written for other tools is `fields`).

use std::path::Path;

use super::frontmatter::{self, FrontMatter};
use super::{UnknownKeys, fields, split, yaml};
use crate::diag::{self, Diagnostic, Location, SourceText};

/// A file's front matter, where its body starts, and the warnings about it.
#[derive(Debug)]
pub struct FrontRead {
    /// The parsed front matter, titled from the first heading or file name if it had no title.
    pub front: FrontMatter,
    /// Byte offset where the body starts (past a first heading taken as the title).
    pub body_start: usize,
    /// Problems that do not stop the file loading (unknown keys under `warn`).
    pub warnings: Vec<Diagnostic>,
}

/// Splits and parses a file's front matter, mapping every error to file:line:col. A
/// file without front matter, or without a title, is titled by its first heading or its
/// name; keys briefing does not know are handled by `rule`. Front matter that does not
/// parse is read again key by key, so all of its problems are reported at once.
pub fn read_front_matter(text: &str, file: &Path, rule: UnknownKeys) -> Result<FrontRead, Vec<Diagnostic>> {
    let source = SourceText::new(text);
    let (yaml_range, body_start) = match split(text) {
        Ok(split) => (split.yaml, split.body_start),
        Err(err) if err.message == split::MISSING => (0..0, usize::from(text.starts_with('\u{feff}')) * 3),
        Err(err) => {
            let location = Location::at(file, &source, err.offset);
            return Err(vec![
                Diagnostic::error("front-matter", location, err.message).with_help(err.help),
            ]);
        }
    };
    let yaml_text = &text[yaml_range.clone()];
    let mut warnings = Vec::new();
    let mut front = match yaml_text.trim().is_empty() {
        true => FrontMatter::default(),
        false => match yaml::parse::<FrontMatter>(yaml_text) {
            Ok(front) => front,
            Err(err) => {
                let read = (!err.message.starts_with("duplicate field"))
                    .then(|| fields::read_by_key(yaml_text, rule, &err).ok())
                    .flatten();
                let Some((front, problems)) = read else {
                    return Err(vec![yaml_diagnostic(
                        file,
                        &source,
                        yaml_range.start,
                        err,
                        frontmatter::KEYS,
                    )]);
                };
                let mut errors = Vec::new();
                for problem in problems {
                    let location = Location::at(file, &source, yaml_range.start + problem.offset);
                    let code = if problem.message.starts_with("unknown field") {
                        "unknown-field"
                    } else {
                        "front-matter"
                    };
                    let mut diagnostic = match problem.warning {
                        true => Diagnostic::warning(code, location, problem.message),
                        false => Diagnostic::error(code, location, problem.message),
                    };
                    diagnostic.help = problem.help;
                    match problem.warning {
                        true => warnings.push(diagnostic),
                        false => errors.push(diagnostic),
                    }
                }
                match front {
                    Some(front) if errors.is_empty() => front,
                    _ => return Err(errors),
                }
            }
        },
    };
    let body_start =
        body_start + fields::settle_title(&mut front, &text[body_start..], &title_from_name(file));
    Ok(FrontRead {
        front,
        body_start,
        warnings,
    })
}

/// A title made from a file's name: its stem, or its folder's name for an `index.md`.
fn title_from_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.as_str() {
        "index" | "_index" => file
            .parent()
            .and_then(|p| p.file_name())
            .map_or(stem.clone(), |n| n.to_string_lossy().into_owned()),
        _ => stem,
    }
}

pub(super) fn yaml_diagnostic(
    file: &Path,
    source: &SourceText<'_>,
    yaml_start: usize,
    err: yaml::YamlError,
    keys: &[&str],
) -> Diagnostic {
    let yaml_text = source.text()[yaml_start..].to_string();
    let (offset, message) = match locate_quoted_value(&yaml_text, &err) {
        Some((offset, key)) => (offset, format!("{key}: {}", err.message)),
        None => (
            locate_duplicate(&yaml_text, &err).unwrap_or(err.offset.unwrap_or(0)),
            err.message.clone(),
        ),
    };
    let err = yaml::YamlError {
        message,
        offset: Some(offset),
    };
    let location = Location::at(file, source, yaml_start + offset);
    let unknown = err
        .message
        .split("unknown field `")
        .nth(1)
        .and_then(|rest| rest.split('`').next());
    match unknown {
        Some(field) => {
            let help = diag::unknown_key_help(field, keys);
            Diagnostic::error("front-matter", location, format!("unknown field `{field}`")).with_help(help)
        }
        None if err.message.contains("end of stream") => {
            Diagnostic::error("front-matter", location, err.message)
                .with_help("a quote or bracket opened above this line is never closed")
        }
        None => Diagnostic::error("front-matter", location, err.message),
    }
}

/// Our own value checks (dates) reach serde_yaml without a position; find the quoted
/// value in the YAML so the error can point at it, with the key it belongs to.
fn locate_quoted_value(yaml_text: &str, err: &yaml::YamlError) -> Option<(usize, String)> {
    if err.offset.unwrap_or(0) != 0 || !err.message.starts_with("invalid date `") {
        return None;
    }
    let value = err.message.split('`').nth(1)?;
    let mut line_start = 0;
    for line in yaml_text.split_inclusive('\n') {
        if let Some((key, rest)) = line.split_once(':')
            && let Some(at) = rest.find(value)
        {
            let key = key.trim().trim_start_matches("- ");
            return Some((line_start + line.len() - rest.len() + at, key.to_string()));
        }
        line_start += line.len();
    }
    None
}

/// serde_yaml places a duplicate key at the start of its mapping; point at the second
/// `key:` after that instead, the one to remove.
fn locate_duplicate(yaml_text: &str, err: &yaml::YamlError) -> Option<usize> {
    let key = err.message.split("duplicate field `").nth(1)?.split('`').next()?;
    let from = err.offset.unwrap_or(0).min(yaml_text.len());
    let mut line_start = yaml_text[..from].rfind('\n').map_or(0, |nl| nl + 1);
    let mut seen = 0;
    for line in yaml_text[line_start..].split_inclusive('\n') {
        let written = line.trim_start().trim_start_matches("- ");
        if written
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                return Some(line_start + line.len() - written.len());
            }
        }
        line_start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        match read_front_matter(text, Path::new("content/a.md"), UnknownKeys::Error) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(diagnostics) => diagnostics
                .iter()
                .map(|d| d.render_human(false))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn unknown_key_is_reported_with_suggestion_at_its_line() {
        assert_eq!(
            error_of("---\ntitle: A\ntgas: [x]\n---\nbody"),
            "content/a.md:3:1: error: unknown field `tgas`\n  |\n3 | tgas: [x]\n  | ^\n  = help: did you mean `tags`? or set `[content] unknown_keys = \"extra\"` in site.toml to keep such keys as `page.extra`"
        );
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        assert_eq!(
            error_of("---\ntitle: [a, b]\n---\n"),
            "content/a.md:2:8: error: title: invalid type: sequence, expected a string\n  |\n2 | title: [a, b]\n  |        ^"
        );
        let date = error_of("---\ntitle: A\ndate: yesterday\n---\n");
        assert!(
            date.starts_with("content/a.md:3:7: error: date: invalid date `yesterday`"),
            "{date}"
        );
    }

    #[test]
    fn crlf_and_bom_positions_match_the_original_file() {
        let err = error_of("\u{feff}---\r\ntitle: A\r\ndraft: maybe\r\n---\r\n");
        assert!(
            err.starts_with("content/a.md:3:8: error: draft: invalid type"),
            "{err}"
        );
    }

    #[test]
    fn missing_title_and_unclosed_block() {
        let titled = |text: &str| {
            read_front_matter(text, Path::new("content/drugs/a-note.md"), UnknownKeys::Error)
                .map(|r| r.front.title)
        };
        assert_eq!(
            titled("---\nsummary: x\n---\nText").ok().as_deref(),
            Some("a-note")
        );
        assert_eq!(
            titled("# A heading\n\nText").ok().as_deref(),
            Some("A heading"),
            "no front matter at all"
        );
        assert_eq!(
            titled("---\ntags:\naliases:\n---\n").ok().as_deref(),
            Some("a-note"),
            "empty lists are none"
        );
        assert!(
            error_of("---\ntitle: A\n").starts_with("content/a.md:1:1: error: front matter is never closed")
        );
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_is_repeated() {
        assert_eq!(
            error_of("---\ntitle: A\nsummary: x\ntitle: B\n---\n"),
            "content/a.md:4:1: error: duplicate field `title`\n  |\n4 | title: B\n  | ^"
        );
    }

    #[test]
    fn single_string_tags_are_a_list() {
        let read = read_front_matter(
            "---\ntitle: A\ntags: War Powers\n---\nBody",
            Path::new("a.md"),
            UnknownKeys::Error,
        )
        .expect("valid");
        assert_eq!(read.front.tags, vec!["War Powers".to_string()]);
        assert_eq!(read.body_start, 34);
    }
}
