//! `briefing` turns a folder of Markdown explainers into a cross-linked static site.
//!
//! The pipeline, one module per stage, each handing the next an owned value:
//!
//! ```text
//! config::Config::load   site.toml            -> Config
//! load::load             content/             -> Vec<Document>      (front matter parsed)
//! markdown::render       each body, once      -> Rendered           (HTML with link slots)
//! model::build           all of the above     -> Site               (URLs, tags, links, sources)
//! render::Renderer       Site + templates     -> Output, page by page, in parallel
//! write::Staging         each Output          -> a staging folder, swapped in atomically
//! ```
//!
//! Content problems are collected as [`diag::Diagnostic`]s and reported together; only
//! configuration and I/O failures stop a stage early.

#![warn(unreachable_pub, missing_docs)]
mod build;
mod charts;
mod check;
pub mod config;
pub mod diag;
mod glossary;
mod hash;
mod incremental;
pub mod load;
pub mod markdown;
mod model;
mod paths;
mod render;
pub mod scaffold;
mod search;
pub mod serve;
mod theme;
mod write;

pub use build::{BuildError, BuildOptions, BuildReport, build, check};
