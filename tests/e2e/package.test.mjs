// The npm package (scripts/package.mjs, run by the test command before this): safe to
// import on a server, and its types and manifest agree with the element that runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { useServerAndBrowser, openPage } from "./harness.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const tarball = path.join(root, "target/npm/vital-link-widget.tgz");
const packaged = (file) => fs.readFileSync(path.join(root, "target/npm/package", file), "utf8");

const env = useServerAndBrowser();

test("importing the packed package in plain Node neither throws nor fetches", () => {
  assert.ok(fs.existsSync(tarball), "scripts/package.mjs ran first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vital-link-ssr-"));
  try {
    fs.writeFileSync(path.join(dir, "package.json"), '{"private":true,"type":"module"}');
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
    // As a server render would: `window` is undefined; any fetch would be a bug.
    const script = `
      globalThis.fetch = () => { throw new Error("fetched during server rendering"); };
      const module = await import("vital-link-widget");
      console.log(JSON.stringify({ exports: Object.keys(module), window: typeof window }));`;
    const output = execFileSync("node", ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(output), { exports: [], window: "undefined" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("package.json points bundlers, TypeScript and editors at the right files", () => {
  const pkg = JSON.parse(packaged("package.json"));
  const cargoVersion = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];
  assert.equal(pkg.version, cargoVersion);
  assert.equal(pkg.type, "module");
  assert.deepEqual(pkg.exports["."], { types: "./vital-link.d.ts", default: "./vital-link.js" });
  assert.deepEqual(pkg.exports["./react"], { types: "./react.d.ts" });
  assert.equal(pkg.customElements, "custom-elements.json");
  for (const file of [...pkg.files.filter((f) => !f.endsWith("/")), pkg.types, pkg.customElements]) {
    assert.ok(fs.existsSync(path.join(root, "target/npm/package", file)), file);
  }
  // Bundlers fingerprint names themselves: no build version left on the URLs.
  assert.doesNotMatch(packaged("vital-link.js"), /\?v=/);
  assert.match(packaged("vital-link.js"), /new URL\("\.\/vital-link-widget_bg\.wasm",import\.meta\.url\)/);
});

test("the manifest and the types list what the element observes and fires", async () => {
  const manifest = JSON.parse(packaged("custom-elements.json"));
  const declaration = manifest.modules[0].declarations[0];
  assert.equal(declaration.tagName, "vital-link");
  // (Comments hold descriptions, whose braces would end an interface early.)
  const types = packaged("vital-link.d.ts").replace(/\/\*\*[\s\S]*?\*\//g, "");
  const typedEvents = [...types.match(/interface VitalLinkEventMap \{([^}]*)\}/)[1].matchAll(/"([a-z-]+)":/g)].map((m) => m[1]);
  const typedAttributes = [...types.match(/interface VitalLinkAttributes \{([^}]*)\}/)[1].matchAll(/^\s*"?([a-z-]+)"?\?:/gm)].map((m) => m[1]);

  const t = await openPage(env.browser);
  // Every event type a <vital-link> dispatches, whatever its name.
  await t.context.addInitScript(() => {
    window.__dispatched = new Set();
    const dispatch = EventTarget.prototype.dispatchEvent;
    EventTarget.prototype.dispatchEvent = function (event) {
      if (this instanceof HTMLElement && this.localName === "vital-link") window.__dispatched.add(event.type);
      return dispatch.call(this, event);
    };
  });
  await t.page.goto(env.server.base + "/");
  const widget = t.page.locator("vital-link");
  await widget.locator('[data-provider="renpho"]').click();
  await widget.getByLabel("Email or username").fill("someone@example.com");
  await widget.getByLabel("Password", { exact: true }).fill("wrong");
  await widget.getByLabel("Password", { exact: true }).press("Enter");
  await widget.getByRole("alert").waitFor();
  await widget.getByLabel("Email or username").fill("test@example.com");
  await widget.getByLabel("Password", { exact: true }).fill("password");
  await widget.getByLabel("Password", { exact: true }).press("Enter");
  await widget.getByText("Your Renpho account is connected.").waitFor();
  const { observed, properties, dispatched } = await t.page.evaluate(() => {
    const element = customElements.get("vital-link");
    const accessors = Object.entries(Object.getOwnPropertyDescriptors(element.prototype));
    return {
      observed: element.observedAttributes,
      properties: accessors.filter(([, d]) => d.get && d.set).map(([name]) => name),
      dispatched: [...window.__dispatched],
    };
  });
  await t.close();

  // `theme` is styling only: CSS reads it, the element does not observe it.
  const manifestAttributes = declaration.attributes.map((a) => a.name);
  assert.deepEqual([...manifestAttributes].sort(), [...observed, "theme"].sort());
  assert.deepEqual([...typedAttributes].sort(), [...manifestAttributes].sort());
  const manifestEvents = declaration.events.map((e) => e.name);
  assert.deepEqual([...dispatched].sort(), [...manifestEvents].sort());
  assert.deepEqual([...typedEvents].sort(), [...manifestEvents].sort());
  assert.deepEqual(declaration.members.map((m) => m.name).sort(), [...properties].sort());
  assert.deepEqual(properties.sort(), ["connections", "disconnectProvider", "fetchLinkCode", "fetchLinkToken", "providerNotes"]);
});
