//! Dendron's wikilinks put the label first: `[[the label|note.name]]`. Read with
//! `[content] wikilinks = "dendron"`, each labelled wikilink is turned around before the
//! real parse (`[[note.name|the label]]`, the same length, so every offset stays where it
//! was). Only links the parser sees as wikilinks are turned, never text in code.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

/// The body with its labelled wikilinks turned target-first, or `None` if it has none.
pub(super) fn turn_labels(body: &str) -> Option<String> {
    if !body.contains("[[") {
        return None;
    }
    let mut turned: Option<String> = None;
    for (event, range) in Parser::new_ext(
        body,
        super::dialect::options(super::WikilinkOrder::Dendron, false),
    )
    .into_offset_iter()
    {
        let (Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { has_pothole: true },
            ..
        })
        | Event::Start(Tag::Image {
            link_type: LinkType::WikiLink { has_pothole: true },
            ..
        })) = event
        else {
            continue;
        };
        let written = &body[range.clone()];
        // `![[label|note]]` embeds are written label first too.
        let (bang, link) = written
            .strip_prefix('!')
            .map_or(("", written), |rest| ("!", rest));
        let Some((label, target)) = (link.strip_prefix("[[").and_then(|w| w.strip_suffix("]]")))
            .and_then(|inner| inner.split_once('|'))
        else {
            continue;
        };
        let out = turned.get_or_insert_with(|| body.to_string());
        // The label's outer spaces (`[[label | note]]`) move to the target, where they
        // are trimmed, so the length stays the same.
        let pad = " ".repeat(label.len() - label.trim().len());
        out.replace_range(range, &format!("{bang}[[{target}{pad}|{}]]", label.trim()));
    }
    turned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_second_and_code_is_left_alone() {
        let body =
            "See [[the guide|dendron.guide]] and [[plain]].\n\n`[[a|b]]`\n\n![[seo|topic.seo]] [[ x | y]]\n";
        assert_eq!(
            turn_labels(body).as_deref(),
            Some(
                "See [[dendron.guide|the guide]] and [[plain]].\n\n`[[a|b]]`\n\n![[topic.seo|seo]] [[ y  |x]]\n"
            )
        );
        assert_eq!(turn_labels("[[plain]] only"), None);
    }
}
