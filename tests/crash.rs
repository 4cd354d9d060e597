//! A build killed with SIGKILL at any moment leaves the previous complete site in place,
//! and the next build succeeds and clears what the killed one left behind.

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

#[test]
fn a_killed_build_never_leaves_a_broken_site() {
    let site = big_site(1500);
    let started = Instant::now();
    assert_eq!(site.run(&["build", "--quiet"]).code, 0);
    let full = started.elapsed();
    let complete = snapshot_tree(&site.root().join("public"));
    assert!(complete.len() > 1500);
    for round in 0..20u32 {
        // Spread the kills over the whole build, from its first millisecond to its end.
        let delay = full.mul_f64(f64::from(round * 37 % 20) / 20.0);
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
