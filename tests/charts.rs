//! Charts from data: a ```` ```chart ```` block and a CSV file become an inline SVG with
//! its source and a data table; a bad block is an error at its line and column.

mod common;

use common::{Site, main_of};

const CSV: &str = "year,deaths,synthetic_opioids\n2019,70630,36359\n2020,91799,\n2021,106699,70601\n";

fn page(chart: &str) -> String {
    format!("---\ntitle: Charted\n---\n\nBefore the chart.\n\n```chart\n{chart}```\n\nAfter the chart.\n")
}

fn site_with(chart: &str) -> Site {
    let site = Site::fixture("basic");
    site.write("content/data/deaths.csv", CSV);
    site.write("content/drugs/charted.md", &page(chart));
    site
}

fn figure_of(site: &Site) -> String {
    let html = site.read("public/drugs/charted/index.html");
    let main = main_of(&html);
    let start = main.find("<div class=\"chart\"").expect("chart");
    let end = start + main[start..].find("</details>\n</div>").expect("end") + "</details>\n</div>".len();
    main[start..end].to_string()
}

#[test]
fn a_line_chart_is_svg_with_a_title_a_description_its_source_and_a_table() {
    let site = site_with(
        "data: deaths.csv\nx: year\ny: [deaths, synthetic_opioids]\ntitle: Overdose deaths\nunit: deaths\nsource: wpr-text\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figure = figure_of(&site);
    insta::assert_snapshot!("line_chart", figure);
    roxmltree::Document::parse(
        &figure[figure.find("<svg").expect("svg")..figure.find("</svg>").expect("end") + 6],
    )
    .expect("the SVG is well-formed XML");
    let again = site.run(&["build"]);
    assert_eq!(again.code, 0);
    assert_eq!(figure_of(&site), figure, "the same data draws the same bytes");
}

#[test]
fn a_bar_chart_from_a_csv_beside_the_page() {
    let site = Site::fixture("basic");
    site.write(
        "content/drugs/seizures.csv",
        "fiscal_year,pounds\n2023,27023\n2024,21889\n",
    );
    site.write(
        "content/drugs/charted.md",
        &page("data: seizures.csv\nx: fiscal_year\ny: pounds\nkind: bar\ntitle: Seizures\n"),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("bar_chart", figure_of(&site));
}

#[test]
fn bad_chart_blocks_are_errors_at_their_line_and_column() {
    // The chart's YAML starts on line 8 of the page.
    let cases = [
        (
            "data: missing.csv\nx: year\ny: deaths\ntitle: T\n",
            "content/drugs/charted.md:8:1: error: chart data `missing.csv` not found",
        ),
        (
            "data: deaths.csv\nx: year\ny: [deaths, synthetic_opiods]\ntitle: T\n",
            "content/drugs/charted.md:10:13: error: deaths.csv has no column `synthetic_opiods`",
        ),
        (
            "data: deaths.csv\nx: year\ny: deaths\ntitle: T\nsource: wpr-txt\n",
            "content/drugs/charted.md:12:9: error: chart cites unknown source `wpr-txt`",
        ),
        (
            "data: deaths.csv\nx: year\ny: deaths\ntitel: T\n",
            "content/drugs/charted.md:11:1: error: unknown field `titel`",
        ),
    ];
    for (chart, expected) in cases {
        let site = site_with(chart);
        let out = site.run(&["build"]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    let site = site_with("data: deaths.csv\nx: year\ny: [deaths, synthetic_opiods]\ntitle: T\n");
    assert!(
        site.run(&["build"])
            .stderr
            .contains("did you mean `synthetic_opioids`?")
    );

    let site = site_with("data: deaths.csv\nx: year\ny: deaths\ntitle: T\n");
    site.write(
        "content/data/deaths.csv",
        "year,deaths\n2019,70630\n2020,91 799\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("deaths.csv line 3, column `deaths`: `91 799` is not a number"),
        "{}",
        out.stderr
    );
}
