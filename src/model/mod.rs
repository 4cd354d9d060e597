//! The model: every explainer placed at a URL and tied into the site's graph (sections,
//! tags, resolved links, backlinks, related explainers, sources). Built once from the
//! parsed documents; immutable afterwards.

mod assemble;
mod bylines;
mod charts;
mod claims;
mod graph;
mod ids;
mod index;
mod parsed;
mod related;
mod resolve;
mod site;
mod sources;
mod tags;
mod timeline;
mod urls;
mod written;

pub(crate) use assemble::{Input, build};
pub(crate) use bylines::{Author, AuthorId, Correction};
pub(crate) use charts::Chart;
pub(crate) use claims::Claim;
pub(crate) use graph::PageGraph;
pub(crate) use ids::PageId;
pub(crate) use parsed::{Body, Parsed};
pub(crate) use related::{RelatedMemo, RelatedReuse};
pub(crate) use site::{Page, PageKind, Placement, Site, StaticFile};
pub(crate) use sources::{Source, SourceId};
pub(crate) use tags::{Tag, TagId};
pub(crate) use timeline::Event;
