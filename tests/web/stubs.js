// The web tests' stand-ins in the page (tests/web/harness.rs binds them): a fetch that
// records every request and answers from the test, and the other pieces of a page
// the widget meets. Nothing leaves the browser.
const state = { routes: {}, log: [], warnings: [] };
export function stub_install() {
  state.routes = {};
  state.log = [];
  state.warnings = [];
  if (window.__vitalStub) return;
  window.__vitalStub = true;
  // Console warnings are recorded too (and still printed): some failures are only
  // the developer's to read.
  const warn = console.warn.bind(console);
  console.warn = (...args) => { state.warnings.push(args.map(String).join(' ')); warn(...args); };
  window.fetch = async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url, location.href);
    const body = req.method === 'GET' ? null : await req.text();
    const entry = { method: req.method, url: url.href, origin: url.origin, path: url.pathname,
      headers: Object.fromEntries(req.headers), body, credentials: req.credentials, aborted: false,
      at: performance.now() };
    state.log.push(entry);
    req.signal.addEventListener('abort', () => { entry.aborted = true; entry.abortedAt = performance.now(); });
    const queue = state.routes[req.method + ' ' + url.pathname];
    const r = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!r) return new Response('{"detail":"no stub"}', { status: 404 });
    if (r.network) throw new TypeError('Failed to fetch');
    if (r.delay) await new Promise((resolve) => setTimeout(resolve, r.delay));
    if (r.hang) {
      return new Promise((_, reject) => req.signal.addEventListener('abort',
        () => reject(new DOMException('The operation was aborted.', 'AbortError'))));
    }
    return new Response(r.body, { status: r.status, headers: { 'content-type': 'application/json' } });
  };
}
// Answers for "METHOD /path", used in order; the last one repeats.
export function stub_route(key, answers) { state.routes[key] = JSON.parse(answers); }
export function stub_log() { return JSON.stringify(state.log); }
export function stub_warnings() { return JSON.stringify(state.warnings); }
export function record_events(el) {
  el.__events = [];
  for (const name of ['vital-link-ready', 'vital-link-success', 'vital-link-error', 'vital-link-event']) {
    document.addEventListener(name, (e) => { if (e.target === el || el.contains(e.target)) el.__events.push({ type: name, detail: e.detail }); });
  }
}
export function recorded_events(el) { return JSON.stringify(el.__events || []); }
export function next_tick(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function type_into(input, value) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
export function set_fetch_link_token(el, tokens) {
  const list = JSON.parse(tokens);
  el.__tokenCalls = 0;
  el.fetchLinkToken = async () => list[Math.min(el.__tokenCalls++, list.length - 1)];
}
export function token_calls(el) { return el.__tokenCalls || 0; }
// What vital-link.js leaves on an element it asked for early: answers by URL, read,
// each with the link token it was asked with (none for the token request itself).
export function stash_early(el, url, token, status, text) {
  el.__vitalLinkEarly ??= new Map();
  el.__vitalLinkEarly.set(new URL(url, location.href).href, Promise.resolve({ token, status, text }));
}
export function stash_early_hanging(el, url) {
  el.__vitalLinkEarly ??= new Map();
  el.__vitalLinkEarly.set(new URL(url, location.href).href, new Promise(() => {}));
}
// This page as the widget's OAuth popup: named so, with an opener that records what
// it is sent, and a close() that records being called (Firefox would really close the
// test page: it has a single history entry).
const realClose = window.close;
export function pose_as_popup(name) {
  const sent = [];
  window.name = name;
  window.opener = { postMessage: (message, origin) => sent.push({ message, origin }) };
  window.close = () => (window.__closedByWidget = true);
  return sent;
}
export function stop_posing() {
  window.name = '';
  window.opener = null;
  window.close = realClose;
  const closed = !!window.__closedByWidget;
  delete window.__closedByWidget;
  return closed;
}
export function has_early(el) { return el.__vitalLinkEarly !== undefined; }
// Markup parsed in a document without our element registry, as a page's HTML is
// parsed before the module defines <vital-link>: it upgrades when inserted.
export function parse_without_registry(html) {
  const doc = document.implementation.createHTMLDocument('');
  const div = doc.createElement('div');
  div.innerHTML = html;
  return div.firstElementChild;
}
