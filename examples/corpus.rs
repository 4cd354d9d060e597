//! Writes a synthetic explainer corpus for benchmarks: `cargo run --release --example
//! corpus -- --pages 10000 --out /tmp/corpus-10k`. Each page has front matter (title,
//! date, summary, three Zipf-distributed tags of 200), 4–6 KB of Markdown with headings,
//! a list, a table, a blockquote, footnotes and three `@/` links. Deterministic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const WORDS: &[&str] = &[
    "war",
    "powers",
    "resolution",
    "congress",
    "president",
    "hostilities",
    "notification",
    "consent",
    "sovereignty",
    "charter",
    "article",
    "council",
    "security",
    "cartel",
    "fentanyl",
    "overdose",
    "border",
    "port",
    "entry",
    "treaty",
    "statute",
    "authorization",
    "military",
    "force",
    "self",
    "defense",
    "state",
    "territory",
    "cooperation",
    "extradition",
    "homicide",
    "data",
    "provisional",
    "estimate",
    "report",
    "agency",
    "federal",
    "mexico",
    "united",
    "nations",
    "law",
    "policy",
    "court",
    "precedent",
    "strike",
    "vessel",
    "maritime",
    "interdiction",
    "supply",
    "precursor",
    "chemical",
    "trafficking",
    "network",
    "evidence",
    "source",
    "figure",
    "decline",
    "increase",
    "annual",
    "monthly",
    "national",
    "regional",
];
const SECTIONS: usize = 10;
const TAGS: usize = 200;

/// xorshift64*: small, fast and reproducible; quality is ample for filler text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let count = rng.between(lo, hi);
    let mut words: Vec<String> = (0..count).map(|_| rng.word().to_string()).collect();
    let i = rng.below(count);
    words[i] = format!("*{}*", words[i]);
    if rng.unit() < 0.3 {
        let j = rng.below(count);
        words[j] = format!("`{}`", words[j].trim_matches('*'));
    }
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text + "."
}

fn paragraph(rng: &mut Rng) -> String {
    let count = rng.between(3, 6);
    (0..count)
        .map(|_| sentence(rng, 8, 18))
        .collect::<Vec<_>>()
        .join(" ")
}

fn tags(rng: &mut Rng) -> Vec<String> {
    let mut chosen = std::collections::BTreeSet::new();
    while chosen.len() < 3 {
        let skewed = (TAGS as f64 * rng.unit().powf(2.5)) as usize;
        chosen.insert(skewed.min(TAGS - 1));
    }
    chosen.into_iter().map(|t| format!("topic-{t:03}")).collect()
}

fn page_path(i: usize) -> String {
    format!("s{}/p{i:06}.md", i % SECTIONS)
}

fn page(rng: &mut Rng, i: usize, pages: usize) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "---\ntitle: \"Explainer {i}: {} {}\"\ndate: 2025-{:02}-{:02}\nsummary: \"{}\"\ntags: [{}]\n---\n\n{}\n\n",
        rng.word(),
        rng.word(),
        1 + (i / 28) % 12,
        1 + i % 28,
        sentence(rng, 8, 14),
        tags(rng).join(", "),
        paragraph(rng)
    );
    let targets: Vec<usize> = (0..3).map(|_| rng.below(pages)).collect();
    for part in 0..rng.between(3, 4) {
        let _ = write!(
            out,
            "## Part {}: {} {}\n\n{}\n\n### Detail {}.1\n\n{}\n\n",
            part + 1,
            rng.word(),
            rng.word(),
            paragraph(rng),
            part + 1,
            paragraph(rng)
        );
        if part == 0 {
            for _ in 0..4 {
                let _ = writeln!(out, "- {}", sentence(rng, 4, 8));
            }
            out.push_str("\n| Year | Figure | Note |\n|---:|---:|---|\n");
            for year in 0..6 {
                let figure = rng.between(1000, 99_999);
                let _ = writeln!(
                    out,
                    "| {} | {},{:03} | {} |",
                    2015 + year,
                    figure / 1000,
                    figure % 1000,
                    rng.word()
                );
            }
            out.push('\n');
        }
        if part == 1 {
            let _ = write!(
                out,
                "> {}\n\n{} See the note.[^1]\n\n",
                sentence(rng, 8, 18),
                paragraph(rng)
            );
        }
        if let Some(&target) = targets.get(part) {
            let _ = write!(
                out,
                "Related reading: [page {target}](@/{}).\n\n",
                page_path(target)
            );
        }
    }
    let _ = writeln!(out, "[^1]: {}", sentence(rng, 6, 10));
    out
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let pages: usize = value("--pages").and_then(|p| p.parse().ok()).unwrap_or(1000);
    let out = PathBuf::from(value("--out").unwrap_or_else(|| format!("/tmp/corpus-{pages}")));
    let mut rng = Rng(value("--seed").and_then(|s| s.parse().ok()).unwrap_or(1) | 1);
    write(
        &out.join("site.toml"),
        "title = \"Benchmark knowledge base\"\nbase_url = \"https://example.org/\"\n\n[check]\nunsourced_figures = false\n",
    )?;
    write(
        &out.join("content/_index.md"),
        "---\ntitle: Home\n---\n\nBenchmark home.\n",
    )?;
    for s in 0..SECTIONS {
        write(
            &out.join(format!("content/s{s}/_index.md")),
            &format!("---\ntitle: Section {s}\n---\n\nSection {s}.\n"),
        )?;
    }
    for i in 0..pages {
        write(&out.join("content").join(page_path(i)), &page(&mut rng, i, pages))?;
    }
    println!("wrote {pages} pages to {}", out.display());
    Ok(())
}
