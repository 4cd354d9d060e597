import { chromium } from "playwright-core";
const [base, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const p of paths) for (const w of [375, 1280]) {
  const page = await browser.newPage({ viewport: { width: w, height: 900 } });
  await page.goto(base + p.split("#")[0]);
  if (p.includes("#")) await page.evaluate((id) => document.getElementById(id)?.scrollIntoView(), p.split("#")[1]);
  await page.waitForTimeout(300);
  const name = p.replace(/[\/#]+/g, "_").replace(/^_|_$/g, "") || "home";
  await page.screenshot({ path: `${out}/${name}-${w}.png` });
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  console.log(name, w, scroll ? "HORIZONTAL SCROLL" : "ok");
  await page.close();
}
await browser.close();
