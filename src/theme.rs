//! The default theme, compiled into the binary so a site needs no theme folder.

/// One file of the default theme, compiled in.
macro_rules! theme_file {
    ($path:literal) => {
        ($path, include_str!(concat!("../themes/default/", $path)))
    };
}

/// The default theme's files, as shipped in `themes/default/`: used by `init`, and by
/// any site whose `theme = "default"` has no `themes/default/` folder of its own.
pub(crate) const DEFAULT: &[(&str, &str)] = &[
    theme_file!("templates/base.html"),
    theme_file!("templates/index.html"),
    theme_file!("templates/section.html"),
    theme_file!("templates/page.html"),
    theme_file!("templates/tags.html"),
    theme_file!("templates/tag.html"),
    theme_file!("templates/sources.html"),
    theme_file!("templates/timeline.html"),
    theme_file!("templates/claims.html"),
    theme_file!("templates/glossary.html"),
    theme_file!("templates/corrections.html"),
    theme_file!("templates/author.html"),
    theme_file!("templates/graph.html"),
    theme_file!("templates/search.html"),
    theme_file!("templates/404.html"),
    theme_file!("templates/partials/breadcrumbs.html"),
    theme_file!("templates/partials/events.html"),
    theme_file!("templates/partials/claim.html"),
    theme_file!("templates/partials/page-card.html"),
    theme_file!("templates/partials/page-list.html"),
    theme_file!("templates/partials/site-footer.html"),
    theme_file!("templates/partials/site-header.html"),
    theme_file!("templates/partials/social.html"),
    theme_file!("templates/partials/toc.html"),
    theme_file!("static/style.css"),
    theme_file!("static/favicon.svg"),
    theme_file!("static/previews.js"),
];

#[cfg(test)]
mod tests {
    use super::DEFAULT;

    #[test]
    fn the_compiled_in_theme_lists_every_theme_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::diag::display_path(e.path().strip_prefix(&dir).expect("inside")))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = DEFAULT.iter().map(|(path, _)| path.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }
}
