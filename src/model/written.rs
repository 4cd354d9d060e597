//! Where things are written in a page's front matter, for diagnostics about one item of
//! a list (an event, a claim) that serde has already read without positions.

use crate::diag::{Location, SourceText};
use crate::load::Document;

/// Where `needle` is written within the `nth` item of the page's `key:` list (the
/// item's first line when the needle is not there, the key when the list is not found
/// as written).
pub(super) fn list_item_location(doc: &Document, key: &str, nth: usize, needle: &str) -> Location {
    let front = &doc.text[..doc.body_start];
    let key = doc.front_key_offset(key).unwrap_or(0);
    let items = item_starts(front, key);
    let offset = match items.get(nth) {
        Some(&start) => {
            let end = items.get(nth + 1).copied().unwrap_or(front.len());
            front[start..end].find(needle).map_or(start, |i| start + i)
        }
        None => key,
    };
    Location::at(&doc.file, &SourceText::new(&doc.text), offset)
}

/// Byte offsets of the `- ` items of the list under the key at `key`: the dashes at the
/// list's own indentation, up to the next top-level key.
fn item_starts(front: &str, key: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut indent = None;
    let mut offset = key;
    for (i, line) in front[key..].split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if i == 0 {
            continue;
        }
        let trimmed = line.trim_start();
        let depth = line.len() - trimmed.len();
        if !trimmed.is_empty() && depth == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
            let list_indent = *indent.get_or_insert(depth);
            if depth == list_indent {
                starts.push(start + depth);
            }
        }
    }
    starts
}
