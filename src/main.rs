//! The `briefing` command line: parse arguments, run a command, print diagnostics, exit
//! with 0 (success), 1 (content errors) or 2 (usage, configuration or I/O errors).

mod cli;

/// mimalloc: the build allocates many short-lived strings on every thread; measured
/// ~15% faster full builds than the system allocator (bench/run.sh, 10k pages).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    // mimalloc asks for transparent huge pages; a build frees and re-touches short-lived
    // buffers (parser trees, page HTML) all the time, and each fault then zeroes 2 MB.
    // Without them: 10k pages, same wall time, peak RSS 316 → 271 MB (bench/run.sh).
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let code = cli::run(<cli::Cli as clap::Parser>::parse());
    ExitCode::from(code)
}
