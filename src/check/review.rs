//! Review dates: explainers never reviewed, or reviewed longer ago than the site allows,
//! listed oldest first; explainers whose newest source is old (the story may have moved
//! on), and cited sources without a date to tell.

use jiff::civil::Date;

use crate::config::Config;
use crate::diag::{Diagnostic, Location, SourceText};
use crate::model::{PageKind, Site};

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// Warnings for explainers due for review on `today`, oldest (or never reviewed) first.
pub(crate) fn overdue_reviews(site: &Site, config: &Config, today: Date) -> Vec<Diagnostic> {
    if !config.site.check.review {
        return Vec::new();
    }
    let limit = config.site.review_after_days;
    let mut due: Vec<(Option<Date>, &std::path::Path)> = site
        .explainers()
        .filter_map(|page| {
            let reviewed = page.doc.front.reviewed.map(|d| d.day);
            let overdue = reviewed.is_none_or(|day| days_between(day, today) > limit);
            overdue.then_some((reviewed, page.doc.file.as_path()))
        })
        .collect();
    due.sort();
    due.into_iter()
        .map(|(reviewed, file)| match reviewed {
            None => Diagnostic::warning("review-due", Location::file(file), "never reviewed")
                .with_help("check every fact, then add `reviewed: YYYY-MM-DD` to the front matter"),
            Some(day) => Diagnostic::warning(
                "review-due",
                Location::file(file),
                format!("last reviewed {day}, more than {limit} days ago"),
            )
            .with_help("check every fact again, then update `reviewed:`"),
        })
        .collect()
}

/// Warnings for explainers (not `evergreen`) whose newest cited source is older than
/// `[check] stale_source_days` on `today`, naming that source; and one for each cited
/// source that has no `date`, at its declaration.
pub(crate) fn stale_sources(site: &Site, config: &Config, today: Date) -> Vec<Diagnostic> {
    let limit = config.site.check.stale_source_days;
    let mut newest: Vec<Option<(Date, &str)>> = vec![None; site.pages.len()];
    let mut undated = Vec::new();
    for source in site.sources.iter().filter(|s| !s.cited_by.is_empty()) {
        let Some(day) = source.decl.date.as_ref().and_then(|d| d.latest_day()) else {
            undated.push(source);
            continue;
        };
        for &page in &source.cited_by {
            if newest[page].is_none_or(|(known, _)| day > known) {
                newest[page] = Some((day, source.decl.id.as_str()));
            }
        }
    }
    let mut warnings = Vec::new();
    for (page, newest) in site.pages.iter().zip(newest) {
        let Some((day, id)) =
            newest.filter(|_| page.place.kind == PageKind::Explainer && !page.doc.front.evergreen)
        else {
            continue;
        };
        if days_between(day, today) > limit {
            warnings.push(
                Diagnostic::warning(
                    "stale-sources",
                    Location::file(&page.doc.file),
                    format!("the newest source cited, `{id}`, is of {day}, more than {limit} days ago"),
                )
                .with_help("look for later developments and cite them; a page on a statute or a treaty may say `evergreen: true`"),
            );
        }
    }
    // Undated sources are often declared in one file (`_sources.yaml`): read each once.
    let mut texts: std::collections::HashMap<&std::path::Path, String> = std::collections::HashMap::new();
    for source in undated {
        let text = texts.entry(source.declared_in.as_path()).or_insert_with(|| {
            std::fs::read_to_string(config.root.join(&source.declared_in)).unwrap_or_default()
        });
        let at = (text.match_indices(source.decl.id.as_str()))
            .find(|(i, _)| text[..*i].trim_end().ends_with("id:"))
            .map(|(i, _)| i);
        let location = match at {
            Some(offset) => Location::at(&source.declared_in, &SourceText::new(text.as_str()), offset),
            None => Location::file(&source.declared_in),
        };
        warnings.push(
            Diagnostic::warning("undated-source", location, format!("source `{}` has no date", source.decl.id))
                .with_help("add `date: YYYY-MM-DD` (or YYYY-MM, YYYY): when it was published, or for a law when it was last amended"),
        );
    }
    warnings
}
