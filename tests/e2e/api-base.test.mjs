// The loader's early requests go where the widget itself would send the link token,
// and nowhere else: every case of tests/api-base-cases.json (the table src/config.rs is
// tested on, in tests/config.rs) run against the loader in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useServerAndBrowser, openPage } from "./harness.mjs";

const env = useServerAndBrowser();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const { cases } = JSON.parse(fs.readFileSync(path.join(root, "tests/api-base-cases.json"), "utf8"));

const escape = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

test("the loader asks for the provider list only where the widget would, on the shared table", async () => {
  const t = await openPage(env.browser);
  const origin = new URL(env.server.base).origin;
  let sent = [];
  t.page.on("request", (r) => sent.push({ url: r.url(), token: r.headers()["x-vital-link-token"] }));
  // The wasm never arrives, so only the loader asks; hosts other than the server's get
  // an empty list, so nothing leaves this machine.
  await t.context.route("**/vital-link-widget_bg.wasm*", (route) => route.abort());
  await t.context.route(
    (url) => url.origin !== origin,
    (route) => route.fulfill({ status: 200, contentType: "application/json", body: "[]" }),
  );
  let page = "";
  await t.context.route(`${origin}/api-base-case.html`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: page }),
  );

  for (const { attrs, base } of cases) {
    const attributes = Object.entries(attrs).map(([name, value]) => ` ${name}="${escape(value)}"`).join("");
    page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>api-base case</title>
<script type="module" src="/vital-link.js"></script></head>
<body><vital-link token-url="/api/link-token"${attributes}></vital-link></body></html>`;
    sent = [];
    await t.page.goto(`${origin}/api-base-case.html`);
    // Everything the loader asked early, answered (or refused): its requests are all out.
    const asked = await t.page.evaluate(async () => {
      await customElements.whenDefined("vital-link");
      const early = document.querySelector("vital-link").__vitalLinkEarly;
      await Promise.all(early.values());
      return [...early.keys()];
    });
    const label = JSON.stringify(attrs);
    const list = base === null ? null : new URL(`${base.replace("{origin}", origin)}/v2/link/providers`).href;
    const token = `${origin}/api/link-token`;
    assert.deepEqual(asked, list ? [token, list] : [token], label);
    const tokenBearing = sent.filter((r) => r.token);
    assert.deepEqual(tokenBearing.map((r) => r.url), list ? [list] : [], label);
    assert.ok(!sent.some((r) => new URL(r.url).hostname.endsWith("evil.example")), `${label}: a request left for evil.example`);
  }
  await t.context.close();
});
