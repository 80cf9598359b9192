// A/B of two release builds of the widget: `node bench/ab.mjs <distA> <distB> [pairs]`.
// Each build is served by its own reference server (with its sandbox) on a bare page
// holding the element and nothing else, as scripts/bench.sh's bare widget page; loads
// alternate A, B (and B, A on odd pairs) in fresh contexts, and each load's time to a
// painted, usable list is taken as bench/run.mjs takes it. Prints both medians, the
// median of the per-pair differences (B - A) with p10 and p90, and how often B was
// faster: how a start-up change is judged (issue 23), not a budget.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { startServer, launchBrowser, signIn } from "../tests/e2e/harness.mjs";

const [distA, distB, pairsArg] = process.argv.slice(2);
if (!distA || !distB) throw new Error("usage: node bench/ab.mjs <distA> <distB> [pairs]");
const PAIRS = Number(pairsArg || 41);
const PAINTED = "vital-link-ab:painted";

// Each dist with a bare page: the preview page's preload hints and loader, one element.
function barePages(dist) {
  const out = fs.mkdtempSync(path.join(path.resolve(dist), "..", ".ab-"));
  fs.cpSync(dist, out, { recursive: true });
  const index = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const hints = index.match(/<link rel="?(modulepreload|preload)"?[^>]*>/g) ?? [];
  const loader = index.match(/<script type="?module"? src="?\.\/vital-link\.js[^>]*><\/script>/)?.[0];
  if (!loader) throw new Error(`${dist}/index.html has no loader`);
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ab</title>${hints.join("")}${loader}</head><body><vital-link token-url="/api/link-token" api-base="/"></vital-link></body></html>`;
  fs.writeFileSync(path.join(out, "widget.html"), page);
  fs.writeFileSync(path.join(out, "widget.html.gz"), zlib.gzipSync(page, { level: 9 }));
  fs.writeFileSync(path.join(out, "widget.html.br"), zlib.brotliCompressSync(page));
  return out;
}

// As bench/run.mjs: `vital-link-ready`, then the frame that paints the buttons.
function markPainted(painted) {
  document.addEventListener("vital-link-ready", () => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        window.__painted = performance.now();
        console.log(painted);
      };
      channel.port2.postMessage(null);
    });
  });
}

const pages = [barePages(distA), barePages(distB)];
const servers = [await startServer({ dist: pages[0] }), await startServer({ dist: pages[1] })];
const browser = await launchBrowser();

async function load(server) {
  const context = await browser.newContext();
  await signIn(context, server.base);
  const page = await context.newPage();
  await page.addInitScript(markPainted, PAINTED);
  const painted = page.waitForEvent("console", { predicate: (m) => m.text() === PAINTED, timeout: 30_000 });
  await page.goto(server.base + "/widget.html");
  await painted;
  const ms = await page.evaluate(() => window.__painted);
  await context.close();
  return ms;
}

const stats = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9) };
};

try {
  // One warm-up load each (caches, the servers' first answers), not counted.
  for (const server of servers) await load(server);
  const a = [];
  const b = [];
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2) {
      b.push(await load(servers[1]));
      a.push(await load(servers[0]));
    } else {
      a.push(await load(servers[0]));
      b.push(await load(servers[1]));
    }
  }
  const differences = a.map((ms, i) => b[i] - ms);
  const d = stats(differences);
  const faster = differences.filter((x) => x < 0).length;
  console.log(`A ${distA}: median ${stats(a).median.toFixed(1)} ms to the painted list`);
  console.log(`B ${distB}: median ${stats(b).median.toFixed(1)} ms`);
  console.log(
    `B - A per pair: median ${d.median.toFixed(1)} ms (p10 ${d.p10.toFixed(1)}, p90 ${d.p90.toFixed(1)}); B faster in ${faster} of ${PAIRS}`,
  );
} finally {
  await browser.close();
  for (const server of servers) await server.stop();
  for (const dir of pages) fs.rmSync(dir, { recursive: true, force: true });
}
