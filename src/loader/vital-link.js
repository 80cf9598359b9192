// The one file a host page loads: <script type="module" src=".../vital-link.js">.
// It initialises the WebAssembly next to it (resolved from this module's own URL, not
// the page's), which defines <vital-link>. Loading it twice defines the element once.
//
// Everything starts at once, so the network overlaps the wasm's download and
// compilation: the glue module (and its snippet), the wasm download, and the
// link-token request of every <vital-link token-url> already in the page (the widget
// takes that answer when it connects, if its token-url is still the same and no
// fetchLinkToken is set).
//
// Where the widget cannot run, each <vital-link> says so, in words and with a
// vital-link-error event, instead of staying an empty box: in a browser older than
// README's "Browser support" (no adopted stylesheets or no WebAssembly), or when the
// download or compilation fails.
function unavailable(error_type, message) {
  customElements.get("vital-link") ||
    customElements.define(
      "vital-link",
      class extends HTMLElement {
        connectedCallback() {
          this.textContent = message;
          const detail = { provider: null, error_type, message, status: null };
          this.dispatchEvent(new CustomEvent("vital-link-error", { bubbles: true, composed: true, detail }));
        }
      },
    );
}

function askEarly() {
  for (const el of document.querySelectorAll("vital-link[token-url]")) {
    // Already running (it asks for itself), already asked, or tokens come from the host.
    if (el.shadowRoot || el.__vitalLinkTokenPrefetch) continue;
    if (Object.prototype.hasOwnProperty.call(el, "fetchLinkToken")) continue;
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
}

// On a server (a Next.js or Nuxt render imports this module in Node) there is nothing
// to define and nothing is fetched.
const browser = typeof window === "object" && !!window.customElements;
if (browser && self.WebAssembly && "adoptedStyleSheets" in ShadowRoot.prototype) {
  const glue = import("./vital-link-widget.js");
  const wasm = fetch(new URL("./vital-link-widget_bg.wasm", import.meta.url));
  // Loaded with `async`, this may run before the page's elements are parsed.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", askEarly, { once: true });
  else askEarly();
  try {
    const { default: init } = await glue;
    await init({ module_or_path: wasm });
  } catch (error) {
    console.error(error);
    unavailable("load_failed", "Connecting a device is unavailable right now. Please reload the page to try again.");
  }
} else if (browser) {
  unavailable("unsupported_browser", "Connecting a device needs a newer browser. Please update this one, or use another.");
}
