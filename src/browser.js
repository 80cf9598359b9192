// The widget's own JavaScript, imported by the wasm (wasm-bindgen ships it as one
// snippet module): the custom element class, DOM helpers that must not depend on the
// Leptos runtime, and `send`, the one place requests leave the widget.

export function define_vital_link(observed, connect, disconnect, changed) {
  if (customElements.get('vital-link')) return false;
  // Several attribute changes in one task restart the session once.
  const schedule = (el) => {
    if (el.__vitalLinkPending) return;
    el.__vitalLinkPending = true;
    queueMicrotask(() => { el.__vitalLinkPending = false; if (el.isConnected) changed(el); });
  };
  class VitalLinkElement extends HTMLElement {
    static get observedAttributes() { return observed; }
    get fetchLinkToken() { return this.__vitalLinkFetchToken; }
    set fetchLinkToken(fn) { this.__vitalLinkFetchToken = fn; if (this.isConnected) schedule(this); }
    connectedCallback() {
      // A property set before the element was defined shadows the accessor: adopt it.
      if (Object.prototype.hasOwnProperty.call(this, 'fetchLinkToken')) {
        const fn = this.fetchLinkToken;
        delete this.fetchLinkToken;
        this.__vitalLinkFetchToken = fn;
      }
      connect(this);
    }
    disconnectedCallback() { disconnect(this); }
    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue && this.isConnected) schedule(this);
    }
  }
  customElements.define('vital-link', VitalLinkElement);
  return true;
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
// What vital-link.js asked for this element before the wasm was ready (a Map from URL
// to answer, see api/client.rs), taken so that one session uses it at most.
export function take_early(el) {
  const early = el.__vitalLinkEarly;
  delete el.__vitalLinkEarly;
  return early;
}
// A file that ships beside the loader, found from this module's own URL: wasm-bindgen
// ships it as snippets/<crate>/src/browser.js, three levels below the loader. (A
// template literal with a static prefix: bundlers such as Vite see the catalogues and
// emit them.)
export function catalogue_url(tag) {
  return new URL(`../../../i18n/${tag}.json`, import.meta.url).href;
}

// The answer to `request`: the one vital-link.js got early for this URL (`early` maps
// URLs to promises of `{token, response}`), if it was asked with the same link token,
// else a fetch. An early answer is used once, and the request's time limit applies.
export function send(early, request) {
  const answer = early?.get(request.url);
  if (!answer) return fetch(request);
  early.delete(request.url);
  const token = request.headers.get("x-vital-link-token");
  return new Promise((resolve, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason));
    answer.then((a) => (a && (a.token || null) === token ? a.response : fetch(request))).then(resolve, reject);
  });
}
