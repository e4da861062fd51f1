// Run pa11y (HTML_CodeSniffer, WCAG 2 AA) on each URL given, in Debian's chromium, at each width given; print
// one JSON list of {url, width, issues} on stdout. Used by tests/test_quality.py; needs NODE_PATH set to
// .ci/node_modules (bash .ci/setup --test installs pa11y there).
//   node tests/pa11y_run.js CHROMIUM WIDTHS URL...     e.g. WIDTHS 1280,375
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const [chromium, widths, ...urls] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  const out = [];
  try {
    for (const width of widths.split(",").map(Number)) {
      for (const url of urls) {
        const result = await pa11y(url, {
          browser, standard: "WCAG2AA", runners: ["htmlcs"], includeWarnings: false, includeNotices: false,
          viewport: {width, height: width < 600 ? 812 : 800}, timeout: 30000,
        });
        out.push({url, width, issues: result.issues.filter((i) => i.type === "error")});
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(2); });
