// Firefox and WebKit over WebDriver (selenium-webdriver), for the cross-browser pass.
// playwright-core cannot drive Debian's Firefox or WebKitGTK, so each engine runs
// through its own driver: geckodriver with headless Firefox ESR, and WebKitWebDriver
// with WebKitGTK's MiniBrowser under a private Xvfb display. Nothing downloads a
// browser or a driver: both paths are given, so Selenium Manager never runs.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { once } from "node:events";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const require = createRequire(path.join(tools, "node_modules/"));
const { Builder, Key } = require("selenium-webdriver");
const firefox = require("selenium-webdriver/firefox");
export { Key };

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), ".cargo/bin/geckodriver");
const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";
const WEBKIT_DRIVER = process.env.WEBKIT_WEBDRIVER || "/usr/bin/WebKitWebDriver";
const MINIBROWSER = process.env.MINIBROWSER || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

export const ENGINES = ["firefox", "webkit"];

/// Starts one engine; `stop()` ends the browser and everything started for it.
// A page loads here in well under a second; one that has not loaded in 30 s hangs
// (WebKitGTK's web process spinning at full CPU), and fails then, not at WebDriver's
// own limit of 300 s.
const PAGE_LOAD_MS = 30_000;

export async function startEngine(name) {
  if (name === "firefox") {
    const options = new firefox.Options().setBinary(FIREFOX).addArguments("-headless");
    const driver = await new Builder()
      .forBrowser("firefox")
      .setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER))
      .build();
    await driver.manage().setTimeouts({ pageLoad: PAGE_LOAD_MS });
    return { driver, stop: () => driver.quit() };
  }
  // WebKitGTK has no headless mode: a virtual display of our own (Xvfb picks a free
  // number and writes it to the pipe we give it).
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  const display = await new Promise((resolve, reject) => {
    let text = "";
    xvfb.stdio[3].on("data", (chunk) => {
      text += chunk;
      if (text.includes("\n")) resolve(`:${text.trim()}`);
    });
    xvfb.once("exit", (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  const port = await freePort();
  // In a process group of its own, with the browser it starts: a browser that hangs is
  // stopped with it (see stop()).
  const webdriver = spawn(WEBKIT_DRIVER, [`--port=${port}`, "--host=127.0.0.1"], {
    env: { ...process.env, DISPLAY: display },
    stdio: "ignore",
    detached: true,
  });
  const server = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${server}/status`).catch(() => null))?.ok, "WebKitWebDriver to listen");
  const driver = await new Builder()
    .usingServer(server)
    .withCapabilities({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    })
    .build();
  await driver.manage().setTimeouts({ pageLoad: PAGE_LOAD_MS });
  return {
    driver,
    async stop() {
      // A hung browser may never answer: give it 5 s, then stop the whole group.
      await Promise.race([driver.quit().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-webdriver.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      for (const child of [webdriver, xvfb]) {
        child.kill("SIGTERM");
        if (child.exitCode === null) await once(child, "exit");
      }
    },
  };
}

async function freePort() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  return port;
}

async function waitFor(condition, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/// The widget as a test sees it: elements inside its shadow root, found by selector or
/// by text, each wait a condition polled by the driver.
export function widgetOf(driver, { timeout = 15000 } = {}) {
  const inShadow = (script, ...args) =>
    driver.executeScript(
      `const root = document.querySelector("vital-link")?.shadowRoot; if (!root) return null; ${script}`,
      ...args,
    );
  const until = async (what, script, ...args) => {
    try {
      // A page that is navigating answers with an error: not there yet.
      return await driver.wait(() => inShadow(script, ...args).catch(() => null), timeout);
    } catch (e) {
      const text = await inShadow("return root.textContent").catch(() => "(no widget)");
      throw new Error(`waiting for ${what}: ${e.message}\nwidget text: ${text}`);
    }
  };
  return {
    /// The first element matching `selector`, once there is one.
    find: (selector) => until(selector, "return root.querySelector(arguments[0])", selector),
    /// The field whose label is `label` (exactly), once there is one.
    field: (label) =>
      until(
        `field "${label}"`,
        `for (const l of root.querySelectorAll("label")) if (l.textContent.trim() === arguments[0]) return l.control;
         return null;`,
        label,
      ),
    /// The button whose text is `name`.
    button: (name) =>
      until(`button "${name}"`, "return [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === arguments[0])", name),
    /// Waits until the widget shows `text`.
    text: (text) => until(`text "${text}"`, "return root.textContent.includes(arguments[0])", text),
    count: (selector) => inShadow("return root.querySelectorAll(arguments[0]).length", selector),
    eval: inShadow,
  };
}
