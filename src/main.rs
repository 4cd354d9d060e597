//! The `briefing` command line: parse arguments, run a command, print diagnostics, exit
//! with 0 (success), 1 (content errors) or 2 (usage, configuration or I/O errors).

mod cli;

/// mimalloc: the build allocates many short-lived strings on every thread; measured
/// ~15% faster full builds than the system allocator (bench/run.sh, 10k pages). Built
/// with `no_thp`: with transparent huge pages the default build (search on, 1.4 GB of
/// Pagefind's index at 10k pages) spent ~5 s of system time zeroing 2 MB pages; without,
/// ~2 s (10k pages, 3 alternating runs: 13.9 -> 11.7 s wall, 1,449 -> 1,335 MB; with
/// `--no-search` 1.71 -> 1.43 s, 330 -> 280 MB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = cli::run(<cli::Cli as clap::Parser>::parse());
    ExitCode::from(code)
}
