//! A build killed with SIGKILL at any moment leaves the previous complete site in place,
//! and the next build succeeds and clears what the killed one left behind. A build that
//! fills its disk says where and keeps the previous site.

mod common;

use std::time::{Duration, Instant};

use common::{Site, snapshot_tree};

fn big_site(pages: usize) -> Site {
    let site = Site::fixture("basic");
    for i in 0..pages {
        let body = "Some text about war powers and sources, repeated to make the page longer. ".repeat(40);
        site.write(
            &format!("content/bulk/p{i:04}.md"),
            &format!("---\ntitle: Bulk page {i}\nsummary: Filler.\ntags: [bulk]\n---\n\n## Part\n\n{body}\n"),
        );
    }
    site
}

/// Where in a build (as a share of its length) each kill lands: at once, while reading
/// and parsing, while pages are written into the staging folder, and around the swap
/// and the removal of the previous site at the very end.
const KILL_POINTS: [f64; 9] = [0.0, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 1.02];

#[test]
fn a_killed_build_never_leaves_a_broken_site() {
    let site = big_site(2_000);
    let started = Instant::now();
    assert_eq!(site.run(&["build", "--quiet"]).code, 0);
    let full = started.elapsed();
    let complete = snapshot_tree(&site.root().join("public"));
    assert!(complete.len() > 2_000);
    for (round, share) in KILL_POINTS.into_iter().enumerate() {
        let delay = full.mul_f64(share);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--quiet"])
            .current_dir(site.root())
            .spawn()
            .expect("start build");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            snapshot_tree(&site.root().join("public")),
            complete,
            "round {round}: output changed after a kill at {delay:?}"
        );
    }
    assert_eq!(site.run(&["build", "--quiet"]).code, 0);
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") && site.root().join(n).is_dir())
        .collect();
    assert!(leftovers.is_empty(), "leftovers after recovery: {leftovers:?}");
    assert!(full < Duration::from_secs(60));
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    /// `None` where mounting is not allowed (not root); under CI that is a failure.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("mount point");
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "CI must be able to mount a tmpfs"
            );
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_previous_site() {
    let Some(disk) = Tmpfs::mount("2m") else {
        return;
    };
    let site = Site::fixture("basic");
    let output = disk.0.path().join("public");
    let output_arg = output.to_str().expect("UTF-8 temp path");
    let first = site.run(&["build", "--quiet", "--output", output_arg]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot_tree(&output);
    let filler = "Filler text for a full disk. ".repeat(150_000);
    site.write("content/huge.md", &format!("---\ntitle: Huge\n---\n\n{filler}\n"));
    let out = site.run(&["build", "--quiet", "--output", output_arg]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let disk_path = disk.0.path().to_str().expect("UTF-8");
    assert!(
        out.stderr.starts_with(&format!("error: {disk_path}/"))
            && out.stderr.contains("No space left on device"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot_tree(&output), before, "previous site intact");
    let mut left: Vec<String> = std::fs::read_dir(disk.0.path())
        .expect("list disk")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".public.lock", "public"], "no staging folder left");
}
