//! Attribute resolution: API base, timeout, token source.
#![cfg(not(target_arch = "wasm32"))]

use vital_link::config::*;

fn attrs(environment: Option<&str>, region: Option<&str>, api_base: Option<&str>) -> Attributes {
    let mut attrs = Attributes::default();
    for (attr, value) in [
        (Attr::Environment, environment),
        (Attr::Region, region),
        (Attr::ApiBase, api_base),
    ] {
        if let Some(value) = value {
            attrs = attrs.with(attr, value);
        }
    }
    attrs
}

#[test]
fn environment_and_region_pick_the_base_url() {
    let origin = "https://app.example";
    assert_eq!(
        resolve_api_base(&attrs(None, None, None), origin).unwrap(),
        "https://api.sandbox.us.junction.com"
    );
    assert_eq!(
        resolve_api_base(&attrs(Some("production"), Some("eu"), None), origin).unwrap(),
        "https://api.eu.junction.com"
    );
    assert_eq!(
        resolve_api_base(&attrs(Some("sandbox"), Some("eu"), None), origin).unwrap(),
        "https://api.sandbox.eu.junction.com"
    );
    assert_eq!(
        resolve_api_base(&attrs(Some("production"), None, None), origin).unwrap(),
        "https://api.us.junction.com"
    );
}

#[test]
fn unknown_environment_or_region_is_a_clear_error() {
    let err = resolve_api_base(&attrs(Some("staging"), None, None), "").unwrap_err();
    assert_eq!(err.error_type(), "configuration_error");
    assert!(
        err.user_message().contains("environment must be"),
        "{}",
        err.user_message()
    );
    let err =
        resolve_api_base(&attrs(None, Some("asia"), Some("http://127.0.0.1:1")), "").unwrap_err();
    assert!(err.user_message().contains("region must be"));
}

#[test]
fn api_base_overrides_and_may_be_a_path_on_this_origin() {
    let origin = "http://127.0.0.1:8080";
    assert_eq!(
        resolve_api_base(&attrs(None, None, Some("http://127.0.0.1:8787/")), origin).unwrap(),
        "http://127.0.0.1:8787"
    );
    assert_eq!(
        resolve_api_base(&attrs(None, None, Some("/")), origin).unwrap(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        resolve_api_base(&attrs(None, None, Some("/vital/")), origin).unwrap(),
        "http://127.0.0.1:8080/vital"
    );
    assert_eq!(
        resolve_api_base(&attrs(None, None, Some("https://vital.example/")), origin).unwrap(),
        "https://vital.example"
    );
    // The link token goes there: like an OAuth URL, https, or http only to loopback.
    for bad in [
        "javascript:alert(1)",
        "//evil.example",
        "ftp://x",
        "api.example.com",
        "http://vital.example",
        "http://127.0.0.1.evil.example",
        "https://vital .example",
    ] {
        assert!(
            resolve_api_base(&attrs(None, None, Some(bad)), origin).is_err(),
            "{bad}"
        );
    }
}

/// The table the loader's early requests are tested on too (tests/e2e/api-base.test.mjs):
/// both must send the link token to the same places, and nowhere else.
#[test]
fn api_base_follows_the_shared_table() {
    let origin = "https://app.example";
    let table: serde_json::Value =
        serde_json::from_str(include_str!("api-base-cases.json")).unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let mut attributes = Attributes::default();
        for (name, value) in case["attrs"].as_object().unwrap() {
            let attr = *Attr::ALL.iter().find(|a| a.name() == name).unwrap();
            attributes = attributes.with(attr, value.as_str().unwrap());
        }
        let expected = case["base"]
            .as_str()
            .map(|base| base.replace("{origin}", origin));
        let got = resolve_api_base(&attributes, origin);
        match (&expected, &got) {
            (Some(expected), Ok(got)) => assert_eq!(got, expected, "{case}"),
            (None, Err(e)) => assert_eq!(e.error_type(), "configuration_error", "{case}"),
            _ => panic!("{case}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[test]
fn a_submit_may_take_a_minute_and_timeout_ms_overrides_every_limit() {
    let with = |t: &str| Attributes::default().with(Attr::TimeoutMs, t);
    // Vital documents up to 60 s for some password providers; the rest is quick.
    let limits = resolve_limits(&Attributes::default()).unwrap();
    assert_eq!(
        limits,
        Limits {
            quick_ms: 15_000,
            submit_ms: 65_000
        }
    );
    assert!(limits.submit_ms >= 65_000 && limits.quick_ms <= 15_000);
    assert_eq!(
        resolve_limits(&with("2500")).unwrap(),
        Limits {
            quick_ms: 2500,
            submit_ms: 2500
        }
    );
    for bad in ["0", "-5", "abc", "99", "999999"] {
        assert!(resolve_limits(&with(bad)).is_err(), "{bad}");
    }
}

#[test]
fn token_url_blank_is_missing() {
    let settings = |url: &str| {
        Attributes::default()
            .with(Attr::TokenUrl, url)
            .resolve("")
            .unwrap()
    };
    assert_eq!(settings("  ").token_url, None);
    assert_eq!(settings("/api/t").token_url.as_deref(), Some("/api/t"));
}

#[test]
fn oauth_mode_is_redirect_or_popup() {
    let with = |m: Option<&str>| match m {
        Some(m) => Attributes::default().with(Attr::OAuthMode, m),
        None => Attributes::default(),
    };
    assert!(!resolve_popup_mode(&with(None)).unwrap());
    assert!(!resolve_popup_mode(&with(Some("redirect"))).unwrap());
    assert!(resolve_popup_mode(&with(Some("popup"))).unwrap());
    let err = resolve_popup_mode(&with(Some("iframe"))).unwrap_err();
    assert!(err.user_message().contains("oauth-mode must be"));
}

#[test]
fn every_attribute_is_read_by_its_own_name_and_resolved_together() {
    let names: Vec<&str> = Attr::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(
        names,
        [
            "token-url",
            "environment",
            "region",
            "api-base",
            "providers",
            "timeout-ms",
            "locale",
            "theme",
            "oauth-mode",
            "connections-url",
            "provider",
            "disconnect-url",
            "link-code-url",
            "show-sdk-providers"
        ]
    );
    let attrs = Attributes::read(|name| match name {
        "token-url" => Some("/t?session=2".into()),
        "api-base" => Some("/vital/".into()),
        "providers" => Some(" oura, ,fitbit ".into()),
        "timeout-ms" => Some("2500".into()),
        "oauth-mode" => Some("popup".into()),
        "connections-url" => Some(" /api/vital/connections ".into()),
        "disconnect-url" => Some("/api/vital/disconnect".into()),
        "link-code-url" => Some("/api/vital/link-code".into()),
        _ => None,
    });
    assert!(attrs.has(Attr::LinkCodeUrl));
    assert_eq!(
        attrs.resolve("https://app.example").unwrap(),
        Settings {
            api_base: "https://app.example/vital".into(),
            limits: Limits {
                quick_ms: 2500,
                submit_ms: 2500
            },
            popup: true,
            token_url: Some("/t?session=2".into()),
            connections_url: Some("/api/vital/connections".into()),
            disconnect_url: Some("/api/vital/disconnect".into()),
        }
    );
    assert_eq!(
        attrs.provider_filter(),
        Some(vec!["oura".to_owned(), "fitbit".to_owned()])
    );
    // The first mistake is reported, whichever attribute it is in.
    let err = attrs
        .clone()
        .with(Attr::TimeoutMs, "soon")
        .resolve("")
        .unwrap_err();
    assert!(err.user_message().contains("timeout-ms must be"));
}
