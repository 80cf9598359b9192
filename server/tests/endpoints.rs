//! Each endpoint of the host backend and the local sandbox, over real HTTP on
//! 127.0.0.1: success shapes, error shapes, and bad input.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use vital_link_server::sandbox::{REQUEST_LOG_SIZE, SANDBOX_API_KEY};
use vital_link_server::AppConfig;

mod common;
use common::{Answer, USER};

struct Server {
    base: String,
    http: Client,
}

async fn start() -> Server {
    let base = common::start_app(common::config).await;
    Server {
        base,
        http: Client::new(),
    }
}

impl Server {
    async fn token(&self) -> String {
        let response = self
            .http
            .post(format!("{}/api/link-token", self.base))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let text = response.text().await.unwrap();
        assert!(
            !text.contains(SANDBOX_API_KEY),
            "the API key must never reach the browser"
        );
        let body: Value = serde_json::from_str(&text).unwrap();
        body["link_token"].as_str().unwrap().to_owned()
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = self.http.get(format!("{}{}", self.base, path));
        if let Some(token) = token {
            request = request.header("x-vital-link-token", token);
        }
        let response = request.send().await.unwrap();
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &str) -> (StatusCode, Value) {
        let mut request = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(token) = token {
            request = request.header("x-vital-link-token", token);
        }
        let response = request.send().await.unwrap();
        (
            response.status(),
            response.json().await.unwrap_or(Value::Null),
        )
    }
}

#[tokio::test]
async fn host_endpoint_issues_tokens_without_leaking_the_key() {
    let server = start().await;
    let a = server.token().await;
    let b = server.token().await;
    assert_ne!(a, b);
    let response = server
        .http
        .post(format!("{}/api/link-token", server.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn token_creation_requires_the_api_key_and_a_uuid() {
    let server = start().await;
    let url = format!("{}/v2/link/token", server.base);
    let response = server
        .http
        .post(&url)
        .json(&json!({"user_id": USER}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = server
        .http
        .post(&url)
        .header("x-vital-api-key", SANDBOX_API_KEY)
        .json(&json!({"user_id": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.json::<Value>().await.unwrap()["detail"]["error_type"],
        "INVALID_USER_ID"
    );
    let response = server
        .http
        .post(&url)
        .header("x-vital-api-key", SANDBOX_API_KEY)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = server
        .http
        .post(&url)
        .header("x-vital-api-key", SANDBOX_API_KEY)
        .json(&json!({"user_id": USER, "filter_on_providers": ["oura", "renpho"]}))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    let token = body["link_token"].as_str().unwrap();
    assert!(body["link_web_url"].as_str().unwrap().contains(token));
    let (_, list) = server.get("/v2/link/providers", Some(token)).await;
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["oura", "renpho"]);
}

#[tokio::test]
async fn providers_list_has_every_seed_provider_and_one_sdk() {
    let server = start().await;
    let token = server.token().await;
    let (status, list) = server.get("/v2/link/providers", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 18);
    let count = |t: &str| list.iter().filter(|p| p["auth_type"] == t).count();
    assert_eq!(
        (
            count("oauth"),
            count("password"),
            count("email"),
            count("sdk")
        ),
        (7, 9, 1, 1)
    );
    for p in list {
        for field in [
            "id",
            "name",
            "slug",
            "description",
            "logo",
            "auth_type",
            "form_components",
        ] {
            assert!(p.get(field).is_some(), "{field} missing in {p}");
        }
    }
}

#[tokio::test]
async fn missing_and_invalid_tokens_get_vitals_errors() {
    let server = start().await;
    let (status, body) = server.get("/v2/link/providers", None).await;
    assert_eq!(
        (status, &body["detail"]["error_type"]),
        (StatusCode::BAD_REQUEST, &json!("MISSING_LINK_TOKEN"))
    );
    let (status, body) = server.get("/v2/link/providers", Some("forged")).await;
    assert_eq!(
        (status, &body["detail"]["error_type"]),
        (StatusCode::UNAUTHORIZED, &json!("INVALID_REQUEST"))
    );
    let token = server.token().await;
    server
        .http
        .post(format!("{}/sandbox/control/expire-tokens", server.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let (status, _) = server.get("/v2/link/providers", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn password_success_consumes_the_token_and_records_the_connection() {
    let server = start().await;
    let token = server.token().await;
    let (status, body) = server
        .post(
            "/v2/link/provider/password/renpho",
            Some(&token),
            r#"{"username":"test@example.com","password":"password"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["state"], "success");
    let (status, _) = server.get("/v2/link/providers", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a used token is refused");
    let (_, status_page) = server.get("/sandbox/status", None).await;
    assert_eq!(status_page["connections"][0]["provider"], "renpho");
    // The host app's user became one Vital user, which the connection belongs to.
    assert_eq!(status_page["users"][0]["client_user_id"], USER);
    assert_eq!(
        status_page["connections"][0]["user_id"],
        status_page["users"][0]["user_id"]
    );
    let (_, requests) = server.get("/sandbox/requests", None).await;
    let last = requests
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|r| r["method"] == "POST")
        .unwrap()
        .clone();
    assert_eq!(
        last["body"],
        json!({"username": "<redacted>", "password": "<redacted>"})
    );
    assert_eq!(last["api_key_sent"], false);
    // The token is not in the log: a label stands for it.
    let label = last["link_token"].as_str().unwrap();
    assert!(label.starts_with('#') && label.len() == 9, "{label}");
    assert!(!requests.to_string().contains(&token));
}

#[tokio::test]
async fn the_request_log_keeps_the_last_500_requests_and_no_username() {
    let server = start().await;
    let token = server.token().await;
    server
        .post(
            "/v2/link/provider/password/zwift",
            Some(&token),
            r#"{"username":"ada_l","password":"nope"}"#,
        )
        .await;
    let (_, requests) = server.get("/sandbox/requests", None).await;
    assert_eq!(
        requests.as_array().unwrap().last().unwrap()["body"]["username"],
        "<redacted>"
    );
    for n in 0..REQUEST_LOG_SIZE {
        let (status, _) = server.get(&format!("/v2/link/providers?n={n}"), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "no token");
    }
    let (_, requests) = server.get("/sandbox/requests", None).await;
    let requests = requests.as_array().unwrap();
    assert_eq!(requests.len(), REQUEST_LOG_SIZE);
    assert!(
        requests.iter().all(|r| r["method"] == "GET"),
        "the oldest went first"
    );
}

#[tokio::test]
async fn wrong_password_mfa_and_expired_password() {
    let server = start().await;
    let token = server.token().await;
    let path = "/v2/link/provider/password/zwift";
    let (status, body) = server
        .post(
            path,
            Some(&token),
            r#"{"username":"test@example.com","password":"nope"}"#,
        )
        .await;
    assert_eq!(
        (status, &body["state"], &body["error_type"]),
        (
            StatusCode::OK,
            &json!("error"),
            &json!("provider_credential_error")
        )
    );
    let (_, body) = server
        .post(
            path,
            Some(&token),
            r#"{"username":"expired@example.com","password":"password"}"#,
        )
        .await;
    assert_eq!(body["error_type"], "provider_password_expired");
    let (_, body) = server
        .post(
            path,
            Some(&token),
            r#"{"username":"mfa@example.com","password":"password"}"#,
        )
        .await;
    assert_eq!(body["state"], "pending_provider_mfa");
    assert_eq!(body["provider_mfa"]["method"], "sms");
    let mfa = "/v2/link/provider/password/zwift/complete_mfa";
    let (_, body) = server
        .post(mfa, Some(&token), r#"{"mfa_code":"000000"}"#)
        .await;
    assert_eq!(body["error_type"], "incorrect_mfa_code");
    let (_, body) = server
        .post(mfa, Some(&token), r#"{"mfa_code":"123456"}"#)
        .await;
    assert_eq!(body["state"], "success");
}

#[tokio::test]
async fn email_provider_validates_email_and_region() {
    let server = start().await;
    let token = server.token().await;
    let path = "/v2/link/provider/email/freestyle_libre";
    let (status, body) = server
        .post(path, Some(&token), r#"{"email":"nope","region":"us"}"#)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "email"]));
    let (status, _) = server
        .post(path, Some(&token), r#"{"email":"a@b.co","region":"mars"}"#)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, body) = server
        .post(path, Some(&token), r#"{"email":"a@b.co","region":"gb"}"#)
        .await;
    assert_eq!(body["error_type"], "unsupported_region");
    let (_, body) = server
        .post(path, Some(&token), r#"{"email":"a@b.co","region":"eu"}"#)
        .await;
    assert_eq!(body["state"], "success");
}

#[tokio::test]
async fn wrong_provider_kinds_are_invalid_provider() {
    let server = start().await;
    let token = server.token().await;
    for (path, body) in [
        (
            "/v2/link/provider/password/fitbit",
            r#"{"username":"a","password":"b"}"#,
        ),
        (
            "/v2/link/provider/email/renpho",
            r#"{"email":"a@b.co","region":"us"}"#,
        ),
        (
            "/v2/link/provider/password/nonexistent",
            r#"{"username":"a","password":"b"}"#,
        ),
    ] {
        let (status, body) = server.post(path, Some(&token), body).await;
        assert_eq!(
            (status, &body["detail"]["error_type"]),
            (StatusCode::BAD_REQUEST, &json!("INVALID_PROVIDER")),
            "{path}"
        );
    }
    let (status, body) = server
        .get("/v2/link/provider/oauth/renpho", Some(&token))
        .await;
    assert_eq!(
        (status, &body["detail"]["error_type"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_PROVIDER"))
    );
}

#[tokio::test]
async fn oauth_consent_allow_and_deny_return_to_redirect_url() {
    let server = start().await;
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (decision, expected) in [
        ("allow", "state=success&provider=oura"),
        ("deny", "state=error&error_type=user_cancelled"),
    ] {
        // The host endpoint sets the redirect URL from the asking page.
        let response = http
            .post(format!("{}/api/link-token", server.base))
            .header(
                "referer",
                format!("{}/app?tab=devices&state=success", server.base),
            )
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let token = response.json::<Value>().await.unwrap()["link_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, source) = server
            .get("/v2/link/provider/oauth/oura", Some(&token))
            .await;
        assert_eq!(status, StatusCode::OK);
        let consent = source["oauth_url"].as_str().unwrap().to_owned();
        assert!(consent.starts_with("http://127.0.0.1:"), "{consent}");
        let page = http.get(&consent).answer_text().await;
        assert!(page.contains("Allow") && page.contains("Deny"));
        let session = consent.split("session=").nth(1).unwrap();
        let response = http
            .post(format!("{}/sandbox/oauth/decision", server.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("session={session}&decision={decision}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with(&format!("{}/app?tab=devices&{expected}", server.base)),
            "{location}"
        );
    }
}

#[tokio::test]
async fn bad_input_gets_api_errors_not_crashes() {
    let server = start().await;
    let token = server.token().await;
    let path = "/v2/link/provider/password/renpho";
    for body in [
        "",
        "not json",
        "[1,2]",
        r#"{"username": 5}"#,
        r#"{"password":"x"}"#,
    ] {
        let (status, response) = server.post(path, Some(&token), body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(response["detail"].is_array(), "{body}: {response}");
    }
    let huge = format!(r#"{{"username":"{}","password":"x"}}"#, "a".repeat(200_000));
    let (status, response) = server.post(path, Some(&token), &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response["detail"]["error_type"], "REQUEST_TOO_LARGE");
    let response = server
        .http
        .delete(format!("{}/v2/link/providers", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        response.json::<Value>().await.unwrap()["detail"]["error_type"],
        "METHOD_NOT_ALLOWED"
    );
    let (status, body) = server.get("/v2/link/nothing-here", Some(&token)).await;
    assert_eq!(
        (status, &body["detail"]["error_type"]),
        (StatusCode::NOT_FOUND, &json!("NOT_FOUND"))
    );
    // Still serving afterwards.
    let (status, _) = server.get("/v2/link/providers", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn cors_allows_browser_calls_with_the_link_token_header() {
    let server = start().await;
    let response = server
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/v2/link/providers", server.base),
        )
        .header("origin", "https://app.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "x-vital-link-token")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let allowed = response.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-vital-link-token"));
}

#[tokio::test]
async fn faults_answer_instead_of_the_handler_once() {
    let server = start().await;
    let token = server.token().await;
    server
        .http
        .post(format!("{}/sandbox/control/faults", server.base))
        .json(
            &json!({"path": "/v2/link/providers", "kind": "status", "status": 503, "body": "oops"}),
        )
        .send()
        .await
        .unwrap();
    let (status, _) = server.get("/v2/link/providers", Some(&token)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _) = server.get("/v2/link/providers", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    server
        .http
        .post(format!("{}/sandbox/control/faults", server.base))
        .json(&json!({"path": "/api/link-token", "kind": "status", "status": 500, "body": "{}"}))
        .send()
        .await
        .unwrap();
    let response = server
        .http
        .post(format!("{}/api/link-token", server.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn widget_files_are_served_compressed_when_asked() {
    let dist = std::env::temp_dir().join(format!("vital-link-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    let wasm = b"\0asm\x01\0\0\0".repeat(4096);
    std::fs::write(dist.join("vital-link-widget_bg.wasm"), &wasm).unwrap();
    let base = common::start_app(|base| AppConfig {
        sandbox: None,
        dist: dist.clone(),
        ..common::config(base)
    })
    .await;
    let http = Client::new();
    let url = format!("{base}/vital-link-widget_bg.wasm");
    for (accept, encoding) in [
        ("br", Some("br")),
        ("gzip", Some("gzip")),
        ("identity", None),
    ] {
        let response = http
            .get(&url)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept}"
        );
        assert_eq!(response.headers()["content-type"], "application/wasm");
        // Stable names: revalidated on every use, never guessed fresh.
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert!(response.headers().contains_key("last-modified"));
        let body = response.bytes().await.unwrap();
        if encoding.is_some() {
            assert!(
                body.len() < wasm.len() / 10,
                "{accept}: {} bytes",
                body.len()
            );
        } else {
            assert_eq!(body.as_ref(), wasm.as_slice());
        }
    }
    // Revalidation: a matching ETag gets 304; a file rewritten within the same second
    // (same Last-Modified, same size) gets a new tag and its new bytes.
    let first = http.get(&url).send().await.unwrap();
    let tag = first.headers()["etag"].clone();
    let since = first.headers()["last-modified"].clone();
    let again = http
        .get(&url)
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let mut rebuilt = wasm.clone();
    rebuilt[8] = b'!';
    std::fs::write(dist.join("vital-link-widget_bg.wasm"), &rebuilt).unwrap();
    let fresh = http
        .get(&url)
        .header("if-none-match", &tag)
        .header("if-modified-since", &since)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);
    assert_ne!(fresh.headers()["etag"], tag);
    assert_eq!(fresh.bytes().await.unwrap().as_ref(), rebuilt.as_slice());
    // A precompressed file beside it (as release builds ship) is sent as it is.
    std::fs::write(dist.join("vital-link-widget_bg.wasm.br"), b"precompressed").unwrap();
    let response = http
        .get(&url)
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"precompressed");
    std::fs::remove_dir_all(&dist).unwrap();
}

#[tokio::test]
async fn the_page_follows_dist_and_revalidates() {
    let dist = std::env::temp_dir().join(format!("vital-link-page-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        r#"<p>build one</p><vital-link api-base="/">"#,
    )
    .unwrap();
    let base = common::start_app(|base| AppConfig {
        sandbox: None,
        dist: dist.clone(),
        widget_api_base: "https://api.example".into(),
        ..common::config(base)
    })
    .await;
    let http = Client::new();
    let first = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let etag = first.headers()["etag"].clone();
    assert_eq!(
        first.text().await.unwrap(),
        r#"<p>build one</p><vital-link api-base="https://api.example">"#
    );
    // Unchanged: the browser's copy is confirmed, no body.
    let again = http
        .get(format!("{base}/index.html"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // A new build replaces the page while the server runs: the next request gets it.
    std::fs::write(dist.join("index.html"), "<p>build two</p>").unwrap();
    let rebuilt = http
        .get(format!("{base}/"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(rebuilt.status(), StatusCode::OK);
    assert_ne!(rebuilt.headers()["etag"], etag);
    assert_eq!(rebuilt.text().await.unwrap(), "<p>build two</p>");
    std::fs::remove_dir_all(&dist).unwrap();
}
