//! The `briefing` command line: parse arguments, run a command, print diagnostics, exit
//! with 0 (success), 1 (content errors) or 2 (usage, configuration or I/O errors).

mod cli;

/// mimalloc: the build allocates many short-lived strings on every thread; measured
/// ~15% faster full builds than the system allocator (bench/run.sh, 10k pages). It backs
/// its heap with huge pages where the kernel offers them (see .cargo/config.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = cli::run(<cli::Cli as clap::Parser>::parse());
    ExitCode::from(code)
}
