//! Fenced code is highlighted at build time: a known language becomes spans with `hl-`
//! classes (coloured by the theme's CSS, light and dark), an unknown one stays plain, and
//! the code still counts as words and stays out of the prose checks.

mod common;

use common::{Site, prose_at};

const NOTE: &str = "---\ntitle: Code\nsummary: Settings as code.\ntags: [war powers]\n---\n\nA setting:\n\n```yaml\n# the clock\ndays: 60\nname: \"War <Powers>\"\n```\n\nA command:\n\n```sh\nbriefing build --base-url https://example.org/\n```\n\nUnknown:\n\n```klingon\nQapla' 12%\n```\n\n    indented <code>\n";

#[test]
fn known_languages_are_highlighted_and_the_rest_stay_plain() {
    let site = Site::fixture("basic");
    site.write("content/law/code.md", NOTE);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let prose = prose_at(&site, "law/code/");
    insta::assert_snapshot!(prose);
    assert!(
        !out.stderr.contains("12%"),
        "a figure in code needs no citation: {}",
        out.stderr
    );
}

#[test]
fn the_theme_colours_every_highlight_class_in_light_and_dark() {
    let css = std::fs::read_to_string(common::repo().join("themes/default/static/style.css")).expect("css");
    for class in [
        ".hl-comment",
        ".hl-string",
        ".hl-keyword",
        ".hl-constant.hl-numeric",
        ".hl-entity.hl-name",
    ] {
        assert!(css.contains(class), "{class}");
    }
    let dark = &css[css.find("prefers-color-scheme: dark").expect("dark block")..];
    for variable in ["--code-keyword", "--code-string", "--code-number", "--code-name"] {
        assert!(
            dark[..dark.find('}').expect("end")].contains(variable),
            "{variable} in dark mode"
        );
    }
}
