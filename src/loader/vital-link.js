// The one file a host page loads: <script type="module" src=".../vital-link.js">.
// It initialises the WebAssembly next to it (resolved from this module's own URL, not
// the page's), which defines <vital-link>. Loading it twice defines the element once.
//
// Everything starts at once, so the network overlaps the wasm's download and
// compilation: the glue module (and its snippet), the wasm download, and for every
// <vital-link token-url> already in the page its link-token request, then the provider
// list with that token. The widget takes these answers when it connects, for the same
// URLs (and the list with the same token) only: otherwise it asks itself.
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

// The provider list's URL with the API base the widget will resolve from the
// attributes (src/config.rs), or undefined where it would refuse them. Only a guess:
// the widget takes an early answer only for the very URL it asks.
function listUrl(el) {
  const attr = (name) => el.getAttribute(name)?.trim();
  const env = attr("environment") || "sandbox";
  const region = attr("region") || "us";
  const given = attr("api-base");
  if (!/^(sandbox|production)$/.test(env) || !/^(us|eu)$/.test(region)) return;
  const base = given || `https://api.${env === "sandbox" ? "sandbox." : ""}${region}.junction.com`;
  try {
    const url = new URL(`${base.replace(/\/+$/, "")}/v2/link/providers`, location.origin);
    // A path on this page's origin, https, or http to this computer: where the widget
    // itself would send the token.
    const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
    if (/^(\/(?!\/)|https:\/\/)/i.test(base) || (/^http:\/\//i.test(base) && local)) return url.href;
  } catch {} // not a URL: the widget reports it
}

// For each element: its link-token request, then with that token the provider list,
// left on the element as a Map from URL to a promise of `{token, response}`.
function askEarly() {
  for (const el of document.querySelectorAll("vital-link[token-url]")) {
    // Already running (it asks for itself), already asked, or tokens come from the host.
    if (el.shadowRoot || el.__vitalLinkEarly) continue;
    if (Object.prototype.hasOwnProperty.call(el, "fetchLinkToken")) continue;
    const url = el.getAttribute("token-url").trim();
    if (!url) continue;
    const asked = fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    const answer = asked.then((response) => ({ token: null, response }));
    answer.catch(() => {}); // the widget reports a failure when it takes the answer
    const early = (el.__vitalLinkEarly = new Map([[new URL(url, document.baseURI).href, answer]]));
    const list = listUrl(el);
    // Any failure here leaves the list to the widget: `undefined`, never a rejection.
    if (list)
      early.set(
        list,
        asked
          .then(async (response) => {
            const token = response.status === 200 && (await response.clone().json()).link_token;
            const headers = { Accept: "application/json", "x-vital-link-token": token };
            if (typeof token === "string" && token.trim())
              return { token, response: await fetch(list, { credentials: "omit", headers }) };
          })
          .catch(() => {}),
      );
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
