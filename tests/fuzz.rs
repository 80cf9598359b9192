//! Property tests over arbitrary input: response decoding, error mapping, the OAuth
//! return parser and the URL checks never panic, and keep their promises on any bytes.
//! The test command runs the default number of cases; `scripts/fuzz.sh` runs many more
//! for a bounded time. Failures found are kept by proptest in `proptest-regressions/`
//! and replayed first on every run.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use vital_link::api::*;
use vital_link::oauth_return::*;

/// Bodies that look like the API's: JSON fragments, known keys and values, or noise.
fn body() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("null".to_owned()),
        Just("\"state\"".to_owned()),
        Just("\"error\"".to_owned()),
        Just("\"success\"".to_owned()),
        Just("\"pending_provider_mfa\"".to_owned()),
        Just("\"detail\"".to_owned()),
        Just("\"error_type\"".to_owned()),
        Just("\"INVALID_REQUEST\"".to_owned()),
        Just("\"provider_mfa\"".to_owned()),
        Just("\"link_token\"".to_owned()),
        Just("\"oauth_url\"".to_owned()),
        Just("\"slug\"".to_owned()),
        Just("\"name\"".to_owned()),
        Just("\"auth_type\"".to_owned()),
        Just("\"javascript:alert(1)\"".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
        "\\PC{0,8}",
    ];
    prop_oneof![
        prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat()),
        any::<Vec<u8>>().prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(400),
        Just(401),
        Just(422),
        Just(500),
        100u16..600
    ]
}

fn check_error(error: &ApiError) {
    assert!(!error.user_message().is_empty());
    assert!(!error.error_type().is_empty());
    assert!(!error.debug_message().is_empty());
    // Bounded: a huge hostile body does not become a huge message.
    assert!(
        error.debug_message().chars().count() < 1_000,
        "{}",
        error.debug_message()
    );
}

proptest! {
    #[test]
    fn decoders_never_panic_and_errors_are_readable(status in status(), body in body()) {
        if let Err(e) = decode_providers(status, &body) { check_error(&e); }
        if let Err(e) = decode_link_response(status, &body) { check_error(&e); }
        if let Err(e) = decode_link_token(status, &body) { check_error(&e); }
        if let Ok(value) = <json::Json as json::JsonValue>::parse(&body) { let _ = connections_from(&value); }
        match decode_oauth(status, &body) {
            Ok(url) => prop_assert!(check_oauth_url(&url).is_ok()),
            Err(e) => check_error(&e),
        }
        check_error(&http_error(status, &body));
    }

    #[test]
    fn non_2xx_is_never_success(status in (100u16..600).prop_filter("not 2xx", |s| !(200..300).contains(s)), body in body()) {
        prop_assert!(decode_providers(status, &body).is_err());
        prop_assert!(decode_link_response(status, &body).is_err());
        prop_assert!(decode_link_token(status, &body).is_err());
    }

    #[test]
    fn oauth_url_check_never_accepts_other_schemes(url in "\\PC{0,60}") {
        if check_oauth_url(&url).is_ok() {
            let lower = url.to_ascii_lowercase();
            prop_assert!(lower.starts_with("https://") || lower.starts_with("http://"));
        }
    }

    #[test]
    fn oauth_return_parser_never_panics_and_strips_its_parameters(
        pairs in prop::collection::vec(("(state|error_type|error|provider|tab|[a-z%+]{0,6})", "[a-zA-Z0-9%+<>&=_]{0,12}"), 0..8),
        noise in "\\PC{0,30}",
    ) {
        let search = format!("?{}&{}", pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"), noise);
        if let Some(ret) = parse_oauth_return(&search) {
            if let Err(e) = &ret.result { check_error(e); }
            prop_assert!(ret.provider.map_or(0, |p| p.chars().count()) <= 64);
        }
        let clean = strip_oauth_params(&search);
        for (key, _) in parse_query(&clean) {
            prop_assert!(!RETURN_PARAMS.contains(&key.as_str()), "{key} left in {clean}");
        }
    }
}
