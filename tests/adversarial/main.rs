//! The adversarial suite: hostile or broken input, one small site per case. Every case
//! runs `build` and `check` and asserts the exit code, the exact diagnostic (with
//! file:line:col where there is one), no panic, nothing written outside the output
//! folder, and the previous output left intact when the build fails.

#[path = "../common/mod.rs"]
mod common;

mod big;
mod files;
mod output;
mod shapes;

use std::time::{Duration, Instant};

use common::{Site, snapshot_tree};

/// One hostile input: files written over the basic fixture, and what must happen.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    code: i32,
    /// Must appear in stderr (build and check alike).
    expect: &'static [&'static str],
}

fn page(front: &str, body: &str) -> Vec<u8> {
    format!("---\n{front}\n---\n\n{body}\n").into_bytes()
}

/// The home folder as the output folder, where there is a home folder.
fn home_case() -> Option<Case> {
    let home = std::env::var("HOME").ok().filter(|h| !h.is_empty())?;
    let config = format!("title = 'x'\nbase_url = 'https://example.org'\noutput_dir = '{home}'\n");
    Some(Case {
        name: "output folder is the home folder",
        files: vec![("site.toml", config.into_bytes())],
        code: 2,
        expect: &["refusing to use", "it is the home folder or one of its parents"],
    })
}

fn cases() -> Vec<Case> {
    let laughs = {
        let mut yaml = String::from(
            "title: x\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
            ("h", "g"),
            ("i", "h"),
        ] {
            yaml.push_str(&format!("  {name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        yaml
    };
    let deep = format!(
        "title: x\nextra:\n  deep: {}{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let huge_summary = format!("title: Big\nsummary: \"{}\"", "word ".repeat(200_000));
    let mut invalid_utf8 = page("title: Bad bytes", "Fine start ").to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, b'\n']);
    vec![
        Case {
            name: "unclosed quote",
            files: vec![(
                "content/q.md",
                page("title: \"never closed\ndate: 2024-01-01", ""),
            )],
            code: 1,
            expect: &[
                "content/q.md:4:1: error: found unexpected end of stream",
                "a quote or bracket opened above this line is never closed",
            ],
        },
        Case {
            name: "tab indentation",
            files: vec![("content/t.md", page("title: Tabs\ntags:\n\t- a", ""))],
            code: 1,
            expect: &["content/t.md:4:1: error: "],
        },
        Case {
            name: "tags is a number",
            files: vec![("content/n.md", page("title: N\ntags: 5", ""))],
            code: 1,
            expect: &[
                "content/n.md:3:7: error: tags: invalid type: integer `5`, expected a string or a list of strings",
            ],
        },
        Case {
            name: "date is a word",
            files: vec![("content/d.md", page("title: D\ndate: yesterday", ""))],
            code: 1,
            expect: &["content/d.md:3:7: error: date: invalid date `yesterday`"],
        },
        Case {
            name: "title is a list",
            files: vec![("content/l.md", page("title: [a, b]", ""))],
            code: 1,
            expect: &["content/l.md:2:8: error: title: invalid type: sequence, expected a string"],
        },
        Case {
            name: "billion laughs",
            files: vec![("content/bomb.md", page(&laughs, ""))],
            code: 1,
            expect: &["content/bomb.md:", "repetition limit exceeded"],
        },
        Case {
            name: "10,000 levels of nesting",
            files: vec![("content/deep.md", page(&deep, ""))],
            code: 1,
            expect: &["content/deep.md:4:109: error: `[` and `{` are nested more than 100 levels deep here"],
        },
        Case {
            name: "1 MB front matter builds",
            files: vec![("content/big.md", page(&huge_summary, "Body."))],
            code: 0,
            expect: &[],
        },
        Case {
            name: "invalid UTF-8, with another file's error still reported",
            files: vec![
                ("content/bytes.md", invalid_utf8),
                ("content/other.md", page("title: [x]", "")),
            ],
            code: 1,
            expect: &[
                "content/bytes.md: error: file is not valid UTF-8 (first bad byte at offset 38)",
                "content/other.md:2:8: error: title: invalid type",
            ],
        },
        Case {
            name: "NUL byte in the body builds",
            files: vec![("content/nul.md", page("title: Nul", "before\0after"))],
            code: 0,
            expect: &[],
        },
        Case {
            name: "an empty file is a page titled by its name",
            files: vec![("content/empty.md", Vec::new())],
            code: 0,
            expect: &["content/empty.md: warning: no `summary` in front matter"],
        },
        Case {
            name: "100,000 nested blockquotes",
            files: vec![(
                "content/quotes.md",
                page("title: Quotes", &format!("{} deep", ">".repeat(100_000))),
            )],
            code: 1,
            expect: &[
                "content/quotes.md:5:101: error: lists, quotes or spans are nested more than 100 levels deep here",
            ],
        },
        Case {
            // With search on (the default): the index never sees the nesting.
            name: "100,000 nested list markers",
            files: vec![(
                "content/lists.md",
                page("title: Lists", &format!("{}item", "- ".repeat(100_000))),
            )],
            code: 1,
            expect: &[
                "content/lists.md:5:101: error: lists, quotes or spans are nested more than 100 levels deep here",
            ],
        },
        Case {
            name: "a heading repeated 10,000 times",
            files: vec![(
                "content/heads.md",
                page("title: Heads", &"## Same\n\n".repeat(10_000)),
            )],
            code: 0,
            expect: &[],
        },
        Case {
            name: "A.md beside a.md",
            files: vec![
                ("content/Case.md", page("title: Upper", "")),
                ("content/case.md", page("title: Lower", "")),
            ],
            code: 1,
            expect: &["both claim the URL /case/"],
        },
        Case {
            name: "slug climbing out",
            files: vec![("content/s.md", page("title: S\nslug: ../../etc", ""))],
            code: 1,
            expect: &["content/s.md:3:1: error: invalid slug `../../etc`"],
        },
        Case {
            name: "hostile aliases",
            files: vec![(
                "content/a.md",
                page(
                    "title: A\naliases: [\"/../../x\", '/C:\\x', \"//evil.example/\", \"/javascript:alert(1)\"]",
                    "",
                ),
            )],
            code: 1,
            expect: &[
                "invalid alias `/../../x`",
                "invalid alias `/C:\\x`",
                "invalid alias `//evil.example/`",
                "invalid alias `/javascript:alert(1)`",
            ],
        },
        Case {
            name: "unknown config key",
            files: vec![(
                "site.toml",
                b"title = 'x'\nbase_url = 'https://example.org'\nthme = 'x'\n".to_vec(),
            )],
            code: 2,
            expect: &[
                "site.toml:3:1: error: unknown key `thme` in site.toml",
                "did you mean `theme`?",
            ],
        },
        Case {
            name: "links, autolinks, images and raw HTML that run code",
            files: vec![(
                "content/js.md",
                page(
                    "title: Scripted",
                    "[a](javascript:alert(1)) and <JavaScript:alert(2)>\n\n![i](data:text/html,x) ![ok](data:image/png;base64,AA)\n\n<a href=\" &#106;avascript:alert(3)\">c</a>",
                ),
            )],
            code: 1,
            expect: &[
                "content/js.md:5:1: error: `javascript:alert(1)` runs code when followed",
                "content/js.md:5:30: error: `JavaScript:alert(2)` runs code when followed",
                "content/js.md:7:1: error: `data:text/html,x` runs code when followed",
                "content/js.md:9:1: error: ` javascript:alert(3)` runs code when followed",
            ],
        },
        Case {
            name: "a source URL that runs code",
            files: vec![(
                "content/src.md",
                page(
                    "title: Sourced\nsources:\n  - id: bad\n    title: Bad\n    url: \"  vbscript:msgbox(1)\"",
                    "Said so [@bad].",
                ),
            )],
            code: 1,
            expect: &["content/src.md:6:11: error: source `bad` has a URL that runs code when followed"],
        },
        Case {
            name: "raw HTML handlers and embeds are warned about",
            files: vec![
                (
                    "content/raw.md",
                    page(
                        "title: Raw",
                        "<img src=x.png alt=\"x\" onerror=\"alert(1)\">\n\n<iframe src=\"https://example.org\"></iframe>",
                    ),
                ),
                ("content/x.png", b"png".to_vec()),
            ],
            code: 0,
            expect: &[
                "content/raw.md:5:1: warning: raw HTML in content runs code or embeds a page: an `onerror` handler",
                "content/raw.md:7:1: warning: raw HTML in content runs code or embeds a page: <iframe>",
            ],
        },
        Case {
            name: "a base URL that is not http(s)",
            files: vec![(
                "site.toml",
                b"title = 'x'\nbase_url = 'javascript:alert(1)//'\n".to_vec(),
            )],
            code: 2,
            expect: &["site.toml:2:1: error: base_url `javascript:alert(1)//` is not an http(s) address"],
        },
        Case {
            name: "tags that merge or make no URL are named",
            files: vec![
                (
                    "content/c1.md",
                    page("title: One\ntags: [C++, C#, C--, '🔥']", ""),
                ),
                ("content/c2.md", page("title: Two\ntags: [c, C++, '!!!']", "")),
            ],
            code: 0,
            expect: &[
                "content/c2.md:3:8: warning: tags `C--`, `c` are one tag, /tags/c/, shown as `C--`",
                "content/c1.md:3:23: warning: tag `🔥` has no letter or digit to make its URL of: left out",
                "content/c2.md:3:17: warning: tag `!!!` has no letter or digit to make its URL of: left out",
            ],
        },
        Case {
            name: "malformed config",
            files: vec![("site.toml", b"title = \n".to_vec())],
            code: 2,
            expect: &["site.toml:1:"],
        },
        Case {
            name: "output folder is the site root",
            files: vec![(
                "site.toml",
                b"title = 'x'\nbase_url = 'https://example.org'\noutput_dir = '.'\n".to_vec(),
            )],
            code: 2,
            expect: &[
                "refusing to use",
                "it is the site root or a folder that contains it",
            ],
        },
        Case {
            name: "output folder is the file system root",
            files: vec![(
                "site.toml",
                b"title = 'x'\nbase_url = 'https://example.org'\noutput_dir = '/'\n".to_vec(),
            )],
            code: 2,
            expect: &["refusing to use", "it is the file system root"],
        },
        Case {
            name: "output folder is content/",
            files: vec![(
                "site.toml",
                b"title = 'x'\nbase_url = 'https://example.org'\noutput_dir = 'content'\n".to_vec(),
            )],
            code: 2,
            expect: &["refusing to use", "it is the site's content/ folder or inside it"],
        },
    ]
}

#[test]
fn hostile_inputs_get_clear_errors_and_never_damage_anything() {
    let mut table = Vec::new();
    for case in cases().into_iter().chain(home_case()) {
        let site = Site::fixture("basic");
        let good = site.run(&["build"]);
        assert_eq!(good.code, 0, "{}: fixture builds: {}", case.name, good.stderr);
        let before = snapshot_tree(&site.root().join("public"));
        let outside_before = top_level(&site);
        for (path, bytes) in &case.files {
            let full = site.root().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(&full, bytes).expect("write case file");
        }
        for command in ["build", "check"] {
            let started = Instant::now();
            let out = site.run(&[command]);
            let took = started.elapsed();
            assert_ne!(
                out.code, 101,
                "{}: {command} panicked:\n{}",
                case.name, out.stderr
            );
            assert!(
                !out.stderr.contains("panicked"),
                "{}: {command} panicked:\n{}",
                case.name,
                out.stderr
            );
            assert_eq!(
                out.code, case.code,
                "{}: {command} exit code\n{}",
                case.name, out.stderr
            );
            for expected in case.expect {
                assert!(
                    out.stderr.contains(expected),
                    "{}: {command}: missing {expected:?} in\n{}",
                    case.name,
                    out.stderr
                );
            }
            assert!(
                took < Duration::from_secs(20),
                "{}: {command} took {took:?}",
                case.name
            );
            if case.code != 0 {
                assert_eq!(
                    snapshot_tree(&site.root().join("public")),
                    before,
                    "{}: previous output changed",
                    case.name
                );
            }
            assert_eq!(
                top_level(&site),
                outside_before,
                "{}: {command} wrote outside the output folder",
                case.name
            );
        }
        table.push(format!("{:<55} exit {}", case.name, case.code));
    }
    println!("{}", table.join("\n"));
}

/// Everything in the site folder except the output folder and the case's own files.
fn top_level(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    names.sort();
    names
}

#[test]
fn an_unwritable_output_folder_is_a_clear_setup_error() {
    let site = Site::fixture("basic");
    let out = site.run(&["build", "--output", "/proc/briefing-cannot-write-here"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: /proc"), "{}", out.stderr);
}

#[test]
fn a_missing_site_toml_exits_2() {
    let dir = tempfile::tempdir().expect("temp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read site.toml"));
}

#[test]
fn two_producers_of_one_output_file_are_an_error() {
    for (path, text) in [
        ("static/robots.txt", "User-agent: *\n"),
        ("content/graph.md", "---\ntitle: Graph\n---\n"),
        (
            "content/foo.md",
            "---\ntitle: Foo\naliases: [/foo/index.html]\n---\n",
        ),
    ] {
        let site = Site::fixture("basic");
        site.write(path, text);
        let out = site.run(&["build"]);
        assert_eq!(out.code, 1, "{path}: {}", out.stderr);
        assert!(
            out.stderr.contains("error: this file would be written twice"),
            "{path}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_second_build_into_the_same_folder_fails_clearly_and_harms_nothing() {
    let site = Site::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let before = snapshot_tree(&site.root().join("public"));
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(site.root().join(".public.lock"))
        .expect("lock file exists after a build");
    lock.lock().expect("hold the lock like a running build");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("another briefing build is writing this output folder"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot_tree(&site.root().join("public")), before);
    drop(lock);
    assert_eq!(site.run(&["build"]).code, 0);
}
