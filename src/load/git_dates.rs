//! `[content] dates_from_git`: the last commit that touched each content file, for pages
//! without `updated:`. One `git log` walk over `content/` (newest first, so a file's first
//! appearance is its last change), not one process per file; the same history gives the
//! same dates on any machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::PageDate;
use crate::diag::{Diagnostic, Location};

/// Each file's last commit date, by its path relative to `content/`; a warning instead
/// when git cannot tell (no git, or not a repository).
pub(super) fn last_commit_dates(content_dir: &Path) -> Result<HashMap<PathBuf, PageDate>, Box<Diagnostic>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(content_dir)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--relative",
            "--name-only",
            "--format=%x00%ct",
            "--",
            ".",
        ])
        .output();
    let warn = |why: String| {
        Box::new(
            Diagnostic::warning("git-dates", Location::file(Path::new("site.toml")), why)
                .with_help("commit the content to git, or set `[content] dates_from_git = false`"),
        )
    };
    let output = output.map_err(|err| warn(format!("dates_from_git: cannot run git: {err}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(warn(format!(
            "dates_from_git: {}",
            stderr.lines().next().unwrap_or("git log failed")
        )));
    }
    Ok(parse_log(&String::from_utf8_lossy(&output.stdout)))
}

/// `git log --format=%x00%ct --name-only` output: a NUL, the commit time, then the files.
fn parse_log(log: &str) -> HashMap<PathBuf, PageDate> {
    let mut dates = HashMap::new();
    for commit in log.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some(date) = (lines.next())
            .and_then(|secs| secs.trim().parse::<i64>().ok())
            .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
            .map(|instant| PageDate {
                instant,
                day: instant.to_zoned(jiff::tz::TimeZone::UTC).date(),
            })
        else {
            continue;
        };
        for file in lines.filter(|l| !l.is_empty()) {
            dates.entry(PathBuf::from(file)).or_insert(date);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        let log = "\u{0}200000\n\na.md\nsub/b.md\n\u{0}100000\n\na.md\nc.md\n";
        let dates = parse_log(log);
        let day = |f: &str| dates[Path::new(f)].instant.as_second();
        assert_eq!(
            (day("a.md"), day("sub/b.md"), day("c.md")),
            (200_000, 200_000, 100_000)
        );
    }
}
