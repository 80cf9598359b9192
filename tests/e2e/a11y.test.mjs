// Accessibility: an axe-core audit (WCAG 2.1 A and AA) of every view, in light and
// dark themes, plus layout at 320 px and 200% zoom, and reduced motion.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import os from "node:os";
import { useServerAndBrowser, openPage, signIn } from "./harness.mjs";

const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const AXE = path.join(tools, "node_modules/axe-core/axe.min.js");

const env = useServerAndBrowser();
// The demo page has the strict CSP README documents; axe comes in as a script tag,
// which that policy (rightly) refuses, so these pages bypass it.
const open = (url) => openPage(env.browser, url, { bypassCSP: true });

/// Runs axe on the widget (it descends into the open shadow root) and returns its
/// violations as readable lines.
async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(
      { include: [["vital-link"]] },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  return violations;
}

const views = {
  list: async () => {},
  "password form": async (w) => w.locator('[data-provider="renpho"]').click(),
  "password error": async (w) => {
    await w.locator('[data-provider="renpho"]').click();
    await w.getByLabel("Email or username").fill("test@example.com");
    await w.getByLabel("Password", { exact: true }).fill("wrong");
    await w.getByLabel("Password", { exact: true }).press("Enter");
    await w.getByRole("alert").waitFor();
  },
  MFA: async (w) => {
    await w.locator('[data-provider="whoop"]').click();
    await w.getByLabel("Email or username").fill("mfa@example.com");
    await w.getByLabel("Password", { exact: true }).fill("password");
    await w.getByLabel("Password", { exact: true }).press("Enter");
    await w.getByLabel("Verification code", { exact: true }).waitFor();
  },
  "email form": async (w) => w.locator('[data-provider="freestyle_libre"]').click(),
  // SDK-only providers listed on request, with their note, not selectable.
  "SDK note": async (w) => {
    await w.evaluate((el) => el.setAttribute("show-sdk-providers", ""));
    await w.locator('[data-provider="apple_health_kit"][aria-disabled="true"]').waitFor();
  },
  // The host's connections: one connected, one to connect again.
  "connected and reconnect marks": async (w) => {
    await w.evaluate((el) => {
      el.connections = [
        { slug: "renpho", status: "error" },
        { slug: "freestyle_libre", status: "connected" },
      ];
    });
    await w.locator('[data-provider="renpho"] [part~="reconnect"]').waitFor();
    await w.locator('[data-provider="freestyle_libre"] .vl-mark').waitFor();
  },
  // Disconnect beside the marked rows, then its question.
  "disconnect confirmation": async (w) => {
    await w.evaluate((el) => (el.connections = [{ slug: "renpho", status: "connected" }]));
    await w.locator('[data-disconnect="renpho"]').click();
    await w.getByRole("heading", { name: "Disconnect Renpho?" }).waitFor();
  },
  "disconnect failed": async (w) => {
    await w.evaluate((el) => {
      el.disconnectProvider = () => Promise.reject(new Error("no"));
      el.connections = [{ slug: "renpho", status: "error" }];
    });
    await w.locator('[data-disconnect="renpho"]').click();
    await w.locator(".vl-danger").click();
    await w.getByRole("alert").waitFor();
  },
  // The provider attribute: an OAuth provider's step, and a slug not offered.
  "provider opened directly": async (w) => {
    await w.evaluate((el) => el.setAttribute("provider", "oura"));
    await w.getByRole("button", { name: "Continue to Oura" }).waitFor();
  },
  "provider not offered": async (w) => {
    await w.evaluate((el) => el.setAttribute("provider", "nonesuch"));
    await w.locator("[part~=notice]").waitFor();
  },
  // Apple HealthKit's pairing code: shown (steps, code, copy, expiry, QR), expired,
  // and a code request that failed.
  "pairing code": async (w) => {
    await w.evaluate((el) => {
      el.setAttribute("show-sdk-providers", "");
      el.setAttribute("link-code-url", "/api/vital/link-code");
    });
    await w.locator('[data-provider="apple_health_kit"]:not([aria-disabled])').click();
    await w.locator("svg[part~=qr]").waitFor();
  },
  "pairing code expired": async (w) => {
    await w.evaluate((el) => {
      el.setAttribute("show-sdk-providers", "");
      el.fetchLinkCode = () => ({
        code: "pkus1a2b3c4d",
        exchange_url: "tryvital://tryvital?code=pkus1a2b3c4d",
        expires_at: new Date(Date.now() + 300).toISOString(),
      });
    });
    await w.locator('[data-provider="apple_health_kit"]:not([aria-disabled])').click();
    await w.getByRole("button", { name: "Get a new code" }).waitFor();
  },
  "pairing code failed": async (w) => {
    await w.evaluate((el) => {
      el.setAttribute("show-sdk-providers", "");
      el.fetchLinkCode = () => Promise.reject(new Error("signed out"));
    });
    await w.locator('[data-provider="apple_health_kit"]:not([aria-disabled])').click();
    await w.getByRole("alert").waitFor();
  },
  // A submission still waiting after 5 s: the form says it can take up to a minute.
  "slow submit notice": async (w) => {
    const path = "/v2/link/provider/password/renpho";
    await env.server.control("/sandbox/control/faults", { path, kind: "hang", delay_ms: 9000 });
    await w.locator('[data-provider="renpho"]').click();
    await w.getByLabel("Email or username").fill("test@example.com");
    await w.getByLabel("Password", { exact: true }).fill("password");
    await w.getByLabel("Password", { exact: true }).press("Enter");
    await w.getByText("This can take up to a minute.").waitFor({ state: "visible" });
  },
  success: async (w) => {
    await w.locator('[data-provider="freestyle_libre"]').click();
    await w.getByLabel("Email").fill("a@example.com");
    await w.getByLabel("Email").press("Enter");
    await w.locator(".vl-connected").waitFor();
  },
  "failed (OAuth denied)": null,
};

for (const theme of ["light", "dark"]) {
  for (const [name, reach] of Object.entries(views)) {
    test(`axe: ${name} view, ${theme} theme, has no violations`, async () => {
      const url = reach
        ? env.server.base + "/"
        : env.server.base + "/?state=error&error_type=user_cancelled&error=denied&provider=oura";
      const t = await open(url);
      const widget = t.page.locator("vital-link");
      await t.page.evaluate((th) => document.querySelector("vital-link").setAttribute("theme", th), theme);
      if (reach) {
        await widget.locator('[data-provider="renpho"]').waitFor();
        await reach(widget);
      } else {
        await widget.getByRole("alert").waitFor();
      }
      assert.deepEqual(await audit(t.page), []);
      await t.close();
    });
  }
}

test("theme=auto follows prefers-color-scheme", async () => {
  const t = await open();
  await t.page.emulateMedia({ colorScheme: "dark" });
  await t.page.goto(env.server.base + "/");
  const root = t.page.locator("vital-link .vl");
  await t.page.locator('vital-link [data-provider="renpho"]').waitFor();
  const background = () => root.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await background(), "rgb(255, 255, 255)", "light unless asked");
  await t.page.evaluate(() => document.querySelector("vital-link").setAttribute("theme", "auto"));
  assert.equal(await background(), "rgb(22, 26, 34)");
  await t.page.emulateMedia({ colorScheme: "light" });
  assert.equal(await background(), "rgb(255, 255, 255)");
  await t.close();
});

for (const [label, viewport, zoom] of [
  ["320 px wide", { width: 320, height: 640 }, 1],
  ["200% zoom", { width: 640, height: 800 }, 2],
]) {
  test(`usable at ${label}: nothing overflows sideways, the form works`, async () => {
    const context = await env.browser.newContext({ viewport, deviceScaleFactor: zoom });
    await signIn(context);
    const page = await context.newPage();
    await page.goto(env.server.base + "/");
    if (zoom !== 1) await page.evaluate((z) => (document.documentElement.style.zoom = String(z)), zoom);
    const widget = page.locator("vital-link");
    await widget.locator('[data-provider="renpho"]').waitFor();
    const overflow = () =>
      page.evaluate(() => {
        const root = document.querySelector("vital-link").shadowRoot.querySelector(".vl");
        return root.scrollWidth - root.clientWidth;
      });
    assert.ok((await overflow()) <= 0, `list overflows by ${await overflow()} px`);
    await widget.locator('[data-provider="renpho"]').click();
    assert.ok((await overflow()) <= 0, `form overflows by ${await overflow()} px`);
    const submit = widget.getByRole("button", { name: "Connect" });
    const box = await submit.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width + 1, "submit button on screen");
    await context.close();
  });
}

test("right to left (an Arabic or Hebrew host page): mirrored, nothing clipped, no axe violations", async () => {
  // An English catalogue on a right-to-left page: this checks direction, not translation.
  const t = await open();
  await t.page.goto(env.server.base + "/");
  await t.page.evaluate(() => document.documentElement.setAttribute("dir", "rtl"));
  const widget = t.page.locator("vital-link");
  const provider = widget.locator('[data-provider="renpho"]');
  await provider.waitFor();
  const layout = () =>
    t.page.evaluate(() => {
      const root = document.querySelector("vital-link").shadowRoot;
      const box = (selector) => root.querySelector(selector)?.getBoundingClientRect();
      const panel = root.querySelector(".vl");
      return {
        direction: getComputedStyle(panel).direction,
        overflow: panel.scrollWidth - panel.clientWidth,
        logo: box('[data-provider="renpho"] .vl-logo'),
        name: box('[data-provider="renpho"] .vl-provider-name'),
        nameAlign: root.querySelector(".vl-provider") && getComputedStyle(root.querySelector(".vl-provider")).textAlign,
      };
    });
  const list = await layout();
  assert.equal(list.direction, "rtl", "the page's direction reaches into the shadow root");
  assert.ok(list.logo.left > list.name.right - 1, `logo right of the name: ${JSON.stringify(list)}`);
  assert.equal(list.nameAlign, "start");
  assert.ok(list.overflow <= 0, `list overflows by ${list.overflow} px`);
  assert.deepEqual(await audit(t.page), []);
  await provider.click();
  const back = widget.getByRole("button", { name: "Back", exact: true });
  const submit = widget.getByRole("button", { name: "Connect" });
  const [backBox, submitBox] = [await back.boundingBox(), await submit.boundingBox()];
  assert.ok(submitBox.x > backBox.x, "the first action is on the right");
  assert.ok((await layout()).overflow <= 0, "the form does not overflow");
  assert.deepEqual(await audit(t.page), []);
  await t.close();
});

test("reduced motion: no transitions", async () => {
  const t = await open();
  await t.page.emulateMedia({ reducedMotion: "reduce" });
  await t.page.goto(env.server.base + "/");
  const button = t.page.locator('vital-link [data-provider="renpho"]');
  await button.waitFor();
  assert.equal(await button.evaluate((b) => getComputedStyle(b).transitionDuration), "0s");
  await t.page.emulateMedia({ reducedMotion: "no-preference" });
  assert.notEqual(await button.evaluate((b) => getComputedStyle(b).transitionDuration), "0s");
  await t.close();
});

test("visible focus: keyboard focus draws an outline", async () => {
  const t = await open(env.server.base + "/");
  await t.page.locator('vital-link [data-provider="renpho"]').waitFor();
  await t.page.getByLabel("Search providers").focus();
  await t.page.keyboard.press("Tab");
  const outline = await t.page.evaluate(() => {
    const active = document.querySelector("vital-link").shadowRoot.activeElement;
    const style = getComputedStyle(active);
    return { slug: active.dataset.provider, width: style.outlineWidth, style: style.outlineStyle };
  });
  assert.equal(outline.slug, "fitbit");
  assert.equal(outline.style, "solid");
  assert.equal(outline.width, "3px");
  await t.close();
});
