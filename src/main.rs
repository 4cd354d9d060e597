//! The `briefing` command line: parse arguments, run a command, print diagnostics, exit
//! with 0 (success), 1 (content errors) or 2 (usage, configuration or I/O errors).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = cli::run(<cli::Cli as clap::Parser>::parse());
    ExitCode::from(code)
}
