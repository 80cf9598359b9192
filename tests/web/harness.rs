//! What every web test shares: the page's stand-ins (tests/web/stubs.js), a fresh page
//! per test, the widget made and found, and waiting for a condition (never a sleep).

// What the test files use, through `use crate::harness::*`.
pub use serde_json::{json, Value};
pub use std::cell::RefCell;
pub use std::rc::Rc;
pub use wasm_bindgen::prelude::*;
pub use wasm_bindgen::JsCast;
pub use web_sys::{HtmlElement, HtmlInputElement};

#[wasm_bindgen(module = "/tests/web/stubs.js")]
extern "C" {
    pub fn stub_install();
    pub fn stub_route(key: &str, answers: &str);
    pub fn stub_log() -> String;
    pub fn stub_warnings() -> String;
    pub fn record_events(el: &HtmlElement);
    pub fn recorded_events(el: &HtmlElement) -> String;
    pub fn next_tick(ms: u32) -> js_sys::Promise;
    pub fn type_into(input: &web_sys::Element, value: &str);
    pub fn set_fetch_link_token(el: &HtmlElement, tokens: &str);
    pub fn token_calls(el: &HtmlElement) -> u32;
    pub fn stash_early(el: &HtmlElement, url: &str, token: Option<&str>, status: u16, text: &str);
    pub fn stash_early_hanging(el: &HtmlElement, url: &str);
    pub fn has_early(el: &HtmlElement) -> bool;
    pub fn pose_as_popup(name: &str) -> js_sys::Array;
    /// Ends the pose; `true` if the widget closed the "popup".
    pub fn stop_posing() -> bool;
    pub fn parse_without_registry(html: &str) -> web_sys::Element;
}

pub const API: &str = "https://api.test";
pub const TOKEN_URL: &str = "/host/link-token";

pub fn route(key: &str, answers: Value) {
    stub_route(key, &answers.to_string());
}

pub fn ok(body: Value) -> Value {
    json!({ "status": 200, "body": body.to_string() })
}

pub fn status(code: u16, body: &str) -> Value {
    json!({ "status": code, "body": body })
}

pub fn tokens(list: &[&str]) {
    let answers: Vec<Value> = list
        .iter()
        .map(|t| ok(json!({ "link_token": t })))
        .collect();
    route(&format!("POST {TOKEN_URL}"), Value::Array(answers));
}

pub fn catalogue() -> Value {
    json!([
        { "id": 1, "name": "Fitbit", "slug": "fitbit", "description": "Activity trackers", "logo": "http://127.0.0.1:9/fitbit.png", "auth_type": "oauth" },
        { "id": 2, "name": "Renpho", "slug": "renpho", "description": "Fitness scales", "logo": "", "auth_type": "password" },
        { "id": 3, "name": "Freestyle Libre", "slug": "freestyle_libre", "description": "CGM", "logo": "javascript:alert(1)", "auth_type": "email" },
        { "id": 4, "name": "Apple HealthKit", "slug": "apple_health_kit", "description": "SDK only", "logo": "", "auth_type": "sdk" },
        { "id": 5, "name": "Garmin", "slug": "garmin", "description": "Watches", "logo": "", "auth_type": "team_oauth" },
        { "id": 6, "name": "Zwift", "slug": "zwift", "description": "Virtual cycling", "logo": "", "auth_type": "password" }
    ])
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh page state: stubbed fetch (serving the real German and Spanish catalogue
/// files), no widgets, no catalogue fetched yet, a clean URL.
pub fn reset() {
    stub_install();
    vital_link::i18n::loaded::forget_all();
    for (tag, catalogue) in [
        ("de", include_str!("../../i18n/de.json")),
        ("es", include_str!("../../i18n/es.json")),
        ("fr", include_str!("../../i18n/fr.json")),
        ("it", include_str!("../../i18n/it.json")),
        ("pt", include_str!("../../i18n/pt.json")),
        ("nl", include_str!("../../i18n/nl.json")),
        ("ja", include_str!("../../i18n/ja.json")),
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
pub fn reset_with_catalogue() {
    reset();
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
}

/// Creates `<vital-link>` with these attributes, records its events, inserts it.
pub fn widget(attrs: &[(&str, &str)]) -> HtmlElement {
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

/// A plain host element (not the registered tag) with `token-url`, `api-base` and these
/// attributes, mounted with its navigation recorded, so the test page is never left.
pub fn mounted_host(attrs: &[(&str, &str)]) -> (HtmlElement, Rc<RefCell<Vec<String>>>) {
    let host: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    host.set_class_name("test-host");
    for (name, value) in [("token-url", TOKEN_URL), ("api-base", API)]
        .iter()
        .chain(attrs)
    {
        host.set_attribute(name, value).unwrap();
    }
    record_events(&host);
    document().body().unwrap().append_child(&host).unwrap();
    let visited = Rc::new(RefCell::new(Vec::new()));
    let sink = visited.clone();
    vital_link::element::mount_with(
        &host,
        Box::new(move |url| sink.borrow_mut().push(url.to_owned())),
    );
    (host, visited)
}

pub fn default_widget() -> HtmlElement {
    widget(&[("token-url", TOKEN_URL), ("api-base", API)])
}

/// The default widget with its `locale` attribute set.
pub fn widget_in(locale: &str) -> HtmlElement {
    widget_with("locale", locale)
}

/// The default widget with one more attribute.
pub fn widget_with(name: &str, value: &str) -> HtmlElement {
    widget(&[("token-url", TOKEN_URL), ("api-base", API), (name, value)])
}

/// The text of the view's heading.
pub fn heading(el: &HtmlElement) -> String {
    find(el, "h2").unwrap().text_content().unwrap()
}

/// The id of the element focused inside the widget (`""` if none).
pub fn focused(el: &HtmlElement) -> String {
    shadow(el)
        .active_element()
        .map(|a| a.id())
        .unwrap_or_default()
}

pub fn shadow(el: &HtmlElement) -> web_sys::ShadowRoot {
    el.shadow_root().expect("open shadow root")
}

pub fn find(el: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    shadow(el).query_selector(selector).unwrap()
}

pub fn find_all(el: &HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = shadow(el).query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect()
}

pub fn text(el: &HtmlElement) -> String {
    shadow(el).text_content().unwrap_or_default()
}

/// Polls until `check` holds (at most ~5 s); the failure message says what never came.
pub async fn wait_until(what: &str, check: impl Fn() -> bool) {
    wait_until_ms(what, 5_000, check).await
}

/// Polls `check` every 10 ms for at most `ms` (by the clock).
pub async fn wait_until_ms(what: &str, ms: u32, check: impl Fn() -> bool) {
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

pub async fn wait_for(el: &HtmlElement, selector: &str) -> web_sys::Element {
    wait_until(&format!("`{selector}` in the widget"), || {
        find(el, selector).is_some()
    })
    .await;
    find(el, selector).unwrap()
}

pub async fn wait_text(el: &HtmlElement, needle: &str) {
    wait_until(&format!("text {needle:?} (have {:?})", text(el)), || {
        text(el).contains(needle)
    })
    .await;
}

pub fn click(el: &web_sys::Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}

pub fn submit(el: &HtmlElement) {
    let form: web_sys::HtmlFormElement = find(el, "form").unwrap().dyn_into().unwrap();
    form.request_submit().unwrap();
}

pub fn value(el: &HtmlElement, selector: &str) -> String {
    find(el, selector)
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

pub fn events(el: &HtmlElement) -> Vec<Value> {
    serde_json::from_str(&recorded_events(el)).unwrap()
}

/// The details of `kind` events, without the funnel fields every event carries
/// (`session_id`, `view`, `elapsed_ms`: `events` has them, and `direct.rs` checks them).
pub fn events_of(el: &HtmlElement, kind: &str) -> Vec<Value> {
    events(el)
        .into_iter()
        .filter(|e| e["type"] == kind)
        .map(|mut e| {
            let detail = e["detail"].as_object_mut().unwrap();
            for funnel in ["session_id", "view", "elapsed_ms"] {
                detail
                    .remove(funnel)
                    .expect("every event carries the funnel fields");
            }
            e["detail"].take()
        })
        .collect()
}

pub fn flow_names(el: &HtmlElement) -> Vec<String> {
    events_of(el, "vital-link-event")
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

pub fn requests() -> Vec<Value> {
    serde_json::from_str(&stub_log()).unwrap()
}

pub fn api_requests() -> Vec<Value> {
    requests()
        .into_iter()
        .filter(|r| r["origin"] == API)
        .collect()
}

/// The providers listed, by slug, in order.
pub fn shown(el: &HtmlElement) -> Vec<String> {
    find_all(el, "[data-provider]")
        .iter()
        .filter_map(|b| b.get_attribute("data-provider"))
        .collect()
}

pub async fn listed(el: &HtmlElement) {
    wait_for(el, ".vl-provider").await;
}

/// A list with the catalogue, then `slug` chosen.
pub async fn open_provider(el: &HtmlElement, slug: &str) {
    listed(el).await;
    click(&find(el, &format!("[data-provider='{slug}']")).unwrap());
}

/// The test page's address becomes `url` (same document).
pub fn at_url(url: &str) {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
}

/// Opens `slug`'s password form, types the username and password, and sends them.
pub async fn sign_in(el: &HtmlElement, slug: &str, username: &str, password: &str) {
    open_provider(el, slug).await;
    type_into(&wait_for(el, "#vl-username").await, username);
    type_into(&find(el, "#vl-password").unwrap(), password);
    submit(el);
}

pub fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}
