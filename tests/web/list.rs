//! The provider list: grouped, filtered, searched, SDK providers, hostile text.

use crate::harness::*;
use wasm_bindgen_test::*;

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

#[wasm_bindgen_test]
async fn hostile_provider_text_renders_as_text() {
    reset();
    tokens(&["t1"]);
    // Several of them: a token offering one opens it without the list.
    let evil = json!([
        { "id": 1, "name": "<img src=x onerror=alert(1)>Evil", "slug": "evil", "description": "<script>alert(2)</script>", "logo": "javascript:alert(3)", "auth_type": "password" },
        { "id": 2, "name": "Zwift", "slug": "zwift", "description": "", "logo": "", "auth_type": "password" },
        { "id": 3, "name": "Q\" onmouseover=\"alert(4)", "slug": "q\"><b>4</b>", "description": "&amp;", "logo": "http://127.0.0.1:9/a.svg\" onerror=\"alert(5)", "auth_type": "oauth" }
    ]);
    route("GET /v2/link/providers", json!([ok(evil)]));
    let el = default_widget();
    listed(&el).await;
    assert!(find(&el, "[data-provider=evil] img").is_none() && find(&el, "script").is_none());
    assert!(text(&el).contains("<img src=x onerror=alert(1)>Evil"));
    assert!(text(&el).contains("<script>alert(2)</script>"));
    // Quotes stay inside their attribute, and `&amp;` is text.
    assert!(find(&el, "b, [onerror], [onmouseover]").is_none());
    assert!(find_all(&el, "[data-provider]")
        .iter()
        .any(|b| b.get_attribute("data-provider").as_deref() == Some("q\"><b>4</b>")));
    assert!(text(&el).contains("Q\" onmouseover=\"alert(4)") && text(&el).contains("&amp;"));
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
