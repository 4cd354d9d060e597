//! Social cards (`[social] cards = true`): a 1200×630 PNG per explainer, the picture a
//! link to it shows when shared (`og:image`). The card is drawn as SVG (site name, title,
//! summary) and rasterised by resvg with one typeface embedded in the binary, so the
//! bytes depend only on the text: the same on every machine and every build.
//!
//! Lines are broken by measuring each word with the typeface's own advances, so no line
//! runs off the card; a title or summary too long for its lines ends in an ellipsis.
//!
//! A card costs ~9 ms of CPU (27 cards add 0.24 s to the bundled site's build), which is
//! why cards are a setting. Cards already drawn in this process are kept by their text,
//! so `serve` redraws only the cards whose text changed.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use pulldown_cmark_escape::escape_html;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

pub(super) const WIDTH: u32 = 1200;
pub(super) const HEIGHT: u32 = 630;
const LEFT: f64 = 88.0;
const TEXT_WIDTH: f64 = WIDTH as f64 - LEFT - 80.0;
const FAMILY: &str = "Noto Sans";

/// The card's colours: the default theme's light palette.
const BACKGROUND: &str = "#fdfdfb";
const INK: &str = "#1d1d1b";
const MUTED: &str = "#595955";
const ACCENT: &str = "#1a4f8b";

/// One block of text on the card.
struct Block {
    size: f64,
    bold: bool,
    max_lines: usize,
}

const SITE: Block = Block {
    size: 30.0,
    bold: true,
    max_lines: 1,
};
const TITLE: Block = Block {
    size: 62.0,
    bold: true,
    max_lines: 3,
};
const SUMMARY: Block = Block {
    size: 30.0,
    bold: false,
    max_lines: 3,
};

struct Fonts {
    database: Arc<fontdb::Database>,
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

static FONTS: LazyLock<Option<Fonts>> = LazyLock::new(|| {
    let mut database = fontdb::Database::new();
    database.load_font_data(ttf_noto_sans::REGULAR.to_vec());
    database.load_font_data(ttf_noto_sans::BOLD.to_vec());
    database.set_sans_serif_family(FAMILY);
    Some(Fonts {
        database: Arc::new(database),
        regular: ttf_parser::Face::parse(ttf_noto_sans::REGULAR, 0).ok()?,
        bold: ttf_parser::Face::parse(ttf_noto_sans::BOLD, 0).ok()?,
    })
});

/// Cards drawn in this process, by the hash of their text. Bounded: emptied when full.
static DRAWN: LazyLock<Mutex<HashMap<u64, Arc<[u8]>>>> = LazyLock::new(Mutex::default);
const MAX_DRAWN: usize = 4096;

/// The card of a page, as PNG bytes; empty if the card could not be drawn (the
/// embedded typeface failing to load, which a test rules out).
pub(super) fn png(site_title: &str, title: &str, summary: &str) -> Vec<u8> {
    let key = crate::hash::stable_hash(&(site_title, title, summary));
    let drawn = |cards: &mut HashMap<u64, Arc<[u8]>>| cards.get(&key).cloned();
    if let Some(card) = DRAWN.lock().ok().as_deref_mut().and_then(drawn) {
        return card.to_vec();
    }
    let card = draw(site_title, title, summary);
    if let Ok(mut cards) = DRAWN.lock() {
        if cards.len() >= MAX_DRAWN {
            cards.clear();
        }
        cards.insert(key, Arc::from(card.as_slice()));
    }
    card
}

fn draw(site_title: &str, title: &str, summary: &str) -> Vec<u8> {
    let Some(fonts) = FONTS.as_ref() else {
        return Vec::new();
    };
    let svg = svg(fonts, site_title, title, summary);
    let options = usvg::Options {
        fontdb: Arc::clone(&fonts.database),
        font_family: FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let Ok(tree) = usvg::Tree::from_str(&svg, &options) else {
        return Vec::new();
    };
    let Some(mut pixmap) = Pixmap::new(WIDTH, HEIGHT) else {
        return Vec::new();
    };
    resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().unwrap_or_default()
}

fn svg(fonts: &Fonts, site_title: &str, title: &str, summary: &str) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BACKGROUND}\"/>\
         <rect width=\"20\" height=\"{HEIGHT}\" fill=\"{ACCENT}\"/>"
    );
    let site_line = text(&mut out, fonts, &SITE, site_title, 100.0, ACCENT);
    let title_end = text(&mut out, fonts, &TITLE, title, site_line + 92.0, INK);
    let rule = title_end + 40.0;
    let _ = write!(
        out,
        "<rect x=\"{LEFT}\" y=\"{rule:.0}\" width=\"96\" height=\"6\" fill=\"{ACCENT}\"/>"
    );
    text(&mut out, fonts, &SUMMARY, summary, rule + 62.0, MUTED);
    out.push_str("</svg>");
    out
}

/// Writes `content` as `block`'s lines from baseline `y`; returns the last baseline.
fn text(out: &mut String, fonts: &Fonts, block: &Block, content: &str, y: f64, fill: &str) -> f64 {
    let face = if block.bold { &fonts.bold } else { &fonts.regular };
    let lines = fit(face, block, content);
    let weight = if block.bold { 700 } else { 400 };
    let line_height = block.size * 1.22;
    let _ = write!(
        out,
        "<text font-family=\"{FAMILY}\" font-size=\"{}\" font-weight=\"{weight}\" fill=\"{fill}\">",
        block.size
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"{LEFT}\" y=\"{:.0}\">",
            y + i as f64 * line_height
        );
        let _ = escape_html(&mut *out, line);
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
    y + lines.len().saturating_sub(1) as f64 * line_height
}

/// `content` broken at spaces into at most `block.max_lines` lines that fit the card;
/// what does not fit is cut at a word and marked with an ellipsis.
fn fit(face: &ttf_parser::Face<'_>, block: &Block, content: &str) -> Vec<String> {
    let width = |text: &str| advance(face, text) * block.size;
    let mut lines: Vec<String> = Vec::new();
    for word in content.split_whitespace() {
        let full = lines.len() == block.max_lines;
        match lines.last_mut() {
            Some(line) if width(&format!("{line} {word}")) <= TEXT_WIDTH => {
                line.push(' ');
                line.push_str(word);
            }
            Some(last) if full => {
                *last = ellipsis(&width, std::mem::take(last));
                break;
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `line` with an ellipsis after it, words dropped from its end until both fit.
fn ellipsis(width: &impl Fn(&str) -> f64, line: String) -> String {
    let mut words: Vec<&str> = line.split(' ').collect();
    loop {
        let candidate = format!("{}…", words.join(" "));
        if words.len() <= 1 || width(&candidate) <= TEXT_WIDTH {
            return candidate;
        }
        words.pop();
    }
}

/// The width of `text` in ems of `face`.
fn advance(face: &ttf_parser::Face<'_>, text: &str) -> f64 {
    let units: u32 = text
        .chars()
        .map(|c| {
            (face.glyph_index(c))
                .and_then(|glyph| face.glyph_hor_advance(glyph))
                .map_or(u32::from(face.units_per_em()) / 2, u32::from)
        })
        .sum();
    f64::from(units) / f64::from(face.units_per_em())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        FONTS.as_ref().expect("the embedded typeface loads")
    }

    #[test]
    fn a_card_is_a_1200_by_630_png_and_the_same_bytes_every_time() {
        let card = png(
            "Briefing",
            "The War Powers Resolution",
            "What the 1973 law requires.",
        );
        assert_eq!(&card[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            u32::from_be_bytes([card[16], card[17], card[18], card[19]]),
            WIDTH
        );
        assert_eq!(
            u32::from_be_bytes([card[20], card[21], card[22], card[23]]),
            HEIGHT
        );
        assert_eq!(
            card,
            png(
                "Briefing",
                "The War Powers Resolution",
                "What the 1973 law requires."
            )
        );
        assert_ne!(
            card,
            png("Briefing", "The War Powers Act", "What the 1973 law requires.")
        );
    }

    #[test]
    fn long_text_is_cut_to_its_lines_with_an_ellipsis_and_every_line_fits() {
        let long = "Extraditions and transfers: how cartel suspects move from Mexico to the United States, and why the numbers of each year differ between the governments' own counts";
        let lines = fit(&fonts().bold, &TITLE, long);
        assert_eq!(lines.len(), TITLE.max_lines, "{lines:?}");
        assert!(lines[TITLE.max_lines - 1].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(advance(&fonts().bold, line) * TITLE.size <= TEXT_WIDTH, "{line}");
        }
        assert_eq!(fit(&fonts().bold, &TITLE, "Short title"), ["Short title"]);
    }
}
