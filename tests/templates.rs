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
        "<h1 data-pagefind-meta=\"title\">{{ page.title }}</h1>",
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
        "<h1 data-pagefind-meta=\"title\">{{ page.title }}</h1>",
        "<h1 data-pagefind-meta=\"title\">{{ page.title }}</h1>\
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
