//! `check --external`: every `http(s)` link in content and every source URL, fetched with
//! a concurrency limit, timeouts and retries. Successes are cached on disk for a day in
//! `.briefing-cache/external-links.json`, so CI does not hammer the same hosts each run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::diag::{Diagnostic, Location};
use crate::model::Site;

/// How many requests run at once, how long one may take, and how often a failure is retried.
pub(crate) struct Limits {
    pub concurrency: usize,
    pub timeout: Duration,
    pub retries: u32,
    /// How long a success is trusted before the URL is checked again.
    pub cache_for: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 8,
            timeout: Duration::from_secs(10),
            retries: 2,
            cache_for: Duration::from_secs(24 * 3600),
        }
    }
}

/// Where a URL is used, for the diagnostic.
struct Use {
    location: Location,
}

/// Checks all external URLs of the site; `cache_dir` holds the cache file.
pub(crate) fn check_external(site: &Site, cache_dir: &Path, limits: &Limits) -> Vec<Diagnostic> {
    let uses = collect_uses(site);
    let cache_file = cache_dir.join("external-links.json");
    let mut cache = read_cache(&cache_file);
    let now = unix_now();
    let fresh = |url: &str| {
        cache
            .get(url)
            .is_some_and(|&at| now.saturating_sub(at) < limits.cache_for.as_secs())
    };
    let todo: Vec<&String> = uses.keys().filter(|url| !fresh(url)).collect();
    let failures = fetch_all(&todo, limits);
    for url in todo.iter().filter(|url| !failures.contains_key(url.as_str())) {
        cache.insert((*url).clone(), now);
    }
    write_cache(&cache_file, &cache);
    let mut diagnostics = Vec::new();
    for (url, problem) in failures {
        for place in &uses[&url] {
            diagnostics.push(
                Diagnostic::error("broken-external-link", place.location.clone(), format!("external link `{url}` failed: {problem}"))
                    .with_help("fix or replace the URL; an archived copy (e.g. web.archive.org) is better than a dead link"),
            );
        }
    }
    diagnostics
}

fn collect_uses(site: &Site) -> BTreeMap<String, Vec<Use>> {
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for page in &site.pages {
        if page.body.external.is_empty() {
            continue;
        }
        let locator = page.doc.locator();
        for (url, offset) in &page.body.external {
            let location = locator.at(*offset);
            uses.entry(url.clone()).or_default().push(Use { location });
        }
    }
    for source in &site.sources {
        if let Some(url) = source.decl.url.as_ref().filter(|u| u.starts_with("http")) {
            uses.entry(url.clone()).or_default().push(Use {
                location: Location::file(&source.declared_in),
            });
        }
    }
    uses
}

/// Fetches URLs with at most `concurrency` at once; returns the failures.
fn fetch_all(urls: &[&String], limits: &Limits) -> HashMap<String, String> {
    let queue = Mutex::new(urls.iter().map(|u| u.to_string()).collect::<Vec<_>>());
    let failures = Mutex::new(HashMap::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .user_agent("briefing link checker")
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..limits.concurrency.max(1) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                    let Some(url) = next else { break };
                    if let Err(problem) = fetch_with_retries(&agent, &url, limits.retries)
                        && let Ok(mut failed) = failures.lock()
                    {
                        failed.insert(url, problem);
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap_or_default()
}

fn fetch_with_retries(agent: &ureq::Agent, url: &str, retries: u32) -> Result<(), String> {
    let mut last = String::new();
    for attempt in 0..=retries {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
        }
        match fetch(agent, url) {
            Ok(()) => return Ok(()),
            Err((problem, retry)) => {
                last = problem;
                if !retry {
                    break;
                }
            }
        }
    }
    Err(last)
}

/// One attempt: HEAD, then GET for servers that refuse HEAD. The flag says whether a
/// retry could help (timeouts, connection errors, 5xx, 429).
fn fetch(agent: &ureq::Agent, url: &str) -> Result<(), (String, bool)> {
    let status = |result: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match result {
        Ok(response) => Ok(response.status().as_u16()),
        Err(err) => Err((err.to_string(), true)),
    };
    let mut code = status(agent.head(url).call())?;
    if matches!(code, 403 | 405 | 501) {
        code = status(agent.get(url).call())?;
    }
    match code {
        200..=399 => Ok(()),
        429 | 500..=599 => Err((format!("HTTP {code}"), true)),
        _ => Err((format!("HTTP {code}"), false)),
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn read_cache(file: &PathBuf) -> BTreeMap<String, u64> {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn write_cache(file: &PathBuf, cache: &BTreeMap<String, u64>) {
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = serde_json::to_string_pretty(cache) {
        let _ = std::fs::write(file, text);
    }
}
