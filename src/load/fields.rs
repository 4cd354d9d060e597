//! Front matter as people write it elsewhere: when a file's front matter does not parse
//! as briefing's own, it is read key by key, so every problem of the file is reported in
//! one run, keys briefing does not know are handled by the site's rule, and the title
//! may come from the body's first heading or the file name.

use super::frontmatter::{FrontMatter, KEYS};
use super::yaml::{self, YamlError};
use crate::config::UnknownKeys;

/// Names other generators use for briefing's keys.
const OTHER_NAMES: [(&str, &str); 6] = [
    ("description", "summary"),
    ("categories", "tags"),
    ("name", "title"),
    ("lastmod", "updated"),
    ("alias", "aliases"),
    ("tag", "tags"),
];

/// One problem with one key, at a byte offset in the YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KeyProblem {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
    /// A warning (an unknown key under `warn`) rather than an error.
    pub warning: bool,
}

/// The front matter read key by key: the value (when no key has an error) and every
/// problem found. `Err` when the YAML is not a mapping at all (`first` is then the
/// parser's own error, which says best what is wrong).
pub(super) fn read_by_key(
    yaml_text: &str,
    rule: UnknownKeys,
    first: &YamlError,
) -> Result<(Option<FrontMatter>, Vec<KeyProblem>), ()> {
    let Ok(serde_json::Value::Object(map)) = yaml::parse::<serde_json::Value>(yaml_text) else {
        return Err(());
    };
    let offsets = top_level_keys(yaml_text);
    let at = |key: &str| {
        offsets
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |&(_, offset)| offset)
    };
    let value_at = |key: &str| value_offset(yaml_text, at(key));
    let mut problems = Vec::new();
    let mut known = serde_json::Map::new();
    let mut unknown = serde_json::Map::new();
    for (key, value) in map {
        if KEYS.contains(&key.as_str()) {
            if let Err(message) = check_one(&key, &value) {
                // The parser's own error, where it is about this key, is the exact one.
                let span = key_span(&offsets, &key, yaml_text.len());
                let offset = first
                    .offset
                    .filter(|o| span.contains(o))
                    .unwrap_or_else(|| value_at(&key));
                problems.push(KeyProblem {
                    offset,
                    message: format!("{key}: {message}"),
                    help: None,
                    warning: false,
                });
            }
            known.insert(key, value);
            continue;
        }
        if rule != UnknownKeys::Extra {
            problems.push(KeyProblem {
                offset: at(&key),
                message: format!("unknown field `{key}`"),
                help: Some(unknown_help(&key, rule)),
                warning: rule == UnknownKeys::Warn,
            });
        }
        unknown.insert(key, value);
    }
    problems.sort_by_key(|p| p.offset);
    if problems.iter().any(|p| !p.warning) {
        return Ok((None, problems));
    }
    let mut front: FrontMatter = serde_json::from_value(serde_json::Value::Object(known)).map_err(|_| ())?;
    if rule == UnknownKeys::Extra {
        for (key, value) in unknown {
            front.extra.entry(key).or_insert(value);
        }
    }
    Ok((Some(front), problems))
}

/// Whether `key: value` alone is a valid front-matter key.
fn check_one(key: &str, value: &serde_json::Value) -> Result<(), String> {
    let mut alone = serde_json::Map::new();
    alone.insert(key.to_string(), value.clone());
    serde_json::from_value::<FrontMatter>(serde_json::Value::Object(alone))
        .map(drop)
        .map_err(|err| strip_json_position(&err.to_string()))
}

fn strip_json_position(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    message[..cut].to_string()
}

/// "did you mean", a name another generator uses, and the setting that keeps such keys.
pub(super) fn unknown_help(key: &str, rule: UnknownKeys) -> String {
    let lower = key.to_ascii_lowercase();
    let suggestion = match OTHER_NAMES.iter().find(|(other, _)| *other == lower) {
        Some((_, ours)) => format!("briefing calls it `{ours}`; "),
        None => format!("{} ", crate::diag::unknown_key_help(key, KEYS)),
    };
    let setting = match rule {
        UnknownKeys::Error => {
            "or set `[content] unknown_keys = \"extra\"` in site.toml to keep such keys as `page.extra`"
        }
        _ => "`[content] unknown_keys = \"extra\"` in site.toml keeps such keys as `page.extra`",
    };
    format!("{suggestion}{setting}")
}

/// Top-level keys with the offset of each (lines that start with a key at column 1).
fn top_level_keys(yaml_text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in yaml_text.split_inclusive('\n') {
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | '-' | '[' | '{'));
        if starts_key && let Some((key, _)) = line.split_once(':') {
            keys.push((key.trim().trim_matches(['"', '\'']).to_string(), offset));
        }
        offset += line.len();
    }
    keys
}

/// Where the value of the key at `key_offset` starts, when it is on the key's own line.
fn value_offset(yaml_text: &str, key_offset: usize) -> usize {
    let line = yaml_text[key_offset..].lines().next().unwrap_or("");
    match line.split_once(':') {
        Some((key, rest)) if !rest.trim().is_empty() => {
            key_offset + key.len() + 1 + (rest.len() - rest.trim_start().len())
        }
        _ => key_offset,
    }
}

/// The bytes from `key`'s line to the next top-level key.
fn key_span(offsets: &[(String, usize)], key: &str, end: usize) -> std::ops::Range<usize> {
    let Some(i) = offsets.iter().position(|(k, _)| k == key) else {
        return 0..0;
    };
    offsets[i].1..offsets.get(i + 1).map_or(end, |&(_, next)| next)
}

/// The title a page without one in its front matter gets, and where its body then starts:
/// the first line of the body when it is a `# Heading` (which is then not shown twice),
/// else the file name. A front-matter title repeated as the body's first heading also
/// drops that heading.
pub(super) fn settle_title(front: &mut FrontMatter, body: &str, stem: &str) -> usize {
    let mut offset = 0;
    let mut heading = None;
    for line in body.split_inclusive('\n') {
        if !line.trim().is_empty() {
            let text = line
                .trim_end()
                .strip_prefix("# ")
                .map(|h| h.trim().trim_end_matches('#').trim());
            heading = text.filter(|h| !h.is_empty()).map(|h| (h, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    match heading {
        Some((title, after)) if front.title.trim().is_empty() => {
            front.title = title.to_string();
            after
        }
        Some((title, after)) if title == front.title.trim() => after,
        _ => {
            if front.title.trim().is_empty() {
                front.title = stem.to_string();
            }
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> YamlError {
        yaml::parse::<FrontMatter>(text).expect_err("not briefing's own")
    }

    #[test]
    fn every_bad_key_is_reported_at_its_line() {
        let text = "title: A\ndate: yesterday\npermalink: a/b\ntags: [x]\ndescription: D\nweight: heavy\n";
        let (front, problems) = read_by_key(text, UnknownKeys::Error, &first_error(text)).expect("a mapping");
        assert!(front.is_none());
        let found: Vec<(usize, &str)> = problems.iter().map(|p| (p.offset, p.message.as_str())).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(&text[found[0].0..found[0].0 + 9], "yesterday");
        assert!(
            found[0].1.starts_with("date: invalid date `yesterday`"),
            "{found:?}"
        );
        assert_eq!(found[1], (25, "unknown field `permalink`"));
        assert_eq!(found[2].1, "unknown field `description`");
        assert!(
            problems[2]
                .help
                .as_deref()
                .is_some_and(|h| h.starts_with("briefing calls it `summary`"))
        );
        assert!(found[3].1.starts_with("weight: invalid type"), "{found:?}");
    }

    #[test]
    fn unknown_keys_can_be_kept_or_warned_about() {
        let text = "title: A\npermalink: a/b\ncssclasses: [wide]\n";
        let (front, problems) = read_by_key(text, UnknownKeys::Extra, &first_error(text)).expect("a mapping");
        let front = front.expect("accepted");
        assert!(problems.is_empty());
        assert_eq!(front.extra["permalink"], "a/b");
        assert_eq!(front.extra["cssclasses"], serde_json::json!(["wide"]));
        let (front, problems) = read_by_key(text, UnknownKeys::Warn, &first_error(text)).expect("a mapping");
        assert!(front.is_some_and(|f| f.extra.is_empty()));
        assert!(problems.iter().all(|p| p.warning) && problems.len() == 2);
    }

    #[test]
    fn a_title_comes_from_the_first_heading_or_the_file_name() {
        let mut front = FrontMatter::default();
        let body = "\n# From the heading\n\nText.\n";
        let start = settle_title(&mut front, body, "file-name");
        assert_eq!(front.title, "From the heading");
        assert_eq!(&body[start..], "\nText.\n");
        let mut front = FrontMatter::default();
        assert_eq!(settle_title(&mut front, "Just text.\n", "file-name"), 0);
        assert_eq!(front.title, "file-name");
        let mut front = FrontMatter {
            title: "Same".into(),
            ..FrontMatter::default()
        };
        let body = "# Same\r\nText.\r\n";
        assert_eq!(
            &body[settle_title(&mut front, body, "x")..],
            "Text.\r\n",
            "not shown twice"
        );
        let mut front = FrontMatter {
            title: "Other".into(),
            ..FrontMatter::default()
        };
        assert_eq!(
            settle_title(&mut front, "# Same\n", "x"),
            0,
            "a different heading stays"
        );
    }
}
