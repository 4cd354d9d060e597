//! Command-line arguments (clap derive) and how each command reports to the terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use briefing::config::Overrides;
use briefing::diag::{self, Diagnostic, display_path};
use briefing::{BuildError, BuildOptions, scaffold};

/// A line on stdout. A reader that went away (`briefing check --format json | head`)
/// ends nothing but the output: the exit code still says how the run went.
macro_rules! out {
    ($($line:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($line)*);
    }};
}

/// A line on stderr, written like `out!`.
macro_rules! err {
    ($($line:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($line)*);
    }};
}

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version,
    about = "Build cross-linked explainer knowledge bases"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Write here instead of site.toml's output_dir (may be outside the site).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Skip the search index for this build.
        #[arg(long)]
        no_search: bool,
    },
    /// Run every validation of a build without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Also fetch every external link and source URL (cached for a day in
        /// .briefing-cache/).
        #[arg(long)]
        external: bool,
    },
    /// Preview the site with live reload (on 127.0.0.1 unless --bind says otherwise).
    Serve {
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// First port to try; the next nine are tried if it is taken (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage of every rebuild took.
        #[arg(long)]
        timings: bool,
        /// Serve under this path instead of base_url's (`/` for the server's root).
        #[arg(long)]
        base_path: Option<String>,
    },
    /// Create a minimal site that builds.
    Init { dir: PathBuf },
    /// Create a new explainer with its front matter filled in.
    New {
        /// Path of the new file, e.g. content/us-law/new-explainer.md
        path: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct SiteArgs {
    /// The site folder (holding site.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override site.toml's base_url, e.g. for a preview deploy.
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

impl SiteArgs {
    fn options(self, output: Option<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: self.root,
            overrides: Overrides {
                output,
                base_url: self.base_url,
                drafts: self.drafts,
                no_search: false,
            },
        }
    }
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Build {
            site,
            output,
            quiet,
            timings,
            no_search,
        } => {
            let mut options = site.options(output);
            options.overrides.no_search = no_search;
            build(options, quiet, timings)
        }
        Command::Check {
            site,
            format,
            deny_warnings,
            external,
        } => check(site.options(None), format, deny_warnings, external),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            timings,
            base_path,
        } => {
            let options = briefing::serve::ServeOptions {
                root,
                bind,
                port,
                base_path,
                drafts,
                open,
                timings,
            };
            match briefing::serve::serve(options) {
                Ok(()) => 0,
                Err(err) => {
                    err!("error: {err}");
                    2
                }
            }
        }
        Command::Init { dir } => {
            report_scaffold(scaffold::init(&dir).map(|()| format!("Created a site in {}", dir.display())))
        }
        Command::New { path, title, root } => {
            let today = jiff::Zoned::now().date().to_string();
            let made = scaffold::new_explainer(&root, &path, &title, &today);
            report_scaffold(made.map(|p| format!("Created {}", display_path(&p))))
        }
    }
}

fn report_scaffold(result: Result<String, scaffold::ScaffoldError>) -> u8 {
    match result {
        Ok(message) => {
            out!("{message}");
            0
        }
        Err(err) => {
            err!("error: {err}");
            2
        }
    }
}

fn print(diagnostics: &[Diagnostic], format: Format) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match format {
        Format::Json => diagnostics.iter().for_each(|d| out!("{}", d.render_json())),
        Format::Human => {
            (diag::condensed(diagnostics).iter()).for_each(|d| err!("{}\n", d.render_human(colour)));
            if let Some(summary) = diag::summary_by_kind(diagnostics) {
                err!("{summary}");
            }
        }
        Format::Github => (diag::condensed(diagnostics).iter()).for_each(|d| out!("{}", d.render_github())),
    }
}

/// Prints a failed build's diagnostics, its errors first (with `quiet`, only them).
fn report_failure(err: &BuildError, format: Format, quiet: bool) -> u8 {
    match err {
        BuildError::Content(diagnostics) => {
            let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                diagnostics.iter().cloned().partition(Diagnostic::is_error);
            print(&errors, format);
            if !quiet {
                print(&warnings, format);
            }
            match (errors.len(), warnings.len()) {
                (errors, 0) => err!("Build failed: {errors} error(s)."),
                (errors, warnings) => err!("Build failed: {errors} error(s), {warnings} warning(s)."),
            }
        }
        other => err!("error: {other}"),
    }
    err.exit_code() as u8
}

fn build(options: BuildOptions, quiet: bool, timings: bool) -> u8 {
    let started = std::time::Instant::now();
    match briefing::build(&options) {
        Ok(report) => {
            if !quiet {
                print(&report.warnings, Format::Human);
            }
            if timings {
                for lap in &report.timings {
                    err!("{lap}");
                }
            }
            if !quiet {
                let shown = report
                    .output_dir()
                    .strip_prefix(&report.config.root)
                    .unwrap_or(report.output_dir());
                out!(
                    "Built {} pages, {} tags in {} ms → {}/",
                    report.pages,
                    report.tags,
                    started.elapsed().as_millis(),
                    display_path(shown)
                );
            }
            0
        }
        Err(err) => report_failure(&err, Format::Human, quiet),
    }
}

fn check(options: BuildOptions, format: Format, deny_warnings: bool, external: bool) -> u8 {
    match briefing::check(&options, external) {
        Ok(warnings) => {
            print(&warnings, format);
            if matches!(format, Format::Human) {
                err!("Check finished: 0 errors, {} warning(s).", warnings.len());
            }
            u8::from(deny_warnings && !warnings.is_empty())
        }
        Err(err) => report_failure(&err, format, false),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
