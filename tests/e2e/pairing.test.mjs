// Apple HealthKit by a pairing code, through the reference backend and the sandbox:
// the code from POST /api/vital/link-code (Vital's POST /v2/link/code/create), its QR
// code decoded as a camera would, copied, redeemed as the Junction Connect app would
// (the sandbox's loopback-only tool), and noticed by the widget; a code that expires,
// a code request that fails, and the link that opens the app on iOS.
import { test } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { useServerAndBrowser, openPage, signIn, pageWithWidget } from "./harness.mjs";

const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const { decodeQR } = await import(path.join(tools, "node_modules/@paulmillr/qr/esm/decode.js"));

const env = useServerAndBrowser();

const widget = (page) => page.locator("vital-link");
const PAIRING = `show-sdk-providers link-code-url="/api/vital/link-code" connections-url="/api/vital/connections"`;

/// A page of the server's origin holding one <vital-link> with these attributes.
const pageWith = (t, attributes) => pageWithWidget(t, env.server.base, attributes);

/// Chooses Apple HealthKit and waits for its code; returns the code.
async function chooseApple(page) {
  await widget(page).locator('[data-provider="apple_health_kit"]').click();
  const code = widget(page).locator("[part~=code]");
  await code.waitFor();
  return code.innerText();
}

/// The QR code as the browser draws it, read by a QR decoder (as a phone's camera would).
async function scanQr(page) {
  const image = await widget(page).locator("svg[part~=qr]").evaluate(async (svg) => {
    const size = 4 * svg.viewBox.baseVal.width;
    const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }));
    const img = new Image(size, size);
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    const context = canvas.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(img, 0, 0, size, size);
    URL.revokeObjectURL(url);
    return { width: size, height: size, data: Array.from(context.getImageData(0, 0, size, size).data) };
  });
  return decodeQR({ ...image, data: new Uint8Array(image.data) });
}

test("a pairing code through the reference backend: shown, scanned, copied, redeemed, noticed", async () => {
  const t = await openPage(env.browser, undefined, { permissions: ["clipboard-read", "clipboard-write"] });
  await pageWith(t, PAIRING);
  const code = await chooseApple(t.page);
  assert.match(code, /^skus[0-9a-f]{8}$/);
  const view = widget(t.page);
  assert.equal(await view.locator("h2").innerText(), "Connect Apple HealthKit");
  assert.equal(await view.locator("[part~=steps] li").count(), 3);
  assert.match(await view.locator("[part~=expiry]").innerText(), /^The code works until \d{1,2}:\d{2}/);
  assert.deepEqual(t.posted("/api/vital/link-code"), [{}]);

  // The QR code: labelled, at least 96 px square, and it opens the app with this code.
  const qr = view.locator("svg[part~=qr]");
  assert.equal(await qr.getAttribute("role"), "img");
  assert.match(await qr.getAttribute("aria-label"), /QR code that opens Junction Connect/);
  const box = await qr.boundingBox();
  assert.ok(box.width >= 96 && box.height >= 96, JSON.stringify(box));
  assert.equal(await scanQr(t.page), `tryvital://tryvital?code=${code}`);
  // No link to the app where there is no app (not iOS).
  assert.equal(await view.locator("[part~=open-app]").count(), 0);

  // Copied to the clipboard, and said so.
  await view.getByRole("button", { name: "Copy code" }).click();
  await view.getByRole("button", { name: "Copied" }).waitFor();
  assert.equal(await t.page.evaluate(() => navigator.clipboard.readText()), code);

  // The app redeems it; the user comes back to the page, which notices at once.
  const redeemed = await env.server.json("/sandbox/control/redeem-code", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
  assert.equal(redeemed.provider, "apple_health_kit");
  await t.page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await view.getByText("Your Apple HealthKit account is connected.").waitFor();
  const [success] = await t.events("vital-link-success");
  assert.deepEqual(success.detail, { provider: "apple_health_kit", auth_type: "sdk", state: "success" });
  const raw = await t.rawEvents();
  const names = raw.filter((e) => e.type === "vital-link-event").map((e) => [e.detail.name, e.detail.view]);
  assert.deepEqual(names.slice(1), [
    ["SELECT_PROVIDER", "code"],
    ["LINK_CODE", "code"],
    ["SUCCESS", "connected"],
  ]);
  assert.ok(!JSON.stringify(raw).includes(code), "no event carries the code");
  // And Vital has it, for this person.
  const status = await env.server.json("/sandbox/status");
  assert.ok(status.connections.some((c) => c.provider === "apple_health_kit" && c.auth_type === "sdk"));
  await t.close();
});

test("an expired code gives way to a new one; a failed request says so and retries", async () => {
  const t = await openPage(env.browser);
  await pageWith(t, PAIRING);
  // The host's own function (it wins over the attribute): the backend's code, made to
  // expire in a moment.
  await widget(t.page).evaluate((el) => {
    el.fetchLinkCode = async () => {
      const answer = await fetch("/api/vital/link-code", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      const code = await answer.json();
      window.__codes = (window.__codes ?? 0) + 1;
      return window.__codes === 1 ? { ...code, expires_at: new Date(Date.now() + 1500).toISOString() } : code;
    };
  });
  const first = await chooseApple(t.page);
  const view = widget(t.page);
  await view.getByText("This code has expired.").waitFor();
  assert.equal(await view.locator("[part~=code]").count(), 0, "an expired code is not shown");
  await view.getByRole("button", { name: "Get a new code" }).click();
  await view.locator("[part~=code]").waitFor();
  const second = await view.locator("[part~=code]").innerText();
  assert.notEqual(second, first);
  assert.equal(
    (await t.flowNames()).filter((n) => n === "LINK_CODE").length,
    2,
  );

  // The backend fails once (Vital refused): the user reads it, the host hears it, and
  // Try again gets a code.
  await pageWith(t, PAIRING);
  await widget(t.page).locator('[data-provider="apple_health_kit"]').waitFor();
  await env.server.control("/sandbox/control/faults", { path: "/api/vital/link-code", kind: "status", status: 502, body: "{}" });
  await widget(t.page).locator('[data-provider="apple_health_kit"]').click();
  const alert = widget(t.page).getByRole("alert");
  await alert.waitFor();
  assert.equal(await alert.innerText(), "This app couldn't get a pairing code. Please try again.");
  const errors = await t.events("vital-link-error");
  assert.deepEqual(errors.at(-1).detail, {
    provider: "apple_health_kit",
    error_type: "link_code_error",
    message: "link-code-url answered with an error",
    status: 502,
  });
  await widget(t.page).getByRole("button", { name: "Try again" }).click();
  await widget(t.page).locator("[part~=code]").waitFor();
  await t.close();
});

test("on an iPhone, a link opens the app with the code", async () => {
  const t = await openPage(env.browser, undefined, {
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
    viewport: { width: 390, height: 844 },
  });
  // Someone without Apple HealthKit yet (the first test paired Ada's).
  await signIn(t.context, env.server.base, "alan");
  await pageWith(t, PAIRING);
  const code = await chooseApple(t.page);
  const open = widget(t.page).getByRole("link", { name: "Open Junction Connect" });
  assert.equal(await open.getAttribute("href"), `tryvital://tryvital?code=${code}`);
  // Redeemed while the page stays shown: the widget's own reading, every 5 s, sees it.
  await env.server.json("/sandbox/control/redeem-code", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
  await widget(t.page).getByText("Your Apple HealthKit account is connected.").waitFor({ timeout: 10_000 });
  await t.close();
});
