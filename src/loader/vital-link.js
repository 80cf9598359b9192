// The one file a host page loads: <script type="module" src=".../vital-link.js">.
// It initialises the WebAssembly next to it (resolved from this module's own URL, not
// the page's), which defines <vital-link>. Loading it twice defines the element once.
//
// Two things start before the wasm is ready, so the network overlaps its download and
// compilation: the wasm download itself, and the link-token request of every
// <vital-link token-url> already in the page (the widget takes that answer when it
// connects, if its token-url is still the same and no fetchLinkToken is set).
for (const el of document.querySelectorAll("vital-link[token-url]")) {
  if (el.__vitalLinkTokenPrefetch || Object.prototype.hasOwnProperty.call(el, "fetchLinkToken")) continue;
  const url = el.getAttribute("token-url").trim();
  if (!url) continue;
  const answer = fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  }).then(async (r) => ({ status: r.status, text: await r.text() }));
  answer.catch(() => {}); // the widget reports a failure when it takes the answer
  el.__vitalLinkTokenPrefetch = { url, answer };
}
const wasm = fetch(new URL("./vital-link-widget_bg.wasm", import.meta.url));
const { default: init } = await import("./vital-link-widget.js");
await init({ module_or_path: wasm });
