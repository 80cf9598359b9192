// The widget's own JavaScript, imported by the wasm (wasm-bindgen ships it as one
// snippet module): the custom element class, DOM helpers that must not depend on the
// Leptos runtime, and `send`, the one place requests leave the widget.

export function define_vital_link(observed, callbacks, connect, disconnect, changed) {
  if (customElements.get('vital-link')) return false;
  // Several changes in one task reach the session once: `changed(el, connections)`,
  // where `connections` says whether the `connections` property was set among them.
  const schedule = (el, connections) => {
    el.__vitalLinkNewConnections ||= connections;
    if (el.__vitalLinkPending) return;
    el.__vitalLinkPending = true;
    queueMicrotask(() => {
      const connections = el.__vitalLinkNewConnections;
      el.__vitalLinkPending = el.__vitalLinkNewConnections = false;
      if (el.isConnected) changed(el, connections);
    });
  };
  // Properties that hold the host's functions (`fetchLinkToken`, `disconnectProvider`,
  // `fetchLinkCode`):
  // setting one starts a fresh session. `connections` only updates the marks;
  // `providerNotes` is read whenever a view opens, so setting it changes nothing now.
  const RESTART = 0, MARKS = 1, NOTHING = 2;
  const slots = [...callbacks.map((name) => [name, RESTART]), ['connections', MARKS], ['providerNotes', NOTHING]];
  class VitalLinkElement extends HTMLElement {
    static get observedAttributes() { return observed; }
    connectedCallback() {
      // A property set before the element was defined shadows the accessor: adopt it.
      for (const [name] of slots) {
        if (Object.prototype.hasOwnProperty.call(this, name)) {
          const value = this[name];
          delete this[name];
          this[`__vitalLink_${name}`] = value;
        }
      }
      connect(this);
    }
    disconnectedCallback() { disconnect(this); }
    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue && this.isConnected) schedule(this, false);
    }
  }
  for (const [name, effect] of slots) {
    Object.defineProperty(VitalLinkElement.prototype, name, {
      get() { return this[`__vitalLink_${name}`]; },
      set(value) {
        this[`__vitalLink_${name}`] = value;
        if (effect !== NOTHING && this.isConnected) schedule(this, effect === MARKS);
      },
      configurable: true,
    });
  }
  customElements.define('vital-link', VitalLinkElement);
  return true;
}
// The element's open shadow root, emptied, with the widget's stylesheet adopted (one
// constructed sheet for every element of the page: host CSS stays out, ours stays in,
// and a strict CSP needs no 'unsafe-inline' for it), and a fresh container for the
// view in it; undefined where there can be none (the host attached a closed root).
let sheet;
export function prepare_root(el, css) {
  let root = el.shadowRoot;
  try {
    root ??= el.attachShadow({ mode: "open" });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
  } catch {
    return;
  }
  root.replaceChildren();
  root.adoptedStyleSheets = [sheet];
  const container = el.ownerDocument.createElement("div");
  container.className = "vl-mount";
  // A provider's logo that fails to load removes itself: its monogram shows instead.
  // (`error` does not bubble; it is caught on its way down.)
  container.addEventListener("error", ({ target }) => target.matches("img.vl-logo") && target.remove(), true);
  root.append(container);
  return container;
}
// The provider list's rows, built here from the wasm's text in one call (its format:
// `rows_text` in src/components/list.rs), or the `empty` notice. Every field is set as
// text: no string becomes markup, so Trusted Types need no policy. When only marks
// changed (the same rows in the same order), only the rows that read differently are
// replaced: the others stay the nodes they were (under a pointer, or held by a
// script). A replaced row's button that had the focus (a keyboard user's) has it again.
export function fill_rows(container, groups, empty) {
  const make = (tag, className, text, attributes = {}) => {
    const el = container.ownerDocument.createElement(tag);
    el.className = className;
    for (const [name, value] of Object.entries(attributes)) if (value !== undefined) el.setAttribute(name, value);
    if (text !== undefined) el.textContent = text;
    return el;
  };
  const next = new DocumentFragment();
  if (empty) next.append(make("p", "vl-empty", empty, { role: "status" }));
  for (const [head, ...rows] of groups.split("\x1d").slice(1).map((group) => group.split("\x1e"))) {
    const [kind, title] = head.split("\x1f");
    const id = `vl-group-${kind}`;
    const group = make("div", "vl-group", undefined, { part: "group" });
    const list = make("ul", "vl-providers", undefined, { "aria-labelledby": id });
    for (const [slug, name, description, logo, monogram, sdk, mark, markPart, disconnectName, disconnect] of rows.map((r) => r.split("\x1f"))) {
      const button = make("button", "vl-provider", undefined, { type: "button", part: "provider", "data-provider": slug, "aria-disabled": sdk ? "true" : undefined });
      // A fixed size, so nothing jumps while it loads; one that fails removes itself
      // (`prepare_root`), and the monogram behind it shows.
      if (logo) button.append(make("img", "vl-logo", undefined, { part: "logo", loading: "lazy", decoding: "async", referrerpolicy: "no-referrer", alt: "", width: 40, height: 40, src: logo }));
      const text = make("span", "vl-provider-text");
      text.append(make("span", "vl-provider-name", name), make("span", "vl-provider-description", description));
      button.append(make("span", "vl-logo vl-monogram", monogram, { part: "logo", "aria-hidden": "true" }), text);
      if (mark) button.append(make("span", "vl-mark", mark, { part: markPart }));
      const row = make("li", "vl-row");
      row.append(button);
      if (disconnect)
        row.append(make("button", "vl-button vl-disconnect", disconnect, { type: "button", part: "button disconnect", "aria-label": disconnectName, "data-disconnect": slug }));
      list.append(row);
    }
    group.append(make("h3", "vl-group-title", title, { id }), list);
    next.append(group);
  }
  const rows = (el) => [...el.querySelectorAll("li")];
  const [was, now] = [rows(container), rows(next)];
  const slug = (row) => row.firstChild.getAttribute("data-provider");
  const active = container.getRootNode().activeElement;
  const key = container.contains(active) && ["data-provider", "data-disconnect"].find((a) => active.hasAttribute(a));
  const value = key && active.getAttribute(key);
  if (was.length && was.length === now.length && was.every((row, i) => slug(row) === slug(now[i])))
    was.forEach((row, i) => row.isEqualNode(now[i]) || row.replaceWith(now[i]));
  else container.replaceChildren(next);
  if (key && !active.isConnected)
    [...container.querySelectorAll(`[${key}]`)].find((b) => b.getAttribute(key) === value)?.focus();
}
// The language of the element's page (`<html lang>`), if it says one.
export function page_lang(el) {
  return el.ownerDocument.documentElement?.getAttribute("lang") ?? undefined;
}
// A new view is on screen, or will be by the next frame: then focus goes to its first
// field or heading (after a user action), and the code view (Apple HealthKit's pairing
// code) gets its panel from vital-link-pairing.js, fetched only for that view.
export function view_shown(host, view, focus, session) {
  requestAnimationFrame(() => {
    if (focus) host.shadowRoot?.querySelector("[data-focus]")?.focus();
    if (view === "code") {
      import(pairing_url()).then(
        (panel) => panel.show(host, session, dispatch),
        (error) => dispatch(host, "vital-link-error", ["apple_health_kit", "link_code_error", String(error), null], session, view),
      );
    }
  });
}
// The page's address, as the widget reads it: its query string and its origin; the
// address bar with another query string (so a reload does not replay an OAuth return);
// leaving for another address.
export function page_search() {
  return location.search;
}
export function page_origin() {
  return location.origin;
}
export function replace_search(search) {
  history.replaceState(null, "", location.pathname + search + location.hash);
}
export function leave_for(url) {
  location.assign(url);
}
// The widget after a panic: a static message built with the DOM (text only, nothing
// from the panic), without the (possibly broken) Leptos runtime.
export function show_failure(root, title, message) {
  const make = (tag, className, text) => {
    const el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    return el;
  };
  const outer = make('div', 'vl', '');
  outer.setAttribute('part', 'root');
  const section = make('section', 'vl-view vl-failed', '');
  const alert = make('p', 'vl-error', message);
  alert.setAttribute('role', 'alert');
  alert.setAttribute('part', 'error');
  section.append(make('h2', 'vl-title', title), alert);
  outer.append(section);
  root.replaceChildren(outer);
}
// On the return page inside the widget's OAuth popup (the window called `name`): posts
// the return's query string to the opener, on this origin only, and closes.
export function post_to_opener(name, type) {
  if (window.name !== name || !window.opener) return false;
  try {
    window.opener.postMessage({ type, search: location.search }, location.origin);
  } catch {
    return false;
  }
  window.close();
  return true;
}
// What a session shares: the answers vital-link.js got for the element before the
// wasm was ready (a Map from URL to a promise of `{token, response}`, taken so that one
// session uses them at most), a controller that aborts every request still in flight
// when the session ends (the element is removed or starts over), and what its events
// carry for a funnel: its id, and when it opened.
export function start_session(el) {
  const early = el.__vitalLinkEarly;
  delete el.__vitalLinkEarly;
  return { early, ended: new AbortController(), id: new_session_id(), opened: Date.now() };
}
export function end_session(session) {
  session.ended.abort();
}
// A file that ships beside the loader, found from this module's own URL. wasm-bindgen
// writes this module as snippets/<crate>/src/browser.js, three levels below; the
// release build bundles it into the glue, beside the loader, and rewrites the path to
// ./i18n/ there (scripts/post-build.mjs). (A template literal with a static prefix:
// bundlers such as Vite see the catalogues and emit them.)
export function catalogue_url(tag) {
  return new URL(`../../../i18n/${tag}.json`, import.meta.url).href;
}
// The pairing code's panel, found the same way.
function pairing_url() {
  return new URL("../../../vital-link-pairing.js", import.meta.url).href;
}

// The answer to `request` as `[status, body text]`, read (the wasm takes the text, and
// a body read here is no promise for it to wait on). Its `controller` aborts it after
// `ms` (until `settle`) or when its session ends. It is the one vital-link.js got early
// for this URL, if asked with the same link token, else a fetch. An early answer is
// used once.
export function send(session, request, controller, ms) {
  controller.timer = setTimeout(() => controller.abort(), ms);
  session?.ended.signal.addEventListener("abort", () => controller.abort(), { once: true });
  const ask = () => fetch(request).then(async (response) => [response.status, await response.text()]);
  const early = session?.early;
  const answer = early?.get(request.url);
  if (!answer) return ask();
  early.delete(request.url);
  const token = request.headers.get("x-vital-link-token");
  return new Promise((resolve, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason));
    answer.then((a) => (a && (a.token || null) === token ? [a.status, a.text] : ask())).then(resolve, reject);
  });
}
// A 2xx status: the host's endpoint did what was asked (`Response.ok`).
const succeeded = (status) => status > 199 && status < 300;
// The user's connections as the host gives them: its `connections` property, else the
// JSON its `connections-url` answers (a GET, like the token URL with same-origin
// credentials, under the time limit `ms` and the session), else undefined. Connections
// only mark the list: one that cannot be read is for the developer's console.
export async function connections(el, session, url, ms) {
  if (el.connections !== undefined) return el.connections;
  if (!url) return;
  const controller = new AbortController();
  const request = new Request(url, { headers: { Accept: "application/json" }, signal: controller.signal });
  try {
    const [status, text] = await send(session, request, controller, ms);
    if (!succeeded(status)) throw new Error(`HTTP ${status}`);
    const answer = JSON.parse(text);
    // Vital's answer (`{providers: [...]}`) or just its list, as src/api/decode.rs reads it.
    if (!Array.isArray(answer?.providers ?? answer)) throw new Error("not a list of connections");
    return answer;
  } catch (error) {
    if (!session.ended.signal.aborted) console.warn("vital-link: connections-url:", error);
  } finally {
    settle(controller);
  }
}
// Disconnects `slug` through the host, under the time limit `ms` and the session: its
// `disconnectProvider(slug)` when it set one, else a POST of `{"provider": slug}` to
// `url` (same-origin credentials), where any 2xx is done. Resolves to null when done,
// else to [the HTTP status or null, what went wrong].
export async function disconnect(el, session, url, slug, ms) {
  const host = el.disconnectProvider;
  const controller = new AbortController();
  try {
    if (typeof host === "function") {
      const late = {};
      // (A throw counts as a rejection.)
      const answer = await within(new Promise((done) => done(host(slug))), ms, late);
      return answer === late ? [null, "disconnectProvider timed out"] : null;
    }
    if (!url) return [null, "set the disconnect-url attribute or the disconnectProvider property"];
    const body = JSON.stringify({ provider: slug });
    const request = new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body, signal: controller.signal });
    const [status] = await send(session, request, controller, ms);
    return succeeded(status) ? null : [status, "disconnect-url answered with an error"];
  } catch (error) {
    if (controller.signal.aborted) return [null, "disconnect-url timed out"];
    return [null, (typeof host === "function" ? "disconnectProvider rejected: " : "") + (error?.message ?? error)];
  } finally {
    settle(controller);
  }
}
// The answer to a `send` is in and read: its time limit no longer applies.
export function settle(controller) {
  clearTimeout(controller.timer);
}

// The provider the page leaves for to sign in (OAuth redirect mode), kept in this tab
// across the redirect: the return then names only a provider the widget chose, never
// text from the address bar. Taken once.
const LEFT_FOR = "vital-link:left-for";
export function remember_provider(slug, name) {
  try {
    sessionStorage.setItem(LEFT_FOR, JSON.stringify([slug, name]));
  } catch {}
}
export function recall_provider() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(LEFT_FOR));
    sessionStorage.removeItem(LEFT_FOR);
    return Array.isArray(kept) ? kept : undefined;
  } catch {}
}

// One component of a query string (no `&` in it), decoded as URLSearchParams decodes:
// `+` is a space, a bad escape stays as it is, bad UTF-8 becomes U+FFFD.
export function decode_component(text) {
  return new URLSearchParams("_=" + text).get("_");
}

// A session's id for the host's events: 128 random bits as hex (getRandomValues works
// on plain-http pages too, where randomUUID does not exist).
function new_session_id() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
// The members of each event's `detail`, in the order the widget passes their values.
const DETAIL = {
  "vital-link-ready": ["providers"],
  "vital-link-success": ["provider", "auth_type"],
  "vital-link-error": ["provider", "error_type", "message", "status"],
  "vital-link-event": ["name", "provider", "results"],
};
// One of the widget's events, fired on the element, bubbling out of its shadow root: its
// own members from `values`, then what every event of a session carries: its id, the
// view shown (`view`) and the time since it opened (reset by its OPEN). (A host
// listener that throws is reported by the browser and cannot break the widget.)
export function dispatch(host, name, values, session, view) {
  const now = Date.now();
  const detail = Object.fromEntries(values.map((value, i) => [DETAIL[name][i], value]));
  if (name === "vital-link-success") detail.state = "success";
  if (name === "vital-link-event") {
    detail.timestamp = now;
    if (detail.name === "OPEN") session.opened = now;
  }
  Object.assign(detail, { session_id: session.id, view, elapsed_ms: Math.max(0, now - session.opened) });
  host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}
// The host's own note for a provider (its `providerNotes`, slug to plain text), trimmed;
// undefined when it gave none.
export function host_note(el, slug) {
  const note = el.providerNotes?.[slug];
  return typeof note === "string" && note.trim() ? note.trim() : undefined;
}
// The search box reports a search once typing has paused for `ms`: how many providers
// match, never the query, and each query once.
export function report_search(input, ms, host, session) {
  clearTimeout(input.__vitalLinkPause);
  input.__vitalLinkPause = setTimeout(() => {
    const query = input.value.trim();
    if (!query || query === input.__vitalLinkReported || !input.isConnected) return;
    input.__vitalLinkReported = query;
    const results = input.getRootNode().querySelectorAll("[data-provider]").length;
    dispatch(host, "vital-link-event", ["SEARCH", null, results], session, "list");
  }, ms);
}
// `promise`, or `timedOut` once `ms` have passed, whichever comes first.
export function within(promise, ms, timedOut) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms, timedOut))]);
}
