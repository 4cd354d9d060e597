//! Front matter split + typed parse: never panics, and every reported position lies
//! inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(split) = briefing::load::split(text) {
        assert!(split.yaml.end <= text.len() && split.body_start <= text.len());
    }
    if let Err(diagnostic) = briefing::load::parse_front_matter(text, std::path::Path::new("x.md")) {
        let rendered = diagnostic.render_human(false);
        assert!(rendered.starts_with("x.md"), "{rendered}");
    }
});
