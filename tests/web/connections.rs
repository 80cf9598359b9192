//! The user's connections mark the list: from `connections-url` or the property.

use crate::harness::*;
use wasm_bindgen_test::*;

/// Each listed provider with its mark (`""` for none).
pub fn marks(el: &HtmlElement) -> Vec<(String, String)> {
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

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

pub fn set_connections(el: &HtmlElement, json: &str) {
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

    // The property wins over the URL, and replaces the marks where the list is: only
    // the rows whose marks changed are redrawn (a script's or the pointer's hold on the
    // others stays good), and a keyboard user's focus stays where it was.
    let unchanged = find(&el, "[data-provider=zwift]").unwrap();
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
    assert!(unchanged.is_connected(), "Zwift's row was redrawn");
    // Reconnected here: marked, though the host's list has not caught up.
    sign_in(&el, "renpho", "me@example.com", "pw").await;
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
