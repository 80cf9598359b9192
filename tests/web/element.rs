//! The element itself: configuration errors, attribute changes, panics, languages,
//! themes and styles.

use crate::harness::*;
use wasm_bindgen_test::*;

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
    let mut german: Vec<String> = serde_json::from_str(include_str!("../../i18n/de.json")).unwrap();
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
