//! Test harness: copy a fixture site into a temporary folder (with the default theme),
//! change files, run `briefing` as a library or as the real binary, read outputs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Site {
    pub dir: tempfile::TempDir,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Site {
    /// A copy of `tests/fixtures/<name>` with `themes/default` added.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
        if !dir.path().join("themes").exists() {
            copy_tree(&repo().join("themes/default"), &dir.path().join("themes/default"));
        }
        Site { dir }
    }

    /// A copy of the bundled knowledge base: `site.toml`, `content/` and `themes/`.
    pub fn bundled() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        for part in ["content", "themes"] {
            copy_tree(&repo().join(part), &dir.path().join(part));
        }
        std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).expect("copy site.toml");
        Site { dir }
    }

    /// The basic fixture with `pages` more explainers, search on.
    pub fn corpus(pages: usize) -> Site {
        let site = Site::fixture("basic");
        site.edit(
            "site.toml",
            "[search]\nenabled = false",
            "[search]\nenabled = true",
        );
        for i in 0..pages {
            let body = format!("Page {i} on war powers, cartels and the {} clock. ", i % 97).repeat(30);
            site.write(
                &format!("content/bulk/p{i:04}.md"),
                &format!("---\ntitle: Bulk page {i}\nsummary: Filler {i}.\ntags: [bulk, t{}]\n---\n\n## Part {i}\n\n{body}\n", i % 13),
            );
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    /// Replaces `from` with `to` in a file of the site; `from` must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?} to replace");
        self.write(rel, &text.replace(from, to))
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
        self
    }

    /// Runs the real binary in the site folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run briefing");
        Outcome {
            code: output.status.code().expect("exit code"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs the real binary like `run`, and also reports its peak resident memory in KiB
    /// (Linux: `VmHWM`, sampled every few milliseconds while it runs). Kills it and fails
    /// if it runs longer than `limit`.
    pub fn run_measured(&self, args: &[&str], limit: std::time::Duration) -> (Outcome, u64) {
        use std::io::Read;
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run briefing");
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                text
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
        let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
        let mut peak_kib = 0;
        let started = std::time::Instant::now();
        let status = loop {
            if started.elapsed() > limit {
                let _ = child.kill();
                panic!("briefing {args:?} still running after {limit:?}");
            }
            if let Some(kib) = memory_kib(child.id(), "VmHWM") {
                peak_kib = peak_kib.max(kib);
            }
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        let outcome = Outcome {
            code: status.code().expect("exit code"),
            stdout: stdout.join().expect("stdout"),
            stderr: stderr.join().expect("stderr"),
        };
        (outcome, peak_kib)
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.root().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root().join(rel).exists()
    }
}

#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A memory figure of a running process in KiB, from `/proc/PID/status` (Linux):
/// `VmRSS` (resident now) or `VmHWM` (its peak).
pub fn memory_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let value = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?;
    value.split_whitespace().next()?.parse().ok()
}

/// Every file under `dir`, relative path → bytes, sorted.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

impl Site {
    /// A rendering case, the way to write one: the basic fixture with `[content]`
    /// settings (site.toml lines, `""` for none) and the given notes (path under the
    /// site, text), built; panics with the build's output if it fails. Then compare what
    /// a page shows with `insta::assert_snapshot!(prose_at(&site, "notes/x/"))`, or a
    /// single snippet's HTML with `body_of`.
    pub fn with_notes(content_settings: &str, notes: &[(&str, &str)]) -> Site {
        let site = Site::fixture("basic");
        if content_settings.contains("dendron") {
            // The fixture's own labelled wikilink, as Dendron would write it.
            site.edit(
                "content/law/aumf.md",
                "[[War Powers Resolution#The 60-day clock|the clock again]]",
                "[[the clock again|War Powers Resolution#The 60-day clock]]",
            );
        }
        site.edit(
            "site.toml",
            "related_count = 3",
            &format!("related_count = 3\n\n[content]\nunknown_keys = \"extra\"\n{content_settings}"),
        );
        for (path, text) in notes {
            site.write(path, text);
        }
        let out = site.run(&["build"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        site
    }
}

/// A Markdown snippet's HTML, as the page of a note holding it shows it (its `prose`
/// block), built with `[content]` settings as for `Site::with_notes`: a rendering case
/// is a snippet in and an `insta` snapshot of this out.
pub fn body_of(content_settings: &str, markdown: &str) -> String {
    let note = format!("---\ntitle: Case\n---\n\n{markdown}");
    let site = Site::with_notes(content_settings, &[("content/notes/case.md", &note)]);
    prose_at(&site, "notes/case/")
}

/// The text between `<main` and `</main>`.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    &html[start..end + 7]
}

/// The body of the page at `url` (under `public/`) as the default theme shows it: its
/// `prose` block.
pub fn prose_at(site: &Site, url: &str) -> String {
    let html = site.read(&format!("public/{url}index.html"));
    let main = main_of(&html);
    let start = main.find("<div class=\"prose\">").expect("prose");
    let end = main[start..].find("\n  </div>").expect("end of prose");
    main[start..start + end].to_string()
}
