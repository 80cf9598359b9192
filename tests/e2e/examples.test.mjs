// The embedding examples, built and used as a user would: a plain HTML page (host
// theming with custom properties and ::part), a React page and a Vue page
// (fetchLinkToken as a property, events as listeners). /examples/... is mapped to the files on disk; the
// widget, the token endpoint and the sandbox come from the server as in production.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useServerAndBrowser, openPage } from "./harness.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

const env = useServerAndBrowser();

async function openExample(name, dir) {
  const t = await openPage(env.browser);
  await t.context.route(`${env.server.base}/examples/${name}/**`, (route) => {
    let rel = new URL(route.request().url()).pathname.slice(`/examples/${name}/`.length) || "index.html";
    const file = path.join(root, dir, rel);
    if (!file.startsWith(path.join(root, dir)) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] || "application/octet-stream", body: fs.readFileSync(file) });
  });
  await t.page.goto(`${env.server.base}/examples/${name}/`);
  return t;
}

test("plain HTML example: themed by the host, filtered, connects", async () => {
  const t = await openExample("plain", "examples/plain");
  const widget = t.page.locator("vital-link");
  await widget.locator('[data-provider="renpho"]').waitFor();
  const slugs = await widget.locator(".vl-provider").evaluateAll((els) => els.map((e) => e.dataset.provider));
  assert.deepEqual(slugs, ["oura", "renpho", "freestyle_libre"]);
  // Host CSS reaches in only through custom properties and parts.
  const provider = widget.locator('[data-provider="renpho"]');
  assert.equal(await provider.evaluate((b) => getComputedStyle(b).borderTopColor), "rgb(15, 123, 108)");
  assert.equal(await provider.evaluate((b) => getComputedStyle(b).borderTopLeftRadius), "4px");
  await provider.click();
  assert.equal(await widget.getByRole("button", { name: "Connect" }).evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(15, 123, 108)");
  await widget.getByLabel("Email or username").fill("test@example.com");
  await widget.getByLabel("Password", { exact: true }).fill("password");
  await widget.getByLabel("Password", { exact: true }).press("Enter");
  await t.page.getByText("Connected renpho.").waitFor();
  await t.close();
});

// A framework example (built into examples/<name>/dist): connects FreeStyle Libre by
// email with tokens from the page's own callback (which sends `csrf` as its header),
// and hears the widget's events in the page's log. The widget must come from the npm
// package, bundled by Vite (the wasm emitted as an asset), not from the server's copy.
async function connectThroughFramework(name, { email, csrf, before = async () => {} }) {
  assert.ok(fs.existsSync(path.join(root, `examples/${name}/dist/index.html`)), `the ${name} example is built first`);
  const t = await openExample(name, `examples/${name}/dist`);
  const tokenRequests = [];
  t.page.on("request", (r) => r.url().endsWith("/api/link-token") && tokenRequests.push(r.headers()));
  const widget = t.page.locator("vital-link");
  await before(widget);
  await widget.locator('[data-provider="freestyle_libre"]').click();
  await widget.getByLabel("Email").fill(email);
  await widget.getByLabel("Email").press("Enter");
  await t.page.getByText("Connected: freestyle_libre").waitFor();
  assert.ok(tokenRequests.length >= 1);
  assert.ok(tokenRequests.every((h) => h["x-csrf-token"] === csrf), "every token came through the callback");
  const log = await t.page.locator("#log li").allInnerTexts();
  for (const event of ["vital-link-ready", "vital-link-event", "vital-link-success"]) {
    assert.ok(log.some((line) => line.startsWith(event)), `${event} heard by the page`);
  }
  assert.deepEqual(await t.events("vital-link-error"), [], "no configuration error on the way");
  const requested = await t.page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  const asset = new RegExp(`^/examples/${name}/assets/vital-link-widget_bg-[\\w-]+\\.wasm$`);
  assert.ok(requested.some((p) => asset.test(p)), JSON.stringify(requested));
  assert.ok(!requested.some((p) => p.startsWith("/vital-link")), JSON.stringify(requested));
  await t.close();
}

test("React example: fetchLinkToken property and event listeners", async () => {
  await connectThroughFramework("react", { email: "react@example.com", csrf: "example" });
});

test("Vue example: attributes, fetchLinkToken bound as a property, v-on events", async () => {
  await connectThroughFramework("vue", {
    email: "vue@example.com",
    csrf: "example-vue",
    // The providers attribute from the template: these three, in this order.
    before: async (widget) => {
      await widget.locator('[data-provider="oura"]').waitFor();
      const slugs = await widget.locator(".vl-provider").evaluateAll((els) => els.map((e) => e.dataset.provider));
      assert.deepEqual(slugs, ["oura", "renpho", "freestyle_libre"]);
    },
  });
});
