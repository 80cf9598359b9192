// End-to-end harness: starts vital-link-server (host endpoint + local sandbox + the
// release build in dist/) on 127.0.0.1 and drives Debian's Chromium with
// playwright-core. Nothing here talks to anything but 127.0.0.1.
import { spawn } from "node:child_process";
import { before, after } from "node:test";
import { createRequire } from "node:module";
import { once } from "node:events";
import path from "node:path";
import os from "node:os";
import assert from "node:assert/strict";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const { chromium } = createRequire(path.join(tools, "node_modules/"))("playwright-core");

// The embedded sandbox's API key (server/src/sandbox.rs). It lives on the server
// only; every response the browser receives is checked for it.
export const SANDBOX_API_KEY = "sk_local_sandbox_9f3c1e7a2b6d4f80";

// The policy README documents for hosts: no inline scripts or styles, no eval; only
// WebAssembly compilation is allowed; Trusted Types enforced with no policy at all (no
// string may become markup). Images and API calls here are same-origin (the local
// sandbox); a real host adds Vital's API origin to connect-src.
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

// The server pages sign in to (the last one started): the token endpoint answers only
// a signed-in person, so every page opened by `openPage` signs in first.
let signInBase;

/// Signs the browser context in to the demo app as `user` (a session cookie).
export async function signIn(context, base = signInBase, user = "ada") {
  const response = await context.request.post(`${base}/demo/sign-in`, { data: { user }, maxRedirects: 0 });
  assert.equal(response.status(), 200, "demo sign-in");
}

// A script that dies on an error (the bench, a test file) takes its servers with it.
const running = new Set();
process.once("exit", () => running.forEach((child) => child.kill("SIGTERM")));

export async function startServer({ port, ttl, dist } = {}) {
  const listen = `127.0.0.1:${port ?? 18000 + Math.floor(Math.random() * 2000)}`;
  const binary = process.env.VITAL_LINK_SERVER || path.join(root, "target/debug/vital-link-server");
  const env = {
    ...process.env,
    VITAL_LINK_SANDBOX: "1",
    VITAL_LINK_LISTEN: listen,
    VITAL_LINK_DIST: dist ?? path.join(root, "dist"),
    // Many pages load in quick succession from 127.0.0.1; the limit itself is tested
    // in server/tests/policy.rs.
    VITAL_LINK_RATE_BURST: "100000",
  };
  delete env.VITAL_API_KEY;
  if (ttl) env.VITAL_SANDBOX_TOKEN_TTL_SECS = String(ttl);
  const child = spawn(binary, [], { env, stdio: ["ignore", "pipe", "inherit"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  child.stdout.setEncoding("utf8");
  // Wait for the server's own "listening" line, not a fixed delay.
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("listening on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)));
  });
  const base = `http://${listen}`;
  signInBase = base;
  return {
    base,
    /// What the server logged on stdout (JSON lines), so far.
    logs: () => output,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
    async json(pathname, init) {
      const response = await fetch(base + pathname, init);
      return response.status === 204 ? null : response.json();
    },
    async control(pathname, body) {
      const response = await fetch(base + pathname, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      assert.ok(response.ok, `${pathname}: ${response.status}`);
    },
  };
}

export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}

/// A page that records the widget's events, page errors, console errors and every
/// response body it receives (to prove the API key never reaches the browser).
/// Every link token a page sent to the Link API, for the check that none was logged
/// (the sandbox's own log shows only a label for each).
const tokensSent = new Set();

export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  const bodies = [];
  // What the page sent, request by request (the sandbox's own log redacts it).
  const sent = [];
  page.on("request", (r) => {
    const token = r.headers()["x-vital-link-token"];
    if (token) tokensSent.add(token);
    sent.push({ url: r.url(), method: r.method(), body: r.postData(), token });
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on("response", async (response) => {
    try {
      bodies.push({ url: response.url(), text: await response.text() });
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  await context.addInitScript(() => {
    window.__events = [];
    for (const name of ["vital-link-ready", "vital-link-success", "vital-link-error", "vital-link-event"]) {
      document.addEventListener(name, (e) => window.__events.push({ type: name, detail: e.detail }));
    }
  });
  if (signInBase) await signIn(context);
  if (url) await page.goto(url);
  return {
    page,
    context,
    problems,
    bodies,
    /// Every request the page sent: url, method, body and link token.
    sent,
    /// The JSON bodies the page POSTed to `pathname`, in order.
    posted: (pathname) =>
      sent.filter((r) => r.method === "POST" && new URL(r.url).pathname === pathname).map((r) => JSON.parse(r.body)),
    /// The events of `type` (all without), each detail without the funnel fields every
    /// event carries (`session_id`, `view`, `elapsed_ms`), which must be there.
    events: (type) =>
      page.evaluate(
        (t) =>
          window.__events
            .filter((e) => !t || e.type === t)
            .map(({ type, detail }) => {
              const { session_id, view, elapsed_ms, ...rest } = detail;
              if (typeof session_id !== "string" || typeof view !== "string" || typeof elapsed_ms !== "number") {
                throw new Error(`an event without its funnel fields: ${JSON.stringify(detail)}`);
              }
              return { type, detail: rest };
            }),
        type,
      ),
    /// The events as fired, funnel fields and all.
    rawEvents: () => page.evaluate(() => window.__events),
    flowNames: () =>
      page.evaluate(() => window.__events.filter((e) => e.type === "vital-link-event").map((e) => e.detail.name)),
    async close() {
      // Let in-flight responses finish recording before checking them.
      await page.waitForLoadState("load").catch(() => {});
      for (const { url, text } of bodies) {
        assert.ok(!text.includes(SANDBOX_API_KEY), `the API key reached the browser in ${url}`);
      }
      assert.deepEqual(problems, [], "no page errors, panics or console errors");
      await context.close();
    },
  };
}

// What the tests type (tests/e2e/*.test.mjs): none of it may reach the server's log.
const TYPED_SECRETS = [
  "test@example.com",
  "mfa@example.com",
  "rider@example.com",
  "libre@example.com",
  "react@example.com",
  "vue@example.com",
  '"123456"',
  '"000000"',
];

/// The server's log of a whole test file names no key, link token, email or code.
export function assertNoSecretsLogged(logs, tokens) {
  assert.ok(logs.includes('"message":"answered"'), "the server logged its requests");
  for (const secret of [SANDBOX_API_KEY, ...new Set(tokens), ...TYPED_SECRETS]) {
    assert.ok(!logs.includes(secret), `the server's log contains ${secret}`);
  }
}

/// Puts the page of `t` on a page of `base`'s origin holding one <vital-link> (the
/// backend's token URL, api-base "/", and these `attributes`), loaded as a host loads it.
export async function pageWithWidget(t, base, attributes) {
  const origin = new URL(base).origin;
  await t.context.unrouteAll();
  await t.context.route(`${origin}/custom.html`, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>custom</title>
<script type="module" src="/vital-link.js"></script></head>
<body><main><vital-link token-url="/api/link-token" api-base="/" ${attributes}></vital-link></main></body></html>`,
    }),
  );
  await t.page.goto(`${origin}/custom.html`);
}

/// For a test file: one server and one browser for all its tests, stopped at the end,
/// when its log is checked for secrets.
export function useServerAndBrowser(options = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    if (!env.server) return;
    await env.server.stop();
    assertNoSecretsLogged(env.server.logs(), [...tokensSent]);
  });
  return env;
}
