// Headless-Chromium check: loads the built page, crates/ssj/assets/verify.html (file://), with the demo's files,
// reads the verdict from the page, and does the same for a copy with a company
// swapped. Screenshots: /tmp/shots/verify-ok.png, /tmp/shots/verify-swapped.png.
//   node web/verify/check-page.mjs   (needs `npm install` here and /usr/bin/chromium)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const demo = (f) => `${here}fixtures/demo/${f}`;
const shots = '/tmp/shots';
mkdirSync(shots, { recursive: true });

function swappedPlan() {
  const request = JSON.parse(readFileSync(demo('request.json'), 'utf8'));
  const plan = JSON.parse(readFileSync(demo('plan.json'), 'utf8'));
  const drawn = new Set(plan.tasks.map((t) => t.object));
  const t = plan.tasks.find((x) => x.covers.length === 1 && x.visit.kind === 'own');
  const cat = request.registry.objects.find((o) => o.id === t.object).category;
  const other = request.registry.objects.find((o) => o.jurisdiction === t.unit && !drawn.has(o.id) && o.category === cat && o.status === 'active');
  const was = t.object;
  t.object = other.id; t.object_name = other.name;
  const path = '/tmp/shots/plan-swapped.json';
  writeFileSync(path, JSON.stringify(plan));
  return { path, was, now: other.id, name: other.name };
}

async function verdictFor(browser, files, { lang = 'zh', head, query, shot }) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(`file://${here}../../crates/ssj/assets/verify.html${lang === 'en' ? '?lang=en' : ''}`);
  for (const [slot, path] of Object.entries(files)) await (await page.$(`#f-${slot}`)).uploadFile(path);
  if (head) await page.type('#head', head);
  await page.waitForFunction(() => !document.querySelector('#go').disabled);
  const t0 = Date.now();
  await page.click('#go');
  await page.waitForSelector('#verdict[data-verdict]', { timeout: 60000 });
  const ms = Date.now() - t0;
  if (query) { await page.type('#q', query); await page.waitForSelector('#company h2'); }
  const verdict = await page.$eval('#verdict', (el) => ({ state: el.dataset.verdict, text: el.innerText }));
  const diffs = await page.$$eval('#diffs li', (els) => els.map((e) => e.innerText));
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  await page.close();
  return { ...verdict, diffs, ms };
}

const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--allow-file-access-from-files'] });
let failed = false;
try {
  const head = readFileSync(demo('head.txt'), 'utf8').trim();
  const ok = await verdictFor(browser, { request: demo('request.json'), plan: demo('plan.json'), log: demo('log.json') },
    { head, query: 'CJ-CJS-00037', shot: `${shots}/verify-ok.png` });
  console.log(`demo: ${ok.state} (${ok.ms} ms in the page): ${ok.text.split('\n')[0]}`);
  if (ok.state !== 'verified') { failed = true; console.log(ok.diffs.join('\n')); }

  const sw = swappedPlan();
  const bad = await verdictFor(browser, { request: demo('request.json'), plan: sw.path },
    { query: sw.now, shot: `${shots}/verify-swapped.png` });
  console.log(`swapped ${sw.was} → ${sw.now}: ${bad.state}: ${bad.text.split('\n')[0]}`);
  for (const d of bad.diffs) console.log('  ' + d);
  if (bad.state !== 'differs' || !bad.diffs.some((d) => d.includes(sw.now)) || !bad.diffs.some((d) => d.includes(sw.was))) failed = true;

  const en = await verdictFor(browser, { request: demo('request.json'), plan: demo('draw-record.json') }, { lang: 'en', shot: `${shots}/verify-record-en.png` });
  console.log(`draw record (en): ${en.state}: ${en.text.split('\n')[0]}`);
  if (en.state !== 'verified') failed = true;
  // Speed of a county of 10,000 objects (a request and plan made with ssj, outside the fixtures): BIG_DIR=/tmp/big
  if (process.env.BIG_DIR) {
    const big = await verdictFor(browser, { request: `${process.env.BIG_DIR}/request.json`, plan: `${process.env.BIG_DIR}/plan.json` }, {});
    console.log(`${process.env.BIG_DIR}: ${big.state} in ${big.ms} ms in the page`);
    if (big.state !== 'verified') failed = true;
  }
} finally {
  await browser.close();
}
console.log(failed ? 'FAILED' : 'page check OK');
process.exitCode = failed ? 1 : 0;
