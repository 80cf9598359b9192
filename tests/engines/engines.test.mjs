// The core flows in Firefox and WebKit (the engine Safari uses), driven over WebDriver
// against the release build, the real server and the local sandbox. The Chromium
// suite in tests/e2e/ goes deeper; this pass proves the same widget works in the other
// two engines: list and search, password with MFA, email, OAuth redirect and return,
// popup OAuth, a provider opened directly, disconnect, an error with retry, a strict
// CSP, and a dist/ replaced under a running server.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, STRICT_CSP } from "../e2e/harness.mjs";
import { ENGINES, startEngine, widgetOf, Key } from "./webdriver.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const only = process.env.VITAL_LINK_ENGINES?.split(",");

// Each engine gets its own copy of dist/, which the last test replaces under the
// running server.
function copyDist() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vital-link-engines-"));
  fs.cpSync(path.join(root, "dist"), dir, { recursive: true });
  // A meta policy (frame-ancestors is header-only, the rest is the documented one).
  const policy = STRICT_CSP.split("; ").filter((d) => !d.startsWith("frame-ancestors")).join("; ");
  fs.writeFileSync(
    path.join(dir, "csp-host.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>Strict CSP host</title><script type="module" src="/vital-link.js"></script></head>
<body><vital-link token-url="/api/link-token" api-base="/"></vital-link></body></html>`,
  );
  return dir;
}

// An engine's whole pass takes about 12 s; one that has not finished in 3 min hangs
// (WebKitGTK's web process was once seen spinning at full CPU, and not again in many
// runs): it fails with a timeout instead of holding CI until its own limit.
const ENGINE_TIMEOUT_MS = 180_000;

for (const engine of ENGINES.filter((e) => !only || only.includes(e))) {
  describe(engine, { timeout: ENGINE_TIMEOUT_MS }, () => {
    const env = {};
    before(async () => {
      env.dist = copyDist();
      env.server = await startServer({ dist: env.dist });
      env.browser = await startEngine(engine);
      env.driver = env.browser.driver;
      env.widget = widgetOf(env.driver);
      // Tokens go to signed-in people only: the preview page signs its first visitor in
      // to the demo app (a session cookie) and starts over, which the list shows.
      await env.driver.get(env.server.base + "/");
      await env.widget.find('[data-provider="fitbit"]');
      const signedIn = await env.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
        fetch("/demo/me").then((r) => r.json()).then((me) => done(me.user), () => done(null));`);
      assert.equal(signedIn, "ada");
    });
    after(async () => {
      await env.browser?.stop();
      await env.server?.stop();
      if (env.dist) fs.rmSync(env.dist, { recursive: true, force: true });
    });

    const open = async (pathname = "/") => {
      await env.driver.get(env.server.base + pathname);
      return env.widget;
    };
    const posts = async (pathname) =>
      (await env.server.json("/sandbox/requests")).filter((r) => r.method === "POST" && r.path === pathname);
    const pageEvents = () =>
      env.driver.executeScript("return [...document.querySelectorAll('#events li')].map((li) => li.textContent)");

    test("the list shows every web provider and search filters it, also by case", async () => {
      const widget = await open();
      await widget.find('[data-provider="fitbit"]');
      assert.equal(await widget.count(".vl-provider"), 17);
      await (await widget.field("Search providers")).sendKeys("WHOO");
      await env.driver.wait(async () => (await widget.count(".vl-provider")) === 1, 5000);
      assert.equal(await widget.eval("return root.querySelector('.vl-provider-name').textContent"), "Whoop");
      // The page heard the widget start.
      assert.ok((await pageEvents()).some((e) => e.startsWith('vital-link-ready {"providers":17,"session_id":')));
    });

    test("password with MFA: a wrong code is retried, the right one connects", async () => {
      const widget = await open();
      await (await widget.find('[data-provider="whoop"]')).click();
      const username = await widget.field("Email or username");
      // Focus moved to the form (its heading); typing into the field works as a user's.
      await username.sendKeys("mfa@example.com");
      await (await widget.field("Password")).sendKeys("password", Key.ENTER);
      const code = await widget.field("Verification code");
      await widget.text("+1 ••• ••• 0123");
      await code.sendKeys("000000", Key.ENTER);
      await widget.text("That code wasn't right.");
      await code.clear();
      await code.sendKeys("123456", Key.ENTER);
      await widget.text("Your Whoop account is connected.");
      // Two codes went out (the sandbox logs them redacted); the second connected.
      const bodies = (await posts("/v2/link/provider/password/whoop/complete_mfa")).map((r) => r.body);
      assert.deepEqual(bodies, [{ mfa_code: "<redacted>" }, { mfa_code: "<redacted>" }]);
    });

    test("focus moves to each new view's heading, without a ring for pointer users", async () => {
      const widget = await open();
      const focusedHeading = () =>
        widget.eval(`const el = root.activeElement;
          return el && el.matches("h2") ? [el.textContent, getComputedStyle(el).outlineStyle] : null;`);
      // By pointer: a click connects, the outcome's heading takes focus (screen readers
      // announce it) and draws no ring.
      await (await widget.find('[data-provider="renpho"]')).click();
      await (await widget.field("Email or username")).sendKeys("test@example.com");
      await (await widget.field("Password")).sendKeys("password");
      await (await widget.button("Connect")).click();
      await widget.text("Your Renpho account is connected.");
      await env.driver.wait(focusedHeading, 5000);
      assert.deepEqual(await focusedHeading(), ["Connected", "none"]);
      // By keyboard: Enter on "back" brings the list, and focus to its heading. (Whether
      // a ring shows there is the engine's :focus-visible heuristic.)
      await (await widget.find(".vl-back")).sendKeys(Key.ENTER);
      await widget.find('[data-provider="fitbit"]');
      await env.driver.wait(async () => (await focusedHeading())?.[0] === "Connect a device", 5000);
    });

    test("email provider: checked before sending, then email and region sent", async () => {
      const widget = await open();
      await (await widget.find('[data-provider="freestyle_libre"]')).click();
      const email = await widget.field("Email");
      await email.sendKeys("nobody", Key.ENTER);
      await widget.text("Please enter a valid email address");
      assert.equal((await posts("/v2/link/provider/email/freestyle_libre")).length, 0);
      await email.clear();
      await email.sendKeys("libre@example.com");
      await widget.eval("const s = root.querySelector('select'); s.value = 'eu'; s.dispatchEvent(new Event('change', { bubbles: true }));");
      await (await widget.button("Connect")).click();
      await widget.text("Your Freestyle Libre account is connected.");
      const [post] = await posts("/v2/link/provider/email/freestyle_libre");
      assert.deepEqual(post.body, { email: "<redacted>", region: "eu" });
    });

    test("OAuth: Allow on the consent page returns to the app, connected", async () => {
      const widget = await open("/?tab=devices");
      await (await widget.find('[data-provider="oura"]')).click();
      await env.driver.wait(async () => (await env.driver.getCurrentUrl()).includes("/sandbox/oauth/consent"), 10000);
      await env.driver.findElement({ xpath: "//button[normalize-space()='Allow']" }).click();
      await env.driver.wait(async () => new URL(await env.driver.getCurrentUrl()).pathname === "/", 10000);
      await widget.text("Connected");
      // The return parameters are gone; the host's own stay.
      assert.equal(new URL(await env.driver.getCurrentUrl()).search, "?tab=devices");
      assert.ok((await pageEvents()).some((e) => e.startsWith('vital-link-success {"provider":"oura"')));
    });

    test("OAuth in a popup: Allow comes back to the page, which never leaves", async () => {
      const widget = await open("/?tab=popup");
      await widget.find('[data-provider="oura"]');
      await env.driver.executeScript("document.querySelector('vital-link').setAttribute('oauth-mode', 'popup')");
      const page = await env.driver.getWindowHandle();
      await (await widget.find('[data-provider="strava"]')).click();
      let popup;
      await env.driver.wait(async () => (popup = (await env.driver.getAllWindowHandles()).find((h) => h !== page)), 10000);
      await env.driver.switchTo().window(popup);
      await env.driver.wait(async () => (await env.driver.getCurrentUrl()).includes("/sandbox/oauth/consent"), 10000);
      await env.driver.findElement({ xpath: "//button[normalize-space()='Allow']" }).click();
      await env.driver.wait(async () => !(await env.driver.getAllWindowHandles()).includes(popup), 10000);
      await env.driver.switchTo().window(page);
      await widget.text("Your Strava account is connected.");
      assert.equal(new URL(await env.driver.getCurrentUrl()).search, "?tab=popup", "the host page stayed put");
    });

    test("provider opens one provider directly; Disconnect asks, then removes the connection", async () => {
      const widget = await open();
      await widget.find('[data-provider="fitbit"]');
      await env.driver.executeScript("document.querySelector('vital-link').setAttribute('provider', 'zwift')");
      await widget.field("Email or username");
      assert.equal(await widget.count(".vl-provider"), 0, "the form, not the list");
      await (await widget.find(".vl-back")).click();
      await widget.find('[data-provider="fitbit"]');
      assert.equal(await widget.count(".vl-provider"), 17, "Back leads to the whole list");
      // Renpho was connected above: beside its row, a button that names it.
      const disconnect = await widget.find('[data-disconnect="renpho"]');
      assert.equal(await disconnect.getAttribute("aria-label"), "Disconnect Renpho");
      await disconnect.click();
      await widget.text("Disconnect Renpho?");
      await (await widget.find(".vl-danger")).click();
      await widget.text("Renpho was disconnected.");
      assert.equal(await widget.count('[data-disconnect="renpho"]'), 0);
      const status = await env.server.json("/sandbox/status");
      assert.ok(!status.connections.some((c) => c.provider === "renpho"));
    });

    test("the host token endpoint failing shows an error with a working retry", async () => {
      await env.server.control("/sandbox/control/faults", { path: "/api/link-token", kind: "status", status: 500, body: "{}" });
      const widget = await open();
      await widget.text("couldn't start a secure session");
      assert.ok(await widget.eval("return root.querySelector('[role=alert]') !== null"));
      await (await widget.button("Try again")).click();
      await widget.find('[data-provider="fitbit"]');
    });

    test("under a strict CSP the widget is styled and completes a flow", async () => {
      await env.driver.get(env.server.base + "/csp-host.html");
      const widget = env.widget;
      await (await widget.find('[data-provider="renpho"]')).click();
      // The widget's CSS applies (adopted stylesheet, not an inline <style>).
      const connect = await widget.button("Connect");
      assert.equal(await env.driver.executeScript("return getComputedStyle(arguments[0]).backgroundColor", connect), "rgb(47, 91, 234)");
      await (await widget.field("Email or username")).sendKeys("test@example.com");
      await (await widget.field("Password")).sendKeys("password", Key.ENTER);
      await widget.text("Your Renpho account is connected.");
    });

    test("dist/ replaced under the running server: the page that comes is the new one", async () => {
      await open();
      await env.widget.find('[data-provider="fitbit"]');
      // A new build, as far as names go: the build's version (the `?v=` that
      // scripts/post-build.mjs puts on every URL the loader and the page load) changes.
      // The page, the loader and the glue follow, and the page says which build it is.
      const [oldVersion] = fs.readFileSync(path.join(env.dist, "vital-link.js"), "utf8").match(/\?v=[0-9a-f]{12}/);
      const renamed = "?v=000000000002";
      const changes = [[oldVersion, renamed]];
      for (const file of ["index.html", "vital-link.js", "vital-link-widget.js"]) {
        const full = path.join(env.dist, file);
        let bytes = fs.readFileSync(full);
        for (const [from, to] of changes) for (let at; (at = bytes.indexOf(from)) >= 0; ) bytes.write(to, at, "latin1");
        if (file === "index.html") {
          bytes = Buffer.from(String(bytes).replace("<title>vital-link preview</title>", "<title>vital-link preview, build 2</title>"));
        }
        fs.writeFileSync(full, bytes);
        for (const suffix of [".br", ".gz"]) fs.rmSync(full + suffix, { force: true });
      }
      await open();
      await env.widget.find('[data-provider="fitbit"]');
      assert.equal(await env.driver.getTitle(), "vital-link preview, build 2");
      // Every file the page hints at exists beside it.
      const hints = await env.driver.executeScript(
        "return [...document.querySelectorAll('link[rel=modulepreload], link[rel=preload]')].map((l) => l.href)",
      );
      assert.ok(hints.some((h) => h.includes(renamed)), JSON.stringify(hints));
      for (const hint of hints) assert.equal((await fetch(hint)).status, 200, hint);
    });
  });
}
