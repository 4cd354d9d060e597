//! The Markdown stage with link, wikilink and citation rewriting: never panics, and
//! every recorded offset points inside the body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let rendered = briefing::markdown::render(body, Default::default(), None);
    for link in &rendered.links {
        assert!(link.offset <= body.len());
    }
    for citation in &rendered.citations {
        assert!(citation.offset <= body.len());
    }
});
