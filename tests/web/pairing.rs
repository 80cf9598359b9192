//! Apple HealthKit by a pairing code, as the flow sees it: chosen (or opened directly)
//! when the host hands out codes, shown until the connections show it connected, and
//! left with Back. The code's panel (the code itself, its QR code, its expiry and the
//! code request's failures) is dist/vital-link-pairing.js, which this page does not
//! serve: tests/e2e/pairing.test.mjs runs it against the reference backend.

use crate::harness::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// A widget that lists SDK providers and whose host hands out codes.
fn pairing_widget(extra: &[(&str, &str)]) -> HtmlElement {
    let mut attrs = vec![
        ("token-url", TOKEN_URL),
        ("api-base", API),
        ("show-sdk-providers", ""),
        ("link-code-url", "/host/link-code"),
    ];
    attrs.extend_from_slice(extra);
    widget(&attrs)
}

fn set_connections(el: &HtmlElement, connections: Value) {
    let value = js_sys::JSON::parse(&connections.to_string()).unwrap();
    js_sys::Reflect::set(el, &"connections".into(), &value).unwrap();
}

#[wasm_bindgen_test]
async fn apple_health_pairs_by_a_code_until_the_connections_show_it() {
    reset_with_catalogue();
    let el = pairing_widget(&[]);
    set_connections(&el, json!([]));
    listed(&el).await;
    // Apple HealthKit can be chosen now: no "connects from the app" note.
    let apple = find(&el, "[data-provider=apple_health_kit]").unwrap();
    assert_eq!(apple.get_attribute("aria-disabled"), None);
    assert!(!text(&el).contains("Connects from this app on your phone"));
    click(&apple);
    wait_for(&el, ".vl-pairing-view").await;
    assert_eq!(heading(&el), "Connect Apple HealthKit");
    assert!(text(&el).contains("Junction Connect app on your iPhone"));
    let select = events(&el)
        .into_iter()
        .find(|e| e["detail"]["name"] == "SELECT_PROVIDER")
        .unwrap();
    assert_eq!(select["detail"]["provider"], "apple_health_kit");
    assert_eq!(select["detail"]["view"], "code");

    // Another provider connecting is not this pairing; Apple HealthKit is.
    set_connections(&el, json!([{ "slug": "fitbit", "status": "connected" }]));
    set_connections(
        &el,
        json!([{ "slug": "fitbit", "status": "connected" }, { "slug": "apple_health_kit", "status": "connected" }]),
    );
    wait_text(&el, "Your Apple HealthKit account is connected").await;
    let success = events_of(&el, "vital-link-success");
    assert_eq!(success.len(), 1);
    assert_eq!(success[0]["provider"], "apple_health_kit");
    assert_eq!(success[0]["auth_type"], "sdk");
}

#[wasm_bindgen_test]
async fn a_panel_that_cannot_be_loaded_is_reported_and_back_leads_to_the_list() {
    reset_with_catalogue();
    let el = pairing_widget(&[]);
    listed(&el).await;
    click(&find(&el, "[data-provider=apple_health_kit]").unwrap());
    // This page has no vital-link-pairing.js: the host hears why there is no code.
    wait_until("an error event", || {
        !events_of(&el, "vital-link-error").is_empty()
    })
    .await;
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(error["error_type"], "link_code_error");
    assert_eq!(error["provider"], "apple_health_kit");
    let raw = events(&el);
    let raw_error = raw
        .iter()
        .find(|e| e["type"] == "vital-link-error")
        .unwrap();
    assert_eq!(raw_error["detail"]["view"], "code");
    click(&find(&el, ".vl-back").unwrap());
    listed(&el).await;
    assert_eq!(flow_names(&el).last().map(String::as_str), Some("BACK"));
}

#[wasm_bindgen_test]
async fn without_codes_apple_health_keeps_its_note_and_provider_opens_it_with_them() {
    reset_with_catalogue();
    let el = widget(&[
        ("token-url", TOKEN_URL),
        ("api-base", API),
        ("show-sdk-providers", ""),
    ]);
    listed(&el).await;
    let apple = find(&el, "[data-provider=apple_health_kit]").unwrap();
    assert_eq!(
        apple.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(text(&el).contains("Connects from this app on your phone"));
    click(&apple);
    assert_eq!(heading(&el), "Connect a device");
    assert!(find(&el, ".vl-pairing-view").is_none());

    // With codes (here the `fetchLinkCode` property), `provider` opens it directly.
    reset_with_catalogue();
    let el: HtmlElement = document()
        .create_element("vital-link")
        .unwrap()
        .dyn_into()
        .unwrap();
    for (name, value) in [
        ("token-url", TOKEN_URL),
        ("api-base", API),
        ("show-sdk-providers", ""),
        ("provider", "apple_health_kit"),
    ] {
        el.set_attribute(name, value).unwrap();
    }
    let fetch_code = js_sys::Function::new_no_args("return { code: 'pkus00000000' }");
    js_sys::Reflect::set(&el, &"fetchLinkCode".into(), &fetch_code).unwrap();
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    wait_for(&el, ".vl-pairing-view").await;
    assert_eq!(heading(&el), "Connect Apple HealthKit");
}
