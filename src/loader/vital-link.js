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
          // The funnel fields every event carries: this session never opened.
          const session_id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
          const detail = { provider: null, error_type, message, status: null, session_id, view: "failed", elapsed_ms: 0 };
          this.dispatchEvent(new CustomEvent("vital-link-error", { bubbles: true, composed: true, detail }));
        }
      },
    );
}

// The provider list's URL with the API base the widget will resolve from the
// attributes, or undefined where it would refuse them: the same rule as
// `resolve_api_base` in src/config.rs, checked against it on one table of cases
// (tests/api-base-cases.json). Read on the text as written, as the widget reads it;
// then the URL a browser makes of it must still be where that text said.
function listUrl(el) {
  const attr = (name) => el.getAttribute(name)?.trim();
  const env = attr("environment") || "sandbox";
  const region = attr("region") || "us";
  if (!/^(sandbox|production)$/.test(env) || !/^(us|eu)$/.test(region)) return;
  let base = attr("api-base");
  const path = /^\/(?!\/)/.test(base);
  if (!base) base = `https://api.${env === "sandbox" ? "sandbox." : ""}${region}.junction.com`;
  // A browser reads "\\" as "/" and drops tabs and newlines: "/\\evil.example" is no path.
  else if (/[\s\x00-\x1f\x7f-\x9f\\]/.test(base)) return;
  else if (path) base = location.origin + base;
  else {
    // https to anywhere, http only to this computer, like the widget's `unsafe_url`.
    const [, scheme, authority] = /^(https?):\/\/([^/?#]*)/i.exec(base) || [];
    const hostPort = authority?.slice(authority.lastIndexOf("@") + 1);
    const host = hostPort?.startsWith("[") ? hostPort.match(/^\[[^\]]*\]/)?.[0] : hostPort?.split(":")[0];
    if (!host || (!/^https$/i.test(scheme) && !loopback(host.toLowerCase()))) return;
  }
  try {
    const url = new URL(`${base.replace(/\/+$/, "")}/v2/link/providers`);
    const where = path ? url.origin === location.origin : url.protocol === "https:" || loopback(url.hostname);
    if (where) return url.href;
  } catch {} // not a URL: the widget reports it
}

function loopback(host) {
  const octets = host.split(".");
  if (host === "localhost" || host === "[::1]") return true;
  return octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && +o <= 255);
}

// An answer as the widget takes it: status and body, read.
const read = (response) => response.text().then((text) => ({ status: response.status, text }));

// For each element: its link-token request, then with that token the provider list,
// left on the element as a Map from URL to a promise of `{token, status, text}`: read
// here, the answers reach the widget without a wait. Returns a promise for each list:
// settled once its answer is read, or will not be.
function askEarly() {
  const lists = [];
  for (const el of document.querySelectorAll("vital-link[token-url]")) {
    // Already running (it asks for itself), already asked, or tokens come from the host.
    if (el.shadowRoot || el.__vitalLinkEarly) continue;
    if (Object.prototype.hasOwnProperty.call(el, "fetchLinkToken")) continue;
    const url = el.getAttribute("token-url").trim();
    if (!url) continue;
    const answer = fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    })
      .then(read)
      .then((a) => ({ token: null, ...a }));
    answer.catch(() => {}); // the widget reports a failure when it takes the answer
    const early = (el.__vitalLinkEarly = new Map([[new URL(url, document.baseURI).href, answer]]));
    const list = listUrl(el);
    if (!list) continue;
    // Any failure here leaves the list to the widget: `undefined`, never a rejection.
    const listed = answer
      .then(async ({ status, text }) => {
        const token = status === 200 && JSON.parse(text).link_token;
        const headers = { Accept: "application/json", "x-vital-link-token": token };
        if (typeof token === "string" && token.trim())
          return { token, ...(await read(await fetch(list, { credentials: "omit", headers }))) };
      })
      .catch(() => {});
    early.set(list, listed);
    lists.push(listed);
  }
  return lists;
}

// On a server (a Next.js or Nuxt render imports this module in Node) there is nothing
// to define and nothing is fetched.
const browser = typeof window === "object" && !!window.customElements;
if (browser && self.WebAssembly && "adoptedStyleSheets" in ShadowRoot.prototype) {
  const glue = import("./vital-link-widget.js");
  const wasm = fetch(new URL("./vital-link-widget_bg.wasm", import.meta.url));
  // Compiled as it downloads, while the lists are awaited below. (Sent without the
  // wasm type, it is left to the glue, which then reads it whole.)
  const compiled = wasm
    .then((response) => response.headers.get("Content-Type") === "application/wasm" && WebAssembly.compileStreaming(response))
    .catch(() => {});
  // Loaded with `async`, this may run before the page's elements are parsed.
  const asked =
    document.readyState === "loading"
      ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", () => resolve(askEarly()), { once: true }))
      : Promise.resolve(askEarly());
  try {
    const { default: init } = await glue;
    // The wasm's start holds the main thread for a while, and a list that is in by
    // then is drawn at once, in the widget's first frame: wait for the lists, unless
    // that takes long (the widget then shows that it is loading).
    await Promise.race([asked.then((lists) => Promise.all(lists)), new Promise((resolve) => setTimeout(resolve, 50))]);
    await init({ module_or_path: (await compiled) || wasm });
  } catch (error) {
    console.error(error);
    unavailable("load_failed", "Connecting a device is unavailable right now. Please reload the page to try again.");
  }
} else if (browser) {
  unavailable("unsupported_browser", "Connecting a device needs a newer browser. Please update this one, or use another.");
}
