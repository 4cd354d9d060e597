//! The `/sources/` page's views: every source with the pages citing it, grouped by kind
//! and sorted in the site language's collation order.

use serde::Serialize;

use super::{PageRef, Views};
use crate::load::{SourceDecl, SourceKind};

/// A source on the `/sources/` page, with the explainers citing it.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct SourceView<'a> {
    #[serde(flatten)]
    pub source: &'a SourceDecl,
    pub cited_by: Vec<PageRef<'a>>,
}

impl<'a> Views<'a> {
    pub(crate) fn source_list(&self) -> Vec<SourceView<'_>> {
        let mut list: Vec<SourceView<'_>> = self
            .site
            .sources
            .iter()
            .map(|s| SourceView {
                source: &s.decl,
                cited_by: s.cited_by.iter().map(|&p| self.page_ref(p)).collect(),
            })
            .collect();
        let collator = title_collator(&self.config.site.language);
        list.sort_by(|a, b| {
            (collator.compare(&a.source.title, &b.source.title)).then_with(|| a.source.id.cmp(&b.source.id))
        });
        list
    }

    /// The sources by kind (laws, treaties, data, reports, news, statements, other), each
    /// group in title order, empty groups left out: what `/sources/` lists.
    pub(crate) fn source_groups(&self) -> Vec<SourceGroup<'_>> {
        let mut groups: Vec<SourceGroup<'_>> = SOURCE_GROUPS
            .iter()
            .map(|&(kind, id, heading)| SourceGroup {
                kind,
                id,
                heading,
                sources: Vec::new(),
            })
            .collect();
        for source in self.source_list() {
            if let Some(group) = groups.iter_mut().find(|g| g.kind == source.source.kind) {
                group.sources.push(source);
            }
        }
        groups.retain(|g| !g.sources.is_empty());
        groups
    }
}

/// Each kind of source, its anchor on `/sources/` and its heading, in page order.
const SOURCE_GROUPS: [(SourceKind, &str, &str); 7] = [
    (SourceKind::Law, "laws", "Laws"),
    (SourceKind::Treaty, "treaties", "Treaties"),
    (SourceKind::Data, "data", "Data"),
    (SourceKind::Report, "reports", "Reports"),
    (SourceKind::News, "news", "News"),
    (SourceKind::Statement, "statements", "Statements"),
    (SourceKind::Other, "other", "Other sources"),
];

/// The sources of one kind on `/sources/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct SourceGroup<'a> {
    #[serde(skip)]
    kind: SourceKind,
    /// Its anchor (`#laws`).
    pub id: &'static str,
    pub heading: &'static str,
    pub sources: Vec<SourceView<'a>>,
}

/// Titles compared as a reader of the site's language expects (ICU4X's collation: accents
/// and a leading `¿` do not send a title to the end, punctuation is passed over, and
/// `3 killed` comes before `18 killed`).
fn title_collator(language: &str) -> icu_collator::CollatorBorrowed<'static> {
    use icu_collator::options::{AlternateHandling, CollatorOptions};
    use icu_collator::preferences::CollationNumericOrdering;
    let locale: Option<icu_locale_core::Locale> = language.parse().ok();
    let mut prefs = locale
        .as_ref()
        .map(icu_collator::CollatorPreferences::from)
        .unwrap_or_default();
    prefs.numeric_ordering = Some(CollationNumericOrdering::True);
    // Punctuation and spaces count last ("shifted"): `[Filter article…]` files under F.
    let mut options = CollatorOptions::default();
    options.alternate_handling = Some(AlternateHandling::Shifted);
    icu_collator::Collator::try_new(prefs, options)
        .or_else(|_| icu_collator::Collator::try_new(Default::default(), options))
        .expect("the root collation is compiled in")
}
