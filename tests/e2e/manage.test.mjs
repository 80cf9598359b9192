// Round three through the reference backend and the sandbox: a provider opened
// directly, disconnecting one, and the funnel fields of the events.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openPage, pageWithWidget } from "./harness.mjs";

const env = useServerAndBrowser();

const widget = (page) => page.locator("vital-link");
const provider = (page, slug) => page.locator(`vital-link [data-provider="${slug}"]`);

/// A page of the server's origin holding one <vital-link> with these attributes.
const pageWith = (t, attributes) => pageWithWidget(t, env.server.base, attributes);

test("provider opens one provider directly: a form at once, OAuth only on the click", async () => {
  const t = await openPage(env.browser);
  await pageWith(t, `provider="zwift"`);
  await t.page.getByLabel("Email or username").waitFor();
  assert.equal(await widget(t.page).locator("h2").innerText(), "Connect Zwift");
  assert.equal(await widget(t.page).locator(".vl-provider").count(), 0, "no list first");
  await widget(t.page).getByRole("button", { name: "Back" }).click();
  await provider(t.page, "fitbit").waitFor();
  assert.equal(await widget(t.page).locator(".vl-provider").count(), 17, "Back leads to the whole list");

  // OAuth, on the server's own page (the return comes back to it by a redirect):
  // the attribute set there opens Oura's step, and only its button leaves.
  await t.page.goto(env.server.base + "/");
  await provider(t.page, "fitbit").waitFor();
  await widget(t.page).evaluate((el) => el.setAttribute("provider", "oura"));
  const go = widget(t.page).getByRole("button", { name: "Continue to Oura" });
  await go.waitFor();
  assert.ok(!t.sent.some((r) => r.url.includes("/v2/link/provider/oauth/")), "nothing asked before the click");
  await go.click();
  await t.page.waitForURL(/\/sandbox\/oauth\/consent/);
  await t.page.getByRole("button", { name: "Allow" }).click();
  await t.page.waitForURL((url) => url.pathname === "/");
  await widget(t.page).getByText("Your Oura account is connected.").waitFor();

  await pageWith(t, `provider="nonesuch"`);
  await provider(t.page, "fitbit").waitFor();
  assert.equal(
    await widget(t.page).locator("[part~=notice]").innerText(),
    "“nonesuch” isn't offered here. Choose a provider from the list.",
  );
  await t.close();
});

test("disconnect through the reference backend: confirmed, removed at Vital, unmarked", async () => {
  const t = await openPage(env.browser, env.server.base + "/");
  await provider(t.page, "renpho").click();
  await t.page.getByLabel("Email or username").fill("test@example.com");
  await t.page.getByLabel("Password", { exact: true }).fill("password");
  await widget(t.page).getByRole("button", { name: "Connect" }).click();
  await widget(t.page).getByText("Your Renpho account is connected.").waitFor();
  await widget(t.page).getByRole("button", { name: "Connect another device" }).click();

  const disconnect = widget(t.page).getByRole("button", { name: "Disconnect Renpho" });
  await disconnect.waitFor();
  await disconnect.click();
  await widget(t.page).getByRole("heading", { name: "Disconnect Renpho?" }).waitFor();
  // Cancel first: nothing happens.
  await widget(t.page).getByRole("button", { name: "Cancel" }).click();
  await disconnect.waitFor();
  assert.deepEqual(t.posted("/api/vital/disconnect"), []);
  await disconnect.click();
  await widget(t.page).getByRole("button", { name: "Disconnect", exact: true }).click();
  await widget(t.page).getByText("Renpho was disconnected.").waitFor();
  assert.equal(await widget(t.page).getByRole("button", { name: "Disconnect Renpho" }).count(), 0);
  assert.equal(await provider(t.page, "renpho").locator(".vl-mark").count(), 0);
  assert.deepEqual(t.posted("/api/vital/disconnect"), [{ provider: "renpho" }]);

  // Gone at Vital, through the backend's DELETE with the key.
  const status = await env.server.json("/sandbox/status");
  assert.ok(!status.connections.some((c) => c.provider === "renpho"), JSON.stringify(status.connections));
  const requests = await env.server.json("/sandbox/requests");
  const deleted = requests.filter((r) => r.method === "DELETE" && r.path.endsWith("/renpho"));
  assert.equal(deleted.length, 1);
  const [event] = (await t.events("vital-link-event")).filter((e) => e.detail.name === "DISCONNECT");
  assert.equal(event.detail.provider, "renpho");

  // Every event of the session carries the same session id, its view and the time
  // since OPEN; a reload is a new session.
  const raw = await t.rawEvents();
  const ids = new Set(raw.map((e) => e.detail.session_id));
  assert.equal(ids.size, 1);
  assert.deepEqual(
    raw.filter((e) => e.type === "vital-link-event").map((e) => [e.detail.name, e.detail.view]),
    [
      ["OPEN", "loading"],
      ["SELECT_PROVIDER", "form"],
      ["SUBMIT_CREDENTIALS", "form"],
      ["SUCCESS", "connected"],
      // "Connect another device", then Cancel on the question: both back to the list.
      ["BACK", "list"],
      ["BACK", "list"],
      ["DISCONNECT", "list"],
    ],
  );
  const elapsed = raw.map((e) => e.detail.elapsed_ms);
  assert.ok(elapsed.every((ms, i) => Number.isInteger(ms) && ms >= (elapsed[i - 1] ?? 0)), JSON.stringify(elapsed));
  await t.page.reload();
  await provider(t.page, "fitbit").waitFor();
  const [open] = (await t.rawEvents()).filter((e) => e.detail.name === "OPEN");
  assert.ok(!ids.has(open.detail.session_id), "a fresh session id after a reload");
  await t.close();
});
