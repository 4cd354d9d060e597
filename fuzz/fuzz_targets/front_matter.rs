//! Front matter split + typed parse: never panics, and every reported position lies
//! inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(split) = briefing::load::split(text) {
        assert!(split.yaml.end <= text.len() && split.body_start <= text.len());
    }
    let rule = briefing::load::UnknownKeys::Error;
    match briefing::load::read_front_matter(text, std::path::Path::new("x.md"), rule) {
        Ok(read) => assert!(read.body_start <= text.len()),
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                let rendered = diagnostic.render_human(false);
                assert!(rendered.starts_with("x.md"), "{rendered}");
            }
        }
    }
});
