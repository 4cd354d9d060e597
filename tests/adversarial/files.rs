//! Files that are hard to read or to name: symbolic links out of the site and in loops,
//! names that need percent-encoding, a file nobody may read.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;

use crate::common::{Site, snapshot_tree};

#[test]
fn symlinks_loops_and_escapes_are_not_followed() {
    let site = Site::fixture("basic");
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\n---\n\nOutside.\n",
    )
    .expect("secret");
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/escape")).expect("symlink out");
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("content/law/loop"))
        .expect("loop");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/escape: warning: symbolic link points outside content/: not followed"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("symbolic link loop: not followed"),
        "{}",
        out.stderr
    );
    assert!(!site.exists("public/escape/secret/index.html"));
}

#[test]
fn template_and_static_links_out_of_the_site_are_not_followed() {
    let site = Site::fixture("basic");
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:SECRET-LINE\n").expect("secret");
    std::fs::create_dir_all(site.root().join("templates")).expect("mkdir");
    std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
    let link = |target: &std::path::Path, at: &str| {
        std::os::unix::fs::symlink(target, site.root().join(at)).expect("symlink")
    };
    link(&outside.path().join("passwd"), "templates/page.html");
    link(&outside.path().join("passwd"), "static/leak.txt");
    site.write("notes/logo.txt", "inside the site");
    link(&site.root().join("notes/logo.txt"), "static/logo.txt");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for at in ["templates/page.html", "static/leak.txt"] {
        let warning =
            format!("{at}: warning: symbolic link points outside the site: not followed, not published");
        assert!(out.stderr.contains(&warning), "{warning}\n{}", out.stderr);
    }
    let page = site.read("public/law/war-powers/index.html");
    assert!(
        !page.contains("SECRET-LINE"),
        "the theme's page.html is used instead"
    );
    assert!(!site.exists("public/leak.txt"));
    assert_eq!(
        site.read("public/logo.txt"),
        "inside the site",
        "a link inside the site is followed"
    );
}

#[test]
fn odd_file_names_get_valid_percent_encoded_urls() {
    let site = Site::fixture("basic");
    for name in ["with space", "émigré", "hash#tag", "what?", "100%"] {
        site.write(
            &format!("content/odd/{name}.md"),
            &format!("---\ntitle: Odd {name}\n---\n\nText.\n"),
        );
    }
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sitemap = site.read("public/sitemap.xml");
    for encoded in [
        "odd/with%20space/",
        "odd/%C3%A9migr%C3%A9/",
        "odd/hash%23tag/",
        "odd/what%3F/",
        "odd/100%25/",
    ] {
        assert!(sitemap.contains(encoded), "{encoded} in sitemap");
    }
    assert!(site.exists("public/odd/hash#tag/index.html"));
}

#[test]
fn an_unreadable_file_is_named_and_the_previous_site_kept() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let before = snapshot_tree(&site.root().join("public"));
    let file = site.root().join("content/law/aumf.md");
    let out = if running_as_root() {
        // Root reads everything: run as `nobody`, who owns the site (and a copy of the
        // binary, whose own folder it may not enter) but may not read this file.
        let binary = site.root().join("briefing-binary");
        std::fs::copy(env!("CARGO_BIN_EXE_briefing"), &binary).expect("copy binary");
        chown_tree(site.root(), NOBODY);
        set_mode(&file, 0o000);
        let output = std::process::Command::new(&binary)
            .arg("build")
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .uid(NOBODY)
            .gid(NOBODY)
            .output()
            .expect("run as nobody");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    } else {
        set_mode(&file, 0o000);
        let out = site.run(&["build"]);
        (Some(out.code), out.stderr)
    };
    assert_eq!(out.0, Some(1), "{}", out.1);
    assert!(
        out.1
            .contains("content/law/aumf.md: error: cannot read file: Permission denied"),
        "{}",
        out.1
    );
    assert!(out.1.contains("chmod a+r"), "{}", out.1);
    assert_eq!(snapshot_tree(&site.root().join("public")), before);
}

const NOBODY: u32 = 65534;

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn set_mode(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn chown_tree(root: &std::path::Path, id: u32) {
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("walk");
        std::os::unix::fs::chown(entry.path(), Some(id), Some(id)).expect("chown");
    }
}
