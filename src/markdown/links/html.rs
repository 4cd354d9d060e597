//! Links and ids written in raw HTML: the `href`/`src` values that are paths from the
//! site root or relative files, and the `id`s a link may point at.

use super::root_path;

/// The `href` and `src` values in a piece of raw HTML that are paths from the site root
/// or relative files (`img/ferris.svg`):
/// each as the byte range of the value (inside its quotes) and the value with character
/// references decoded.
pub(crate) fn slotted_urls_in_html(html: &str) -> Vec<(std::ops::Range<usize>, String)> {
    if !html.contains('=') {
        return Vec::new();
    }
    let lower = html.to_ascii_lowercase();
    let mut found: Vec<(std::ops::Range<usize>, String)> = ["href=", "src="]
        .into_iter()
        .flat_map(|name| attribute_ranges(html, &lower, name))
        .map(|range| {
            (
                range.clone(),
                html_escape::decode_html_entities(&html[range]).into_owned(),
            )
        })
        .filter(|(_, value)| root_path(value).is_some() || super::is_relative_file(value))
        .collect();
    found.sort_by_key(|(range, _)| range.start);
    found
}

/// Where the values of attribute `name` (written `name=`, after a space) lie in a piece
/// of raw HTML, inside their quotes if quoted; `lower` is `html` lowercased.
fn attribute_ranges<'h>(
    html: &'h str,
    lower: &'h str,
    name: &'h str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'h {
    lower.match_indices(name).filter_map(move |(at, _)| {
        lower[..at].chars().next_back().filter(|c| c.is_whitespace())?;
        let start = at + name.len();
        Some(match html[start..].chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = html[start + 1..]
                    .find(quote)
                    .map_or(html.len(), |e| start + 1 + e);
                start + 1..end
            }
            _ => {
                let end = html[start..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .map_or(html.len(), |e| start + e);
                start..end
            }
        })
    })
}

/// The `id` values written in a piece of raw HTML, character references decoded.
pub(crate) fn ids_in_html(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    (attribute_ranges(html, &lower, "id="))
        .filter(|range| !range.is_empty())
        .map(|range| html_escape::decode_html_entities(&html[range]).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths_and_files_in_raw_html_are_found_with_their_ranges() {
        let html = "<a href=\"/sources/#x\">s</a> <img src=/img/a.png alt=x> <a href='//cdn.example'>c</a> <a data-href=\"/no\"> <img src=\"img/ferris.svg\"> <a href=\"ch02.html\">";
        let found = slotted_urls_in_html(html);
        let values: Vec<&str> = found.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["/sources/#x", "/img/a.png", "img/ferris.svg"]);
        assert_eq!(&html[found[1].0.clone()], "/img/a.png");
    }

    #[test]
    fn ids_in_raw_html_are_found() {
        assert_eq!(
            ids_in_html("<a id=\"old-anchor\"></a> <span data-id=\"no\" ID='b&amp;c'> <p id=x>"),
            ["old-anchor", "b&c", "x"]
        );
    }
}
