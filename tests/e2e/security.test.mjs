// Secrets and a strict Content-Security-Policy, end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useServerAndBrowser, openPage, SANDBOX_API_KEY, STRICT_CSP } from "./harness.mjs";

const env = useServerAndBrowser();

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");


const CSP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP host</title>
<script type="module" src="/vital-link.js"></script></head>
<body><main><vital-link token-url="/api/link-token" api-base="/"></vital-link></main></body></html>`;

test("under a strict CSP the widget loads and completes a flow with no violation", async () => {
  const t = await openPage(env.browser);
  const violations = [];
  await t.page.exposeFunction("reportViolation", (v) => violations.push(v));
  await t.context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await t.page.route(env.server.base + "/csp-host.html", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", headers: { "content-security-policy": STRICT_CSP }, body: CSP_PAGE }),
  );
  await t.page.goto(env.server.base + "/csp-host.html");
  const widget = t.page.locator("vital-link");
  await widget.locator('[data-provider="renpho"]').click();
  // The widget's CSS applies (adopted stylesheet, not an inline <style>).
  const background = await widget.getByRole("button", { name: "Connect" }).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(background, "rgb(47, 91, 234)");
  await widget.getByLabel("Email or username").fill("test@example.com");
  await widget.getByLabel("Password", { exact: true }).fill("password");
  await widget.getByLabel("Password", { exact: true }).press("Enter");
  await widget.getByText("Your Renpho account is connected.").waitFor();
  assert.deepEqual(violations, []);
  await t.close();
});

test("the API key is in no built file and no response; the link token only in memory", async () => {
  for (const file of fs.readdirSync(path.join(root, "dist"), { recursive: true })) {
    const full = path.join(root, "dist", String(file));
    if (fs.statSync(full).isFile()) {
      const content = fs.readFileSync(full);
      assert.ok(!content.includes(SANDBOX_API_KEY), `API key in dist/${file}`);
      assert.ok(!content.includes("x-vital-api-key"), `dist/${file} mentions x-vital-api-key`);
    }
  }

  const t = await openPage(env.browser, env.server.base + "/?tab=1");
  const consoleText = [];
  t.page.on("console", (m) => consoleText.push(m.text()));
  const sent = [];
  t.page.on("request", (r) => sent.push({ url: r.url(), body: r.postData() ?? "", headers: r.headers() }));
  const widget = t.page.locator("vital-link");
  await widget.locator('[data-provider="zwift"]').click();
  const password = "correct horse battery staple";
  await widget.getByLabel("Email or username").fill("test@example.com");
  await widget.getByLabel("Password", { exact: true }).fill("wrong-" + password);
  await widget.getByLabel("Password", { exact: true }).press("Enter");
  await widget.getByRole("alert").waitFor();
  assert.equal(await widget.getByLabel("Password", { exact: true }).inputValue(), "", "cleared after the submit");
  await widget.getByLabel("Password", { exact: true }).fill("password");
  await widget.getByLabel("Password", { exact: true }).press("Enter");
  await widget.getByText("Your Zwift account is connected.").waitFor();

  const tokens = [...new Set(t.sent.map((r) => r.token).filter(Boolean))];
  assert.ok(tokens.length >= 1);
  // The sandbox's request log tells tokens apart by a label, and shows none of them.
  const log = JSON.stringify(await env.server.json("/sandbox/requests"));
  assert.match(log, /"link_token":"#[0-9a-f]{8}"/);
  for (const token of tokens) assert.ok(!log.includes(token), "a link token in the sandbox's request log");
  const where = await t.page.evaluate(() => ({
    url: location.href,
    cookies: document.cookie,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    dom: document.documentElement.outerHTML + document.querySelector("vital-link").shadowRoot.innerHTML,
  }));
  for (const token of tokens) {
    for (const [place, text] of Object.entries(where)) {
      assert.ok(!text.includes(token), `link token found in ${place}`);
    }
  }
  // Credentials went only to the configured API base, and never were logged.
  const withPassword = sent.filter((r) => r.body.includes(password) || r.body.includes("wrong-"));
  assert.ok(withPassword.length >= 1);
  for (const r of withPassword) {
    assert.ok(r.url.startsWith(env.server.base + "/v2/link/provider/password/"), r.url);
    assert.ok(!("x-vital-api-key" in r.headers));
  }
  assert.ok(sent.every((r) => !("x-vital-api-key" in r.headers)));
  assert.ok(consoleText.every((line) => !line.includes(password) && !line.includes("wrong-")));
  await t.close();
});
