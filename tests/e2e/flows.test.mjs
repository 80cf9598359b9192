// Every flow as a user goes through it: the release build, served by the real server
// with the local sandbox, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openPage, signIn } from "./harness.mjs";

const env = useServerAndBrowser();

const widget = (page) => page.locator("vital-link");
const provider = (page, slug) => page.locator(`vital-link [data-provider="${slug}"]`);

async function postsTo(path) {
  const requests = await env.server.json("/sandbox/requests");
  return requests.filter((r) => r.method === "POST" && r.path === path);
}

test("the list shows every web provider, grouped, and search filters it", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "fitbit").waitFor();
  const slugs = await widget(t.page).locator(".vl-provider").evaluateAll((els) => els.map((e) => e.dataset.provider));
  assert.equal(slugs.length, 17);
  assert.ok(!slugs.includes("apple_health_kit"), "sdk provider not offered");
  assert.deepEqual(slugs.slice(0, 7), ["fitbit", "garmin", "oura", "strava", "wahoo", "ihealth", "withings"]);
  assert.equal(slugs.at(-1), "freestyle_libre");
  assert.deepEqual((await t.events("vital-link-ready")).map((e) => e.detail), [{ providers: 17 }]);
  // Logos come from the sandbox; the ones on screen load (the rest are lazy).
  await t.page.waitForFunction(() => {
    const imgs = [...document.querySelector("vital-link").shadowRoot.querySelectorAll("img")];
    return imgs.length === 17 && imgs.slice(0, 3).every((i) => i.complete && i.naturalWidth > 0);
  });
  // Fixed size (nothing jumps as logos arrive) and lazy loading.
  const logos = await widget(t.page).locator("img").evaluateAll((imgs) =>
    imgs.map((i) => [i.getAttribute("loading"), i.getAttribute("width"), i.getAttribute("height"), getComputedStyle(i).width]),
  );
  assert.ok(logos.every((l) => JSON.stringify(l) === JSON.stringify(["lazy", "40", "40", "40px"])), JSON.stringify(logos[0]));
  await t.page.getByLabel("Search providers").fill("whoo");
  await t.page.waitForFunction(() => document.querySelector("vital-link").shadowRoot.querySelectorAll(".vl-provider").length === 1);
  assert.equal(await widget(t.page).locator(".vl-provider-name").innerText(), "Whoop");
  await t.close();
});

test("password provider: keyboard only, Enter submits, connection recorded", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "renpho").waitFor();
  await provider(t.page, "renpho").focus();
  await t.page.keyboard.press("Enter");
  const username = t.page.getByLabel("Email or username");
  await username.waitFor();
  assert.equal(await username.evaluate((el) => el.getRootNode().activeElement === el), true, "focus moved to the first field");
  await t.page.keyboard.type("test@example.com");
  await t.page.keyboard.press("Tab");
  await t.page.keyboard.type("password");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Your Renpho account is connected.").waitFor();
  const [post] = await postsTo("/v2/link/provider/password/renpho");
  assert.deepEqual(post.body, { username: "<redacted>", password: "<redacted>" }, "the sandbox logs no credentials");
  assert.deepEqual(t.posted("/v2/link/provider/password/renpho"), [{ username: "test@example.com", password: "password" }]);
  assert.equal(post.api_key_sent, false);
  assert.ok(post.link_token);
  const status = await env.server.json("/sandbox/status");
  assert.ok(status.connections.some((c) => c.provider === "renpho" && c.auth_type === "password"));
  assert.deepEqual((await t.events("vital-link-success")).map((e) => e.detail), [
    { provider: "renpho", auth_type: "password", state: "success" },
  ]);
  assert.deepEqual(await t.flowNames(), ["OPEN", "SELECT_PROVIDER", "SUBMIT_CREDENTIALS", "SUCCESS"]);
  await t.close();
});

test("bad password: a readable error, username kept, password cleared", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "peloton").click();
  await t.page.getByLabel("Email or username").fill("rider@example.com");
  await t.page.getByLabel("Password", { exact: true }).fill("wrong");
  await widget(t.page).getByRole("button", { name: "Connect" }).click();
  const alert = widget(t.page).getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /username or password wasn't accepted/);
  assert.equal(await t.page.getByLabel("Email or username").inputValue(), "rider@example.com");
  assert.equal(await t.page.getByLabel("Password", { exact: true }).inputValue(), "");
  const [error] = await t.events("vital-link-error");
  assert.equal(error.detail.error_type, "provider_credential_error");
  assert.equal(error.detail.provider, "peloton");
  assert.equal(error.detail.status, 200);
  await t.close();
});

test("MFA: the hint is shown, a wrong code can be retried, the right one connects", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "whoop").click();
  await t.page.getByLabel("Email or username").fill("mfa@example.com");
  await t.page.getByLabel("Password", { exact: true }).fill("password");
  await t.page.keyboard.press("Enter");
  const code = t.page.getByLabel("Verification code", { exact: true });
  await code.waitFor();
  await widget(t.page).getByText("+1 ••• ••• 0123").waitFor();
  await code.fill("000000");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("That code wasn't right.").waitFor();
  await code.fill("123456");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Your Whoop account is connected.").waitFor();
  const path = "/v2/link/provider/password/whoop/complete_mfa";
  assert.deepEqual(t.posted(path), [{ mfa_code: "000000" }, { mfa_code: "123456" }]);
  const logged = (await postsTo(path)).map((r) => r.body);
  assert.deepEqual(logged, [{ mfa_code: "<redacted>" }, { mfa_code: "<redacted>" }], "the sandbox logs no codes");
  await t.close();
});

test("email provider: validated before sending, then email and region sent", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "freestyle_libre").click();
  await t.page.getByLabel("Email").fill("nobody");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Please enter a valid email address").waitFor();
  assert.equal((await postsTo("/v2/link/provider/email/freestyle_libre")).length, 0);
  await t.page.getByLabel("Email").fill("libre@example.com");
  await t.page.getByLabel("Region").selectOption("eu");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Your Freestyle Libre account is connected.").waitFor();
  const [post] = await postsTo("/v2/link/provider/email/freestyle_libre");
  assert.deepEqual(post.body, { email: "<redacted>", region: "eu" }, "the sandbox logs no email addresses");
  assert.deepEqual(t.posted("/v2/link/provider/email/freestyle_libre"), [{ email: "libre@example.com", region: "eu" }]);
  await t.close();
});

test("connections: the list marks what the signed-in person connected, and offers a broken one again, through the reference backend", async () => {
  // Alan, whom no other test signs in as: his connections are his own.
  const t = await openPage(env.browser);
  await signIn(t.context, env.server.base, "alan");
  const asked = t.page.waitForResponse((r) => r.url().endsWith("/api/vital/connections"));
  await t.page.goto(env.server.base + "/");
  await provider(t.page, "freestyle_libre").waitFor();
  assert.deepEqual(await (await asked).json(), { providers: [] });
  assert.equal(await widget(t.page).locator(".vl-mark").count(), 0);

  await provider(t.page, "freestyle_libre").click();
  await t.page.getByLabel("Email").fill("alan@example.com");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Your Freestyle Libre account is connected.").waitFor();
  await widget(t.page).getByRole("button", { name: "Connect another device" }).click();
  const mark = provider(t.page, "freestyle_libre").locator(".vl-mark");
  assert.equal(await mark.textContent(), "Connected", "marked at once");

  // On the next visit the mark comes from Vital, through GET /api/vital/connections.
  await t.page.reload();
  await mark.waitFor();
  assert.equal(await mark.textContent(), "Connected");
  assert.match(await provider(t.page, "freestyle_libre").textContent(), /Freestyle Libre.*Connected/);
  assert.equal(await widget(t.page).locator(".vl-mark").count(), 1);

  // Vital reports the connection broken: offered as "Reconnect"; connecting it again
  // mends it, here at once and at Vital.
  await env.server.control("/sandbox/control/break-connections");
  await t.page.reload();
  await mark.filter({ hasText: "Reconnect" }).waitFor();
  await provider(t.page, "freestyle_libre").click();
  await t.page.getByLabel("Email").fill("alan@example.com");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Your Freestyle Libre account is connected.").waitFor();
  await widget(t.page).getByRole("button", { name: "Connect another device" }).click();
  assert.equal(await mark.textContent(), "Connected");
  await t.page.reload();
  await mark.waitFor();
  assert.equal(await mark.textContent(), "Connected");
  await t.close();
});

for (const [decision, expectText, event] of [
  ["Allow", "Connected", "vital-link-success"],
  ["Deny", "The connection was cancelled.", "vital-link-error"],
]) {
  test(`OAuth: ${decision} on the consent page returns to the app with the outcome`, async () => {
    const t = await openPage(env.browser, env.server.base + "/?tab=devices");
    await provider(t.page, "oura").click();
    await t.page.waitForURL(/\/sandbox\/oauth\/consent/);
    await t.page.getByRole("button", { name: decision }).click();
    await t.page.waitForURL((url) => url.pathname === "/");
    await widget(t.page).getByText(expectText, { exact: decision === "Allow" }).first().waitFor();
    // The return parameters are gone; the host's own stay.
    assert.equal(new URL(t.page.url()).search, "?tab=devices");
    const [outcome] = await t.events(event);
    assert.equal(outcome.detail.provider, "oura");
    if (decision === "Allow") {
      assert.deepEqual(outcome.detail, { provider: "oura", auth_type: "oauth", state: "success" });
    } else {
      assert.equal(outcome.detail.error_type, "user_cancelled");
      assert.equal(outcome.detail.status, null);
    }
    assert.deepEqual((await t.flowNames()).slice(0, 1), ["OAUTH_RETURN"]);
    // Back to the list from the outcome.
    await widget(t.page).locator(".vl-back").click();
    await provider(t.page, "fitbit").waitFor();
    await t.close();
  });
}

test("a token that expires mid-flow is replaced without the user noticing", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "zwift").click();
  await t.page.getByLabel("Email or username").fill("test@example.com");
  await t.page.getByLabel("Password", { exact: true }).fill("password");
  await env.server.control("/sandbox/control/expire-tokens");
  await t.page.keyboard.press("Enter");
  await widget(t.page).getByText("Your Zwift account is connected.").waitFor();
  assert.ok((await t.flowNames()).includes("TOKEN_REFRESH"));
  assert.deepEqual(await t.events("vital-link-error"), []);
  const posts = await postsTo("/v2/link/provider/password/zwift");
  assert.equal(posts.length, 2);
  assert.notEqual(posts[0].link_token, posts[1].link_token);
  await t.close();
});

test("the host token endpoint failing shows an error with a working retry", async () => {
  await env.server.control("/sandbox/control/faults", { path: "/api/link-token", kind: "status", status: 500, body: "{}" });
  const t = await openPage(env.browser, env.server.base + "/");
  const alert = widget(t.page).getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /couldn't start a secure session/);
  const [error] = await t.events("vital-link-error");
  assert.deepEqual([error.detail.error_type, error.detail.status], ["token_endpoint_error", 500]);
  await widget(t.page).getByRole("button", { name: "Try again" }).click();
  await provider(t.page, "fitbit").waitFor();
  await t.close();
});

async function popupWidget(t) {
  await t.page.evaluate(() => document.querySelector("vital-link").setAttribute("oauth-mode", "popup"));
  await t.page.locator('vital-link [data-provider="oura"]').waitFor();
}

test("OAuth in a popup: Allow comes back by postMessage, the page never leaves", async () => {
  const t = await openPage(env.browser, env.server.base + "/?tab=popup");
  await popupWidget(t);
  const opened = t.page.waitForEvent("popup");
  await provider(t.page, "oura").click();
  const popup = await opened;
  await popup.waitForURL(/\/sandbox\/oauth\/consent/);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Allow" }).click();
  await closed;
  await widget(t.page).getByText("Your Oura account is connected.").waitFor();
  assert.equal(new URL(t.page.url()).search, "?tab=popup", "the host page stayed put");
  const [success] = await t.events("vital-link-success");
  assert.deepEqual(success.detail, { provider: "oura", auth_type: "oauth", state: "success" });
  await t.close();
});

test("OAuth in a popup: closing it ends the flow with user_cancelled", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await popupWidget(t);
  const opened = t.page.waitForEvent("popup");
  await provider(t.page, "strava").click();
  const popup = await opened;
  await popup.waitForURL(/\/sandbox\/oauth\/consent/);
  await popup.close();
  await widget(t.page).getByText("The connection was cancelled.").waitFor();
  const [error] = await t.events("vital-link-error");
  assert.deepEqual([error.detail.error_type, error.detail.provider, error.detail.status], ["user_cancelled", "strava", null]);
  await t.close();
});

test("OAuth in a popup: a blocked popup falls back to the full-page redirect", async () => {
  const t = await openPage(env.browser);
  await t.context.addInitScript(() => {
    window.open = () => null;
  });
  await t.page.goto(env.server.base + "/");
  await popupWidget(t);
  await provider(t.page, "wahoo").click();
  await t.page.waitForURL(/\/sandbox\/oauth\/consent/);
  await t.page.getByRole("button", { name: "Allow" }).click();
  await t.page.waitForURL((url) => url.pathname === "/");
  await widget(t.page).getByText("Connected", { exact: true }).waitFor();
  await t.close();
});

test("the loader asks for the link token and the list while the wasm is still loading, once", async () => {
  const t = await openPage(env.browser);
  await t.context.addInitScript(() => {
    customElements.whenDefined("vital-link").then(() => (window.__definedAt = performance.now()));
  });
  const listedWith = [];
  let listAsked;
  const listSeen = new Promise((resolve) => (listAsked = resolve));
  t.page.on("request", (r) => {
    if (new URL(r.url()).pathname !== "/v2/link/providers") return;
    listedWith.push(r.headers()["x-vital-link-token"]);
    listAsked();
  });
  // The wasm is held back until the list has been asked for (for 5 s at most): only
  // the loader can ask that early, so <vital-link> is defined after it did.
  await t.page.route(/_bg\.wasm/, async (route) => {
    await Promise.race([listSeen, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await route.continue();
  });
  const tokenAnswer = t.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/link-token");
  await t.page.goto(env.server.base + "/");
  const { link_token } = await (await tokenAnswer).json();
  await provider(t.page, "fitbit").waitFor();
  const { started, definedAt } = await t.page.evaluate(() => ({
    started: Object.groupBy(
      performance.getEntriesByType("resource"),
      (e) => new URL(e.name).pathname,
    ),
    definedAt: window.__definedAt,
  }));
  for (const path of ["/api/link-token", "/v2/link/providers"]) {
    const times = (started[path] || []).map((e) => e.startTime);
    assert.equal(times.length, 1, `one ${path} request for one element`);
    assert.ok(times[0] < definedAt, `${path} asked at ${times[0]} ms, before <vital-link> was defined at ${definedAt} ms`);
  }
  assert.deepEqual(listedWith, [link_token], "the list was asked for with the token the loader got");
  await t.close();
});
