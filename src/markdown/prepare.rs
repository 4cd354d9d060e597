//! What a body becomes before it is parsed. Each pass keeps every byte offset where it
//! was, so errors point into the file as written: Obsidian comments and other
//! generators' template syntax are blanked, Dendron's label-first wikilinks turned
//! around, `^block-id` markers blanked (and kept), and NUL bytes, which the slots use,
//! made spaces.

use std::borrow::Cow;

use super::embeds::{self, BlockId};
use super::{Foreign, WikilinkOrder, comments, dendron, foreign};

/// The body ready to parse, and what the passes took out of it.
pub(super) struct Prepared<'a> {
    pub text: Cow<'a, str>,
    pub foreign: Vec<Foreign>,
    pub block_ids: Vec<BlockId>,
}

pub(super) fn prepare(body: &str, wikilinks: WikilinkOrder) -> Prepared<'_> {
    let mut text = Cow::Borrowed(body);
    if let Some(blanked) = comments::blank_comments(&text) {
        text = Cow::Owned(blanked);
    }
    let mut found_foreign = Vec::new();
    if let Some((blanked, found)) = foreign::blank_foreign(&text) {
        text = Cow::Owned(blanked);
        found_foreign = found;
    }
    if wikilinks == WikilinkOrder::Dendron
        && let Some(turned) = dendron::turn_labels(&text)
    {
        text = Cow::Owned(turned);
    }
    let mut block_ids = Vec::new();
    if wikilinks != WikilinkOrder::None
        && let Some((blanked, found)) = embeds::blank_block_ids(&text)
    {
        text = Cow::Owned(blanked);
        block_ids = found;
    }
    if memchr::memchr(0, text.as_bytes()).is_some() {
        text = Cow::Owned(text.replace('\0', " "));
    }
    Prepared {
        text,
        foreign: found_foreign,
        block_ids,
    }
}
