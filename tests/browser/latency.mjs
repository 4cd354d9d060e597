// Save → new text visible in headless Chromium, against `briefing serve` on any site:
//
//   node tests/browser/latency.mjs SITE_ROOT content/PAGE.md /PAGE/URL/ [RUNS]
//
// Appends a paragraph to the page's Markdown RUNS times (default 9), each time timing
// from the write to the paragraph being on screen, and prints the median. The file is
// restored afterwards. BRIEFING_BIN picks the binary (default target/release/briefing).
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [root, pagePath, url, runsArg] = process.argv.slice(2);
if (!root || !pagePath || !url) {
  console.error("usage: node tests/browser/latency.mjs SITE_ROOT content/PAGE.md /PAGE/URL/ [RUNS]");
  process.exit(2);
}
const runs = Number(runsArg ?? 9);
const binary = process.env.BRIEFING_BIN ?? join(repo, "target/release/briefing");

const server = spawn(binary, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "ignore"] });
const origin = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("serve did not start within 60 s")), 60000);
  server.stdout.on("data", (chunk) => {
    const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(chunk.toString());
    if (match) { clearTimeout(timer); resolve(`http://127.0.0.1:${match[1]}`); }
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const file = join(root, pagePath);
const original = readFileSync(file, "utf8");
try {
  const page = await browser.newPage();
  await page.goto(`${origin}${url}`);
  const latencies = [];
  for (let i = 1; i <= runs; i++) {
    await page.waitForTimeout(500);
    const marker = `Added paragraph number ${i}.`;
    const started = performance.now();
    writeFileSync(file, `${original}\n${marker}\n`);
    await page.getByText(marker).waitFor({ timeout: 10000 });
    latencies.push(Math.round(performance.now() - started));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`save -> new text visible: median ${sorted[Math.floor(runs / 2)]} ms; runs ${latencies.join(" ")}`);
} finally {
  writeFileSync(file, original);
  await browser.close();
  server.kill();
}
