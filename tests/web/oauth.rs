//! OAuth: safe URLs only, the return (redirect and popup), upgrades from HTML.

use crate::harness::*;
use wasm_bindgen_test::*;

/// OAuth mounts on a plain host element with the navigation recorded, so the test
/// page is not left.
async fn oauth_with(answer: Value) -> (HtmlElement, Rc<RefCell<Vec<String>>>) {
    reset_with_catalogue();
    route("GET /v2/link/provider/oauth/fitbit", json!([answer]));
    let (host, visited) = mounted_host(&[]);
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
