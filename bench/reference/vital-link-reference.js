// The yardstick for the widget's start-up (scripts/bench.sh): the same start-up job done
// as fast as plain JavaScript can do it. Not shipped, not a fallback.
//
// Like the widget with its loader, the moment this module runs it asks the token
// endpoint, then the provider list with that token; its CSS is the widget's own,
// inlined (bench/run.mjs puts the release build's stylesheet in place of the marker)
// and adopted into a shadow root; it draws the same visible DOM: a title, the search
// box, the providers grouped by how they connect (web ones only, duplicates dropped),
// each a button with its logo (or monogram), name and description. Then it fires
// `vital-link-ready` with the number of providers, as the widget does.
//
// Keep it honest: nothing here may be slowed down to make the widget look better.
const CSS = "/*VITAL_LINK_CSS*/";
const GROUPS = [
  ["oauth", "Sign in with the provider"],
  ["password", "Email and password"],
  ["email", "Email"],
];
const KIND = { oauth: "oauth", team_oauth: "oauth", password: "password", email: "email" };

const sheet = new CSSStyleSheet();
sheet.replaceSync(CSS);

function askEarly(el) {
  const base = new URL(el.getAttribute("api-base") || "/", location.href);
  const list = new URL("v2/link/providers", base).href;
  return fetch(el.getAttribute("token-url"), {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  })
    .then((r) => r.json())
    .then(({ link_token }) =>
      fetch(list, { credentials: "omit", headers: { Accept: "application/json", "x-vital-link-token": link_token } }),
    )
    .then((r) => r.json());
}

const make = (tag, className, text) => {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
};

function button(provider) {
  const b = make("button", "vl-provider");
  b.type = "button";
  b.setAttribute("part", "provider");
  b.dataset.provider = provider.slug;
  if (/^https?:\/\//i.test(provider.logo || "")) {
    const img = make("img", "vl-logo");
    img.setAttribute("part", "logo");
    Object.assign(img, { src: provider.logo, alt: "", width: 40, height: 40, loading: "lazy", decoding: "async" });
    img.referrerPolicy = "no-referrer";
    img.onerror = () => img.remove();
    b.append(img);
  }
  const monogram = make("span", "vl-logo vl-monogram", (provider.name.match(/[\p{L}\p{N}]/u)?.[0] ?? "?").toUpperCase());
  monogram.setAttribute("part", "logo");
  monogram.setAttribute("aria-hidden", "true");
  const text = make("span", "vl-provider-text");
  text.append(make("span", "vl-provider-name", provider.name), make("span", "vl-provider-description", provider.description ?? ""));
  b.append(monogram, text);
  return b;
}

function draw(root, providers, query) {
  const q = query.trim().toLowerCase();
  const groups = make("div", "vl-groups");
  for (const [kind, title] of GROUPS) {
    const members = providers.filter((p) => KIND[p.auth_type] === kind && (!q || p.name.toLowerCase().includes(q)));
    if (!members.length) continue;
    const group = make("div", "vl-group");
    group.setAttribute("part", "group");
    const heading = make("h3", "vl-group-title", title);
    heading.id = `vl-group-${kind}`;
    const list = make("ul", "vl-providers");
    list.setAttribute("aria-labelledby", heading.id);
    for (const p of members) {
      const item = make("li");
      item.append(button(p));
      list.append(item);
    }
    group.append(heading, list);
    groups.append(group);
  }
  root.replaceChildren(groups);
}

class VitalLinkReference extends HTMLElement {
  constructor() {
    super();
    this.early = askEarly(this);
  }

  async connectedCallback() {
    const shadow = this.attachShadow({ mode: "open" });
    shadow.adoptedStyleSheets = [sheet];
    const sources = await this.early;
    const seen = new Set();
    const providers = sources.filter((p) => KIND[p.auth_type] && !seen.has(p.slug) && seen.add(p.slug));
    const section = make("section", "vl-view vl-list");
    section.setAttribute("part", "list");
    const title = make("h2", "vl-title", "Connect a device");
    title.id = "vl-list-title";
    section.setAttribute("aria-labelledby", title.id);
    const field = make("div", "vl-field vl-search");
    const label = make("label", "", "Search providers");
    label.htmlFor = "vl-search";
    const search = make("input");
    Object.assign(search, { id: "vl-search", type: "search", autocomplete: "off", spellcheck: false });
    field.append(label, search);
    const groups = make("div");
    section.append(title, field, groups);
    const root = make("div", "vl");
    root.setAttribute("part", "root");
    root.append(section);
    draw(groups, providers, "");
    search.addEventListener("input", () => draw(groups, providers, search.value));
    shadow.append(root);
    this.dispatchEvent(
      new CustomEvent("vital-link-ready", { bubbles: true, composed: true, detail: { providers: providers.length } }),
    );
  }
}

// Defined when the module runs: the element in the page is upgraded at once, and its
// constructor asks for the token (the module is loaded at the end of the body, so the
// element is already parsed).
customElements.define("vital-link-reference", VitalLinkReference);
