//! Review dates: explainers never reviewed, or reviewed longer ago than the site allows,
//! listed oldest first.

use jiff::civil::Date;

use crate::config::Config;
use crate::diag::{Diagnostic, Location};
use crate::model::Site;

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// Warnings for explainers due for review on `today`, oldest (or never reviewed) first.
pub fn overdue_reviews(site: &Site, config: &Config, today: Date) -> Vec<Diagnostic> {
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
