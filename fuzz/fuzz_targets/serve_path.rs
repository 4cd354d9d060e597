//! The preview server's path resolver: whatever the request path, a file it resolves to
//! stays inside the site (no `..`, no absolute path, no backslash or NUL), and a
//! redirect stays on this host (browsers drop tabs and newlines, so `/\t/x` counts as
//! `//x`).
#![no_main]

use briefing::serve::{Target, resolve};
use libfuzzer_sys::fuzz_target;

fn inside(path: &str) -> bool {
    !path.contains(['\\', '\0']) && path.split('/').all(|s| s != ".." && s != ".")
}

fuzz_target!(|url: &str| {
    match resolve(url, |_| true) {
        Target::File(file) => assert!(!file.starts_with('/') && inside(&file), "{url:?} → {file:?}"),
        Target::Redirect(location) => {
            let seen: String = location.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
            assert!(seen.starts_with('/') && !seen.starts_with("//"), "{url:?} → {location:?}");
            assert!(inside(&location), "{url:?} → {location:?}");
        }
        Target::NotFound | Target::BadRequest => {}
    }
});
