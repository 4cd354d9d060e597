//! Math (`[content] math = true`): `$…$` and `$$…$$` become MathML at build time; LaTeX
//! that does not parse is a warning at its line; without the setting `$` is text.

mod common;

use common::{Site, prose_at};

const NOTE: &str = "---\ntitle: Math\nsummary: Formulas.\ntags: [war powers]\n---\n\nThe area is $\\int_0^1 x\\,dx$ and a price of $25 stays text.\n\n$$\n\\frac{a}{b} = \\sqrt{2}\n$$\n\nBroken: $\\frac{a}$ here.\n";

#[test]
fn formulas_are_mathml_and_broken_latex_is_a_warning_at_its_line() {
    let site = Site::fixture("basic");
    site.edit(
        "site.toml",
        "related_count = 3",
        "related_count = 3\n\n[content]\nmath = true",
    );
    site.write("content/law/math.md", NOTE);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let prose = prose_at(&site, "law/math/");
    assert!(
        prose.contains("<annotation encoding=\"application/x-tex\">\\int_0^1 x\\,dx</annotation>"),
        "the source keeps its backslashes: {prose}"
    );
    assert!(
        prose.contains("<mspace width=\"0.16666667em\" />"),
        "`\\,` is a thin space: {prose}"
    );
    assert!(prose.contains("<math display=\"block\">"), "{prose}");
    assert!(prose.contains("a price of $25 stays text"), "{prose}");
    assert!(
        out.stderr
            .contains("content/law/math.md:13:9: warning: LaTeX that does not parse"),
        "{}",
        out.stderr
    );
}

#[test]
fn without_the_setting_dollars_are_text() {
    let body = NOTE.split_once("---\n\n").map_or(NOTE, |(_, body)| body);
    // No MathML: the dollars and the LaTeX stay as written.
    insta::assert_snapshot!(common::body_of("", body));
}
