#!/usr/bin/env node
// Run axe-core (WCAG 2.1 A/AA and best practice) on HTML pages in headless Chromium.
//
//   node tests/a11y/axe.js PAGE.html [PAGE.html ...]
//
// Prints JSON: [{page, violations: [{id, impact, help, nodes: [{target, html, summary}]}]}].
// Exit 0 when it ran (whatever it found), 2 on a usage or launch error.
// CHROMIUM (default /usr/bin/chromium) names the browser; nothing is downloaded.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const puppeteer = require('puppeteer-core');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function main(pages) {
  if (!pages.length) {
    console.error('usage: node axe.js PAGE.html [PAGE.html ...]');
    process.exit(2);
  }
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, // --headless=new is passed explicitly below
    args: ARGS,
  });
  const report = [];
  try {
    for (const file of pages) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
      await page.evaluate(axeSource);
      const result = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary })),
        }));
      }, TAGS);
      report.push({ page: path.basename(file), violations: result });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`axe.js: ${err && err.stack ? err.stack : err}`);
  process.exit(2);
});
