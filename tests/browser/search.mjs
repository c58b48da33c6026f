#!/usr/bin/env node
// Site search in real Chromium (README, "Search"; tests/browser/README.md).
//
//   node tests/browser/search.mjs SITE_DIR [--base-path /dangjian/] [--recall SPEC.json] [--bytes 文化,送戏下乡]
//
// --recall: every query of the spec must return each page it lists (by URL path below the base
// path), the `first` page ranked first, and `none` queries nothing. --bytes: for each query, a
// fresh browser opens /search/?q=… and the bytes of every response are summed (what a visitor
// downloads for a first query: page, CSS, scripts, wasm, metadata, index chunks, fragments).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-extensions'];

const args = process.argv.slice(2);
const opt = { site: null, basePath: '/', recall: null, bytes: [], chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium', limit: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--base-path') opt.basePath = args[++i];
  else if (a === '--recall') opt.recall = args[++i];
  else if (a === '--bytes') opt.bytes = args[++i].split(',').filter(Boolean);
  else if (a === '--bytes-limit') opt.limit = Number(args[++i]);
  else if (a === '--chromium') opt.chromium = args[++i];
  else if (!opt.site) opt.site = path.resolve(a);
  else { console.error(`unknown argument ${a}`); process.exit(2); }
}
if (!opt.site || !fs.existsSync(opt.site)) { console.error('usage: search.mjs SITE_DIR [--base-path P] [--recall SPEC] [--bytes q1,q2]'); process.exit(2); }
if (!opt.basePath.endsWith('/')) opt.basePath += '/';

// The header the README gives administrators (section "Search"); the recall run is served with
// it, and any violation fails.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-CuyK5wA1PH4Li9TKFE0KJIxvYoWkGtZnHVsE8lukFWw='; "
  + "worker-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
  + "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

function serve(root, basePath) {
  const server = http.createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!p.startsWith(basePath)) { res.writeHead(404); return res.end(); }
    let file = path.join(root, p.slice(basePath.length));
    try { if ((await fsp.stat(file)).isDirectory()) file = path.join(file, 'index.html'); } catch { /* 404 below */ }
    try {
      const body = await fsp.readFile(file);
      const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }[path.extname(file)] || 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Content-Security-Policy': CSP });
      res.end(body);
    } catch { res.writeHead(404); res.end('not found'); }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const failures = [];
const fail = (where, msg) => failures.push(`${where}: ${msg}`);

// Open /search/?q=… in `page` and wait for the status line to give a result.
async function query(page, origin, q) {
  await page.goto(`${origin}${opt.basePath}search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status');
    return s && /找到|没有找到|出错/.test(s.textContent) && !/正在/.test(s.textContent);
  }, null, { timeout: 30000 });
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    urls: [...document.querySelectorAll('#search-results a')].map((a) => new URL(a.href).pathname),
  }));
}

async function main() {
  const server = await serve(opt.site, opt.basePath);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: opt.chromium, args: FLAGS, chromiumSandbox: false });
  if (opt.recall) {
    const spec = JSON.parse(fs.readFileSync(opt.recall, 'utf8'));
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    page.on('pageerror', (e) => fail('page error', e.message));
    page.on('console', (m) => { if (m.type() === 'error') fail('console', m.text()); });
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
    for (const c of spec.queries) {
      const r = await query(page, origin, c.q);
      if (/出错/.test(r.status)) fail(c.q, r.status);
      const got = r.urls.map((u) => u.slice(opt.basePath.length - 1));
      for (const want of c.expect || []) if (!got.includes(want)) fail(`“${c.q}”`, `${want} missing from ${JSON.stringify(got)}`);
      const top = got.slice(0, (c.titled || []).length);
      for (const t of c.titled || []) if (!top.includes(t)) fail(`“${c.q}”`, `${t} (title hit) should rank in the first ${top.length}, got ${JSON.stringify(got)}`);
      if (c.none && got.length) fail(`“${c.q}”`, `should find nothing, found ${JSON.stringify(got)}`);
      if (c.none && !/没有找到/.test(r.status)) fail(`“${c.q}”`, `status says ${r.status}`);
      console.log(`${JSON.stringify(c.q)}: ${got.length} result(s)${got.length ? `, first ${got[0]}` : ''}`);
    }
    // The query is in the address: back returns to the previous query's results.
    const a = spec.queries.find((c) => c.titled), b = spec.queries.find((c) => c !== a && c.titled);
    if (a && b) {
      await query(page, origin, a.q);
      await page.fill('#search-q', b.q);
      await page.press('#search-q', 'Enter');
      await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, b.q);
      await page.waitForFunction((f) => [...document.querySelectorAll('#search-results a')].some((x) => x.pathname.endsWith(f)), b.titled[0]);
      await page.goBack();
      await page.waitForFunction((f) => [...document.querySelectorAll('#search-results a')].some((x) => x.pathname.endsWith(f)), a.titled[0], { timeout: 10000 })
        .catch(() => fail('back button', `did not return to the results of “${a.q}”`));
    }
    await ctx.close();
  }
  for (const q of opt.bytes) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const sizes = [];
    const pending = [];
    const onResponse = (r) => pending.push(r.body().then((b) => sizes.push({ u: new URL(r.url()).pathname, n: b.length })).catch(() => {}));
    page.on('response', onResponse);
    // The worker's requests (index chunks, fragments) are the context's, not the page's.
    ctx.on('response', (r) => { if (!r.frame || r.request().serviceWorker) onResponse(r); });
    const r = await query(page, origin, q);
    await page.waitForTimeout(500);
    await Promise.all(pending);
    const seen = new Map();
    for (const s of sizes) seen.set(s.u, s.n);
    const total = [...seen.values()].reduce((x, y) => x + y, 0);
    const by = (re) => [...seen].filter(([u]) => re.test(u)).reduce((x, [, n]) => x + n, 0);
    console.log(`bytes “${q}”: ${total} in ${seen.size} responses (index chunks ${by(/\.pf_index$/)}, metadata ${by(/\.pf_meta$|entry\.json$/)}, fragments ${by(/\.pf_fragment$/)}, filters ${by(/\.pf_filter$/)}); ${r.status}`);
    if (opt.limit && total > opt.limit) fail(`bytes “${q}”`, `${total} > ${opt.limit}`);
    await ctx.close();
  }
  await browser.close();
  server.close();
  if (failures.length) {
    console.log(`\n${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('OK: search checks passed');
}
main().catch((e) => { console.error(e); process.exit(1); });
