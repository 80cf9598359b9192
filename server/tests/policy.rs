//! The production rules of the reference backend, over real HTTP on 127.0.0.1: who may
//! ask for tokens and how often, how Vital is called, and which configurations the
//! binary refuses to start with.

use axum::routing::post;
use axum::Router;
use reqwest::{Client, StatusCode};
use std::net::SocketAddr;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use vital_link_server::host::{FixedUser, HostConfig, RateLimit, TokenPolicy};
use vital_link_server::sandbox::SANDBOX_API_KEY;
use vital_link_server::{app, AppConfig};

mod common;
use common::{refused, Answer, USER};

/// The app with the embedded sandbox and `policy`.
async fn start(policy: TokenPolicy) -> String {
    common::start_app(|base| AppConfig {
        policy,
        ..common::config(base)
    })
    .await
}

async fn ask(base: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = Client::new()
        .post(format!("{base}/api/link-token"))
        .body("{}");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn every_answer_forbids_sniffing_framing_and_cross_origin_referrers() {
    let base = start(TokenPolicy::default()).await;
    let page = Client::new().get(format!("{base}/")).send().await.unwrap();
    let token = ask(&base, &[JSON]).await;
    let missing = Client::new()
        .get(format!("{base}/no-such-file"))
        .send()
        .await
        .unwrap();
    for answer in [page, token, missing] {
        let headers = answer.headers();
        assert_eq!(
            headers["x-content-type-options"],
            "nosniff",
            "{}",
            answer.url()
        );
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert_eq!(headers["content-security-policy"], "frame-ancestors 'none'");
    }
}

#[tokio::test]
async fn only_json_is_accepted() {
    let base = start(TokenPolicy::default()).await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = ask(&base, &[("content-type", content_type)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
    }
    assert_eq!(
        ask(&base, &[]).await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let response = ask(
        &base,
        &[("content-type", "application/json; charset=utf-8")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_this_origin_and_allowed_ones_may_ask() {
    let base = start(TokenPolicy {
        allowed_origins: vec!["https://app.example".into()],
        ..TokenPolicy::default()
    })
    .await;
    let own = base.clone();
    for (origin, expected) in [
        (own.as_str(), StatusCode::OK),
        ("https://app.example", StatusCode::OK),
        ("https://evil.example", StatusCode::FORBIDDEN),
        ("http://127.0.0.1:1", StatusCode::FORBIDDEN),
        ("null", StatusCode::FORBIDDEN),
    ] {
        let response = ask(&base, &[JSON, ("origin", origin)]).await;
        assert_eq!(response.status(), expected, "{origin}");
    }
    // Without Origin, the browser's Sec-Fetch-Site decides; a non-browser sends neither.
    for (site, expected) in [
        ("cross-site", StatusCode::FORBIDDEN),
        ("same-site", StatusCode::FORBIDDEN),
        ("same-origin", StatusCode::OK),
    ] {
        let response = ask(&base, &[JSON, ("sec-fetch-site", site)]).await;
        assert_eq!(response.status(), expected, "{site}");
    }
    assert_eq!(ask(&base, &[JSON]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn too_many_requests_from_one_ip_get_429_with_retry_after() {
    let base = start(TokenPolicy {
        rate_limit: Some(RateLimit {
            period: Duration::from_secs(60),
            burst: 3,
        }),
        ..TokenPolicy::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(ask(&base, &[JSON]).await.status(), StatusCode::OK);
    }
    let refused = ask(&base, &[JSON]).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    // Refused before any other check: even a bad request is just counted.
    assert_eq!(
        ask(&base, &[]).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn vital_redirects_are_not_followed_and_its_errors_stay_on_the_server() {
    // Where a redirect would lead: it must never see the API key.
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = reached.clone();
    let elsewhere = common::serve(Router::new().route(
        "/v2/link/token",
        post(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { "{}" }
        }),
    ))
    .await;
    let target = format!("{elsewhere}/v2/link/token");
    let redirecting = common::serve(Router::new().route(
        "/v2/link/token",
        post(move || async move { (StatusCode::TEMPORARY_REDIRECT, [("location", target)], "") }),
    ))
    .await;
    let failing = common::serve(Router::new().route(
        "/v2/link/token",
        post(|| async {
            (
                StatusCode::BAD_REQUEST,
                r#"{"detail":"internal team 7f3a: user quota for sk_live_secret"}"#,
            )
        }),
    ))
    .await;
    for vital in [redirecting, failing] {
        let base = common::start_app(|base| AppConfig {
            host: HostConfig::new(
                &vital,
                "sk_test_key",
                FixedUser(USER.into()),
                Some(format!("{base}/")),
            ),
            sandbox: None,
            widget_api_base: vital.clone(),
            ..common::config(base)
        })
        .await;
        let response = ask(&base, &[JSON]).await;
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
        let text = response.text().await.unwrap();
        assert!(!text.contains("7f3a") && !text.contains("sk_"), "{text}");
    }
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
}

#[test]
fn the_binary_refuses_unsafe_configurations() {
    // No key and no sandbox: a lost secret must not turn into a fake API.
    let said = refused(&["--listen", "127.0.0.1:0"], &[]);
    assert!(
        said.contains("VITAL_API_KEY") && said.contains("--sandbox"),
        "{said}"
    );
    // The sandbox only on loopback, never as production.
    let said = refused(&["--sandbox", "--listen", "0.0.0.0:0"], &[]);
    assert!(said.contains("loopback"), "{said}");
    let said = refused(&["--listen", "0.0.0.0:0"], &[("VITAL_LINK_SANDBOX", "1")]);
    assert!(said.contains("loopback"), "{said}");
    let said = refused(&["--sandbox", "--environment", "production"], &[]);
    assert!(said.contains("production"), "{said}");
    // With a key: a configured return page, https to Vital, and not also the sandbox
    // (who is signed in, and where: tests/production.rs).
    let key = [("VITAL_API_KEY", "sk_test_key")];
    let proxied = [
        "--user-header",
        "x-forwarded-user",
        "--trusted-proxy",
        "127.0.0.1",
        "--public-url",
        "https://app.example",
    ];
    let said = refused(&proxied, &key);
    assert!(said.contains("--redirect-url"), "{said}");
    let said = refused(
        &[
            &proxied[..],
            &[
                "--redirect-url",
                "https://app.example/",
                "--api-base",
                "http://vital.example",
            ],
        ]
        .concat(),
        &key,
    );
    assert!(said.contains("https"), "{said}");
    let said = refused(&["--sandbox"], &key);
    assert!(said.contains("choose one"), "{said}");
    assert!(!said.contains("sk_test_key"));
}

/// One request through the app as if it came from `peer`.
async fn from_peer(
    peer: &str,
    request: axum::http::Request<axum::body::Body>,
) -> axum::http::Response<axum::body::Body> {
    use tower::ServiceExt;
    let config = common::config("http://127.0.0.1:9");
    let mut request = request;
    let peer: SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app(config).oneshot(request).await.unwrap()
}

#[tokio::test]
async fn the_sandbox_tools_answer_only_loopback_and_cors_covers_only_the_link_api() {
    let get = |path: &str| {
        axum::http::Request::get(path)
            .header("host", "127.0.0.1:8787")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    for path in [
        "/sandbox/status",
        "/sandbox/requests",
        "/sandbox/oauth/consent?session=x",
    ] {
        assert_eq!(
            from_peer("203.0.113.7:5000", get(path)).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_ne!(
            from_peer("127.0.0.1:5000", get(path)).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let control = |host: &str, content_type: &str| {
        axum::http::Request::post("/sandbox/control/expire-tokens")
            .header("host", host)
            .header("content-type", content_type)
            .body(axum::body::Body::from("{}"))
            .unwrap()
    };
    let json = "application/json";
    assert_eq!(
        from_peer("[2001:db8::1]:5000", control("127.0.0.1", json))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // A name rebound to 127.0.0.1 reaches this machine, but is not a loopback name: the
    // server does not answer to it at all (421), the tools least of all.
    for host in [
        "evil.example",
        "evil.example:8787",
        "127.0.0.1.evil.example",
    ] {
        let rebound = from_peer("127.0.0.1:5000", control(host, json)).await;
        assert_eq!(rebound.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
        let mut log = get("/sandbox/requests");
        log.headers_mut().insert("host", host.parse().unwrap());
        let log = from_peer("127.0.0.1:5000", log).await;
        assert_eq!(log.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    for host in ["127.0.0.1:8787", "localhost", "[::1]:8787"] {
        let here = from_peer("127.0.0.1:5000", control(host, json)).await;
        assert_eq!(here.status(), StatusCode::NO_CONTENT, "{host}");
    }
    // Controls take JSON only: a cross-site form or simple request cannot send it.
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let simple = from_peer("127.0.0.1:5000", control("127.0.0.1", content_type)).await;
        assert_eq!(
            simple.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
    }
    // A page on another origin may call the Link API (as it calls Vital's), nothing else.
    let preflight = |path: &str| {
        axum::http::Request::options(path)
            .header("host", "127.0.0.1:8787")
            .header("origin", "https://app.example")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "x-vital-link-token")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let link = from_peer("127.0.0.1:5000", preflight("/v2/link/providers")).await;
    assert_eq!(link.headers()["access-control-allow-origin"], "*");
    for path in ["/sandbox/status", "/api/link-token"] {
        let other = from_peer("127.0.0.1:5000", preflight(path)).await;
        assert!(
            !other.headers().contains_key("access-control-allow-origin"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_request_log_keeps_no_credentials_codes_or_emails() {
    let base = start(TokenPolicy::default()).await;
    let http = Client::new();
    let token: serde_json::Value = ask(&base, &[JSON]).await.json().await.unwrap();
    let token = token["link_token"].as_str().unwrap().to_owned();
    for (path, body) in [
        (
            "/v2/link/provider/password/whoop",
            r#"{"username":"mfa@example.com","password":"password"}"#,
        ),
        (
            "/v2/link/provider/password/whoop/complete_mfa",
            r#"{"mfa_code":"123456"}"#,
        ),
        (
            "/v2/link/provider/email/freestyle_libre",
            r#"{"email":"libre@example.com","region":"eu"}"#,
        ),
    ] {
        http.post(format!("{base}{path}"))
            .header("x-vital-link-token", &token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
    }
    let log = http
        .get(format!("{base}/sandbox/requests"))
        .answer_text()
        .await;
    for secret in [
        "mfa@example.com",
        "\"password\"}",
        "123456",
        "libre@example.com",
    ] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
    assert!(log.contains(r#""region":"eu""#), "{log}");
}

#[tokio::test]
async fn health_and_favicon_answer_without_errors() {
    let base = start(TokenPolicy::default()).await;
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.unwrap(), r#"{"status":"ok"}"#);
    let icon = reqwest::get(format!("{base}/favicon.ico")).await.unwrap();
    assert_eq!(icon.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn one_signed_in_person_is_limited_whatever_address_they_come_from() {
    use tower::ServiceExt;
    let config = AppConfig {
        // Vital is unreachable here: allowed requests get 502, limited ones 429.
        host: HostConfig::new(
            "http://127.0.0.1:9",
            SANDBOX_API_KEY,
            FixedUser("same-person".into()),
            None,
        ),
        sandbox: None,
        policy: TokenPolicy {
            rate_limit: Some(RateLimit {
                period: Duration::from_secs(60),
                burst: 2,
            }),
            ..TokenPolicy::default()
        },
        ..common::config("http://127.0.0.1:9")
    };
    let app = app(config);
    let mut statuses = vec![];
    for peer in [
        "198.51.100.1:1000",
        "198.51.100.2:1000",
        "198.51.100.3:1000",
    ] {
        let mut request = axum::http::Request::post("/api/link-token")
            .header("host", "127.0.0.1")
            .header("content-type", "application/json")
            .body(axum::body::Body::from("{}"))
            .unwrap();
        let peer: SocketAddr = peer.parse().unwrap();
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        statuses.push(app.clone().oneshot(request).await.unwrap().status());
    }
    assert_eq!(
        statuses,
        [
            StatusCode::BAD_GATEWAY,
            StatusCode::BAD_GATEWAY,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[tokio::test]
async fn sigterm_lets_requests_in_flight_finish() {
    let (mut server, base) = common::start_binary(&["--sandbox"], &[]).await;
    let http = Client::new();
    let token: serde_json::Value = http
        .post(format!("{base}/v2/link/token"))
        .header("x-vital-api-key", SANDBOX_API_KEY)
        .json(&serde_json::json!({ "user_id": USER }))
        .answer_json()
        .await;
    let token = token["link_token"].as_str().unwrap().to_owned();
    // The next provider list takes a second to answer.
    let fault = http
        .post(format!("{base}/sandbox/control/faults"))
        .json(
            &serde_json::json!({ "path": "/v2/link/providers", "kind": "hang", "delay_ms": 1000 }),
        )
        .send()
        .await
        .unwrap();
    assert!(fault.status().is_success());
    let slow = tokio::spawn({
        let (http, base) = (http.clone(), base.clone());
        async move {
            http.get(format!("{base}/v2/link/providers"))
                .header("x-vital-link-token", token)
                .send()
                .await
        }
    });
    // In flight once the sandbox has taken the fault.
    let mut in_flight = false;
    for _ in 0..200 {
        let status: serde_json::Value = http
            .get(format!("{base}/sandbox/status"))
            .answer_json()
            .await;
        if status["faults_queued"] == 0 {
            in_flight = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(in_flight);
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let answer = slow
        .await
        .unwrap()
        .expect("the request in flight was answered");
    assert_eq!(answer.status(), StatusCode::OK);
    let providers: serde_json::Value = answer.json().await.unwrap();
    assert!(
        providers.as_array().is_some_and(|p| !p.is_empty()),
        "{providers}"
    );
    let exit = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "{exit:?}");
}
