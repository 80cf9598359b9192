// The benchmark: bundle sizes and start-up/interaction timings of the widget, beside a
// minimal Leptos CSR counter built with the same release profile (the floor).
// Prints one table, writes the same figures as JSON, and marks each budget pass/over.
// Run by scripts/bench.sh (which builds both first); not part of the test command.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { startServer, launchBrowser, signIn } from "../tests/e2e/harness.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const LOADS = Number(process.env.BENCH_LOADS || 21);
const REPEATS = Number(process.env.BENCH_REPEATS || 15);
const THROTTLED_LOADS = Number(process.env.BENCH_THROTTLED_LOADS || 5);
// Alternated pairs of the bare widget page and the plain-JS reference (issue 23: at
// least 41, for a steady median of their per-pair ratios).
const PAIRS = Number(process.env.BENCH_PAIRS || 41);
// The bare pages: the element and nothing else.
const BARE = {
  "bare widget": { tag: "vital-link", path: "/widget.html" },
  reference: { tag: "vital-link-reference", path: "/reference.html" },
};

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function sizes(files) {
  const buf = Buffer.concat(files.map((f) => fs.readFileSync(f)));
  return { files: files.map((f) => path.relative(root, f)), raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) };
}

// The JavaScript a page loads: the loader (if any) and the wasm-bindgen glue (the
// release build bundles the widget's own JavaScript into it: scripts/post-build.mjs).
function jsFiles(dist, glue) {
  return ["vital-link.js", glue]
    .map((f) => path.join(dist, f))
    .filter((f) => fs.existsSync(f))
    .sort();
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { n: sorted.length, median: q(0.5), p10: q(0.1), p90: q(0.9), min: sorted[0], max: sorted.at(-1) };
}

// The stylesheet as build.rs minified it for the release build (the newest one).
function minifiedCss() {
  const build = path.join(root, "target/wasm32-unknown-unknown/release/build");
  const found = fs
    .readdirSync(build)
    .map((d) => path.join(build, d, "out/vital-link.css"))
    .filter((f) => fs.existsSync(f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0] ?? path.join(root, "style/vital-link.css");
}

const widgetDist = path.join(root, "dist");
const floorDist = path.join(root, "bench/floor/dist");
const size = {
  widget: {
    wasm: sizes([path.join(widgetDist, "vital-link-widget_bg.wasm")]),
    js: sizes(jsFiles(widgetDist, "vital-link-widget.js")),
    // Compiled into the .wasm, minified (adopted into the shadow root); shown for
    // reference, already counted in the wasm.
    css: sizes([minifiedCss()]),
  },
  floor: {
    wasm: sizes([path.join(floorDist, "leptos-floor_bg.wasm")]),
    js: sizes(jsFiles(floorDist, "leptos-floor.js")),
  },
};
// Fetched only by widgets in that language; not part of the total.
const catalogues = Object.fromEntries(
  ["de", "es", "fr", "it", "pt", "nl", "ja"].map((tag) => [tag, sizes([path.join(widgetDist, `i18n/${tag}.json`)])]),
);
for (const side of Object.values(size)) {
  side.total = ["raw", "gzip", "brotli"].reduce((acc, k) => ({ ...acc, [k]: side.wasm[k] + side.js[k] }), {});
}

// The bare pages of the paired comparison: nothing but the element, as a host page
// would have it (widget.html, with the preview page's preload hints and loader), and
// the plain-JS reference of the same job (reference.html, bench/reference/), with the
// widget's release stylesheet inlined. Both served precompressed, as dist/ is.
const pagesDist = path.join(root, "bench/out/pages");
fs.rmSync(pagesDist, { recursive: true, force: true });
fs.cpSync(widgetDist, pagesDist, { recursive: true });
const element = (tag) => `<${tag} token-url="/api/link-token" api-base="/"></${tag}>`;
const bare = (title, head, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${head}</head><body>${body}</body></html>`;
const index = fs.readFileSync(path.join(widgetDist, "index.html"), "utf8");
const hints = index.match(/<link rel="?(modulepreload|preload)"?[^>]*>/g) ?? [];
const loader = index.match(/<script type="?module"? src="?\.\/vital-link\.js[^>]*><\/script>/)?.[0];
if (!loader || hints.length < 2) throw new Error("dist/index.html lost its loader or preload hints");
const pages = {
  "widget.html": bare("widget", hints.join("") + loader, element("vital-link")),
  "reference.html": bare(
    "reference",
    '<script type="module" src="./vital-link-reference.js"></script>',
    element("vital-link-reference"),
  ),
  "vital-link-reference.js": fs
    .readFileSync(path.join(root, "bench/reference/vital-link-reference.js"), "utf8")
    .replace('"/*VITAL_LINK_CSS*/"', JSON.stringify(fs.readFileSync(minifiedCss(), "utf8"))),
};
for (const [name, text] of Object.entries(pages)) {
  const file = path.join(pagesDist, name);
  fs.writeFileSync(file, text);
  fs.writeFileSync(file + ".gz", zlib.gzipSync(text, { level: 9 }));
  fs.writeFileSync(file + ".br", zlib.brotliCompressSync(text));
}

// The floor's page as trunk wrote it, inline start-up script included: served as a plain
// file, since the server's own page (`/`) carries the demo's strict CSP.
fs.copyFileSync(path.join(floorDist, "index.html"), path.join(floorDist, "floor.html"));

const server = await startServer({});
const pagesServer = await startServer({ dist: pagesDist });
const floorServer = await startServer({ dist: floorDist });
const browser = await launchBrowser(["--enable-precise-memory-info"]);

// Marks when the list is usable: `vital-link-ready`, then the frame that paints its
// buttons. The next animation frame is the rendering update that paints them; a message
// posted from its callback is handled right after that update (the common "after next
// paint" idiom). Two nested frames would also count whatever the page does after the
// paint, such as parsing SVG logos, which does not delay the list.
// The page says so on the console, which the bench waits for: polling with
// waitForFunction would make Playwright parse its injected script on the page's main
// thread (25 ms here) right while the frame being timed is due.
const PAINTED = "vital-link-bench:painted";
function markUsableList([painted, tag = "vital-link"]) {
  window.__bench = {};
  // When the wasm defines the element (it mounts each <vital-link> right after).
  const define = customElements.define.bind(customElements);
  customElements.define = (name, ...rest) => {
    if (name === "vital-link") window.__bench.defined = performance.now();
    return define(name, ...rest);
  };
  document.addEventListener("vital-link-ready", () => {
    window.__bench.ready = performance.now();
    requestAnimationFrame(() => {
      const buttons = document.querySelector(tag).shadowRoot.querySelectorAll("[data-provider]");
      window.__bench.buttons = buttons.length;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        window.__bench.painted = performance.now();
        console.log(painted);
      };
      channel.port2.postMessage(null);
    });
  });
}
const paintedMessage = (page, timeout) => page.waitForEvent("console", { predicate: (m) => m.text() === PAINTED, timeout });

async function widgetLoad() {
  const context = await browser.newContext();
  await signIn(context, server.base); // the demo's session cookie: a signed-in person
  const page = await context.newPage();
  await context.addInitScript(markUsableList, [PAINTED]);
  const painted = paintedMessage(page, 30_000);
  await page.goto(server.base + "/");
  await painted;
  const result = await page.evaluate(() => window.__bench);
  if (!(result.buttons > 0)) throw new Error("the list was painted without provider buttons");
  result.stages = await page.evaluate(startupStages);
  return { page, context, result };
}

// Where one load's start-up went, from what the page can observe without touching the
// widget: Resource Timing (when a request left and its answer was in on the network),
// paint timing, and the marks above. Times in ms after navigation start.
function startupStages() {
  const resource = (pattern) => performance.getEntriesByType("resource").find((e) => pattern.test(e.name));
  const loader = resource(/\/vital-link\.js(\?|$)/);
  const token = resource(/\/api\/link-token/);
  const list = resource(/\/v2\/link\/providers/);
  return {
    "page first paint": performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
    "loader downloaded": loader?.responseEnd,
    "token answered (network)": token?.responseEnd,
    "element defined (wasm ready)": window.__bench.defined,
    "list asked": list?.startTime,
    "list answered (network)": list?.responseEnd,
    "vital-link-ready": window.__bench.ready,
    "list painted": window.__bench.painted,
  };
}

// The floor's first contentful paint, once it has happened.
const firstPaint = () =>
  new Promise((resolve) => {
    const entry = () => performance.getEntriesByName("first-contentful-paint")[0];
    const check = () => (entry() ? resolve(entry().startTime) : requestAnimationFrame(check));
    check();
  });

// Loads the floor in `page` and gives its first contentful paint.
async function floorFirstPaint(page) {
  await page.goto(floorServer.base + "/floor.html");
  await page.locator("#counter").waitFor();
  return page.evaluate(firstPaint);
}

// A phone's view, as Lighthouse's mobile preset has it: the CPU 4x slower and "slow 4G"
// (150 ms round trip, 1.6 Mbps down, 750 kbps up), no cache, through the DevTools
// protocol. Returns the time to the usable list (widget) or first paint (floor) and
// the bytes that crossed the network until then.
async function throttledLoad(which) {
  const context = await browser.newContext();
  if (which !== "floor") await signIn(context, which === "widget" ? server.base : pagesServer.base);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (event) => (bytes += event.encodedDataLength));
  let ms;
  if (which !== "floor") {
    const bare = BARE[which];
    await context.addInitScript(markUsableList, [PAINTED, bare?.tag ?? "vital-link"]);
    const painted = paintedMessage(page, 60_000);
    await page.goto(bare ? pagesServer.base + bare.path : server.base + "/");
    await painted;
    ms = await page.evaluate(() => window.__bench.painted);
  } else {
    ms = await floorFirstPaint(page);
  }
  const transferred = bytes;
  await context.close();
  return { ms, bytes: transferred };
}

// Widget and floor loads alternate, so both sides sample the machine in the same state
// (its speed drifts over a run by more than the difference being measured).
const ready = [];
const painted = [];
const stageTimes = {};
const floorPaint = [];
for (let i = 0; i < LOADS; i++) {
  const { context, result } = await widgetLoad();
  ready.push(result.ready);
  painted.push(result.painted);
  for (const [stage, t] of Object.entries(result.stages)) if (t !== undefined) (stageTimes[stage] ??= []).push(t);
  await context.close();

  const floorContext = await browser.newContext();
  floorPaint.push(await floorFirstPaint(await floorContext.newPage()));
  await floorContext.close();
}

// The paired comparison with the plain-JS reference: each pair loads both bare pages,
// the order swapped from one pair to the next, and the ratio of the two is taken per
// pair (the machine's state moves the two together; a ratio of medians would not).
async function bareLoad(which) {
  const { tag, path: page } = BARE[which];
  const context = await browser.newContext();
  await signIn(context, pagesServer.base);
  const tab = await context.newPage();
  await context.addInitScript(markUsableList, [PAINTED, tag]);
  const painted = paintedMessage(tab, 30_000);
  await tab.goto(pagesServer.base + page);
  await painted;
  const result = await tab.evaluate(() => window.__bench);
  if (!(result.buttons > 0)) throw new Error(`${which}: the list was painted without provider buttons`);
  await context.close();
  return result.painted;
}
const pairs = { widget: [], reference: [], ratio: [] };
for (let i = 0; i < PAIRS; i++) {
  const order = i % 2 ? ["reference", "bare widget"] : ["bare widget", "reference"];
  const t = {};
  for (const which of order) t[which] = await bareLoad(which);
  pairs.widget.push(t["bare widget"]);
  pairs.reference.push(t.reference);
  pairs.ratio.push(t["bare widget"] / t.reference);
}

const throttled = { widget: [], floor: [], "bare widget": [], reference: [] };
for (let i = 0; i < THROTTLED_LOADS; i++) {
  for (const which of ["widget", "floor"]) throttled[which].push(await throttledLoad(which));
  const order = i % 2 ? ["reference", "bare widget"] : ["bare widget", "reference"];
  for (const which of order) throttled[which].push(await throttledLoad(which));
}
const throttledRatio = throttled["bare widget"].map((w, i) => w.ms / throttled.reference[i].ms);

// Interaction and memory, on one page.
const { page, context } = await widgetLoad();
const memory = await page.evaluate(async () => {
  const glue = await import("/vital-link-widget.js");
  const wasm = await glue.default();
  return { jsHeapUsed: performance.memory.usedJSHeapSize, wasmMemory: wasm.memory.buffer.byteLength };
});
const clickToForm = [];
const clickToFrame = [];
for (let i = 0; i < REPEATS; i++) {
  const t = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const root = document.querySelector("vital-link").shadowRoot;
        let shown;
        // Leptos applies the change in a microtask after the click: observe it.
        const observer = new MutationObserver(() => {
          if (shown === undefined && root.querySelector("#vl-username")) shown = performance.now();
        });
        observer.observe(root, { childList: true, subtree: true });
        const t0 = performance.now();
        root.querySelector('[data-provider="renpho"]').click();
        requestAnimationFrame(() => {
          const frame = performance.now();
          observer.disconnect();
          root.querySelector(".vl-back").click();
          resolve({ form: (shown ?? NaN) - t0, frame: frame - t0 });
        });
      }),
  );
  clickToForm.push(t.form);
  clickToFrame.push(t.frame);
  await page.locator('vital-link [data-provider="renpho"]').waitFor();
}
const submitToSuccess = [];
for (let i = 0; i < REPEATS; i++) {
  // A fresh element per run: a success uses its link token up.
  await page.evaluate(() => {
    document.querySelector("vital-link").remove();
    const el = document.createElement("vital-link");
    el.setAttribute("token-url", "/api/link-token");
    el.setAttribute("api-base", "/");
    document.querySelector("main").prepend(el);
  });
  await page.locator('vital-link [data-provider="renpho"]').click();
  await page.locator("vital-link #vl-username").fill("test@example.com");
  await page.locator("vital-link #vl-password").fill("password");
  const t = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const root = document.querySelector("vital-link").shadowRoot;
        const t0 = performance.now();
        new MutationObserver((_, observer) => {
          if (root.querySelector(".vl-connected")) {
            observer.disconnect();
            resolve(performance.now() - t0);
          }
        }).observe(root, { childList: true, subtree: true });
        root.querySelector("form").requestSubmit();
      }),
  );
  submitToSuccess.push(t);
}
await context.close();
await browser.close();
await server.stop();
await pagesServer.stop();
await floorServer.stop();

const timing = {
  navToReady: stats(ready),
  navToListPainted: stats(painted),
  floorFirstPaint: stats(floorPaint),
  // The bare pages, paired: the widget, the plain-JS reference, and the median of the
  // per-pair ratios (widget / reference) with its spread.
  bareWidgetListPainted: stats(pairs.widget),
  referenceListPainted: stats(pairs.reference),
  listPaintedVsReference: stats(pairs.ratio),
  widgetFasterInPairs: pairs.ratio.filter((r) => r < 1).length,
  clickToForm: stats(clickToForm),
  clickToNextFrame: stats(clickToFrame),
  submitToSuccess: stats(submitToSuccess),
  startupStages: Object.fromEntries(Object.entries(stageTimes).map(([stage, t]) => [stage, stats(t)])),
  throttled: {
    widgetUsableList: stats(throttled.widget.map((r) => r.ms)),
    widgetBytes: stats(throttled.widget.map((r) => r.bytes)),
    floorFirstPaint: stats(throttled.floor.map((r) => r.ms)),
    floorBytes: stats(throttled.floor.map((r) => r.bytes)),
    bareWidgetListPainted: stats(throttled["bare widget"].map((r) => r.ms)),
    bareWidgetBytes: stats(throttled["bare widget"].map((r) => r.bytes)),
    referenceListPainted: stats(throttled.reference.map((r) => r.ms)),
    referenceBytes: stats(throttled.reference.map((r) => r.bytes)),
    listPaintedVsReference: stats(throttledRatio),
  },
};
const KB = 1024;
const budgets = [
  ["wasm+JS gzip <= 120 KB (122,880 B)", size.widget.total.gzip / KB, 120, "KB"],
  ["goal: wasm+JS gzip <= 90 KB", size.widget.total.gzip / KB, 90, "KB"],
  [
    "list painted <= 1.15x the plain-JS reference (median of per-pair ratios)",
    timing.listPaintedVsReference.median,
    1.15,
    "x",
  ],
  ["click to form < 16 ms (one frame), median", timing.clickToForm.median, 16, "ms"],
].map(([name, value, limit, unit]) => ({ name, value, limit, unit, pass: value <= limit }));

const kb = (n) => (n / KB).toFixed(1).padStart(8);
const ms = (s) => `${s.median.toFixed(1)} ms (p10 ${s.p10.toFixed(1)}, p90 ${s.p90.toFixed(1)}, n=${s.n})`;
const lines = [];
lines.push(`${"bundle".padEnd(22)}${"raw KB".padStart(8)}${"gzip KB".padStart(9)}${"brotli KB".padStart(10)}`);
for (const [side, parts] of Object.entries(size)) {
  for (const part of ["wasm", "js", "css", "total"]) {
    if (!parts[part]) continue;
    const p = parts[part];
    lines.push(`${`${side} ${part}`.padEnd(22)}${kb(p.raw)}${kb(p.gzip).padStart(9)}${kb(p.brotli).padStart(10)}`);
  }
}
for (const [tag, c] of Object.entries(catalogues)) {
  lines.push(`${`catalogue ${tag} (on demand)`.padEnd(22)}${kb(c.raw)}${kb(c.gzip).padStart(9)}${kb(c.brotli).padStart(10)}`);
}
lines.push(`widget total gzip: ${size.widget.total.gzip} B; widget/floor: ${(size.widget.total.gzip / size.floor.total.gzip).toFixed(2)}x`);
lines.push("");
lines.push(`navigation -> vital-link-ready:   ${ms(timing.navToReady)}`);
lines.push(`navigation -> list painted:       ${ms(timing.navToListPainted)}`);
lines.push(`floor navigation -> first paint:  ${ms(timing.floorFirstPaint)}`);
const ratio = (s) => `${s.median.toFixed(3)}x (p10 ${s.p10.toFixed(3)}, p90 ${s.p90.toFixed(3)}, n=${s.n})`;
lines.push(`bare pages, alternated pairs (the job's own limit):`);
lines.push(`  widget -> list painted:         ${ms(timing.bareWidgetListPainted)}`);
lines.push(`  plain-JS reference -> painted:  ${ms(timing.referenceListPainted)}`);
lines.push(`  widget / reference, per pair:   ${ratio(timing.listPaintedVsReference)}; widget faster in ${timing.widgetFasterInPairs} of ${pairs.ratio.length}`);
lines.push("  where the widget's start-up goes (median ms after navigation; each stage's own median):");
for (const [stage, s] of Object.entries(timing.startupStages).sort((a, b) => a[1].median - b[1].median)) {
  lines.push(`    ${s.median.toFixed(1).padStart(6)}  ${stage}`);
}
lines.push(`click provider -> form in DOM:    ${ms(timing.clickToForm)}`);
lines.push(`click provider -> next frame:     ${ms(timing.clickToNextFrame)}`);
lines.push(`submit -> success view:           ${ms(timing.submitToSuccess)}`);
lines.push(`JS heap used: ${kb(memory.jsHeapUsed)} KB; wasm memory: ${kb(memory.wasmMemory)} KB`);
lines.push("");
lines.push("throttled (CPU 4x, slow 4G, no cache):");
lines.push(`  widget navigation -> usable list: ${ms(timing.throttled.widgetUsableList)}`);
lines.push(`  widget bytes transferred:         ${kb(timing.throttled.widgetBytes.median)} KB (median)`);
lines.push(`  floor navigation -> first paint:  ${ms(timing.throttled.floorFirstPaint)}`);
lines.push(`  floor bytes transferred:          ${kb(timing.throttled.floorBytes.median)} KB (median)`);
lines.push(`  bare widget -> list painted:      ${ms(timing.throttled.bareWidgetListPainted)}, ${kb(timing.throttled.bareWidgetBytes.median)} KB`);
lines.push(`  reference -> list painted:        ${ms(timing.throttled.referenceListPainted)}, ${kb(timing.throttled.referenceBytes.median)} KB`);
lines.push(`  widget / reference, per pair:     ${ratio(timing.throttled.listPaintedVsReference)}`);
lines.push("");
for (const b of budgets) {
  lines.push(`${b.pass ? "PASS" : "OVER"}  ${b.name}: ${b.value.toFixed(2)} ${b.unit}`);
}
console.log(lines.join("\n"));

const out = path.join(root, "bench/out");
fs.mkdirSync(out, { recursive: true });
const report = { when: new Date().toISOString(), size, catalogues, timing, memory, budgets };
fs.writeFileSync(path.join(out, "latest.json"), JSON.stringify(report, null, 2));
console.log(`\nwrote ${path.relative(root, path.join(out, "latest.json"))}`);
