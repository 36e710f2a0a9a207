// Accessibility check of a built edition of the book.
//
// Usage: node build_tools/accessibility.mjs HTML_DIR [HTML_DIR ...] [--json REPORT.json]
//
// Serves each HTML_DIR (an edition of the book) on a loopback port, opens every page in Chromium (the system's
// /usr/bin/chromium, or $CHROMIUM) in the theme's light and dark modes, waits for
// MathJax to typeset, opens every collapsed block, and runs axe-core's rules (every
// rule axe enables by default: WCAG 2.x A and AA, among them alt text and colour
// contrast, and best practices such as heading order), plus one of its own: an
// image's alt text must not be its file name, which is what Sphinx writes when a
// figure was given none, nor empty in a figure. It prints the violations by
// rule, page and element, the theme's markup included (build_tools/accessible_markup.py
// mends what the theme and myst-nb write), and one total over every edition and mode.
// The browser may reach the local server only: any other request a page makes
// while loading (a script, style or font from outside) is blocked and reported.
// Elements whose colour contrast axe cannot decide (text over an image) are listed
// to be reviewed by eye. Exits 1 when the total is above zero or on any external request.

import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join, relative, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BROWSER_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const MODES = ["light", "dark"];
// A page that only redirects (the root index.html) is checked as its target.
const REDIRECT = /^\s*<meta http-equiv="refresh"[^>]*>\s*$/i;
const SKIP_FOLDERS = new Set(["_static", "_sources", "_images", "reports"]);
const TYPES = {
  ".html": "text/html", ".css": "text/css", ".js": "text/javascript",
  ".mjs": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml",
  ".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon",
  ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
  ".txt": "text/plain", ".ipynb": "application/json", ".md": "text/plain",
};

function usage(message) {
  console.error(message);
  console.error("usage: node build_tools/accessibility.mjs HTML_DIR [HTML_DIR ...] [--json REPORT.json]");
  process.exit(2);
}

function parseArguments(argv) {
  const options = { sites: [], json: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--json") {
      options.json = argv[i + 1] ?? usage("--json needs a file name");
      i += 1;
    } else {
      options.sites.push(resolve(argv[i]));
    }
  }
  if (options.sites.length === 0) usage("no HTML_DIR given");
  return options;
}

function htmlPages(folder, root = folder) {
  const pages = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (!(folder === root && SKIP_FOLDERS.has(name))) pages.push(...htmlPages(path, root));
    } else if (name.endsWith(".html") && !REDIRECT.test(readFileSync(path, "utf8"))) {
      pages.push(relative(root, path).split(sep).join("/"));
    }
  }
  return pages;
}

function serve(site) {
  const server = createServer((request, response) => {
    const path = resolve(site, "." + decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (!path.startsWith(site) || !statSync(path, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
    response.end(readFileSync(path));
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

async function checkPage(context, origin, page, mode, external) {
  const tab = await context.newPage();
  await tab.addInitScript((theme) => {
    localStorage.setItem("mode", theme);
    localStorage.setItem("theme", theme);
  }, mode);
  await tab.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    if (!external.some((e) => e.page === page && e.url === url)) external.push({ page, url });
    return route.abort();
  });
  await tab.goto(`${origin}/${page}`, { waitUntil: "load" });
  await tab.evaluate(async () => {
    if (window.MathJax?.startup?.promise) await window.MathJax.startup.promise;
  });
  // Open every collapsed block (solutions, hidden code, sidebar sections) so that
  // their content is checked too; the controls that open them stay in the page.
  await tab.evaluate(() => {
    document.querySelectorAll("button.toggle-button[aria-expanded='false']").forEach((b) => b.click());
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
  });
  // Let the blocks finish fading in: mid-transition, text is nearly the colour of
  // its background and axe reports contrast failures that no reader sees.
  await tab.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const finite = document.getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    const settled = Promise.all(finite.map((a) => a.finished.catch(() => null)));
    // an animation that never settles (a paused one) must not stall the check
    await Promise.race([settled, new Promise((done) => setTimeout(done, 3000))]);
  });
  await tab.evaluate(AXE_SOURCE);
  const results = await tab.evaluate(async () => {
    const found = await window.axe.run(document, { resultTypes: ["violations", "incomplete"] });
    // elements whose contrast axe could not decide (text over an image, say)
    const review = found.incomplete.filter((v) => v.id === "color-contrast");
    return [...found.violations.map((v) => [v, false]), ...review.map((v) => [v, true])].flatMap(
      ([v, toReview]) => v.nodes.map((n) => ({
        rule: v.id, impact: v.impact, help: v.help, toReview,
        target: n.target.join(" "), html: n.html, summary: n.failureSummary,
      })),
    );
  });
  // axe accepts any alt; Sphinx writes the image's path there when none was given,
  // and an empty alt hides a figure from screen readers.
  const altless = await tab.evaluate(() => [...document.querySelectorAll("img")]
    .filter((img) => {
      const alt = (img.getAttribute("alt") ?? "").trim();
      const file = (img.getAttribute("src") ?? "").split(/[?#]/)[0].split("/").pop();
      return (alt === "" && img.closest("figure")) || (file !== "" && alt.endsWith(file));
    })
    .map((img) => ({
      rule: "figure-alt-text", impact: "critical", toReview: false,
      help: "Figures must have alt text of their own, not empty nor their file name",
      target: `img[src="${img.getAttribute("src")}"]`, html: img.outerHTML.slice(0, 200),
      summary: "Give the alt text in the cell's mystnb: image: alt: metadata",
    })));
  results.push(...altless);
  await tab.close();
  return results.map((r) => ({ page, mode, ...r }));
}

async function checkSite(browser, site) {
  if (!statSync(join(site, "index.html"), { throwIfNoEntry: false })) {
    console.error(`no built site at ${site}`);
    process.exit(1);
  }
  const pages = htmlPages(site);
  const server = await serve(site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const found = [];
  const external = [];
  try {
    for (const mode of MODES) {
      // Tall enough to show the whole sidebar: axe cannot judge the contrast of
      // links scrolled under the fold.
      const context = await browser.newContext({ colorScheme: mode, viewport: { width: 1200, height: 2400 } });
      for (const page of pages) found.push(...(await checkPage(context, origin, page, mode, external)));
      await context.close();
    }
  } finally {
    server.close();
  }
  const violations = found.filter((r) => !r.toReview);
  report(`Violations in ${site}`, violations, (r) => `${r.page} (${r.mode}): ${r.target}`);
  for (const { page, url } of external) console.log(`external request from ${page}: ${url}`);
  for (const r of found.filter((r) => r.toReview)) {
    console.log(`contrast to review by eye: ${r.page} (${r.mode}) ${r.target}`);
  }
  console.log(`${site}: ${violations.length} elements in violation, ${external.length} external ` +
    `requests, ${pages.length} pages x ${MODES.length} colour modes`);
  return { site, pages: pages.length, violations, external, found };
}

async function main() {
  const { sites, json } = parseArguments(process.argv.slice(2));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: BROWSER_FLAGS,
  });
  const checked = [];
  try {
    for (const site of sites) checked.push(await checkSite(browser, site));
  } finally {
    await browser.close();
  }
  const total = checked.reduce((n, c) => n + c.violations.length, 0);
  const external = checked.reduce((n, c) => n + c.external.length, 0);
  const failed = total > 0 || external > 0;
  console.log(
    `accessibility check ${failed ? "FAILED" : "passed"}: ${total} violations in total ` +
      `(${MODES.join(" and ")} modes, ${checked.length} editions, ` +
      `${checked.reduce((n, c) => n + c.pages, 0)} pages each mode), ${external} external requests`,
  );
  if (json) writeFileSync(json, JSON.stringify(checked, null, 2));
  process.exit(failed ? 1 : 0);
}

function report(title, records, detail) {
  if (records.length === 0) return;
  console.log(`${title}:`);
  const rules = [...new Set(records.map((r) => r.rule))].sort();
  for (const rule of rules) {
    const of = records.filter((r) => r.rule === rule);
    console.log(`  ${rule} [${of[0].impact}] ${of[0].help}: ${of.length} elements`);
    const lines = new Map();
    for (const r of of) lines.set(detail(r), (lines.get(detail(r)) ?? 0) + 1);
    for (const [line, count] of lines) console.log(`      ${line}${count > 1 ? ` (x${count})` : ""}`);
  }
}

await main();
