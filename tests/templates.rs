//! Scaffolding and templates: `init` and `new`, the compiled-in theme, template errors
//! with file and line, and the template functions that look pages up.

mod common;

use common::Site;

#[test]
fn init_makes_a_site_that_builds_and_new_adds_an_explainer() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path().join("kb");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .output()
            .expect("run")
    };
    let root_arg = root.to_str().expect("utf-8 path");
    assert!(run(&["init", root_arg]).status.success());
    let made = run(&[
        "new",
        "content/topic/new-one.md",
        "--title",
        "A \"quoted\" title",
        "--root",
        root_arg,
    ]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let text = std::fs::read_to_string(root.join("content/topic/new-one.md")).expect("new file");
    assert!(text.starts_with("---\ntitle: \"A \\\"quoted\\\" title\"\n"));
    let built = run(&["build", "--root", root_arg]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(root.join("public/topic/new-one/index.html").exists());
    assert!(
        !run(&["init", root_arg]).status.success(),
        "init refuses to overwrite"
    );
}

#[test]
fn a_minimal_site_builds_with_the_compiled_in_theme() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = 'Tiny'\nbase_url = 'https://example.org'\n",
    )
    .expect("site.toml");
    std::fs::create_dir(dir.path().join("content")).expect("content");
    std::fs::write(
        dir.path().join("content/one.md"),
        "---\ntitle: One\n---\n\nHello.\n",
    )
    .expect("page");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(dir.path().join("public/one/index.html")).expect("page");
    assert!(page.contains(">One</h1>"));
    assert!(dir.path().join("public/style.css").exists());
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = Site::fixture("basic");
    let page = site.read("themes/default/templates/page.html").replace(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title | no_such_filter }}</h1>",
    );
    site.write("templates/page.html", &page);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    let line = page
        .lines()
        .position(|l| l.contains("no_such_filter"))
        .expect("edited line")
        + 1;
    assert!(
        out.stderr.contains(&format!("templates/page.html:{line}:")),
        "names templates/page.html:{line}: {}",
        out.stderr
    );
    assert!(out.stderr.contains("no_such_filter"), "{}", out.stderr);
}

#[test]
fn templates_look_up_pages_and_urls_by_content_path() {
    let site = Site::fixture("basic");
    let page = site.read("themes/default/templates/page.html").replace(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title }}</h1>\
         <p id=\"lookup\">{% set other = get_page(path=\"@/law/aumf.md\") %}\
         <a href=\"{{ get_url(path='@/law/aumf.md') }}\">{{ other.title }}</a></p>",
    );
    site.write("templates/page.html", &page);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = site.read("public/drugs/fentanyl/index.html");
    assert!(
        html.contains(
            "<p id=\"lookup\"><a href=\"/kb/law/aumf/\">Authorizations for Use of Military Force</a></p>"
        ),
        "{}",
        &html[html.find("lookup").unwrap_or(0)..][..200.min(html.len())]
    );
    site.write(
        "templates/page.html",
        &page.replace("@/law/aumf.md\") %}", "@/law/gone.md\") %}"),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("get_page: no page at `@/law/gone.md`"),
        "{}",
        out.stderr
    );
}

/// The card partial shows each listed page as itself, wherever it is listed, although
/// each page's card is rendered once and reused.
#[test]
fn cached_partials_show_each_page_as_itself_wherever_it_is_listed() {
    let site = Site::fixture("basic");
    site.write(
        "templates/partials/page-card.html",
        "<li class=\"card\">{{ page.title }} | {{ page.summary }}</li>",
    );
    site.write(
        "templates/partials/site-header.html",
        "<header>{% for s in site.sections %}[{{ s.title }}]{% endfor %}</header>",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let section = site.read("public/law/index.html");
    let aumf_card =
        "<li class=\"card\">Authorizations for Use of Military Force | How Congress authorizes force.</li>";
    assert!(section.contains(aumf_card), "{section}");
    assert!(
        section.contains("<li class=\"card\">War Powers Resolution | "),
        "a second page gets its own card, not the first one's: {section}"
    );
    let tag = site.read("public/tags/congress/index.html");
    assert!(tag.contains(aumf_card), "the same card on a tag page: {tag}");
    for page in [
        "public/law/index.html",
        "public/drugs/fentanyl/index.html",
        "public/404.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("<header>[Law]"),
            "{page} has the site header: {html}"
        );
    }
}

#[test]
fn cached_partial_errors_name_the_partial_and_never_hang() {
    let site = Site::fixture("basic");
    site.write(
        "templates/partials/site-header.html",
        "{{ cached_partial(path=\"partials/site-header.html\") }}",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "cached_partial `partials/site-header.html`: `partials/site-header.html` includes itself"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("templates/base.html:"),
        "names the including template: {}",
        out.stderr
    );

    site.write(
        "templates/partials/site-header.html",
        "{{ cached_partial(path=\"partials/x.html\", page=site.title) }}",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cached_partial `partials/x.html`: `page` must be a page"),
        "{}",
        out.stderr
    );
}

/// Two pages naming templates there are none of: the error is at each page's
/// `template:` line, and `build` and `check` report the pair in one order.
#[test]
fn a_missing_template_is_reported_at_the_page_that_names_it_in_one_order() {
    let site = Site::fixture("basic");
    site.edit("content/law/aumf.md", "title:", "template: nope-one.html\ntitle:");
    site.edit(
        "content/drugs/fentanyl.md",
        "title:",
        "template: pages.html\ntitle:",
    );
    let errors_of = |out: &common::Outcome| -> Vec<String> {
        (out.stderr.lines())
            .filter(|line| line.contains(": error: "))
            .map(str::to_string)
            .collect()
    };
    let built = site.run(&["build"]);
    assert_eq!(built.code, 1, "{}", built.stderr);
    let checked = site.run(&["check"]);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    let expected = [
        "content/drugs/fentanyl.md:2:11: error: no template `pages.html`: not in templates/ nor in the theme",
        "content/law/aumf.md:2:11: error: no template `nope-one.html`: not in templates/ nor in the theme",
    ];
    assert_eq!(errors_of(&built), expected, "{}", built.stderr);
    assert_eq!(errors_of(&checked), expected, "{}", checked.stderr);
    assert!(
        built.stderr.contains("help: did you mean `page.html`?"),
        "{}",
        built.stderr
    );
}

/// An error inside a template names the template's line and the page it was
/// rendering.
#[test]
fn a_template_error_names_the_template_line_and_the_page_being_rendered() {
    let site = Site::fixture("basic");
    let page = site.read("themes/default/templates/page.html").replace(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title }}</h1>\n{{ page.nope.deeper }}",
    );
    site.write("themes/default/templates/page.html", &page);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let line = page
        .lines()
        .position(|l| l.contains("page.nope.deeper"))
        .expect("the line")
        + 1;
    assert!(
        out.stderr.contains(&format!(
            "themes/default/templates/page.html:{line}:9: error: Field `nope` is not defined"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("help: while rendering `content/law/aumf.md` (/law/aumf/)"),
        "{}",
        out.stderr
    );
}
