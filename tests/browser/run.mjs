// Browser quality gates for briefing, run by .ci/run after the bundled site is built:
//   1. W3C Nu HTML checker on every page of public/ (zero errors)
//   2. axe-core in headless Chromium on every page (zero violations), pages readable
//      without JavaScript, screenshots at 1280 and 375 px
//   3. live reload end to end against `briefing serve` on a fixture copy
// Without Chromium the tests skip, except when CI=true, where that is a failure.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const site = join(repo, "public");
const binary = process.env.BRIEFING_BIN ?? join(repo, "target/debug/briefing");
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const failures = [];
const fail = (message) => { failures.push(message); console.error(`FAIL ${message}`); };

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

function nuChecker() {
  const jar = join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const result = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", "--format", "gnu", site], { encoding: "utf8" });
  if (result.status !== 0) fail(`Nu HTML checker:\n${result.stderr}${result.stdout}`);
  else console.log(`ok   Nu HTML checker: ${htmlFiles(site).length} pages, 0 errors`);
}

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".txt": "text/plain", ".json": "application/json", ".svg": "image/svg+xml", ".js": "text/javascript" };

// Serves `root` at `prefix` (a static host's sub-path, as GitHub Pages serves a project).
function staticServer(root, prefix = "/") {
  return new Promise((resolveServer) => {
    const server = createServer((request, response) => {
      let path = decodeURIComponent(new URL(request.url, "http://x").pathname);
      if (!path.startsWith(prefix)) { response.writeHead(404).end(); return; }
      let file = join(root, path.slice(prefix.length - 1));
      if (!file.startsWith(root)) { response.writeHead(400).end(); return; }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
      if (!existsSync(file)) { response.writeHead(404, { "content-type": types[".html"] }).end(readFileSync(join(root, "404.html"))); return; }
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () => resolveServer(server));
  });
}

async function accessibility(browser) {
  const server = await staticServer(site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
  const page = await browser.newPage();
  let checked = 0;
  for (const file of htmlFiles(site)) {
    const path = "/" + relative(site, file).replace(/index\.html$/, "");
    await page.goto(origin + path);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
    for (const v of violations) fail(`axe ${path}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    checked += 1;
  }
  console.log(`ok   axe-core: ${checked} pages checked`);
  const shots = join(here, "screenshots");
  mkdirSync(shots, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path] of [["home", "/"], ["explainer", "/us-law/war-powers-resolution/"], ["tag", "/tags/fentanyl/"]]) {
      await page.goto(origin + path);
      await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: false });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      if (overflow) fail(`${path} scrolls sideways at ${width}px`);
    }
  }
  await layout(page, origin);
  await previews(page, origin);
  await graph(page, origin);
  await search(page, origin);
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(origin + "/us-law/war-powers-resolution/");
  const visible = await plain.locator("main h1").isVisible() && await plain.locator(".references li").first().isVisible();
  if (!visible) fail("the explainer is not readable with JavaScript off");
  await noScript.close();
  server.close();
}

// The reader's first screen on a phone, line length, the footer of a short page, and no
// request that fails (a missing favicon shows in every console).
async function layout(page, origin) {
  const failed = [];
  page.on("response", (response) => { if (response.status() >= 400) failed.push(response.url()); });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`${origin}/us-law/war-powers-resolution/`);
  const header = await page.locator(".site-header").first().boundingBox();
  if (!header || header.height > 120) fail(`the header takes ${header?.height} px of a 375 px phone (at most 120)`);
  else console.log(`ok   header at 375 px: ${Math.round(header.height)} px`);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${origin}/drugs/overdose-death-statistics/`);
    const chart = page.locator(".chart").first();
    await chart.scrollIntoViewIfNeeded();
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll(".chart-svg text")].map((t) => t.getBoundingClientRect().height)));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (smallest < 10 || wide) fail(`chart at 375 px (${scheme}): smallest label ${smallest.toFixed(1)} px high${wide ? ", page scrolls sideways" : ""}`);
    else console.log(`ok   chart at 375 px (${scheme}): labels at least ${smallest.toFixed(1)} px high, no sideways scroll`);
    await chart.screenshot({ path: join(here, "screenshots", `chart-375-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${origin}/us-law/war-powers-resolution/`);
  const perLine = await page.evaluate(() => {
    const p = [...document.querySelectorAll(".prose p")].find((e) => e.textContent.length > 400);
    const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
    return p.textContent.length / lines;
  });
  if (perLine < 55 || perLine > 80) fail(`explainer prose runs ${perLine.toFixed(0)} characters a line at 1280 px (60–75 wanted)`);
  else console.log(`ok   line length at 1280 px: ${perLine.toFixed(0)} characters`);
  await page.goto(`${origin}/404.html`);
  const footer = await page.evaluate(() => document.querySelector(".site-footer")?.getBoundingClientRect().bottom ?? 0);
  if (Math.abs(footer - 800) > 2) fail(`the footer of a short page ends at ${footer} px, not at the bottom (800)`);
  else console.log("ok   the footer of a short page sits at the bottom");
  if (failed.length) fail(`requests that failed: ${failed.join(", ")}`);
}

// Hover previews of internal links: shown on hover and focus, nothing moves, tiny script.
async function previews(page, origin) {
  const bytes = statSync(join(site, "previews.js")).size;
  if (bytes > 3072) fail(`previews.js is ${bytes} bytes (at most 3 KB)`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${origin}/us-law/war-powers-resolution/`);
  const link = page.locator(".prose a[href^='/us-law/'], .prose a[href^='/international-law/']").first();
  const href = await link.getAttribute("href");
  const before = await page.evaluate(() => [document.documentElement.scrollHeight, document.querySelector(".prose p:last-of-type").getBoundingClientRect().top + scrollY]);
  await link.hover();
  const box = page.locator("#link-preview");
  await box.waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
  const text = (await box.isVisible()) ? await box.innerText() : "";
  const title = await page.evaluate(async (h) => (await (await fetch("/previews.json")).json())[h]?.title, href);
  const after = await page.evaluate(() => [document.documentElement.scrollHeight, document.querySelector(".prose p:last-of-type").getBoundingClientRect().top + scrollY]);
  if (!title || !text.includes(title) || !text.includes("min read")) fail(`hovering ${href} shows “${text}”, not its title “${title}”`);
  else if (before.join() !== after.join()) fail(`a preview moved the page: ${before} -> ${after}`);
  else console.log(`ok   link preview on hover: “${title}”, nothing moves, previews.js ${bytes} bytes`);
  await page.mouse.move(0, 0);
  await page.locator(".skip-link").focus();
  await link.focus();
  const focused = await box.isVisible() && (await link.getAttribute("aria-describedby")) === "link-preview";
  await page.keyboard.press("Escape");
  const gone = !(await box.isVisible());
  if (!focused || !gone) fail(`link preview by keyboard: shown on focus ${focused}, gone on Escape ${gone}`);
  else console.log("ok   link preview on keyboard focus, described by it, gone on Escape");
}

// The graph picture: every label inside it, none over another, at least 12 px on a phone
// and a desktop, every node a link reachable by keyboard; screenshots light and dark.
async function graph(page, origin) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${origin}/graph/`);
      await page.screenshot({ path: join(here, "screenshots", `graph-${scheme}-${width}.png`), fullPage: true });
    }
    const found = await page.evaluate(() => {
      const svg = document.querySelector("svg.graph");
      const view = svg.viewBox.baseVal;
      const scale = svg.getBoundingClientRect().width / view.width;
      const texts = [...svg.querySelectorAll("text")];
      const outside = texts.filter((t) => {
        const b = t.getBBox();
        return b.x < view.x || b.y < view.y || b.x + b.width > view.x + view.width || b.y + b.height > view.y + view.height;
      }).map((t) => t.textContent);
      const boxes = texts.map((t) => t.getBoundingClientRect());
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(`${texts[i].textContent} / ${texts[j].textContent}`);
      }
      const smallest = Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
      const unlinked = texts.filter((t) => !t.closest("a[href]")).length;
      const link = svg.querySelector("a[href]");
      link.focus();
      return { count: texts.length, outside, overlaps, smallest, unlinked, focusable: document.activeElement === link };
    });
    const problems = [];
    if (found.outside.length) problems.push(`${found.outside.length} labels outside the picture (${found.outside.slice(0, 3).join("; ")})`);
    if (found.overlaps.length) problems.push(`${found.overlaps.length} overlapping label pairs (${found.overlaps.slice(0, 3).join("; ")})`);
    if (found.smallest < 12) problems.push(`labels at ${found.smallest.toFixed(1)} px`);
    if (found.unlinked) problems.push(`${found.unlinked} nodes are not links`);
    if (!found.focusable) problems.push("a node link cannot take keyboard focus");
    if (found.count === 0) problems.push("no labels drawn");
    if (problems.length) fail(`graph at ${width} px: ${problems.join(", ")}`);
    else console.log(`ok   graph at ${width} px: ${found.count} labels inside the picture, none overlapping, at least ${found.smallest.toFixed(1)} px, each a link`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function search(page, origin) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${origin}/search/?q=chadha`);
  const first = page.locator(".pagefind-ui__result-link").first();
  await first.waitFor({ timeout: 10000 });
  const title = await first.innerText();
  if (!title.includes("War Powers Resolution")) fail(`search for "chadha": first result is "${title}"`);
  else console.log(`ok   search: "chadha" finds "${title}" first`);
  await page.goto(`${origin}/search/`);
  await page.locator(".pagefind-ui__search-input").fill("cartel");
  await page.locator(".pagefind-ui__result-link").first().waitFor({ timeout: 10000 });
  const resultCount = async () => Number((await page.locator(".pagefind-ui__message").innerText()).match(/\d+/)?.[0] ?? -1);
  await page.waitForTimeout(500);
  const unfiltered = await resultCount();
  const option = page.locator(".pagefind-ui__filter-checkbox").and(page.getByLabel(/^Mexico/));
  if (!(await option.isVisible())) await page.locator(".pagefind-ui__filter-name").first().click();
  await option.check();
  let filtered = unfiltered;
  for (let waited = 0; waited < 5000 && filtered === unfiltered; waited += 100) {
    await page.waitForTimeout(100);
    filtered = await resultCount();
  }
  const titles = await page.locator(".pagefind-ui__result-link").allInnerTexts();
  if (!(filtered > 0 && filtered < unfiltered)) fail(`tag filter did not narrow results (${unfiltered} -> ${filtered})`);
  else console.log(`ok   search filter by tag "Mexico": ${unfiltered} -> ${filtered} results (${titles.slice(0, 3).join("; ")})`);
  await page.screenshot({ path: join(here, "screenshots", "search-1280.png") });
  await searchLooksLikeTheSite(page, origin);
  const nojs = await page.context().browser().newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(`${origin}/search/`);
  if (!(await plain.getByText("needs JavaScript").isVisible())) fail("search page without JavaScript does not explain itself");
  await nojs.close();
}

// Results in the site's type, one search box, no empty boxes, excerpts from the body.
async function searchLooksLikeTheSite(page, origin) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${origin}/search/?q=hostilities`);
    await page.locator(".pagefind-ui__result-excerpt").first().waitFor({ timeout: 10000 });
    const look = await page.evaluate(() => {
      const excerpt = document.querySelector(".pagefind-ui__result-excerpt");
      const body = document.querySelector(".prose, main p") ?? document.body;
      const visible = (e) => e.offsetParent !== null;
      return {
        excerptPx: parseFloat(getComputedStyle(excerpt).fontSize),
        bodyPx: parseFloat(getComputedStyle(body).fontSize),
        excerptFont: getComputedStyle(excerpt).fontFamily,
        bodyFont: getComputedStyle(document.body).fontFamily,
        boxes: [...document.querySelectorAll("input[type=search], input.pagefind-ui__search-input")].filter(visible).length,
        bordered: [...document.querySelectorAll("#search fieldset")].filter((e) => parseFloat(getComputedStyle(e).borderTopWidth) > 0).length,
        thumbs: document.querySelectorAll(".pagefind-ui__result-thumb").length,
        excerpts: [...document.querySelectorAll(".pagefind-ui__result-excerpt")].map((e) => e.textContent).join(" | "),
      };
    });
    const problems = [];
    if (look.excerptPx !== look.bodyPx) problems.push(`excerpts at ${look.excerptPx} px, body text at ${look.bodyPx} px`);
    if (look.excerptFont !== look.bodyFont) problems.push(`excerpts in ${look.excerptFont}, not the site's ${look.bodyFont}`);
    if (look.boxes !== 1) problems.push(`${look.boxes} search boxes`);
    if (look.bordered) problems.push(`${look.bordered} bordered filter boxes`);
    if (look.thumbs) problems.push(`${look.thumbs} empty image gutters`);
    if (/min read|reviewed|Summary:/.test(look.excerpts)) problems.push(`excerpts quote the page's chrome: ${look.excerpts.slice(0, 200)}`);
    if (problems.length) fail(`search at ${width} px: ${problems.join("; ")}`);
    else console.log(`ok   search at ${width} px: ${look.excerptPx} px excerpts in the site's font, one box, no empty boxes`);
    await page.screenshot({ path: join(here, "screenshots", `search-${width}.png`) });
  }
  // The tag filter by keyboard alone: Tab from the search box to it, open it, tick a tag.
  await page.locator(".pagefind-ui__search-input").focus();
  const reached = async (selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
  let presses = 0;
  while (!(await reached(".pagefind-ui__filter-name")) && presses++ < 10) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  while (!(await reached(".pagefind-ui__filter-checkbox")) && presses++ < 20) await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  const ticked = await page.evaluate(() => document.activeElement?.matches(".pagefind-ui__filter-checkbox:checked") ?? false);
  if (!ticked) fail(`the tag filter cannot be used by keyboard (${presses} Tab presses)`);
  else console.log(`ok   tag filter by keyboard: ${presses} Tab presses to a ticked tag`);
}

// A title and body text that spell out HTML come back from search as text; and a site
// split into several indexes (two pages each here) is searched as one.
async function searchEscapes(browser) {
  const root = mkdtempSync(join(tmpdir(), "briefing-hostile-"));
  cpSync(join(repo, "tests/fixtures/basic"), root, { recursive: true });
  const toml = join(root, "site.toml");
  writeFileSync(toml, readFileSync(toml, "utf8").replace("enabled = false", "enabled = true\npages_per_index = 2"));
  for (const n of [1, 2, 3]) {
    writeFileSync(join(root, `content/law/zebra-${n}.md`), `---\ntitle: Zebra ${n}\nsummary: Another page.\ndate: 2024-01-0${n}\n---\n\nThe zebrafish again, page ${n}.\n`);
  }
  writeFileSync(join(root, "content/law/hostile.md"), [
    "---",
    'title: "Hostile <img src=x onerror=window.pwned=1> title"',
    "summary: A page whose text spells out markup.",
    "date: 2024-01-01",
    "---",
    "",
    "Body text naming &lt;img src=x onerror=window.pwned=2&gt; beside the zebrafish.",
    "",
  ].join("\n"));
  const built = spawnSync(binary, ["build", "--quiet", "--root", root, "--output", join(root, "site")], { encoding: "utf8" });
  if (built.status !== 0) { fail(`build of the hostile fixture: ${built.stderr}`); return; }
  const server = await staticServer(join(root, "site"), "/kb/");
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/kb/search/?q=zebrafish`);
    await page.locator(".pagefind-ui__result-excerpt").first().waitFor({ timeout: 10000 });
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => ({
      pwned: window.pwned ?? null,
      images: document.querySelectorAll("#search img").length,
      title: [...document.querySelectorAll(".pagefind-ui__result-link")].map((a) => a.textContent).find((t) => t.includes("Hostile")) ?? "",
      excerpt: [...document.querySelectorAll(".pagefind-ui__result-excerpt")].map((e) => e.textContent).find((t) => t.includes("onerror")) ?? "",
      results: document.querySelectorAll(".pagefind-ui__result").length,
    }));
    if (seen.pwned !== null || seen.images || !seen.title.includes("<img") || !seen.excerpt.includes("<img")) fail(`search results run markup from a page: ${JSON.stringify(seen)}`);
    else console.log("ok   search shows markup in a title and body as text");
    const shards = readdirSync(join(root, "site/pagefind")).filter((name) => name.startsWith("shard-")).length;
    if (shards < 1 || seen.results !== 4) fail(`a site in ${shards + 1} indexes: "zebrafish" gives ${seen.results} results, not 4`);
    else console.log(`ok   search merges ${shards + 1} indexes: "zebrafish" finds all 4 pages`);
    await page.close();
  } finally {
    server.close();
  }
}

// The bundled site built for a project URL: a search result leads to its page, not to
// the base path twice.
// Highlighted code on a fixture page: axe's colour contrast in light and dark, no
// sideways scroll of the page at 375 px (the block scrolls), Nu clean; screenshots.
async function highlightedCode(browser) {
  const root = mkdtempSync(join(tmpdir(), "briefing-code-"));
  cpSync(join(repo, "tests/fixtures/basic"), root, { recursive: true });
  writeFileSync(join(root, "content/law/code.md"), [
    "---", "title: Settings as code", "summary: A page with highlighted code.", "date: 2024-01-01", "---", "",
    "```toml", "# The site's address", 'base_url = "https://example.org/kb/"', "[search]", "enabled = true", "count = 60", "```", "",
    "```rust", "fn days_left(reported: u32) -> u32 { 60u32.saturating_sub(reported) } // the clock", "```", "",
    "```yaml", "title: \"War powers\"", "tags: [congress]  # a list", "```", "",
  ].join("\n"));
  const out = join(root, "site");
  const built = spawnSync(binary, ["build", "--quiet", "--root", root, "--output", out], { encoding: "utf8" });
  if (built.status !== 0) { fail(`build of the code fixture: ${built.stderr}`); return; }
  const jar = join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const nu = spawnSync("java", ["-jar", jar, "--errors-only", join(out, "law/code/index.html")], { encoding: "utf8" });
  if (nu.status !== 0) fail(`Nu on highlighted code:\n${nu.stderr}`);
  // The fixture's base_url is under /kb/.
  const server = await staticServer(out, "/kb/");
  const origin = `http://127.0.0.1:${server.address().port}/kb`;
  const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${origin}/law/code/`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
      const spans = await page.locator("pre.highlight span[class^='hl-']").count();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      await page.locator("pre.highlight").first().screenshot({ path: join(here, "screenshots", `code-375-${scheme}.png`) });
      if (violations.length || !spans || wide) fail(`highlighted code (${scheme}): ${spans} spans, ${violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`).join("; ")}${wide ? ", page scrolls sideways" : ""}`);
      else console.log(`ok   highlighted code (${scheme}): ${spans} coloured spans, 0 axe violations, no sideways scroll`);
    }
    await page.close();
  } finally {
    server.close();
  }
}

async function searchUnderSubPath(browser) {
  const out = mkdtempSync(join(tmpdir(), "briefing-subpath-"));
  const built = spawnSync(binary, ["build", "--quiet", "--root", repo, "--output", join(out, "site"), "--base-url", "https://example.github.io/briefing/"], { encoding: "utf8" });
  if (built.status !== 0) { fail(`build under /briefing/: ${built.stderr}`); return; }
  const server = await staticServer(join(out, "site"), "/briefing/");
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/briefing/search/?q=chadha`);
    const first = page.locator(".pagefind-ui__result-link").first();
    await first.waitFor({ timeout: 10000 });
    await first.click();
    await page.waitForLoadState();
    const path = new URL(page.url()).pathname;
    const heading = await page.locator("main h1").innerText();
    if (path !== "/briefing/us-law/war-powers-resolution/" || !heading.includes("War Powers Resolution")) fail(`search result under /briefing/ leads to ${path} (“${heading}”)`);
    else console.log(`ok   search under /briefing/: the first result opens ${path}`);
    await page.close();
  } finally {
    server.close();
  }
}

function startServe(root) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(binary, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "ignore"] });
    const timer = setTimeout(() => reject(new Error("serve did not start")), 20000);
    // Served under the path of the site's base URL (/kb/ for the fixture), as users preview.
    child.stdout.on("data", (chunk) => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)(\/[^ ]*?)\/? /.exec(chunk.toString());
      if (match) { clearTimeout(timer); resolveStart({ child, origin: `http://127.0.0.1:${match[1]}${match[2].replace(/\/$/, "")}` }); }
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function liveReload(browser) {
  const root = mkdtempSync(join(tmpdir(), "briefing-e2e-"));
  cpSync(join(repo, "tests/fixtures/basic"), root, { recursive: true });
  cpSync(join(repo, "themes/default"), join(root, "themes/default"), { recursive: true });
  const { child, origin } = await startServe(root);
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/law/aumf/`);
    const file = join(root, "content/law/aumf.md");
    const original = readFileSync(file, "utf8");
    const latencies = [];
    for (let i = 1; i <= 5; i++) {
      await page.waitForTimeout(300);
      const marker = `Fresh sentence number ${i}.`;
      const started = Date.now();
      writeFileSync(file, original.replace("An AUMF stops", `${marker} An AUMF stops`));
      await page.getByText(marker).waitFor({ timeout: 10000 });
      latencies.push(Date.now() - started);
    }
    console.log(`ok   live reload: new text visible after save, median ${median(latencies)} ms (${latencies.join(", ")})`);
    // A paragraph added at the end changes nothing other pages show: the one-page path.
    const added = [];
    for (let i = 1; i <= 3; i++) {
      await page.waitForTimeout(300);
      const marker = `Added closing paragraph ${i}.`;
      const started = Date.now();
      writeFileSync(file, `${original}\n${marker}\n`);
      await page.getByText(marker).waitFor({ timeout: 10000 });
      added.push(Date.now() - started);
    }
    console.log(`ok   live reload of a text-only edit: median ${median(added)} ms (${added.join(", ")})`);
    const broke = Date.now();
    writeFileSync(file, original.replace("title: Authorizations", "title: [Authorizations"));
    const overlay = page.locator("#briefing-error");
    await overlay.waitFor({ state: "visible", timeout: 10000 });
    const text = await overlay.innerText();
    if (!text.includes("content/law/aumf.md:2:8")) fail(`overlay lacks the position: ${text}`);
    console.log(`ok   error overlay shown ${Date.now() - broke} ms after a broken save`);
    writeFileSync(file, original);
    await overlay.waitFor({ state: "detached", timeout: 10000 });
    console.log("ok   overlay gone after the fix");
  } finally {
    child.kill();
  }
}

if (!existsSync(browserPath)) {
  if (process.env.CI === "true") { console.error(`FAIL no Chromium at ${browserPath} (required when CI=true)`); process.exit(1); }
  console.log(`skip browser tests: no Chromium at ${browserPath}`);
  process.exit(0);
}
if (!existsSync(join(site, "index.html"))) { console.error("FAIL build the site first: public/ is empty"); process.exit(1); }

nuChecker();
const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  await accessibility(browser);
  await searchUnderSubPath(browser);
  await searchEscapes(browser);
  await highlightedCode(browser);
  await liveReload(browser);
} catch (error) {
  fail(String(error?.stack ?? error));
} finally {
  await browser.close();
}
if (failures.length) { console.error(`${failures.length} browser check(s) failed`); process.exit(1); }
console.log("browser checks passed");
