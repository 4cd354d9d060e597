//! Template syntax of other generators, which is not Markdown and would otherwise be
//! printed as prose: Hugo shortcodes (`{{< … >}}`, `{{% … %}}`), Liquid tags and output
//! (`{% … %}`, `{{ … }}`) and kramdown attribute lists (`{: .class}`). Each is blanked
//! before parsing (offsets kept, as for comments), and the first of each kind on a page
//! is remembered so one warning names it for the migrating writer. Code is left alone.

/// The first construct of one kind on a page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Foreign {
    /// Byte offset in the body.
    pub offset: usize,
    /// What it is: "Hugo shortcode", "Liquid tag"…
    pub kind: &'static str,
    /// As written, cut short.
    pub written: String,
    /// How many of this kind the page has.
    pub count: usize,
}

impl Foreign {
    /// Whether the construct may put text, headings among it, on the page: a Hugo
    /// shortcode or a Liquid tag (an include, a generated list) may; a Liquid value or a
    /// kramdown attribute list does not.
    pub fn may_add_headings(&self) -> bool {
        matches!(self.kind, "Hugo shortcode" | "Liquid tag")
    }
}

/// Openers, their closers and what they are, longest opener first.
const CONSTRUCTS: &[(&str, &str, &str)] = &[
    ("{{<", ">}}", "Hugo shortcode"),
    ("{{%", "%}}", "Hugo shortcode"),
    ("{%", "%}", "Liquid tag"),
    ("{{", "}}", "Liquid output"),
    ("{:", "}", "kramdown attribute list"),
];

/// The body with these constructs blanked, and the first of each kind; `None` when it
/// has none.
pub(super) fn blank_foreign(body: &str) -> Option<(String, Vec<Foreign>)> {
    if !body.contains("{{") && !body.contains("{%") && !body.contains("{:") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut found: Vec<Foreign> = Vec::new();
    for (line_start, line, prose) in super::text::lines_with_fences(body) {
        if prose {
            blank_line(line, line_start, &mut out, &mut found);
        } else {
            out.push_str(line);
        }
    }
    (!found.is_empty()).then_some((out, found))
}

/// Copies one line outside fences, blanking the constructs outside backtick code.
fn blank_line(line: &str, line_start: usize, out: &mut String, found: &mut Vec<Foreign>) {
    let mut at = 0;
    let mut in_code = false;
    while at < line.len() {
        let rest = &line[at..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '`' {
            in_code = !in_code;
        }
        let construct = (!in_code && c == '{')
            .then(|| CONSTRUCTS.iter().find(|(open, _, _)| rest.starts_with(open)))
            .flatten()
            .and_then(|&(open, close, kind)| {
                let end = rest[open.len()..].find(close)? + open.len() + close.len();
                Some((end, kind))
            });
        match construct {
            Some((end, kind)) => {
                note(found, line_start + at, kind, &rest[..end]);
                (0..end).for_each(|_| out.push(' '));
                at += end;
            }
            None => {
                out.push(c);
                at += c.len_utf8();
            }
        }
    }
}

fn note(found: &mut Vec<Foreign>, offset: usize, kind: &'static str, written: &str) {
    if let Some(earlier) = found.iter_mut().find(|f| f.kind == kind) {
        earlier.count += 1;
        return;
    }
    found.push(Foreign {
        offset,
        kind,
        written: crate::diag::shorten(written.trim()),
        count: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_are_blanked_outside_code_and_counted() {
        let body = "Intro {{< ref \"a.md\" >}} and {{< b >}}.\n{: .note}\nSee {% link x.md %} `{{< kept >}}`\n```\n{{ kept }}\n```\n";
        let (blanked, found) = blank_foreign(body).expect("constructs");
        assert_eq!(blanked.len(), body.len());
        assert!(!blanked.contains("ref") && !blanked.contains(".note") && !blanked.contains("link"));
        assert!(blanked.contains("`{{< kept >}}`") && blanked.contains("{{ kept }}"));
        let kinds: Vec<(&str, usize, usize)> = found.iter().map(|f| (f.kind, f.offset, f.count)).collect();
        assert_eq!(
            kinds,
            [
                ("Hugo shortcode", 6, 2),
                ("kramdown attribute list", 40, 1),
                ("Liquid tag", 54, 1)
            ]
        );
        assert_eq!(found[0].written, "{{< ref \"a.md\" >}}");
        let adds: Vec<bool> = found.iter().map(Foreign::may_add_headings).collect();
        assert_eq!(adds, [true, false, true]);
        assert_eq!(blank_foreign("Plain {text}."), None);
    }
}
