//! The output folder: a build replaces only a folder it made (or an empty one), whatever
//! the spelling of its path, and leftovers of a killed build never hold up the next.

use std::path::Path;
use std::process::Command;

use crate::common::Site;

const MARKER: &str = ".briefing-output";

fn refused(out: &crate::common::Outcome, what: &str) {
    assert_eq!(out.code, 2, "{what}: exit 2\n{}", out.stderr);
    assert!(out.stderr.contains("refusing to"), "{what}: {}", out.stderr);
}

/// A folder of someone else's with one file in it.
fn foreign(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("precious.txt"), "keep me").expect("write");
    dir.join("precious.txt")
}

#[test]
fn a_folder_briefing_did_not_make_is_never_replaced() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let precious = foreign(&elsewhere.path().join("mine"));
    let out = site.run(&[
        "build",
        "--output",
        &elsewhere.path().join("mine").to_string_lossy(),
    ]);
    refused(&out, "a foreign folder");
    assert!(out.stderr.contains("was not made by briefing"), "{}", out.stderr);
    assert!(
        out.stderr.contains("delete this one yourself"),
        "says what to do: {}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&precious).expect("still there"),
        "keep me"
    );
}

#[test]
fn the_sites_own_folders_and_repositories_are_refused() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.root().join(".git/objects")).expect("mkdir");
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    site.write("static/logo.txt", "logo");
    site.write("templates/.keep", "");
    for output in [
        ".git",
        ".git/objects",
        "themes",
        "themes/default",
        "static",
        "templates",
        "content/law",
    ] {
        refused(&site.run(&["build", "--output", output]), output);
    }
    site.write(
        "site.toml",
        "title = 'x'\nbase_url = 'https://example.org'\noutput_dir = 'static'\n",
    );
    refused(&site.run(&["build"]), "output_dir = static");
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/main\n");
    assert_eq!(site.read("static/logo.txt"), "logo");
    assert!(site.exists("themes/default/templates/page.html"));
    assert!(site.exists("content/law/aumf.md"));
}

#[test]
fn a_folder_holding_a_repository_is_refused() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(elsewhere.path().join("project/.git")).expect("mkdir");
    let out = site.run(&[
        "build",
        "--output",
        &elsewhere.path().join("project").to_string_lossy(),
    ]);
    refused(&out, "a repository");
    assert!(elsewhere.path().join("project/.git").is_dir());
}

#[cfg(unix)]
#[test]
fn symlinks_and_dot_dots_are_resolved_first() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let link = elsewhere.path().join("link");
    std::os::unix::fs::symlink(site.root(), &link).expect("symlink");
    for output in [link.join("content"), link.join("x/../content"), link.clone()] {
        refused(
            &site.run(&["build", "--output", &output.to_string_lossy()]),
            &output.to_string_lossy(),
        );
    }
    assert!(site.exists("content/law/aumf.md"));
}

#[test]
fn home_and_its_parents_are_refused() {
    let site = Site::fixture("basic");
    let top = tempfile::tempdir().expect("temp dir");
    let home = top.path().join("users/reader");
    std::fs::create_dir_all(&home).expect("mkdir");
    for output in [home.clone(), top.path().join("users")] {
        let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--output", &output.to_string_lossy()])
            .current_dir(site.root())
            .env("HOME", &home)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{}", output.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("the home folder or one of its parents"),
            "{stderr}"
        );
    }
}

#[test]
fn the_current_folder_of_another_project_is_refused() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let precious = foreign(elsewhere.path());
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root", &site.root().to_string_lossy(), "--output", "."])
        .current_dir(elsewhere.path())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(precious.exists());
}

#[test]
fn an_output_is_marked_and_one_that_lost_its_mark_is_refused() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.root().join("public")).expect("an empty folder is fine");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.exists(&format!("public/{MARKER}")));
    assert_eq!(site.run(&["build"]).code, 0, "briefing's own output is replaced");
    site.remove(&format!("public/{MARKER}"));
    refused(&site.run(&["build"]), "an output without its marker");
    assert!(site.exists("public/index.html"), "left as it was");
}

#[test]
fn leftovers_of_killed_builds_are_swept_aside_and_removed() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    for n in 0..2000 {
        site.write(&format!(".public.tmp-999999/p{}/{n}.html", n % 50), "half");
    }
    site.write(".public.trash-999998-0/old.html", "older leftover");
    site.write(".public.old-999997/index.html", "a previous site, moved aside");
    assert_eq!(site.run(&["build"]).code, 0);
    let left: Vec<String> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public.") && !name.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(site.read("public/index.html").contains("<html"));
}
