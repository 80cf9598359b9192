// Regenerates docs/widget-light.png and docs/widget-dark.png from the release build:
//   ./scripts/ensure-tools.sh && trunk build --release && cargo build -p vital-link-server
//   node docs/screenshots.mjs
import path from "node:path";
import { startServer, launchBrowser } from "../tests/e2e/harness.mjs";

const out = path.dirname(new URL(import.meta.url).pathname);
const server = await startServer();
const browser = await launchBrowser();
for (const theme of ["light", "dark"]) {
  const page = await browser.newPage({ viewport: { width: 420, height: 640 }, deviceScaleFactor: 1 });
  await page.goto(server.base + "/");
  await page.evaluate((t) => {
    const el = document.querySelector("vital-link");
    el.setAttribute("theme", t);
    document.body.style.background = t === "dark" ? "#0b0e14" : "#eef1f6";
  }, theme);
  await page.locator('vital-link [data-provider="renpho"]').waitFor();
  await page.waitForFunction(() =>
    [...document.querySelector("vital-link").shadowRoot.querySelectorAll("img")].slice(0, 4).every((i) => i.complete),
  );
  // The top of the list: title, search and the first providers.
  await page.evaluate(() => document.querySelector("vital-link").scrollIntoView());
  const box = await page.locator("vital-link").boundingBox();
  await page.screenshot({
    path: path.join(out, `widget-${theme}.png`),
    clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: Math.min(box.height, 520) + 8 },
  });
  await page.close();
}
await browser.close();
await server.stop();
