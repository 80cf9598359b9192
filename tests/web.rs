//! The element and each flow in headless Chromium (wasm-bindgen-test). `fetch` is
//! stubbed in the page, so every request the widget makes is recorded and answered
//! from the test; nothing leaves the browser.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
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
// What vital-link.js leaves on an element it asked for early: answers by URL, each
// with the link token it was asked with (none for the token request itself).
export function stash_early(el, url, token, status, text) {
  el.__vitalLinkEarly ??= new Map();
  const response = new Response(text, { status });
  el.__vitalLinkEarly.set(new URL(url, location.href).href, Promise.resolve({ token, response }));
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
"#)]
extern "C" {
    fn stub_install();
    fn stub_route(key: &str, answers: &str);
    fn stub_log() -> String;
    fn stub_warnings() -> String;
    fn record_events(el: &HtmlElement);
    fn recorded_events(el: &HtmlElement) -> String;
    fn next_tick(ms: u32) -> js_sys::Promise;
    fn type_into(input: &web_sys::Element, value: &str);
    fn set_fetch_link_token(el: &HtmlElement, tokens: &str);
    fn token_calls(el: &HtmlElement) -> u32;
    fn stash_early(el: &HtmlElement, url: &str, token: Option<&str>, status: u16, text: &str);
    fn stash_early_hanging(el: &HtmlElement, url: &str);
    fn has_early(el: &HtmlElement) -> bool;
    fn pose_as_popup(name: &str) -> js_sys::Array;
    /// Ends the pose; `true` if the widget closed the "popup".
    fn stop_posing() -> bool;
    fn parse_without_registry(html: &str) -> web_sys::Element;
}

const API: &str = "https://api.test";
const TOKEN_URL: &str = "/host/link-token";

fn route(key: &str, answers: Value) {
    stub_route(key, &answers.to_string());
}

fn ok(body: Value) -> Value {
    json!({ "status": 200, "body": body.to_string() })
}

fn status(code: u16, body: &str) -> Value {
    json!({ "status": code, "body": body })
}

fn tokens(list: &[&str]) {
    let answers: Vec<Value> = list
        .iter()
        .map(|t| ok(json!({ "link_token": t })))
        .collect();
    route(&format!("POST {TOKEN_URL}"), Value::Array(answers));
}

fn catalogue() -> Value {
    json!([
        { "id": 1, "name": "Fitbit", "slug": "fitbit", "description": "Activity trackers", "logo": "http://127.0.0.1:9/fitbit.png", "auth_type": "oauth" },
        { "id": 2, "name": "Renpho", "slug": "renpho", "description": "Fitness scales", "logo": "", "auth_type": "password" },
        { "id": 3, "name": "Freestyle Libre", "slug": "freestyle_libre", "description": "CGM", "logo": "javascript:alert(1)", "auth_type": "email" },
        { "id": 4, "name": "Apple HealthKit", "slug": "apple_health_kit", "description": "SDK only", "logo": "", "auth_type": "sdk" },
        { "id": 5, "name": "Garmin", "slug": "garmin", "description": "Watches", "logo": "", "auth_type": "team_oauth" },
        { "id": 6, "name": "Zwift", "slug": "zwift", "description": "Virtual cycling", "logo": "", "auth_type": "password" }
    ])
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh page state: stubbed fetch (serving the real German and Spanish catalogue
/// files), no widgets, no catalogue fetched yet, a clean URL.
fn reset() {
    stub_install();
    vital_link::i18n::loaded::forget_all();
    for (tag, catalogue) in [
        ("de", include_str!("../i18n/de.json")),
        ("es", include_str!("../i18n/es.json")),
        ("fr", include_str!("../i18n/fr.json")),
        ("it", include_str!("../i18n/it.json")),
        ("pt", include_str!("../i18n/pt.json")),
        ("nl", include_str!("../i18n/nl.json")),
        ("ja", include_str!("../i18n/ja.json")),
    ] {
        let answer = json!([{ "status": 200, "body": catalogue }]);
        stub_route(&format!("GET /i18n/{tag}.json"), &answer.to_string());
    }
    vital_link::element::define();
    let stale = document()
        .query_selector_all("vital-link, .test-host")
        .unwrap();
    for i in 0..stale.length() {
        if let Some(el) = stale
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            el.remove();
        }
    }
    at_url("/");
    session_storage().clear().unwrap(); // what an earlier OAuth flow remembered
}

/// A fresh page whose token endpoint answers `t1` and whose API lists the catalogue.
fn reset_with_catalogue() {
    reset();
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
}

/// Creates `<vital-link>` with these attributes, records its events, inserts it.
fn widget(attrs: &[(&str, &str)]) -> HtmlElement {
    let el: HtmlElement = document()
        .create_element("vital-link")
        .unwrap()
        .dyn_into()
        .unwrap();
    for (name, value) in attrs {
        el.set_attribute(name, value).unwrap();
    }
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    el
}

fn default_widget() -> HtmlElement {
    widget(&[("token-url", TOKEN_URL), ("api-base", API)])
}

/// The default widget with its `locale` attribute set.
fn widget_in(locale: &str) -> HtmlElement {
    widget_with("locale", locale)
}

/// The default widget with one more attribute.
fn widget_with(name: &str, value: &str) -> HtmlElement {
    widget(&[("token-url", TOKEN_URL), ("api-base", API), (name, value)])
}

/// The text of the view's heading.
fn heading(el: &HtmlElement) -> String {
    find(el, "h2").unwrap().text_content().unwrap()
}

/// The id of the element focused inside the widget (`""` if none).
fn focused(el: &HtmlElement) -> String {
    shadow(el)
        .active_element()
        .map(|a| a.id())
        .unwrap_or_default()
}

fn shadow(el: &HtmlElement) -> web_sys::ShadowRoot {
    el.shadow_root().expect("open shadow root")
}

fn find(el: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    shadow(el).query_selector(selector).unwrap()
}

fn find_all(el: &HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = shadow(el).query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect()
}

fn text(el: &HtmlElement) -> String {
    shadow(el).text_content().unwrap_or_default()
}

/// Polls until `check` holds (at most ~5 s); the failure message says what never came.
async fn wait_until(what: &str, check: impl Fn() -> bool) {
    wait_until_ms(what, 5_000, check).await
}

/// Polls `check` every 10 ms for at most `ms` (by the clock).
async fn wait_until_ms(what: &str, ms: u32, check: impl Fn() -> bool) {
    let give_up = js_sys::Date::now() + f64::from(ms);
    while js_sys::Date::now() < give_up {
        if check() {
            return;
        }
        wasm_bindgen_futures::JsFuture::from(next_tick(10))
            .await
            .unwrap();
    }
    if !check() {
        panic!("timed out waiting for: {what}");
    }
}

async fn wait_for(el: &HtmlElement, selector: &str) -> web_sys::Element {
    wait_until(&format!("`{selector}` in the widget"), || {
        find(el, selector).is_some()
    })
    .await;
    find(el, selector).unwrap()
}

async fn wait_text(el: &HtmlElement, needle: &str) {
    wait_until(&format!("text {needle:?} (have {:?})", text(el)), || {
        text(el).contains(needle)
    })
    .await;
}

fn click(el: &web_sys::Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

fn submit(el: &HtmlElement) {
    let form: web_sys::HtmlFormElement = find(el, "form").unwrap().dyn_into().unwrap();
    form.request_submit().unwrap();
}

fn value(el: &HtmlElement, selector: &str) -> String {
    find(el, selector)
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn events(el: &HtmlElement) -> Vec<Value> {
    serde_json::from_str(&recorded_events(el)).unwrap()
}

fn events_of(el: &HtmlElement, kind: &str) -> Vec<Value> {
    events(el)
        .into_iter()
        .filter(|e| e["type"] == kind)
        .map(|e| e["detail"].clone())
        .collect()
}

fn flow_names(el: &HtmlElement) -> Vec<String> {
    events_of(el, "vital-link-event")
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

fn requests() -> Vec<Value> {
    serde_json::from_str(&stub_log()).unwrap()
}

fn api_requests() -> Vec<Value> {
    requests()
        .into_iter()
        .filter(|r| r["origin"] == API)
        .collect()
}

/// The providers listed, by slug, in order.
fn shown(el: &HtmlElement) -> Vec<String> {
    find_all(el, "[data-provider]")
        .iter()
        .filter_map(|b| b.get_attribute("data-provider"))
        .collect()
}

async fn listed(el: &HtmlElement) {
    wait_for(el, ".vl-provider").await;
}

/// A list with the catalogue, then `slug` chosen.
async fn open_provider(el: &HtmlElement, slug: &str) {
    listed(el).await;
    click(&find(el, &format!("[data-provider='{slug}']")).unwrap());
}

#[wasm_bindgen_test]
async fn list_is_grouped_filtered_and_announced_ready() {
    reset_with_catalogue();
    let el = default_widget();
    listed(&el).await;

    let groups: Vec<String> = find_all(&el, ".vl-group-title")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert_eq!(
        groups,
        ["Sign in with the provider", "Email and password", "Email"]
    );
    let slugs: Vec<String> = find_all(&el, ".vl-provider")
        .iter()
        .map(|b| b.get_attribute("data-provider").unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["fitbit", "garmin", "renpho", "zwift", "freestyle_libre"],
        "sdk is not offered"
    );
    assert_eq!(
        events_of(&el, "vital-link-ready"),
        vec![json!({ "providers": 5 })]
    );
    assert_eq!(flow_names(&el), ["OPEN"]);

    // Logos: missing and non-http ones are monograms; no javascript: src ever exists.
    assert!(find_all(&el, "img")
        .iter()
        .all(|img| img.get_attribute("src").unwrap().starts_with("http")));
    let shows_monogram = |slug: &str| {
        find(&el, &format!("[data-provider='{slug}'] .vl-monogram"))
            .and_then(|m| web_sys::window()?.get_computed_style(&m).ok().flatten())
            .is_some_and(|style| style.get_property_value("display").unwrap() != "none")
    };
    assert!(shows_monogram("renpho"));
    assert!(shows_monogram("freestyle_libre"));
    // Fitbit's logo is on screen (its monogram is not) until it fails to load; then
    // it is gone and the monogram shows in its place.
    wait_until("fitbit's broken logo replaced", || {
        find(&el, "[data-provider='fitbit'] img").is_none() && shows_monogram("fitbit")
    })
    .await;

    let search = find(&el, "input[type=search]").unwrap();
    assert_eq!(
        find(&el, "label[for=vl-search]")
            .unwrap()
            .text_content()
            .unwrap(),
        "Search providers"
    );
    type_into(&search, "FI");
    wait_until("filtered to one", || {
        find_all(&el, ".vl-provider").len() == 1
    })
    .await;
    assert!(find(&el, "[data-provider='fitbit']").is_some());
    type_into(&search, "zzz");
    wait_text(&el, "No providers match your search.").await;
    type_into(&search, "");
    wait_until("all back", || find_all(&el, ".vl-provider").len() == 5).await;

    // The token went out as the contract says, and only the link token to the API.
    let reqs = requests();
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(reqs[0]["path"], TOKEN_URL);
    assert_eq!(reqs[0]["body"], "{}");
    assert_eq!(reqs[0]["headers"]["content-type"], "application/json");
    assert_eq!(reqs[0]["credentials"], "same-origin");
    let api = api_requests();
    assert_eq!(api[0]["path"], "/v2/link/providers");
    assert_eq!(api[0]["headers"]["x-vital-link-token"], "t1");
    assert!(api
        .iter()
        .all(|r| r["headers"].get("x-vital-api-key").is_none()));
    assert!(api.iter().all(|r| r["credentials"] == "omit"));
    // The token is in memory only: not in the DOM, the URL or storage.
    let html = document().document_element().unwrap().outer_html() + &shadow(&el).inner_html();
    assert!(!html.contains("t1\""));
    let window = web_sys::window().unwrap();
    assert!(!window.location().href().unwrap().contains("t1"));
    assert_eq!(
        window.local_storage().unwrap().unwrap().length().unwrap(),
        0
    );
    assert_eq!(
        window.session_storage().unwrap().unwrap().length().unwrap(),
        0
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn providers_attribute_filters_and_orders() {
    reset_with_catalogue();
    let el = widget_with("providers", "zwift, fitbit, apple_health_kit, nope");
    listed(&el).await;
    let slugs: Vec<String> = find_all(&el, ".vl-provider")
        .iter()
        .map(|b| b.get_attribute("data-provider").unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["fitbit", "zwift"],
        "groups in contract order, sdk hidden"
    );
    assert_eq!(
        events_of(&el, "vital-link-ready"),
        vec![json!({ "providers": 2 })]
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn password_flow_sends_the_exact_request_and_succeeds() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "success", "provider": "renpho", "connected": true, "provider_id": null })
        )]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    let username = wait_for(&el, "#vl-username").await;
    // Focus moves to the first field of the new view (in the frame that shows it).
    wait_until("focus on the first field", || focused(&el) == "vl-username").await;
    assert!(
        find(&el, "label[for=vl-username]").is_some()
            && find(&el, "label[for=vl-password]").is_some()
    );

    let password = find(&el, "#vl-password").unwrap();
    assert_eq!(password.get_attribute("type").as_deref(), Some("password"));
    click(&find(&el, ".vl-reveal").unwrap());
    wait_until("password shown", || {
        password.get_attribute("type").as_deref() == Some("text")
    })
    .await;
    assert_eq!(
        find(&el, ".vl-reveal")
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    type_into(&username, "test@example.com");
    type_into(&password, "s3cret");
    submit(&el);
    wait_text(&el, "Your Renpho account is connected.").await;

    let post = api_requests()
        .into_iter()
        .find(|r| r["method"] == "POST")
        .unwrap();
    assert_eq!(post["path"], "/v2/link/provider/password/renpho");
    assert_eq!(post["headers"]["x-vital-link-token"], "t1");
    assert_eq!(post["headers"]["content-type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(post["body"].as_str().unwrap()).unwrap(),
        json!({ "username": "test@example.com", "password": "s3cret" })
    );
    assert_eq!(
        events_of(&el, "vital-link-success"),
        vec![json!({ "provider": "renpho", "auth_type": "password", "state": "success" })]
    );
    assert_eq!(
        flow_names(&el),
        ["OPEN", "SELECT_PROVIDER", "SUBMIT_CREDENTIALS", "SUCCESS"]
    );
    let event = &events_of(&el, "vital-link-event")[1];
    assert_eq!(event["provider"], "renpho");
    assert!(event["timestamp"].as_f64().unwrap() > 1.6e12);
    // The outcome view leads back to the list.
    click(&find(&el, ".vl-back").unwrap());
    listed(&el).await;
    assert_eq!(flow_names(&el).last().map(String::as_str), Some("BACK"));
    el.remove();
}

#[wasm_bindgen_test]
async fn credential_error_keeps_username_clears_password_and_retries() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/zwift",
        json!([
            ok(
                json!({ "state": "error", "error_type": "provider_credential_error", "error": "Incorrect password" })
            ),
            ok(json!({ "state": "success" }))
        ]),
    );
    let el = default_widget();
    open_provider(&el, "zwift").await;
    type_into(&wait_for(&el, "#vl-username").await, "rider@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "wrong");
    submit(&el);
    let alert = wait_for(&el, "[role=alert]").await;
    assert_eq!(
        alert.text_content().unwrap(),
        "The username or password wasn't accepted by the provider. Check them and try again."
    );
    assert_eq!(value(&el, "#vl-username"), "rider@example.com");
    assert_eq!(value(&el, "#vl-password"), "");
    let errors = events_of(&el, "vital-link-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["provider"], "zwift");
    assert_eq!(errors[0]["error_type"], "provider_credential_error");
    assert_eq!(errors[0]["status"], 200);
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("Incorrect password"));

    type_into(&find(&el, "#vl-password").unwrap(), "right");
    submit(&el);
    wait_text(&el, "Your Zwift account is connected.").await;
    el.remove();
}

#[wasm_bindgen_test]
async fn no_double_submit_while_in_flight() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([{ "hang": true }]),
    );
    let el = widget_with("timeout-ms", "1000");
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "me");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    submit(&el);
    wait_until("submit disabled", || {
        find(&el, "button[type=submit]")
            .unwrap()
            .has_attribute("disabled")
    })
    .await;
    submit(&el);
    click(&find(&el, "button[type=submit]").unwrap());
    let posts = || {
        api_requests()
            .iter()
            .filter(|r| r["method"] == "POST")
            .count()
    };
    assert_eq!(posts(), 1);
    // The hang ends in a timeout error, the form stays usable.
    wait_text(&el, "took too long").await;
    assert_eq!(
        events_of(&el, "vital-link-error")[0]["error_type"],
        "timeout"
    );
    assert_eq!(events_of(&el, "vital-link-error")[0]["status"], Value::Null);
    assert!(!find(&el, "button[type=submit]")
        .unwrap()
        .has_attribute("disabled"));
    assert_eq!(value(&el, "#vl-username"), "me");
    assert_eq!(posts(), 1);
    el.remove();
}

#[wasm_bindgen_test]
async fn mfa_shows_the_hint_and_a_wrong_code_can_be_retried() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "pending_provider_mfa", "provider_mfa": { "method": "sms", "hint": "+1 ••• 0123" } })
        )]),
    );
    route(
        "POST /v2/link/provider/password/renpho/complete_mfa",
        json!([
            ok(json!({ "state": "error", "error_type": "incorrect_mfa_code" })),
            ok(json!({ "state": "success" }))
        ]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "mfa@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "password");
    submit(&el);
    let code = wait_for(&el, "#vl-code").await;
    wait_text(
        &el,
        "Enter the verification code Renpho sent by text message to +1 ••• 0123.",
    )
    .await;
    wait_until("focus on the code", || focused(&el) == "vl-code").await;
    type_into(&code, "000000");
    submit(&el);
    wait_text(&el, "That code wasn't right.").await;
    type_into(&find(&el, "#vl-code").unwrap(), "123456");
    submit(&el);
    wait_text(&el, "Your Renpho account is connected.").await;
    let bodies: Vec<String> = api_requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with("complete_mfa"))
        .map(|r| r["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        bodies,
        [r#"{"mfa_code":"000000"}"#, r#"{"mfa_code":"123456"}"#]
    );
    assert!(flow_names(&el).contains(&"SUBMIT_MFA".to_owned()));
    el.remove();
}

#[wasm_bindgen_test]
async fn email_form_validates_then_sends_email_and_region() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/email/freestyle_libre",
        json!([ok(json!({ "state": "success" }))]),
    );
    let el = default_widget();
    open_provider(&el, "freestyle_libre").await;
    let email = wait_for(&el, "#vl-email").await;
    let region: web_sys::HtmlSelectElement = find(&el, "#vl-region").unwrap().dyn_into().unwrap();
    assert_eq!(region.value(), "us");
    type_into(&email, "not-an-email");
    submit(&el);
    wait_text(&el, "Please enter a valid email address").await;
    assert!(
        api_requests().iter().all(|r| r["method"] != "POST"),
        "an invalid email is not sent"
    );
    type_into(&email, "me@example.com");
    region.set_value("eu");
    type_into(&region, "eu");
    submit(&el);
    wait_text(&el, "Your Freestyle Libre account is connected.").await;
    let post = api_requests()
        .into_iter()
        .find(|r| r["method"] == "POST")
        .unwrap();
    assert_eq!(post["path"], "/v2/link/provider/email/freestyle_libre");
    assert_eq!(
        serde_json::from_str::<Value>(post["body"].as_str().unwrap()).unwrap(),
        json!({ "email": "me@example.com", "region": "eu" })
    );
    assert_eq!(
        events_of(&el, "vital-link-success")[0]["auth_type"],
        "email"
    );
    el.remove();
}

/// OAuth mounts on a plain host element with the navigation recorded, so the test
/// page is not left.
async fn oauth_with(answer: Value) -> (HtmlElement, Rc<RefCell<Vec<String>>>) {
    reset_with_catalogue();
    route("GET /v2/link/provider/oauth/fitbit", json!([answer]));
    let host: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    host.set_class_name("test-host");
    host.set_attribute("token-url", TOKEN_URL).unwrap();
    host.set_attribute("api-base", API).unwrap();
    record_events(&host);
    document().body().unwrap().append_child(&host).unwrap();
    let visited = Rc::new(RefCell::new(Vec::new()));
    let sink = visited.clone();
    vital_link::element::mount_with(
        &host,
        Box::new(move |url| sink.borrow_mut().push(url.to_owned())),
    );
    open_provider(&host, "fitbit").await;
    (host, visited)
}

#[wasm_bindgen_test]
async fn oauth_follows_only_safe_urls() {
    let (host, visited) = oauth_with(ok(json!({ "name": "Fitbit", "slug": "fitbit", "oauth_url": "https://www.fitbit.com/oauth2/authorize?client_id=x" }))).await;
    wait_until("navigation", || !visited.borrow().is_empty()).await;
    assert_eq!(
        *visited.borrow(),
        ["https://www.fitbit.com/oauth2/authorize?client_id=x"]
    );
    assert_eq!(flow_names(&host), ["OPEN", "SELECT_PROVIDER", "OPEN_OAUTH"]);
    vital_link::element::unmount(&host);
    host.remove();

    for bad in [
        "javascript:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "/relative",
        "http://evil.example/",
    ] {
        let (host, visited) = oauth_with(ok(json!({ "oauth_url": bad }))).await;
        wait_text(&host, "looks unsafe").await;
        assert!(visited.borrow().is_empty(), "{bad} must not be followed");
        let error = &events_of(&host, "vital-link-error")[0];
        assert_eq!(error["error_type"], "invalid_oauth_url");
        assert_eq!(error["provider"], "fitbit");
        assert!(find(&host, "[part~=retry]").is_some() && find(&host, ".vl-back").is_some());
        vital_link::element::unmount(&host);
        host.remove();
    }
}

#[wasm_bindgen_test]
async fn oauth_return_shows_outcome_fires_events_and_cleans_the_url() {
    reset();
    at_url("/?tab=devices&state=error&error_type=user_cancelled&error=%3Cb%3Enope%3C%2Fb%3E&provider=fitbit#top");
    let el = default_widget();
    wait_text(&el, "The connection was cancelled.").await;
    let location = web_sys::window().unwrap().location();
    assert_eq!(location.search().unwrap(), "?tab=devices");
    assert_eq!(location.hash().unwrap(), "#top");
    assert_eq!(flow_names(&el), ["OAUTH_RETURN", "ERROR"]);
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(error["error_type"], "user_cancelled");
    assert_eq!(
        error["provider"],
        Value::Null,
        "not a provider this page left for"
    );
    assert_eq!(error["status"], Value::Null);
    assert!(
        find(&el, "b").is_none(),
        "return parameters are text, never markup"
    );
    el.remove();

    // The page left for Oura (the runtime remembered it in this tab): named.
    reset();
    at_url("/?state=success&provider=oura");
    session_storage()
        .set_item("vital-link:left-for", r#"["oura","Oura Ring"]"#)
        .unwrap();
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    let el = default_widget();
    wait_text(&el, "Your Oura Ring account is connected.").await;
    assert_eq!(
        session_storage().get_item("vital-link:left-for").unwrap(),
        None,
        "used once"
    );
    assert_eq!(web_sys::window().unwrap().location().search().unwrap(), "");
    assert_eq!(
        events_of(&el, "vital-link-success"),
        vec![json!({ "provider": "oura", "auth_type": "oauth", "state": "success" })]
    );
    // Back leads to the list, loaded now.
    click(&find(&el, ".vl-back").unwrap());
    listed(&el).await;
    el.remove();

    // A provider the page did not leave for is not echoed from the address bar.
    reset();
    at_url("/?state=success&provider=Call%20555-0100");
    session_storage()
        .set_item("vital-link:left-for", r#"["oura","Oura Ring"]"#)
        .unwrap();
    let el = default_widget();
    wait_text(&el, "Your account is connected.").await;
    assert!(!text(&el).contains("555"), "{}", text(&el));
    assert_eq!(
        events_of(&el, "vital-link-success")[0]["provider"],
        Value::Null
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn in_the_popup_the_return_goes_to_the_opener_only() {
    reset_with_catalogue();
    at_url("/?state=success&provider=fitbit");
    let sent = pose_as_popup("vital-link-oauth");
    let el = default_widget();
    listed(&el).await;
    assert!(stop_posing(), "the popup closes itself");
    assert_eq!(sent.length(), 1, "handed to the opener once");
    let message: Value = serde_json::from_str(&String::from(
        js_sys::JSON::stringify(&sent.get(0)).unwrap(),
    ))
    .unwrap();
    assert_eq!(
        message["message"]["search"],
        "?state=success&provider=fitbit"
    );
    assert!(
        events_of(&el, "vital-link-success").is_empty(),
        "no second success inside the popup"
    );
    assert!(!flow_names(&el).contains(&"OAUTH_RETURN".to_owned()));
    el.remove();
    at_url("/");
}

#[wasm_bindgen_test]
async fn requests_in_flight_end_with_their_session() {
    for end in ["removed", "restarted"] {
        reset();
        tokens(&["t1"]);
        route("GET /v2/link/providers", json!([{ "hang": true }]));
        let el = default_widget();
        wait_until("the list requested", || !api_requests().is_empty()).await;
        assert_eq!(api_requests()[0]["aborted"], false);
        match end {
            "removed" => el.remove(),
            _ => el.set_attribute("locale", "de").unwrap(),
        }
        wait_until(&format!("{end}: the request aborted"), || {
            api_requests()[0]["aborted"] == true
        })
        .await;
        el.remove();
    }
}

/// The test page's address becomes `url` (same document).
fn at_url(url: &str) {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
}

#[wasm_bindgen_test]
async fn one_deadline_covers_every_request_of_an_action() {
    // 1 s for the action; the token takes 0.6 s of it, then the list hangs.
    reset();
    route(
        &format!("POST {TOKEN_URL}"),
        json!([{ "status": 200, "body": r#"{"link_token":"t1"}"#, "delay": 600 }]),
    );
    route("GET /v2/link/providers", json!([{ "hang": true }]));
    let el = widget_with("timeout-ms", "1000");
    wait_until("the list given up", || {
        api_requests().first().is_some_and(|r| r["aborted"] == true)
    })
    .await;
    wait_text(&el, "took too long").await;
    let token = &requests()[0];
    let list = &api_requests()[0];
    let asked = token["at"].as_f64().unwrap();
    let gave_up = list["abortedAt"].as_f64().unwrap();
    let list_waited = gave_up - list["at"].as_f64().unwrap();
    // Per request, the list would have had its own full second (a timer never fires
    // early); one deadline leaves it what the token did not use.
    assert!(list_waited < 900.0, "the list waited {list_waited} ms");
    assert!(
        gave_up - asked >= 900.0,
        "gave up after {} ms",
        gave_up - asked
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn a_slow_submission_says_after_five_seconds_that_it_can_take_a_minute() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([{ "hang": true }]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "a@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    let notice = find(&el, "[part~=notice]").unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        notice.text_content().unwrap_or_default(),
        "This can take up to a minute. Please keep this page open."
    );
    let shown = || {
        let style = web_sys::window()
            .unwrap()
            .get_computed_style(&notice)
            .unwrap()
            .unwrap();
        style.get_property_value("visibility").unwrap() == "visible"
    };
    assert!(!shown(), "hidden while nothing is sent");
    submit(&el);
    wait_until("the submission sent", || {
        api_requests().iter().any(|r| r["method"] == "POST")
    })
    .await;
    assert!(!shown(), "not at once");
    // The default limit for a submission is 65 s: still waiting after 5 s, and saying so.
    wait_until_ms("the note, after 5 s", 8_000, shown).await;
    assert!(
        find(&el, "button[type=submit][disabled]").is_some(),
        "still one submission"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn connect_another_device_starts_with_a_fresh_token() {
    // Vital uses a token up with one successful connection.
    reset();
    tokens(&["t1", "t2"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    let connected =
        json!({ "state": "success", "provider": "renpho", "connected": true, "provider_id": null });
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(connected)]),
    );
    route(
        "POST /v2/link/provider/email/freestyle_libre",
        json!([ok(
            json!({ "state": "success", "provider": "freestyle_libre", "connected": true, "provider_id": null })
        )]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "a@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    submit(&el);
    wait_text(&el, "Your Renpho account is connected.").await;
    click(&find(&el, ".vl-back").unwrap()); // "Connect another device"
    open_provider(&el, "freestyle_libre").await;
    type_into(&wait_for(&el, "#vl-email").await, "a@example.com");
    submit(&el);
    wait_text(&el, "Your Freestyle Libre account is connected.").await;
    let sent: Vec<(String, String)> = api_requests()
        .iter()
        .map(|r| {
            let token = r["headers"]["x-vital-link-token"].as_str().unwrap();
            (r["path"].as_str().unwrap().to_owned(), token.to_owned())
        })
        .collect();
    assert_eq!(
        sent,
        [
            ("/v2/link/providers".to_owned(), "t1".to_owned()),
            (
                "/v2/link/provider/password/renpho".to_owned(),
                "t1".to_owned()
            ),
            (
                "/v2/link/provider/email/freestyle_libre".to_owned(),
                "t2".to_owned()
            ),
        ],
        "no request with the used-up token"
    );
    assert!(!flow_names(&el).contains(&"TOKEN_REFRESH".to_owned()));
    el.remove();
}

#[wasm_bindgen_test]
async fn sdk_providers_are_listed_with_a_note_only_when_asked_for() {
    reset_with_catalogue();
    let el = widget_with("show-sdk-providers", "");
    listed(&el).await;
    assert_eq!(
        shown(&el),
        [
            "fitbit",
            "garmin",
            "renpho",
            "zwift",
            "freestyle_libre",
            "apple_health_kit"
        ],
        "listed last"
    );
    let sdk = find(&el, "[data-provider=apple_health_kit]").unwrap();
    assert_eq!(sdk.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(
        find(&el, "#vl-group-sdk").unwrap().text_content().unwrap(),
        "From the mobile app"
    );
    assert!(text(&el).contains("Connects from this app on your phone, not here."));
    assert!(
        !text(&el).contains("SDK only"),
        "the note, not the API's description"
    );
    // Someone searching for "Apple" finds the guidance.
    type_into(&find(&el, "#vl-search").unwrap(), "apple");
    wait_until("only Apple", || shown(&el) == ["apple_health_kit"]).await;
    // Choosing it leads nowhere: it connects from the host's mobile app.
    click(&find(&el, "[data-provider=apple_health_kit]").unwrap());
    assert!(!flow_names(&el).contains(&"SELECT_PROVIDER".to_owned()));
    assert!(find(&el, ".vl-list").is_some());
    el.remove();
}

/// Each listed provider with its mark (`""` for none).
fn marks(el: &HtmlElement) -> Vec<(String, String)> {
    find_all(el, "[data-provider]")
        .iter()
        .map(|b| {
            let mark = b
                .query_selector(".vl-mark")
                .unwrap()
                .and_then(|m| m.text_content())
                .unwrap_or_default();
            (b.get_attribute("data-provider").unwrap(), mark)
        })
        .filter(|(_, mark)| !mark.is_empty())
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn set_connections(el: &HtmlElement, json: &str) {
    let value = js_sys::JSON::parse(json).unwrap();
    js_sys::Reflect::set(el, &"connections".into(), &value).unwrap();
}

#[wasm_bindgen_test]
async fn connections_from_the_url_or_the_property_mark_the_list() {
    reset_with_catalogue();
    route(
        "GET /host/connections",
        json!([ok(json!({ "providers": [
            { "name": "Renpho", "slug": "renpho", "logo": "", "created_on": "2026-01-01T00:00:00+00:00",
              "status": "error", "resource_availability": {},
              "error_details": { "error_type": "provider_password_expired", "error_message": "expired", "errored_at": "2026-02-01T00:00:00+00:00" } },
            { "name": "Fitbit", "slug": "fitbit", "logo": "", "created_on": "2026-01-01T00:00:00+00:00",
              "status": "connected", "resource_availability": {} }
        ]}))]),
    );
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "success", "provider": "renpho", "connected": true })
        )]),
    );
    let el = widget_with("connections-url", "/host/connections");
    listed(&el).await;
    let expected = pairs(&[("fitbit", "Connected"), ("renpho", "Reconnect")]);
    wait_until("marks", || marks(&el) == expected).await;
    let asked: Vec<Value> = requests()
        .into_iter()
        .filter(|r| r["path"] == "/host/connections")
        .collect();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["method"], "GET");
    assert_eq!(asked[0]["credentials"], "same-origin");
    assert!(asked[0]["headers"].get("x-vital-link-token").is_none());
    // The marks are part of each button's name, and survive a search.
    let renpho = find(&el, "[data-provider=renpho]").unwrap();
    assert!(renpho.text_content().unwrap().contains("Reconnect"));
    type_into(&find(&el, "#vl-search").unwrap(), "ren");
    wait_until("only Renpho", || shown(&el) == ["renpho"]).await;
    assert_eq!(marks(&el), pairs(&[("renpho", "Reconnect")]));
    type_into(&find(&el, "#vl-search").unwrap(), "");
    wait_until("all again", || shown(&el).len() == 5).await;

    // The property wins over the URL, and replaces the marks where the list is: the
    // rows are updated in place, so a keyboard user's focus stays where it was.
    find(&el, "[data-provider=garmin]")
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    set_connections(&el, r#"[{"slug": "garmin", "status": "connected"}]"#);
    wait_until("the property's marks", || {
        marks(&el) == pairs(&[("garmin", "Connected")])
    })
    .await;
    let focused = shadow(&el).active_element().unwrap();
    assert_eq!(
        focused.get_attribute("data-provider").as_deref(),
        Some("garmin")
    );
    // Reconnected here: marked, though the host's list has not caught up.
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "me@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    submit(&el);
    wait_text(&el, "Your Renpho account is connected.").await;
    click(&find(&el, ".vl-back").unwrap()); // "Connect another device"
    listed(&el).await;
    assert_eq!(
        marks(&el),
        pairs(&[("garmin", "Connected"), ("renpho", "Connected")])
    );
    let asked = requests()
        .iter()
        .filter(|r| r["path"] == "/host/connections")
        .count();
    assert_eq!(asked, 1, "the property is read, the URL not asked again");
    el.remove();
}

#[wasm_bindgen_test]
async fn connections_that_cannot_be_read_leave_the_list_unmarked() {
    for answer in [
        status(500, "oops"),
        status(200, "<html>"),
        ok(json!({ "unexpected": true })),
    ] {
        reset_with_catalogue();
        route("GET /host/connections", json!([answer]));
        let el = widget_with("connections-url", "/host/connections");
        listed(&el).await;
        // The warning is the last thing the widget does with such an answer.
        wait_until("a console warning about connections-url", || {
            let warnings: Vec<String> = serde_json::from_str(&stub_warnings()).unwrap();
            warnings
                .iter()
                .any(|w| w.starts_with("vital-link: connections-url:"))
        })
        .await;
        assert_eq!(marks(&el), pairs(&[]));
        assert!(
            events_of(&el, "vital-link-error").is_empty(),
            "not the user's error"
        );
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn connections_set_before_the_element_is_defined_are_adopted() {
    reset_with_catalogue();
    // Markup parsed before <vital-link> is defined: the property is a plain one.
    let el: HtmlElement = parse_without_registry("<vital-link></vital-link>")
        .dyn_into()
        .unwrap();
    el.set_attribute("token-url", TOKEN_URL).unwrap();
    el.set_attribute("api-base", API).unwrap();
    set_connections(
        &el,
        r#"{"providers": [{"slug": "zwift", "status": "connected"}]}"#,
    );
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    wait_until("zwift marked", || {
        marks(&el) == pairs(&[("zwift", "Connected")])
    })
    .await;
    // Adopted as the element's own property: setting it again still reaches the widget.
    set_connections(&el, r#"[{"slug": "zwift", "status": "error"}]"#);
    wait_until("zwift to reconnect", || {
        marks(&el) == pairs(&[("zwift", "Reconnect")])
    })
    .await;
    el.remove();
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

#[wasm_bindgen_test]
async fn an_element_upgraded_from_html_starts_one_session_and_keeps_the_oauth_return() {
    reset();
    at_url("/?state=success&provider=renpho");
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    // Upgraded on insertion: its attributes arrive as changes while connected.
    let holder: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    holder.set_class_name("test-host");
    record_events(&holder);
    document().body().unwrap().append_child(&holder).unwrap();
    let parsed = parse_without_registry(&format!(
        r#"<vital-link token-url="{TOKEN_URL}" api-base="{API}"></vital-link>"#
    ));
    holder.append_child(&parsed).unwrap();
    let el: HtmlElement = holder.first_element_child().unwrap().dyn_into().unwrap();
    wait_text(&el, "Your account is connected.").await;
    // A restart would be queued (a microtask) before the outcome was rendered, so
    // by now it would have happened.
    assert_eq!(
        flow_names(&holder),
        ["OAUTH_RETURN", "SUCCESS"],
        "one session, not restarted"
    );
    assert!(
        requests().is_empty(),
        "an OAuth return needs no token until the user goes back"
    );
    holder.remove();
}

#[wasm_bindgen_test]
async fn invalid_token_is_replaced_once_transparently() {
    reset();
    tokens(&["old", "new"]);
    route(
        "GET /v2/link/providers",
        json!([
            status(
                401,
                r#"{"detail":{"error_type":"INVALID_REQUEST","error_message":"Link Token is Invalid"}}"#
            ),
            ok(catalogue())
        ]),
    );
    let el = default_widget();
    listed(&el).await;
    let calls: Vec<String> = api_requests()
        .iter()
        .map(|r| {
            r["headers"]["x-vital-link-token"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(calls, ["old", "new"]);
    assert!(flow_names(&el).contains(&"TOKEN_REFRESH".to_owned()));
    assert!(
        events_of(&el, "vital-link-error").is_empty(),
        "the user never noticed"
    );
    el.remove();

    // A consumed token on submit: replaced, and the same body sent again.
    reset();
    tokens(&["a", "b"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    route(
        "POST /v2/link/provider/password/renpho",
        json!([
            ok(json!({ "state": "error", "error_type": "token_consumed" })),
            ok(json!({ "state": "success" }))
        ]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "me");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    submit(&el);
    wait_text(&el, "account is connected").await;
    let posts: Vec<Value> = api_requests()
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0]["body"], posts[1]["body"]);
    assert_eq!(
        (
            posts[0]["headers"]["x-vital-link-token"].as_str(),
            posts[1]["headers"]["x-vital-link-token"].as_str()
        ),
        (Some("a"), Some("b"))
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn token_refresh_happens_at_most_once_per_action() {
    reset();
    tokens(&["a", "b", "c"]);
    route(
        "GET /v2/link/providers",
        json!([status(400, r#"{"detail":"MISSING_LINK_TOKEN"}"#)]),
    );
    let el = default_widget();
    wait_text(&el, "Your session has expired.").await;
    assert_eq!(api_requests().len(), 2);
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(
        (error["error_type"].as_str(), error["status"].as_u64()),
        (Some("MISSING_LINK_TOKEN"), Some(400))
    );
    // Try again works once the API recovers.
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    click(&find(&el, "[part~=retry]").unwrap());
    listed(&el).await;
    el.remove();
}

#[wasm_bindgen_test]
async fn every_failure_shape_is_a_message_with_a_retry() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            status(500, "<html>boom</html>"),
            "having trouble",
            "server_error",
        ),
        (status(503, ""), "having trouble", "server_error"),
        (
            ok(json!("not a list")),
            "couldn't read",
            "malformed_response",
        ),
        (
            json!({ "status": 200, "body": "{not json" }),
            "couldn't read",
            "malformed_response",
        ),
        (
            json!({ "status": 200, "body": "" }),
            "couldn't read",
            "malformed_response",
        ),
        (
            json!({ "network": true }),
            "couldn't reach",
            "network_error",
        ),
        (json!({ "hang": true }), "took too long", "timeout"),
        (
            status(400, r#"{"detail":{"error_type":"INVALID_PROVIDER"}}"#),
            "isn't supported",
            "INVALID_PROVIDER",
        ),
        (
            status(400, r#"{"detail":{"error_type":"INVALID_USER_ID"}}"#),
            "couldn't find your account",
            "INVALID_USER_ID",
        ),
        (
            status(418, r#"{"detail":{"error_type":"SOMETHING_NEW"}}"#),
            "Something went wrong",
            "SOMETHING_NEW",
        ),
    ];
    for (answer, message, error_type) in cases {
        reset();
        tokens(&["t1"]);
        route("GET /v2/link/providers", json!([answer]));
        let el = widget_with("timeout-ms", "300");
        wait_text(&el, message).await;
        assert!(
            find(&el, "[role=alert]").is_some(),
            "{error_type}: announced"
        );
        assert_eq!(
            events_of(&el, "vital-link-error")[0]["error_type"],
            error_type
        );
        assert!(
            find(&el, "[part~=retry]").is_some(),
            "{error_type}: a retry control"
        );
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn host_token_endpoint_failure_is_reported() {
    reset();
    route(
        &format!("POST {TOKEN_URL}"),
        json!([status(500, "{}"), ok(json!({ "nope": 1 }))]),
    );
    let el = default_widget();
    wait_text(&el, "couldn't start a secure session").await;
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(
        (error["error_type"].as_str(), error["status"].as_u64()),
        (Some("token_endpoint_error"), Some(500))
    );
    click(&find(&el, "[part~=retry]").unwrap());
    wait_until("second error", || {
        events_of(&el, "vital-link-error").len() == 2
    })
    .await;
    assert!(events_of(&el, "vital-link-error")[1]["message"]
        .as_str()
        .unwrap()
        .contains("without a link_token"));
    el.remove();
}

#[wasm_bindgen_test]
async fn fetch_link_token_property_wins_over_token_url() {
    reset();
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    let el: HtmlElement = document()
        .create_element("vital-link")
        .unwrap()
        .dyn_into()
        .unwrap();
    el.set_attribute("token-url", TOKEN_URL).unwrap();
    el.set_attribute("api-base", API).unwrap();
    // Set before insertion: the element must pick it up.
    set_fetch_link_token(&el, r#"["from-callback"]"#);
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(token_calls(&el), 1);
    assert!(requests().iter().all(|r| r["path"] != TOKEN_URL));
    assert_eq!(
        api_requests()[0]["headers"]["x-vital-link-token"],
        "from-callback"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn configuration_mistakes_are_clear_errors() {
    reset();
    let el = widget(&[("api-base", API)]);
    wait_text(
        &el,
        "set the token-url attribute or the fetchLinkToken property",
    )
    .await;
    assert_eq!(
        events_of(&el, "vital-link-error")[0]["error_type"],
        "configuration_error"
    );
    // Supplying the property afterwards starts a working session.
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    el.set_attribute("token-url", TOKEN_URL).unwrap();
    listed(&el).await;
    el.remove();

    reset();
    let el = widget(&[("token-url", TOKEN_URL), ("environment", "staging")]);
    wait_text(&el, "environment must be \"sandbox\" or \"production\"").await;
    el.remove();
    let el = widget(&[("token-url", TOKEN_URL), ("region", "mars")]);
    wait_text(&el, "region must be \"us\" or \"eu\"").await;
    el.remove();
    // The link token would go to api-base: plain http only to this computer.
    let el = widget(&[
        ("token-url", TOKEN_URL),
        ("api-base", "http://vital.example"),
    ]);
    wait_text(
        &el,
        "api-base must be an https URL (http only to localhost)",
    )
    .await;
    assert!(
        requests().is_empty(),
        "no token asked for: {:?}",
        requests()
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn attribute_changes_start_a_fresh_session_and_many_elements_work() {
    reset_with_catalogue();
    let a = default_widget();
    let b = widget_with("providers", "renpho");
    listed(&a).await;
    listed(&b).await;
    assert_eq!(find_all(&a, ".vl-provider").len(), 5);
    assert_eq!(find_all(&b, ".vl-provider").len(), 1);
    // Defining again is harmless.
    vital_link::element::define();
    b.set_attribute("providers", "fitbit,zwift").unwrap();
    wait_until("b restarted with new filter", || {
        find_all(&b, ".vl-provider").len() == 2
    })
    .await;
    assert_eq!(find_all(&a, ".vl-provider").len(), 5);
    b.set_attribute("api-base", "https://other.test").unwrap();
    wait_until("a request to the new base", || {
        requests()
            .iter()
            .any(|r| r["origin"] == "https://other.test")
    })
    .await;
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
async fn hostile_provider_text_renders_as_text() {
    reset();
    tokens(&["t1"]);
    let evil = json!([{ "id": 1, "name": "<img src=x onerror=alert(1)>Evil", "slug": "evil", "description": "<script>alert(2)</script>", "logo": "javascript:alert(3)", "auth_type": "password" }]);
    route("GET /v2/link/providers", json!([ok(evil)]));
    let el = default_widget();
    listed(&el).await;
    assert!(find(&el, "img").is_none() && find(&el, "script").is_none());
    assert!(text(&el).contains("<img src=x onerror=alert(1)>Evil"));
    assert!(text(&el).contains("<script>alert(2)</script>"));
    el.remove();
}

#[wasm_bindgen_test]
async fn a_panic_becomes_a_visible_error_and_an_event() {
    reset_with_catalogue();
    let el = default_widget();
    listed(&el).await;
    vital_link::element::report_panic("index out of bounds <script>");
    let alert = find(&el, "[role=alert]").expect("a visible error");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Please reload the page"));
    assert!(find(&el, "script").is_none());
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(error["error_type"], "internal_error");
    assert_eq!(error["status"], Value::Null);
    el.remove();
}

#[wasm_bindgen_test]
async fn hostile_mfa_hint_and_validation_detail_render_as_text() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "pending_provider_mfa", "provider_mfa": { "method": "<b>sms</b>", "hint": "<img src=x onerror=alert(1)>" } })
        )]),
    );
    route(
        "POST /v2/link/provider/password/renpho/complete_mfa",
        json!([status(
            422,
            r#"{"detail":[{"loc":["body","mfa_code"],"msg":"<i>bad</i>","type":"x"}]}"#
        )]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "me");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    submit(&el);
    wait_for(&el, "#vl-code").await;
    assert!(text(&el).contains("<img src=x onerror=alert(1)>"));
    type_into(&find(&el, "#vl-code").unwrap(), "1");
    submit(&el);
    wait_text(&el, "mfa_code: <i>bad</i>").await;
    assert!(find(&el, "img, b, i").is_none());
    el.remove();
}

#[wasm_bindgen_test]
async fn locale_attribute_and_page_language_pick_the_catalogue() {
    reset_with_catalogue();
    let el = widget_in("de-DE");
    listed(&el).await;
    // The German catalogue is fetched alongside the list; the view is redrawn with it.
    wait_text(&el, "Gerät verbinden").await;
    assert_eq!(heading(&el), "Gerät verbinden");
    assert_eq!(
        find(&el, "label[for=vl-search]")
            .unwrap()
            .text_content()
            .unwrap(),
        "Anbieter suchen"
    );
    // Errors too; the host's event keeps the English developer message.
    route("GET /v2/link/providers", json!([status(503, "")]));
    el.set_attribute("locale", "es").unwrap();
    wait_text(&el, "El servicio de conexión tiene problemas.").await;
    assert!(find(&el, "[part~=retry]").unwrap().text_content().unwrap() == "Reintentar");
    assert!(events_of(&el, "vital-link-error")[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("The connection service"));
    el.remove();

    reset_with_catalogue();
    let html = document().document_element().unwrap();
    html.set_attribute("lang", "es").unwrap();
    let el = default_widget();
    listed(&el).await;
    wait_text(&el, "Conecta un dispositivo").await;
    html.set_attribute("lang", "en").unwrap();
    assert_eq!(heading(&el), "Conecta un dispositivo");
    el.remove();

    // Every other language, each from its own catalogue file.
    for (tag, title) in [
        ("fr-CA", "Connecter un appareil"),
        ("it", "Collega un dispositivo"),
        ("pt-BR", "Conectar um dispositivo"),
        ("nl", "Apparaat koppelen"),
        ("ja-JP", "デバイスを接続"),
    ] {
        reset_with_catalogue();
        let el = widget_in(tag);
        listed(&el).await;
        wait_text(&el, title).await;
        let fetched = format!("/i18n/{}.json", &tag[..2]);
        assert!(
            requests().iter().any(|r| r["path"] == fetched.as_str()),
            "{fetched}"
        );
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn without_its_catalogue_a_language_speaks_english_and_gaps_fall_back() {
    reset_with_catalogue();
    route("GET /i18n/de.json", json!([status(404, "Not Found")]));
    let el = widget_in("de");
    listed(&el).await;
    wait_until("the catalogue was asked for", || {
        requests().iter().any(|r| r["path"] == "/i18n/de.json")
    })
    .await;
    assert_eq!(heading(&el), "Connect a device");
    el.remove();

    // A catalogue without one message: that message in English, the rest in German.
    reset_with_catalogue();
    let mut german: Vec<String> = serde_json::from_str(include_str!("../i18n/de.json")).unwrap();
    german[0] = String::new();
    route("GET /i18n/de.json", json!([ok(json!(german))]));
    let el = widget_in("de");
    listed(&el).await;
    wait_text(&el, "Anbieter suchen").await;
    assert_eq!(heading(&el), "Connect a device");
    el.remove();
}

#[wasm_bindgen_test]
async fn theme_attribute_switches_colours() {
    reset_with_catalogue();
    let el = default_widget();
    listed(&el).await;
    let background = |el: &HtmlElement| {
        let root = find(el, ".vl").unwrap();
        web_sys::window()
            .unwrap()
            .get_computed_style(&root)
            .unwrap()
            .unwrap()
            .get_property_value("background-color")
            .unwrap()
    };
    assert_eq!(background(&el), "rgb(255, 255, 255)");
    el.set_attribute("theme", "dark").unwrap();
    assert_eq!(background(&el), "rgb(22, 26, 34)");
    // Host CSS custom properties win over the defaults.
    el.style()
        .set_property("--vl-background", "rgb(1, 2, 3)")
        .unwrap();
    assert_eq!(background(&el), "rgb(1, 2, 3)");
    el.remove();
}

#[wasm_bindgen_test]
async fn styles_live_in_the_shadow_root() {
    reset_with_catalogue();
    let el = default_widget();
    listed(&el).await;
    let sheets = js_sys::Reflect::get(&shadow(&el), &"adoptedStyleSheets".into()).unwrap();
    assert_eq!(js_sys::Array::from(&sheets).length(), 1);
    let button = find(&el, ".vl-provider").unwrap();
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(&button)
        .unwrap()
        .unwrap();
    assert_eq!(style.get_property_value("cursor").unwrap(), "pointer");
    el.remove();
}

#[wasm_bindgen_test]
async fn token_url_is_used_exactly_as_given() {
    reset();
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    // A signed URL: its query must reach the host byte for byte (no added `&`).
    let url = format!("{TOKEN_URL}?session=2&sig=a%2Fb");
    let el = widget(&[("token-url", &url), ("api-base", API)]);
    listed(&el).await;
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let sent = requests()
        .into_iter()
        .find(|r| r["path"] == TOKEN_URL)
        .expect("a token request");
    assert_eq!(sent["url"], format!("{origin}{url}"));
    assert_eq!(
        (
            sent["method"].as_str(),
            sent["body"].as_str(),
            sent["credentials"].as_str(),
            sent["headers"]["content-type"].as_str()
        ),
        (
            Some("POST"),
            Some("{}"),
            Some("same-origin"),
            Some("application/json")
        )
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn search_and_monograms_fold_case_beyond_ascii() {
    reset();
    tokens(&["t1"]);
    route(
        "GET /v2/link/providers",
        json!([ok(json!([
            { "name": "Ömron Connect", "slug": "omron", "auth_type": "oauth" },
            { "name": "ÉCLAIR Scale", "slug": "eclair", "auth_type": "password" },
            { "name": "élan", "slug": "elan", "auth_type": "email" },
            { "name": "Fitbit", "slug": "fitbit", "auth_type": "oauth" }
        ]))]),
    );
    let el = default_widget();
    listed(&el).await;
    let search = find(&el, "#vl-search").unwrap();
    for (query, expected) in [
        ("öm", vec!["omron"]),
        ("ÖMRON", vec!["omron"]),
        ("éclair", vec!["eclair"]),
        ("ÉLAN", vec!["elan"]),
        ("Scale", vec!["eclair"]),
    ] {
        type_into(&search, query);
        wait_until(&format!("{query:?} to show {expected:?}"), || {
            shown(&el) == expected
        })
        .await;
    }
    type_into(&search, "");
    wait_until("the whole list again", || shown(&el).len() == 4).await;
    let monograms: Vec<String> = find_all(&el, ".vl-monogram")
        .iter()
        .map(|m| m.text_content().unwrap_or_default())
        .collect();
    assert_eq!(monograms, ["Ö", "F", "É", "É"]);
    el.remove();
}

#[wasm_bindgen_test]
async fn the_loaders_early_answers_are_used_once_and_only_for_their_url_and_token() {
    let element = |url: &str| -> HtmlElement {
        let el: HtmlElement = document()
            .create_element("vital-link")
            .unwrap()
            .dyn_into()
            .unwrap();
        el.set_attribute("token-url", url).unwrap();
        el.set_attribute("api-base", API).unwrap();
        el
    };
    let list_url = format!("{API}/v2/link/providers");
    let early_token = |el: &HtmlElement, url: &str, status: u16, text: &str| {
        stash_early(el, url, None, status, text)
    };
    // Asked for this token-url: no second request; its token goes to the API.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert!(!has_early(&el), "taken, so it is used once");
    assert!(requests().iter().all(|r| r["path"] != TOKEN_URL));
    assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "early");
    el.remove();

    // Asked for another URL (the attribute changed meanwhile): ignored.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, "/old/token-url", 200, r#"{"link_token":"stale"}"#);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "t1");
    el.remove();

    // With the list asked early too, from this API base with that token: no request.
    let early_list = json!([catalogue()[1]]).to_string();
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
    stash_early(&el, &list_url, Some("early"), 200, &early_list);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(shown(&el), ["renpho"], "the early list is the one shown");
    assert!(requests().is_empty(), "{:?}", requests());
    el.remove();

    // Asked from another API base, or with another token: the widget asks itself.
    for (url, token) in [
        ("https://elsewhere.test/v2/link/providers", "early"),
        (list_url.as_str(), "other"),
    ] {
        reset_with_catalogue();
        let el = element(TOKEN_URL);
        early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
        stash_early(&el, url, Some(token), 200, &early_list);
        document().body().unwrap().append_child(&el).unwrap();
        listed(&el).await;
        assert_eq!(
            shown(&el).len(),
            5,
            "{url} {token}: the list the widget asked for"
        );
        assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "early");
        el.remove();
    }

    // An early list that refuses the token: a fresh token and one retry, as always.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
    let refused =
        json!({ "detail": { "error_type": "invalid_token", "error_message": "expired" } });
    stash_early(&el, &list_url, Some("early"), 401, &refused.to_string());
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(shown(&el).len(), 5);
    assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "t1");
    el.remove();

    // An early answer that never comes is held to the request's time limit.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    el.set_attribute("timeout-ms", "100").unwrap();
    stash_early_hanging(&el, TOKEN_URL);
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    wait_text(&el, "couldn't start a secure session").await;
    let message = events_of(&el, "vital-link-error")[0]["message"].to_string();
    assert!(message.contains("token endpoint timed out"), "{message}");
    el.remove();

    // A failed early answer is reported like any token endpoint failure, with a retry.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 500, "{}");
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    wait_text(&el, "couldn't start a secure session").await;
    assert_eq!(events_of(&el, "vital-link-error")[0]["status"], 500);
    click(&find(&el, "[part~=retry]").unwrap());
    listed(&el).await;
    el.remove();
}
