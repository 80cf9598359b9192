//! Round three: a provider opened directly, disconnect, guidance, and the funnel
//! fields every event carries.

use crate::connections::{marks, pairs, set_connections};
use crate::harness::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn provider_attribute_opens_its_form_and_back_leads_to_the_list() {
    reset_with_catalogue();
    let el = widget_with("provider", "renpho");
    wait_for(&el, "#vl-username").await;
    assert_eq!(heading(&el), "Connect Renpho");
    assert_eq!(find_all(&el, "[data-provider]").len(), 0, "no list first");
    // Ready fires: the widget is usable.
    assert_eq!(events_of(&el, "vital-link-ready")[0]["providers"], 5);
    assert_eq!(flow_names(&el), ["OPEN", "SELECT_PROVIDER"]);
    click(&find(&el, ".vl-back").unwrap());
    listed(&el).await;
    assert_eq!(shown(&el).len(), 5, "the whole list");
    assert!(find(&el, "[part~=notice]").is_none());
}

#[wasm_bindgen_test]
async fn provider_attribute_for_oauth_leaves_only_on_the_click() {
    reset_with_catalogue();
    route(
        "GET /v2/link/provider/oauth/fitbit",
        json!([ok(
            json!({ "oauth_url": "https://www.fitbit.com/oauth2/authorize?x=1" })
        )]),
    );
    let (host, visited) = mounted_host(&[("provider", "fitbit")]);
    let go = wait_for(&host, "[part~=submit]").await;
    assert_eq!(heading(&host), "Connect Fitbit");
    assert_eq!(go.text_content().unwrap(), "Continue to Fitbit");
    assert!(text(&host).contains("sign in on Fitbit's own page"));
    // Nothing asked, nowhere gone, until the user continues.
    assert!(!api_requests()
        .iter()
        .any(|r| r["path"] == "/v2/link/provider/oauth/fitbit"));
    assert!(visited.borrow().is_empty());
    click(&go);
    wait_until("navigation", || !visited.borrow().is_empty()).await;
    assert_eq!(
        *visited.borrow(),
        ["https://www.fitbit.com/oauth2/authorize?x=1"]
    );
    assert_eq!(flow_names(&host), ["OPEN", "SELECT_PROVIDER", "OPEN_OAUTH"]);
    vital_link::element::unmount(&host);
    host.remove();
}

#[wasm_bindgen_test]
async fn provider_attribute_in_popup_mode_opens_the_popup_in_the_click() {
    reset_with_catalogue();
    // The popup is opened synchronously in the click: a stand-in records it.
    let opened = js_sys::Array::new();
    let log = opened.clone();
    let open = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(move |url: JsValue, _name| {
        log.push(&url);
        JsValue::NULL // blocked: the widget falls back to leaving the page
    });
    let window = web_sys::window().unwrap();
    let real_open = js_sys::Reflect::get(&window, &"open".into()).unwrap();
    js_sys::Reflect::set(&window, &"open".into(), open.as_ref()).unwrap();
    route(
        "GET /v2/link/provider/oauth/fitbit",
        json!([ok(
            json!({ "oauth_url": "https://www.fitbit.com/oauth2/authorize?x=2" })
        )]),
    );
    let (host, visited) = mounted_host(&[("provider", "fitbit"), ("oauth-mode", "popup")]);
    let go = wait_for(&host, "[part~=submit]").await;
    assert_eq!(opened.length(), 0, "no popup before the click");
    click(&go);
    let popups = opened.length();
    js_sys::Reflect::set(&window, &"open".into(), &real_open).unwrap();
    assert_eq!(popups, 1, "the popup is opened inside the click");
    wait_until("fallback navigation", || !visited.borrow().is_empty()).await;
    vital_link::element::unmount(&host);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_provider_not_offered_shows_the_list_with_a_notice() {
    reset_with_catalogue();
    let el = widget_with("provider", "oura");
    listed(&el).await;
    let notice = find(&el, "[part~=notice]").unwrap();
    assert_eq!(
        notice.text_content().unwrap(),
        "“oura” isn't offered here. Choose a provider from the list."
    );
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(shown(&el).len(), 5);
}

#[wasm_bindgen_test]
async fn a_token_offering_one_provider_opens_it() {
    reset();
    tokens(&["t1"]);
    route(
        "GET /v2/link/providers",
        json!([ok(json!([
            { "name": "Zwift", "slug": "zwift", "description": "", "logo": "", "auth_type": "password" }
        ]))]),
    );
    let el = default_widget();
    wait_for(&el, "#vl-username").await;
    assert_eq!(heading(&el), "Connect Zwift");
}

/// The default widget with Fitbit connected and Renpho to reconnect, marked.
async fn connected_widget(extra: &[(&str, &str)]) -> HtmlElement {
    let mut attrs = vec![("token-url", TOKEN_URL), ("api-base", API)];
    attrs.extend_from_slice(extra);
    let el: HtmlElement = document()
        .create_element("vital-link")
        .unwrap()
        .dyn_into()
        .unwrap();
    for (name, value) in &attrs {
        el.set_attribute(name, value).unwrap();
    }
    set_connections(
        &el,
        r#"[{"slug":"fitbit","status":"connected"},{"slug":"renpho","status":"error"}]"#,
    );
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    let expected = pairs(&[("fitbit", "Connected"), ("renpho", "Reconnect")]);
    wait_until("marks", || marks(&el) == expected).await;
    el
}

fn disconnect_buttons(el: &HtmlElement) -> Vec<String> {
    find_all(el, "[part~=disconnect]")
        .iter()
        .map(|b| b.get_attribute("aria-label").unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn disconnect_url_confirms_posts_and_unmarks() {
    reset_with_catalogue();
    route(
        "POST /host/disconnect",
        json!([ok(json!({ "success": true }))]),
    );
    let el = connected_widget(&[("disconnect-url", "/host/disconnect")]).await;
    // Beside each marked row, named for its provider; not inside the row's button.
    assert_eq!(
        disconnect_buttons(&el),
        ["Disconnect Fitbit", "Disconnect Renpho"]
    );
    let button = find(&el, "[data-disconnect=fitbit]").unwrap();
    assert!(button.closest(".vl-provider").unwrap().is_none());
    assert_eq!(button.tag_name(), "BUTTON");

    click(&button);
    wait_text(&el, "Disconnect Fitbit?").await;
    assert!(text(&el).contains("Data already collected stays with the app."));
    assert!(requests().iter().all(|r| r["path"] != "/host/disconnect"));
    click(&find(&el, ".vl-danger").unwrap());

    listed(&el).await;
    assert_eq!(marks(&el), pairs(&[("renpho", "Reconnect")]));
    assert_eq!(disconnect_buttons(&el), ["Disconnect Renpho"]);
    assert_eq!(
        find(&el, "[part~=notice]").unwrap().text_content().unwrap(),
        "Fitbit was disconnected."
    );
    let sent: Vec<Value> = requests()
        .into_iter()
        .filter(|r| r["path"] == "/host/disconnect")
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["method"], "POST");
    assert_eq!(sent[0]["credentials"], "same-origin");
    assert_eq!(sent[0]["headers"]["content-type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(sent[0]["body"].as_str().unwrap()).unwrap(),
        json!({ "provider": "fitbit" })
    );
    assert!(sent[0]["headers"].get("x-vital-link-token").is_none());
    let disconnect = events_of(&el, "vital-link-event")
        .into_iter()
        .find(|e| e["name"] == "DISCONNECT")
        .expect("a DISCONNECT event");
    assert_eq!(disconnect["provider"], "fitbit");
}

#[wasm_bindgen_test]
async fn a_failed_disconnect_says_so_retries_and_unmarks_nothing() {
    reset_with_catalogue();
    route(
        "POST /host/disconnect",
        json!([status(502, "{}"), ok(json!({}))]),
    );
    let el = connected_widget(&[("disconnect-url", "/host/disconnect")]).await;
    click(&find(&el, "[data-disconnect=renpho]").unwrap());
    wait_text(&el, "Disconnect Renpho?").await;
    click(&find(&el, ".vl-danger").unwrap());
    wait_text(&el, "couldn't disconnect the provider").await;
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(error["error_type"], "disconnect_error");
    assert_eq!(error["status"], 502);
    assert_eq!(error["provider"], "renpho");
    let raw = events(&el);
    let raw_error = raw
        .iter()
        .find(|e| e["type"] == "vital-link-error")
        .unwrap();
    assert_eq!(raw_error["detail"]["view"], "confirm_disconnect");
    // Cancel: the list with the marks as they were.
    click(&find(&el, ".vl-back").unwrap());
    listed(&el).await;
    assert_eq!(
        marks(&el),
        pairs(&[("fitbit", "Connected"), ("renpho", "Reconnect")])
    );
    // Again, and this time it works (confirming again is the retry).
    click(&find(&el, "[data-disconnect=renpho]").unwrap());
    let confirm = wait_for(&el, ".vl-danger").await;
    assert_eq!(
        confirm.get_attribute("part").as_deref(),
        Some("button disconnect")
    );
    click(&confirm);
    wait_text(&el, "Renpho was disconnected.").await;
    assert_eq!(marks(&el), pairs(&[("fitbit", "Connected")]));
}

#[wasm_bindgen_test]
async fn disconnect_provider_property_wins_and_its_rejection_is_a_failure() {
    reset_with_catalogue();
    let el = connected_widget(&[]).await;
    assert!(
        disconnect_buttons(&el).is_empty(),
        "no way to disconnect, no button"
    );
    // Setting the property starts afresh, with the buttons.
    let calls = js_sys::Array::new();
    let log = calls.clone();
    let attempts = Rc::new(std::cell::Cell::new(0));
    let tries = attempts.clone();
    let callback = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |slug: JsValue| {
        log.push(&slug);
        tries.set(tries.get() + 1);
        if tries.get() == 1 {
            js_sys::Promise::reject(&js_sys::Error::new("session expired"))
        } else {
            js_sys::Promise::resolve(&JsValue::UNDEFINED)
        }
    });
    js_sys::Reflect::set(&el, &"disconnectProvider".into(), callback.as_ref()).unwrap();
    wait_until("disconnect buttons", || disconnect_buttons(&el).len() == 2).await;
    click(&find(&el, "[data-disconnect=fitbit]").unwrap());
    click(&wait_for(&el, ".vl-danger").await);
    wait_text(&el, "couldn't disconnect").await;
    let error = events_of(&el, "vital-link-error");
    assert!(error[0]["message"]
        .as_str()
        .unwrap()
        .contains("disconnectProvider rejected: session expired"));
    click(&find(&el, ".vl-danger").unwrap());
    wait_text(&el, "Fitbit was disconnected.").await;
    assert_eq!(calls.length(), 2);
    assert_eq!(calls.get(0).as_string().unwrap(), "fitbit");
    drop(callback);
}

#[wasm_bindgen_test]
async fn guidance_is_shown_per_provider_and_hosts_can_replace_it() {
    reset();
    tokens(&["t1"]);
    route(
        "GET /v2/link/providers",
        json!([ok(json!([
            { "name": "MyFitnessPal", "slug": "my_fitness_pal", "description": "", "logo": "", "auth_type": "password" },
            { "name": "Freestyle Libre", "slug": "freestyle_libre", "description": "", "logo": "", "auth_type": "email" },
            { "name": "Abbott LibreView", "slug": "abbott_libreview", "description": "", "logo": "", "auth_type": "password" }
        ]))]),
    );
    route(
        "POST /v2/link/provider/password/abbott_libreview",
        json!([ok(
            json!({ "state": "error", "error_type": "provider_password_expired", "provider": "abbott_libreview" })
        )]),
    );
    let el = default_widget();
    open_provider(&el, "my_fitness_pal").await;
    wait_for(&el, "#vl-password").await;
    assert_eq!(
        find(&el, "label[for=vl-password]")
            .unwrap()
            .text_content()
            .unwrap(),
        "Diary key"
    );
    assert!(find(&el, "[part~=guide]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Diary Settings → Diary Sharing → Locked with key"));
    click(&find(&el, ".vl-back").unwrap());

    open_provider(&el, "freestyle_libre").await;
    wait_for(&el, "#vl-email").await;
    assert!(find(&el, "[part~=guide]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("FreeStyle LibreLink app to your practice"));
    click(&find(&el, ".vl-back").unwrap());

    // LibreView: nothing first; after the expired password, what to do.
    sign_in(&el, "abbott_libreview", "me@example.com", "old").await;
    assert!(find(&el, "[part~=guide]").is_none());
    wait_text(&el, "LibreView asks for a new password about once a year").await;

    // The host's note replaces the built-in one, as text.
    let notes =
        js_sys::JSON::parse(r#"{"freestyle_libre": "Our practice ID is <b>1234</b>."}"#).unwrap();
    js_sys::Reflect::set(&el, &"providerNotes".into(), &notes).unwrap();
    click(&find(&el, ".vl-back").unwrap());
    open_provider(&el, "freestyle_libre").await;
    let guide = wait_for(&el, "[part~=guide]").await;
    assert_eq!(
        guide.text_content().unwrap(),
        "Our practice ID is <b>1234</b>."
    );
    assert!(guide.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn every_event_carries_the_session_its_view_and_the_time_since_open() {
    reset_with_catalogue();
    let el = default_widget();
    listed(&el).await;
    type_into(&find(&el, "#vl-search").unwrap(), "fi");
    type_into(&find(&el, "#vl-search").unwrap(), "fit");
    wait_until("a SEARCH event", || {
        flow_names(&el).contains(&"SEARCH".into())
    })
    .await;
    type_into(&find(&el, "#vl-search").unwrap(), "");
    wait_until("the whole list", || shown(&el).len() == 5).await;
    open_provider(&el, "renpho").await;
    wait_for(&el, "#vl-username").await;

    let all = events(&el);
    let session = all[0]["detail"]["session_id"].as_str().unwrap().to_owned();
    assert_eq!(session.len(), 32);
    assert!(session.chars().all(|c| c.is_ascii_hexdigit()));
    for event in &all {
        let detail = &event["detail"];
        assert_eq!(detail["session_id"], session.as_str(), "{event}");
        assert!(detail["elapsed_ms"].as_f64().unwrap() >= 0.0, "{event}");
    }
    let views: Vec<(String, String)> = all
        .iter()
        .map(|e| {
            let d = &e["detail"];
            (
                d["name"]
                    .as_str()
                    .unwrap_or(e["type"].as_str().unwrap())
                    .to_owned(),
                d["view"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("OPEN", "loading"),
        ("vital-link-ready", "list"),
        ("SEARCH", "list"),
        ("SELECT_PROVIDER", "form"),
    ];
    assert_eq!(views, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    // One SEARCH for the pause, with the count and never the query.
    let search = events_of(&el, "vital-link-event")
        .into_iter()
        .find(|e| e["name"] == "SEARCH")
        .unwrap();
    assert_eq!(search["results"], 1);
    assert!(!search.to_string().contains("fit"));
    assert_eq!(search["provider"], Value::Null);

    // A fresh session has a fresh id.
    el.set_attribute("providers", "renpho,fitbit").unwrap();
    wait_until("the new session's OPEN", || {
        events(&el)
            .iter()
            .filter(|e| e["detail"]["name"] == "OPEN")
            .count()
            == 2
    })
    .await;
    let reopened = events(&el)
        .into_iter()
        .filter(|e| e["detail"]["name"] == "OPEN")
        .nth(1)
        .unwrap();
    assert_ne!(reopened["detail"]["session_id"], session.as_str());
}
