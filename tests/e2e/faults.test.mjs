// The fault matrix: the sandbox misbehaves for one request at a time; the widget must
// show a clear message with a working retry, report a sensible error_type, keep what
// the user typed (never the password), and recover when the fault stops. The harness
// fails any test whose page logged an error or a panic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openPage } from "./harness.mjs";

const env = useServerAndBrowser();

const TIMEOUT_MS = 1500;

/// The demo page, with its widget replaced by one with a short timeout, created only
/// after the fault is queued.
async function freshWidget(t) {
  await t.page.evaluate((timeout) => {
    document.querySelector("vital-link")?.remove();
    const el = document.createElement("vital-link");
    el.setAttribute("token-url", "/api/link-token");
    el.setAttribute("api-base", "/");
    el.setAttribute("timeout-ms", String(timeout));
    el.id = "under-test";
    document.querySelector("main").prepend(el);
  }, TIMEOUT_MS);
  return t.page.locator("#under-test");
}

async function errorsSoFar(t) {
  return (await t.events("vital-link-error")).map((e) => e.detail);
}

const listFaults = [
  ["HTTP 500", { kind: "status", status: 500, body: '{"detail":"boom"}' }, "server_error", /having trouble/],
  ["HTTP 502", { kind: "status", status: 502, body: "<html>Bad Gateway</html>" }, "server_error", /having trouble/],
  ["HTTP 503", { kind: "status", status: 503, body: "" }, "server_error", /having trouble/],
  ["a hang past the timeout", { kind: "hang", delay_ms: TIMEOUT_MS + 1500 }, "timeout", /took too long/],
  ["a dropped connection", { kind: "drop" }, "network_error", /couldn't reach/],
  ["malformed JSON", { kind: "status", status: 200, body: '[{"name": "Fit' }, "malformed_response", /couldn't read/],
  ["JSON of the wrong shape", { kind: "status", status: 200, body: '{"providers": []}' }, "malformed_response", /couldn't read/],
  ["an empty body", { kind: "status", status: 200, body: "" }, "malformed_response", /couldn't read/],
  ["a huge body", { kind: "huge" }, "malformed_response", /couldn't read/],
  ["an unknown error code", { kind: "status", status: 409, body: '{"detail":{"error_type":"BRAND_NEW_CODE"}}' }, "BRAND_NEW_CODE", /Something went wrong/],
];

for (const [name, fault, errorType, message] of listFaults) {
  test(`provider list: ${name}`, async () => {
    const t = await openPage(env.browser, env.server.base + "/");
    await t.page.locator('vital-link [data-provider="fitbit"]').waitFor();
    await env.server.control("/sandbox/control/faults", { path: "/v2/link/providers", ...fault });
    const widget = await freshWidget(t);
    const alert = widget.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), message);
    const errors = await errorsSoFar(t);
    assert.equal(errors.at(-1).error_type, errorType);
    assert.equal(errors.at(-1).provider, null);
    // The fault is over: Try again recovers.
    await widget.getByRole("button", { name: "Try again" }).click();
    await widget.locator('[data-provider="fitbit"]').waitFor();
    await t.close();
  });
}

const tokenFaults = [
  ["a token endpoint that fails", { kind: "status", status: 500, body: "{}" }, /couldn't start a secure session/],
  ["a token endpoint that returns no token", { kind: "status", status: 200, body: '{"token": "wrong-field"}' }, /couldn't start a secure session/],
  ["a token endpoint slower than the timeout", { kind: "hang", delay_ms: TIMEOUT_MS + 1500 }, /couldn't start a secure session/],
];

for (const [name, fault, message] of tokenFaults) {
  test(`host endpoint: ${name}`, async () => {
    const t = await openPage(env.browser, env.server.base + "/");
    await t.page.locator('vital-link [data-provider="fitbit"]').waitFor();
    await env.server.control("/sandbox/control/faults", { path: "/api/link-token", ...fault });
    const widget = await freshWidget(t);
    await widget.getByRole("alert").waitFor();
    assert.match(await widget.getByRole("alert").innerText(), message);
    assert.equal((await errorsSoFar(t)).at(-1).error_type, "token_endpoint_error");
    await widget.getByRole("button", { name: "Try again" }).click();
    await widget.locator('[data-provider="fitbit"]').waitFor();
    await t.close();
  });
}

test("host endpoint: slow but within the timeout is simply slower", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await t.page.locator('vital-link [data-provider="fitbit"]').waitFor();
  await env.server.control("/sandbox/control/faults", { path: "/api/link-token", kind: "hang", delay_ms: 500 });
  const widget = await freshWidget(t);
  await widget.locator('[data-provider="fitbit"]').waitFor();
  assert.deepEqual(await errorsSoFar(t), []);
  await t.close();
});

async function openRenpho(t) {
  const widget = await freshWidget(t);
  await widget.locator('[data-provider="renpho"]').click();
  await widget.getByLabel("Email or username").fill("test@example.com");
  await widget.getByLabel("Password", { exact: true }).fill("password");
  return widget;
}

const submitFaults = [
  ["HTTP 500", { kind: "status", status: 500, body: "" }, "server_error"],
  ["a hang past the timeout", { kind: "hang", delay_ms: TIMEOUT_MS + 1500 }, "timeout"],
  ["a dropped connection", { kind: "drop" }, "network_error"],
  ["malformed JSON", { kind: "status", status: 200, body: "{{{" }, "malformed_response"],
  ["an unknown Link error type", { kind: "status", status: 200, body: '{"state":"error","error_type":"quantum_flux"}' }, "quantum_flux"],
];

for (const [name, fault, errorType] of submitFaults) {
  test(`password submit: ${name} keeps the username, clears the password, retries`, async () => {
    const t = await openPage(env.browser, env.server.base + "/");
    await t.page.locator('vital-link [data-provider="fitbit"]').waitFor();
    const widget = await openRenpho(t);
    await env.server.control("/sandbox/control/faults", { path: "/v2/link/provider/password/renpho", ...fault });
    await widget.getByLabel("Password", { exact: true }).press("Enter");
    await widget.getByRole("alert").waitFor();
    const error = (await errorsSoFar(t)).at(-1);
    assert.equal(error.error_type, errorType);
    assert.equal(error.provider, "renpho");
    assert.equal(await widget.getByLabel("Email or username").inputValue(), "test@example.com");
    assert.equal(await widget.getByLabel("Password", { exact: true }).inputValue(), "");
    await widget.getByLabel("Password", { exact: true }).fill("password");
    await widget.getByRole("button", { name: "Connect" }).click();
    await widget.getByText("Your Renpho account is connected.").waitFor();
    await t.close();
  });
}

test("a token consumed by another tab is replaced transparently", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await t.page.locator('vital-link [data-provider="fitbit"]').waitFor();
  const widget = await openRenpho(t);
  await env.server.control("/sandbox/control/consume-tokens");
  await widget.getByRole("button", { name: "Connect" }).click();
  await widget.getByText("Your Renpho account is connected.").waitFor();
  assert.deepEqual(await errorsSoFar(t), []);
  assert.ok((await t.flowNames()).includes("TOKEN_REFRESH"));
  await t.close();
});

test("a browser without adopted stylesheets gets a message and an event, and no token is asked for", async () => {
  const t = await openPage(env.browser);
  await t.context.addInitScript(() => delete ShadowRoot.prototype.adoptedStyleSheets);
  await t.page.goto(env.server.base + "/");
  const widget = t.page.locator("vital-link");
  await widget.getByText("Connecting a device needs a newer browser.", { exact: false }).waitFor();
  assert.equal(await widget.evaluate((el) => el.shadowRoot), null);
  assert.deepEqual((await t.events("vital-link-error")).map((e) => e.detail), [
    {
      provider: null,
      error_type: "unsupported_browser",
      message: "Connecting a device needs a newer browser. Please update this one, or use another.",
      status: null,
    },
  ]);
  const fetched = await t.page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  assert.ok(!fetched.includes("/api/link-token"), JSON.stringify(fetched));
  await t.close();
});

test("a wasm that fails to download leaves a message and an event, not an empty box", async () => {
  const t = await openPage(env.browser);
  await t.page.route(/vital-link-widget_bg\.wasm/, (route) => route.fulfill({ status: 503, body: "" }));
  await t.page.goto(env.server.base + "/");
  const widget = t.page.locator("vital-link");
  await widget.getByText("Connecting a device is unavailable right now.", { exact: false }).waitFor();
  const [error] = await t.events("vital-link-error");
  assert.deepEqual([error.detail.error_type, error.detail.status, error.detail.provider], ["load_failed", null, null]);
  // The cause is logged for the host's developers; nothing else went wrong.
  assert.equal(t.problems.length, 1, JSON.stringify(t.problems));
  assert.match(t.problems[0], /failed to fetch Wasm: 503/);
  t.problems.length = 0;
  await t.close();
});
