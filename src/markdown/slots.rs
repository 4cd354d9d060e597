//! Links as slots: every internal link, path from the site root and attachment becomes a
//! numbered slot in the HTML (`\0h{n}\0`), filled with its URL at render time; images from
//! the site root are written here so their `src` can be one; raw HTML's root paths too.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::{CITE_PREFIX, Link, LinkTarget, OpenLink, State, links};

/// An image whose source is a link slot, while its alt text is read.
pub(super) struct SlottedImage {
    slot: usize,
    title: String,
    alt: String,
}

impl<'a> State<'a> {
    /// A new link slot for `target` (no sentence of context: the link is not prose).
    pub(super) fn new_slot(&mut self, target: LinkTarget, offset: usize) -> usize {
        let slot = self.rendered.links.len();
        self.rendered.links.push(Link {
            target,
            offset,
            context: String::new(),
        });
        slot
    }

    /// An image's start: `![[map.png]]` and images from the site root become slots;
    /// any other image is written as it is, its file checked.
    pub(super) fn open_image(&mut self, event: Event<'a>, offset: usize) {
        let Event::Start(Tag::Image {
            link_type,
            ref dest_url,
            ref title,
            ..
        }) = event
        else {
            return;
        };
        self.refuse_code_url(dest_url, true, offset);
        // `![[map.png]]` names a file wherever it is under content/; `![[Note]]` inside a
        // line (not a paragraph of its own, which `embeds` shows in place) is a link.
        // (`#icon` after a file's name is a style hint, not a place in the file.)
        let target = match link_type {
            LinkType::WikiLink { .. } => match links::wiki(dest_url, self.heading_ids) {
                target @ LinkTarget::Attachment { .. } => Some(target),
                _ => {
                    self.open_link(link_type, dest_url.clone(), title.clone(), offset);
                    if let Some(OpenLink::Internal { from_image, .. }) = &mut self.link {
                        *from_image = true;
                    }
                    return;
                }
            },
            _ if links::is_relative_file(dest_url) => Some(links::vault_file(dest_url)),
            _ => links::root_target(dest_url),
        };
        match target {
            Some(target) => self.open_slotted_image(target, title, offset),
            None => {
                self.note_reference(&dest_url.clone(), offset);
                self.emit(event);
            }
        }
    }

    /// An image from the site root: its `src` becomes a slot, filled under the base path.
    pub(super) fn open_slotted_image(&mut self, target: LinkTarget, title: &str, offset: usize) {
        let slot = self.new_slot(target, offset);
        self.image = Some(SlottedImage {
            slot,
            title: title.to_string(),
            alt: String::new(),
        });
    }

    /// Inside a slotted image: text goes to its alt text; its end writes the tag as
    /// pulldown-cmark would.
    pub(super) fn continue_image(&mut self, event: Event<'a>) {
        let Some(image) = &mut self.image else { return };
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                let _ = escape_html(&mut image.alt, &text);
            }
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::End(TagEnd::Image) => {
                let mut tag = format!("<img src=\"\0h{}\0\" alt=\"{}", image.slot, image.alt);
                if !image.title.is_empty() {
                    tag.push_str("\" title=\"");
                    let _ = escape_html(&mut tag, &image.title);
                }
                tag.push_str("\" />");
                self.image = None;
                self.emit(Event::InlineHtml(tag.into()));
            }
            _ => {}
        }
    }

    /// Raw HTML with its `href`/`src` paths from the site root and relative files turned
    /// into link slots.
    pub(super) fn slot_root_urls(&mut self, html: &str, offset: usize) -> Option<String> {
        let found = links::slotted_urls_in_html(html);
        if found.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(html.len() + 8 * found.len());
        let mut copied = 0;
        for (range, url) in found {
            let target = match links::root_target(&url) {
                Some(target) => target,
                None if links::is_relative_file(&url) => links::vault_file(&url),
                None => continue,
            };
            let slot = self.new_slot(target, offset);
            out.push_str(&html[copied..range.start]);
            out.push_str(&format!("\0h{slot}\0"));
            copied = range.end;
        }
        out.push_str(&html[copied..]);
        Some(out)
    }

    /// Records external URLs for `check --external`.
    pub(super) fn note_reference(&mut self, dest: &str, offset: usize) {
        if dest.starts_with("http://") || dest.starts_with("https://") {
            self.rendered.external.push((dest.to_string(), offset));
        }
    }

    pub(super) fn open_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        offset: usize,
    ) {
        if let Some(reference) = dest.strip_prefix(CITE_PREFIX) {
            self.cite(reference, offset);
            self.link = Some(OpenLink::Citation);
            return;
        }
        let target = match link_type {
            LinkType::WikiLink { .. } => Some(links::wiki(&dest, self.heading_ids)),
            // `<name@example.org>`: written as `mailto:`, not a file.
            LinkType::Email => None,
            _ if links::is_relative_file(&dest) => Some(links::vault_file(&dest)),
            _ => links::classify(&dest),
        };
        let Some(target) = target else {
            self.refuse_code_url(&dest, false, offset);
            if link_type != LinkType::Email {
                self.note_reference(&dest, offset);
            }
            self.link = Some(OpenLink::External);
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id: CowStr::Borrowed(""),
            }));
            return;
        };
        let first_to_its_page = target.page().is_some_and(|page| self.linked_pages.insert(page));
        let slot = self.new_slot(target, offset);
        if first_to_its_page {
            self.block_links.push((slot, self.block_text.len()));
        }
        if let Some(heading) = &mut self.heading {
            heading.has_link = true;
        }
        let mut open = format!("<a href=\"\0h{slot}\0\"");
        if !title.is_empty() {
            open.push_str(" title=\"");
            let _ = escape_html(&mut open, &title);
            open.push('"');
        }
        open.push('>');
        self.emit(Event::InlineHtml(open.into()));
        let bare_wikilink = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        self.link = Some(OpenLink::Internal {
            bare_wikilink,
            from_image: false,
        });
    }
}
