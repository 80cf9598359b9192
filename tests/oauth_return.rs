//! Reading and cleaning the OAuth return URL.
//!
//! The same tests run natively and in headless Chromium, where the query string is
//! decoded by the browser's `URLSearchParams`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use vital_link::api::{ApiError, LinkError};
use vital_link::oauth_return::*;

#[test]
fn success_and_error_returns_parse() {
    let ret = parse_oauth_return("?state=success&provider=oura").unwrap();
    assert_eq!(ret.provider.as_deref(), Some("oura"));
    assert_eq!(ret.result, Ok(()));
    let ret = parse_oauth_return(
        "?foo=1&state=error&error_type=required_scopes_not_granted&error=Missing+scope%3A+sleep",
    )
    .unwrap();
    assert_eq!(ret.provider, None);
    assert_eq!(
        ret.result,
        Err(ApiError::Link {
            status: None,
            error_type: LinkError::RequiredScopesNotGranted,
            detail: Some("Missing scope: sleep".into())
        })
    );
}

#[test]
fn unrelated_urls_are_left_alone() {
    for search in [
        "",
        "?",
        "?state=abc123",
        "?page=2",
        "?state=",
        "?error_type=x",
    ] {
        assert_eq!(parse_oauth_return(search), None, "{search}");
    }
}

#[test]
fn stripping_keeps_the_hosts_parameters() {
    assert_eq!(
        strip_oauth_params("?a=1&state=success&provider=fitbit&b=2"),
        "?a=1&b=2"
    );
    assert_eq!(strip_oauth_params("?state=error&error_type=x&error=y"), "");
    assert_eq!(
        strip_oauth_params("?st%61te=success&keep=%20x"),
        "?keep=%20x"
    );
    assert_eq!(strip_oauth_params(""), "");
}

#[test]
fn hostile_values_are_kept_as_bounded_text() {
    let ret = parse_oauth_return(
        "?state=error&error_type=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error=%ZZ%",
    )
    .unwrap();
    let Err(ApiError::Link {
        error_type, detail, ..
    }) = ret.result
    else {
        panic!("error expected")
    };
    assert_eq!(error_type.as_str(), "<script>alert(1)</script>");
    assert_eq!(detail.as_deref(), Some("%ZZ%"));
    let long = "x".repeat(10_000);
    let ret = parse_oauth_return(&format!(
        "?state=error&error_type={long}&error={long}&provider={long}"
    ))
    .unwrap();
    assert_eq!(ret.provider.map(|p| p.len()), Some(64));
    let Err(ApiError::Link {
        error_type, detail, ..
    }) = ret.result
    else {
        panic!()
    };
    assert_eq!(
        (error_type.as_str().len(), detail.map(|d| d.len())),
        (64, Some(300))
    );
    assert_eq!(decode_component("%E2%9C%93+%FF"), "✓ \u{FFFD}");
    assert_eq!(decode_component("a=b%3D%"), "a=b=%");
}
