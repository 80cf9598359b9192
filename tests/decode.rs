//! Response decoding and error mapping: every shape the API can send becomes a typed
//! answer or an error with a readable message, never a panic.
//!
//! The same tests run twice: natively (decoding over `serde_json`) and in headless
//! Chromium (decoding over the browser's `JSON.parse`, as the widget ships).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use vital_link::api::*;

#[test]
fn providers_decode_with_optional_and_unknown_fields() {
    let body = r#"[
        {"id": 1, "name": "Fitbit", "slug": "fitbit", "description": "Trackers", "logo": "https://x/f.png", "oauth_url": null, "auth_type": "oauth", "form_components": {}},
        {"id": 2, "name": "Renpho", "slug": "renpho", "description": "Scales", "logo": "https://x/r.png", "auth_type": "password", "extra": [1, 2]},
        {"id": 3, "name": "NoType", "slug": "notype", "description": "", "logo": ""}
    ]"#;
    let providers = decode_providers(200, body).unwrap();
    assert_eq!(providers.len(), 3);
    assert_eq!(providers[0].kind(), Some(AuthKind::OAuth));
    assert_eq!(providers[1].kind(), Some(AuthKind::Password));
    // The schema's default auth_type is oauth.
    assert_eq!(providers[2].kind(), Some(AuthKind::OAuth));
}

#[test]
fn a_broken_provider_entry_is_skipped_not_fatal() {
    let body = r#"[{"slug": "no_name"}, {"name": "Oura", "slug": "oura", "auth_type": "oauth"}, 42, {"name": "", "slug": ""}]"#;
    let providers = decode_providers(200, body).unwrap();
    assert_eq!(
        providers
            .iter()
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["oura"]
    );
}

#[test]
fn auth_types_the_widget_does_not_know_are_not_shown() {
    for (auth_type, kind) in [
        ("oauth", Some(AuthKind::OAuth)),
        ("team_oauth", Some(AuthKind::OAuth)),
        ("password", Some(AuthKind::Password)),
        ("email", Some(AuthKind::Email)),
        // Listed only on request, never selectable (tests/flow.rs).
        ("sdk", Some(AuthKind::Sdk)),
        ("app", None),
        ("", None),
        ("carrier_pigeon", None),
    ] {
        assert_eq!(AuthKind::from_auth_type(auth_type), kind, "{auth_type}");
    }
    let body = r#"[{"name": "X", "slug": "x", "auth_type": null}]"#;
    assert_eq!(decode_providers(200, body).unwrap()[0].kind(), None);
}

#[test]
fn malformed_bodies_are_errors_with_the_status() {
    for (status, body) in [
        (200, ""),
        (200, "not json"),
        (200, "{\"a\":"),
        (200, "{}"),
        (200, "null"),
    ] {
        let err = decode_providers(status, body).unwrap_err();
        assert!(
            matches!(err, ApiError::Malformed { status: 200, .. }),
            "{body:?} gave {err:?}"
        );
        assert_eq!(err.error_type(), "malformed_response");
        assert_eq!(err.status(), Some(200));
        assert!(err.user_message().contains("couldn't read"));
    }
}

#[test]
fn seed_page_error_codes_map_to_codes_and_messages() {
    let cases = [
        (
            401,
            r#"{"detail": {"error_type": "INVALID_REQUEST", "error_message": "Link Token is Invalid"}}"#,
            "INVALID_REQUEST",
            true,
        ),
        (
            400,
            r#"{"detail": "MISSING_LINK_TOKEN"}"#,
            "MISSING_LINK_TOKEN",
            true,
        ),
        (
            400,
            r#"{"detail": {"code": "INVALID_PROVIDER", "message": "Provider is not supported"}}"#,
            "INVALID_PROVIDER",
            false,
        ),
        (
            400,
            r#"{"detail": {"error_type": "INVALID_USER_ID"}}"#,
            "INVALID_USER_ID",
            false,
        ),
        (
            400,
            r#"{"error_type": "INVALID_CREDENTIALS", "detail": "Credentials for provider are incorrect"}"#,
            "INVALID_CREDENTIALS",
            false,
        ),
    ];
    for (status, body, code, token_error) in cases {
        let err = decode_link_response(status, body).unwrap_err();
        assert_eq!(err.error_type(), code, "{body}");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.is_token_error(), token_error, "{body}");
        assert!(!err.user_message().is_empty());
    }
    let invalid_provider = http_error(400, r#"{"detail": "INVALID_PROVIDER"}"#);
    assert_eq!(
        invalid_provider.user_message(),
        "This provider isn't supported right now."
    );
}

#[test]
fn any_401_is_a_token_error_even_without_a_code() {
    let err = http_error(401, "<html>Unauthorized</html>");
    assert!(err.is_token_error());
    assert_eq!(err.error_type(), "http_401");
}

#[test]
fn validation_errors_name_the_field() {
    let body = r#"{"detail": [{"loc": ["body", "email"], "msg": "value is not a valid email address", "type": "value_error"}]}"#;
    let err = decode_link_response(422, body).unwrap_err();
    assert_eq!(err.error_type(), "validation_error");
    assert_eq!(
        err.user_message(),
        "Please check what you entered: email: value is not a valid email address."
    );
}

#[test]
fn server_errors_and_unknown_statuses_have_messages() {
    for status in [500, 502, 503, 504] {
        let err = decode_providers(status, "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(err.error_type(), "server_error");
        assert_eq!(err.status(), Some(status));
        assert!(err.user_message().contains("having trouble"));
    }
    assert_eq!(http_error(418, "").error_type(), "http_418");
    assert!(http_error(429, "")
        .user_message()
        .contains("Too many attempts"));
}

#[test]
fn link_states_decode() {
    assert_eq!(
        decode_link_response(
            200,
            r#"{"state": "success", "provider": "renpho", "connected": true, "provider_id": null}"#
        )
        .unwrap(),
        LinkOutcome::Success
    );
    let mfa = decode_link_response(200, r#"{"state": "pending_provider_mfa", "provider_mfa": {"method": "sms", "hint": "+1 *** 0123"}}"#).unwrap();
    assert_eq!(
        mfa,
        LinkOutcome::PendingMfa(ProviderMfa {
            method: "sms".into(),
            hint: "+1 *** 0123".into()
        })
    );
    let err = decode_link_response(
        200,
        r#"{"state": "error", "error_type": "provider_credential_error", "error": "bad password"}"#,
    )
    .unwrap_err();
    assert_eq!(err.error_type(), "provider_credential_error");
    assert_eq!(err.status(), Some(200));
    assert!(err.is_credential_error());
    assert!(!err.is_token_error());
    assert!(err.debug_message().contains("bad password"));
    let weird = decode_link_response(200, r#"{"state": "teleported"}"#).unwrap_err();
    assert_eq!(weird.error_type(), "malformed_response");
    let no_type = decode_link_response(200, r#"{"state": "error"}"#).unwrap_err();
    assert_eq!(no_type.error_type(), "unknown_error");
}

#[test]
fn every_documented_link_error_has_its_own_message_and_unknown_ones_a_fallback() {
    let documented = [
        "invalid_token",
        "token_expired",
        "token_not_validated",
        "token_consumed",
        "provider_credential_error",
        "provider_password_expired",
        "provider_api_error",
        "unsupported_region",
        "duplicate_connection",
        "required_scopes_not_granted",
        "incorrect_mfa_code",
        "user_cancelled",
    ];
    // Each documented type is known, and named back as it came.
    for t in documented {
        let parsed = LinkError::parse(t);
        assert!(!matches!(parsed, LinkError::Other(_)), "{t}");
        assert_eq!(parsed.as_str(), t);
    }
    // A new one is kept as it came.
    assert_eq!(
        LinkError::parse("teleporter_jammed").as_str(),
        "teleporter_jammed"
    );
    let message = |t: &str| LinkError::parse(t).message();
    let fallback = message("something_new");
    for t in &documented[4..] {
        assert_ne!(message(t), fallback, "{t}");
    }
    for t in &documented[..4] {
        let err = ApiError::Link {
            status: Some(200),
            error_type: LinkError::parse(t),
            detail: None,
        };
        assert!(err.is_token_error(), "{t}");
    }
    assert!(!vital_link::i18n::Locale::En.text(fallback).is_empty());
}

#[test]
fn link_token_from_the_host() {
    assert_eq!(
        decode_link_token(200, r#"{"link_token": "abc", "other": 1}"#).unwrap(),
        "abc"
    );
    for (status, body) in [
        (200, "{}"),
        (200, r#"{"link_token": ""}"#),
        (200, "nope"),
        (500, r#"{"link_token": "abc"}"#),
        (403, ""),
    ] {
        let err = decode_link_token(status, body).unwrap_err();
        assert_eq!(err.error_type(), "token_endpoint_error", "{status} {body}");
        assert_eq!(err.status(), Some(status));
        assert!(
            !err.is_token_error(),
            "a failing host endpoint is not retried in a loop"
        );
    }
}

#[test]
fn oauth_urls_only_https_or_loopback_http() {
    for ok in [
        "https://www.fitbit.com/oauth2/authorize?x=1",
        "HTTPS://EXAMPLE.COM",
        "http://localhost:8787/consent",
        "http://127.0.0.1/x",
        "http://127.255.0.9:9/x",
        "http://[::1]:80/x",
        "http://user@localhost/x",
    ] {
        assert_eq!(check_oauth_url(ok), Ok(()), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/relative/path",
        "//evil.example/x",
        "http://evil.example/x",
        "http://localhost.evil.example/x",
        "http://127.0.0.1.evil.example/x",
        "http://evil.example\\@127.0.0.1/",
        "http://localhost@evil.example/",
        "http://128.0.0.1/",
        "http://127.0.0.256/",
        " https://example.com",
        "https://",
        "ftp://example.com",
        "",
    ] {
        let err = check_oauth_url(bad).unwrap_err();
        assert_eq!(err.error_type(), "invalid_oauth_url", "{bad}");
    }
    assert_eq!(
        decode_oauth(200, r#"{"oauth_url": "javascript:alert(1)"}"#)
            .unwrap_err()
            .error_type(),
        "invalid_oauth_url"
    );
    assert_eq!(
        decode_oauth(200, r#"{"oauth_url": null}"#)
            .unwrap_err()
            .error_type(),
        "invalid_oauth_url"
    );
    assert_eq!(
        decode_oauth(
            200,
            r#"{"name": "Fitbit", "oauth_url": "https://fitbit.com/a"}"#
        )
        .unwrap(),
        "https://fitbit.com/a"
    );
}

#[test]
fn request_bodies_are_json_objects_of_their_fields() {
    use vital_link::api::json::{Json, JsonValue};
    let text = Json::stringify_object(&[("username", "u\"\\\n"), ("password", "p ")]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        serde_json::json!({"username": "u\"\\\n", "password": "p "})
    );
    assert_eq!(Json::stringify_object(&[]), "{}");
}

#[test]
fn members_are_read_only_from_objects_of_the_right_type() {
    // Wrong types inside an entry skip it; missing optional ones do not.
    let body = r#"[
        {"name": "A", "slug": "a", "logo": 5},
        {"name": "B", "slug": "b", "description": null, "logo": null},
        {"name": ["C"], "slug": "c"},
        {"name": "D", "slug": "d", "auth_type": 3}
    ]"#;
    let slugs: Vec<String> = decode_providers(200, body)
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert_eq!(slugs, ["b"]);
    // `detail` as a list without messages, a number, or nested wrongly: still an error.
    for body in [
        r#"{"detail": []}"#,
        r#"{"detail": 5}"#,
        r#"[{"detail": "X"}]"#,
    ] {
        let err = http_error(400, body);
        assert_eq!(err.status(), Some(400), "{body}");
        assert_eq!(err.error_type(), "http_400", "{body}");
    }
}

#[test]
fn connections_in_vitals_shape_or_as_a_bare_list() {
    use vital_link::api::json::{Json, JsonValue};
    // Vital's `GET /v2/user/providers/{user_id}`, as the OpenAPI example gives it, as
    // `connections-url` answers it (parsed by the browser) or the property holds it.
    let vital = r#"{"providers": [
        {"created_on": "2010-01-23T12:34:56+00:00", "logo": "https://logo_url.com", "name": "Garmin",
         "resource_availability": {}, "slug": "garmin", "status": "error",
         "error_details": {"error_type": "deregistered_per_provider", "error_message": "...", "errored_at": "2010-01-24T23:45:32+00:00"}},
        {"name": "Renpho", "slug": "renpho", "status": "connected", "error_details": null},
        {"name": "Oura", "slug": "oura", "status": "paused"},
        {"name": "No slug", "status": "connected"},
        {"slug": "", "status": "connected"},
        {"slug": "zwift", "status": 1},
        "fitbit"
    ]}"#;
    let expected = [
        Connection {
            slug: "garmin".into(),
            broken: true,
        },
        Connection {
            slug: "renpho".into(),
            broken: false,
        },
    ];
    assert_eq!(connections_from(&Json::parse(vital).unwrap()), expected);
    // A host's own list of the same items.
    let bare =
        r#"[{"slug": "garmin", "status": "error"}, {"slug": "renpho", "status": "connected"}]"#;
    assert_eq!(connections_from(&Json::parse(bare).unwrap()), expected);
    assert_eq!(connections_from(&Json::parse("null").unwrap()), []);
    assert_eq!(connections_from(&Json::parse("{}").unwrap()), []);
}
