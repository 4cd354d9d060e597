//! Obsidian comments: `%%…%%`, inline or over several lines, are the writer's notes and
//! never reach the page. They are blanked out before parsing (every byte but line ends
//! becomes a space), so every offset into the body stays where it was. Inside code
//! (fenced blocks and backtick spans) `%%` is text.

/// The body with its comments blanked out, or `None` when it has none.
pub(super) fn blank_comments(body: &str) -> Option<String> {
    if !body.contains("%%") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut in_comment = false;
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let marker = line.trim_start();
        let opens = ["```", "~~~"].into_iter().find(|f| marker.starts_with(f));
        match (fence, opens) {
            (None, Some(f)) if !in_comment => {
                fence = Some(f);
                out.push_str(line);
                continue;
            }
            (Some(f), Some(g)) if f == g => {
                fence = None;
                out.push_str(line);
                continue;
            }
            (Some(_), _) => {
                out.push_str(line);
                continue;
            }
            _ => {}
        }
        in_comment = blank_line(line, in_comment, &mut out);
    }
    Some(out)
}

/// Copies one line, blanking what lies inside comments; returns whether a comment is
/// still open at its end.
fn blank_line(line: &str, mut in_comment: bool, out: &mut String) -> bool {
    let mut in_code = false;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let pair = c == '%' && line[at + 1..].starts_with('%');
        if pair && !in_code {
            chars.next();
            out.push_str("  ");
            in_comment = !in_comment;
            continue;
        }
        if c == '`' && !in_comment {
            in_code = !in_code;
        }
        match (in_comment, c) {
            (true, '\n' | '\r') | (false, _) => out.push(c),
            (true, _) => (0..c.len_utf8()).for_each(|_| out.push(' ')),
        }
    }
    in_comment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_and_offsets_kept() {
        let body = "Before %%a note%% after.\n%%\nA block\nof notes\n%%\nLast, `code %%kept%%`.\n```\n%% in a fence %%\n```\n";
        let blanked = blank_comments(body).expect("has comments");
        assert_eq!(blanked.len(), body.len());
        assert_eq!(blanked.lines().next(), Some("Before            after."));
        assert!(!blanked.contains("A block") && !blanked.contains("of notes"));
        assert!(blanked.contains("`code %%kept%%`"));
        assert!(blanked.contains("%% in a fence %%"));
        assert_eq!(blanked.matches('\n').count(), body.matches('\n').count());
        assert_eq!(blank_comments("No comments, 50% off."), None);
    }
}
