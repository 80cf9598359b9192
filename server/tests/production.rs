//! What a production deployment relies on: the binary with a real key never decides who
//! someone is by itself (only a trusted proxy's header, or it refuses to start); it
//! answers only its own names and origins; the demo's cookies are set as a production
//! app would set them; slow clients, crowds behind one proxy and big answers from Vital
//! are all bounded.

use axum::routing::post;
use axum::{Json, Router};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;
use vital_link_server::demo::DemoSessions;
use vital_link_server::host::{HostConfig, ProxyUser, RateLimit, TokenPolicy, TrustedProxies};
use vital_link_server::sandbox::SANDBOX_API_KEY;
use vital_link_server::{app, serve, AppConfig, Bounds};

mod common;
use common::{refused, start_binary, Answer};

const KEY: &str = "3f9a1c07be52d4e8a6107cf39b2e5d48c1a7f06e93b4d2587a0c6e1f49b3d7a25e8c04f1b69a3d7e20c5f8b14a6e9d3c";
const OTHER_KEY: &str = "q8Zr0VfN3kT7wYb1LxJ5mQe9HcU2sPaG6dRiK4oEjW0tBnXyF8vM3hZ1uC7gA5lD";

fn token_request(http: &Client, base: &str) -> reqwest::RequestBuilder {
    http.post(format!("{base}/api/link-token"))
        .header("content-type", "application/json")
        .body("{}")
}

#[test]
fn with_a_key_the_binary_needs_a_sign_in_it_can_trust() {
    let key = [("VITAL_API_KEY", "sk_test_key")];
    let with_key = ["--redirect-url", "https://app.example/return"];
    // No resolver: the binary would otherwise have to decide who people are itself.
    let said = refused(&with_key, &key);
    assert!(
        said.contains("--user-header") && said.contains("SignedIn"),
        "{said}"
    );
    // A user header is believed only from the proxy that sets it.
    let said = refused(
        &[&with_key[..], &["--user-header", "x-user"]].concat(),
        &key,
    );
    assert!(said.contains("--trusted-proxy"), "{said}");
    let said = refused(
        &[
            &with_key[..],
            &["--user-header", "x-user", "--trusted-proxy", "10.0.0.0/33"],
        ]
        .concat(),
        &key,
    );
    assert!(said.contains("CIDR"), "{said}");
    // And it must know the name browsers reach it by.
    let said = refused(
        &[
            &with_key[..],
            &["--user-header", "x-user", "--trusted-proxy", "10.0.0.0/8"],
        ]
        .concat(),
        &key,
    );
    assert!(said.contains("--public-url"), "{said}");
    assert!(!said.contains("sk_test_key"));
    // Session keys: never a flag, never weak.
    let said = refused(&["--sandbox", "--session-key", KEY], &[]);
    assert!(said.contains("--session-key"), "{said}");
    for weak in ["short", &"ab".repeat(40)] {
        let said = refused(&["--sandbox"], &[("VITAL_LINK_SESSION_KEYS", weak)]);
        assert!(said.contains("session key 1"), "{said}");
        assert!(!said.contains(weak), "the key is not repeated back");
    }
}

#[tokio::test]
async fn with_a_key_only_the_trusted_proxys_user_header_signs_anyone_in() {
    // Vital here is the sandbox, in a binary of its own; the server under test has the
    // key, as in production.
    let (mut vital, vital_base) = start_binary(&["--sandbox"], &[]).await;
    let (mut server, base) = start_binary(
        &[
            "--api-base",
            &vital_base,
            "--redirect-url",
            "https://app.example/return",
            "--user-header",
            "x-forwarded-user",
            "--trusted-proxy",
            "127.0.0.1",
            "--public-url",
            "{base}",
        ],
        &[("VITAL_API_KEY", SANDBOX_API_KEY)],
    )
    .await;
    let http = Client::new();
    let asked = token_request(&http, &base)
        .header("x-forwarded-user", "u-1")
        .header("origin", &base)
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::OK);
    let status: Value = http
        .get(format!("{vital_base}/sandbox/status"))
        .answer_json()
        .await;
    assert_eq!(status["users"][0]["client_user_id"], "u-1");
    // Nobody named, or named by someone who is not the proxy (127.0.0.2 is this machine
    // too, but not the trusted address): nobody signed in.
    let unnamed = token_request(&http, &base).send().await.unwrap();
    assert_eq!(unnamed.status(), StatusCode::UNAUTHORIZED);
    let elsewhere = Client::builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let forged = token_request(&elsewhere, &base)
        .header("x-forwarded-user", "u-1")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    // No demo sign-in with a key: nobody becomes Ada by asking.
    let demo = http
        .post(format!("{base}/demo/sign-in"))
        .json(&json!({ "user": "ada" }))
        .send()
        .await
        .unwrap();
    assert_eq!(demo.status(), StatusCode::NOT_FOUND);
    // Another site's page, and a name rebound to this address, get nothing.
    let cross_site = token_request(&http, &base)
        .header("x-forwarded-user", "u-1")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    let rebound = token_request(&http, &base)
        .header("x-forwarded-user", "u-1")
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), StatusCode::MISDIRECTED_REQUEST);
    let page = http
        .get(format!("{base}/"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::MISDIRECTED_REQUEST);
    server.kill().unwrap();
    vital.kill().unwrap();
    let _ = (server.wait(), vital.wait());
}

/// One request through `config`'s app as if it came from `peer`.
async fn through(
    config: AppConfig,
    request: axum::http::Request<axum::body::Body>,
    peer: &str,
) -> StatusCode {
    let mut request = request;
    let peer: SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app(config).oneshot(request).await.unwrap().status()
}

#[tokio::test]
async fn the_host_must_be_the_public_one_or_an_allowed_one() {
    let config = |public: Option<&str>| AppConfig {
        policy: TokenPolicy {
            public_origin: public.map(str::to_owned),
            allowed_origins: vec!["https://shop.example".into()],
            ..TokenPolicy::default()
        },
        ..common::config("http://127.0.0.1:9")
    };
    let get = |host: &str, path: &str| {
        axum::http::Request::get(path)
            .header("host", host)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let public = Some("https://app.example");
    for (public, host, expected) in [
        (public, "app.example", StatusCode::OK),
        (public, "APP.example:443", StatusCode::OK),
        (public, "shop.example", StatusCode::OK),
        (public, "evil.example", StatusCode::MISDIRECTED_REQUEST),
        // With a public name, loopback names are just other names.
        (public, "127.0.0.1:8787", StatusCode::MISDIRECTED_REQUEST),
        // Without one (the sandbox, development): loopback names only.
        (None, "localhost:8787", StatusCode::OK),
        (None, "[::1]", StatusCode::OK),
        (None, "evil.example", StatusCode::MISDIRECTED_REQUEST),
        (
            None,
            "127.0.0.1.evil.example",
            StatusCode::MISDIRECTED_REQUEST,
        ),
    ] {
        let status = through(config(public), get(host, "/demo-missing"), "127.0.0.1:1").await;
        let expected_status = if expected == StatusCode::OK {
            StatusCode::NOT_FOUND
        } else {
            expected
        };
        assert_eq!(status, expected_status, "{public:?} {host}");
    }
    // Load balancers probe by address.
    let probe = through(
        config(public),
        get("10.0.0.5:8787", "/healthz"),
        "10.0.0.1:1",
    )
    .await;
    assert_eq!(probe, StatusCode::OK);
}

#[tokio::test]
async fn behind_trusted_proxies_each_client_has_its_own_rate_limit() {
    let limited = |trusted: &[&str]| AppConfig {
        // Vital is unreachable here: allowed requests get 502, limited ones 429.
        host: HostConfig::new(
            "http://127.0.0.1:9",
            SANDBOX_API_KEY,
            ProxyUser {
                header: axum::http::HeaderName::from_static("x-user"),
                trusted: TrustedProxies::parse(&["10.0.0.1".into()]).unwrap(),
            },
            None,
        ),
        sandbox: None,
        policy: TokenPolicy {
            rate_limit: Some(RateLimit {
                period: Duration::from_secs(60),
                burst: 1,
            }),
            trusted_proxies: TrustedProxies::parse(
                &trusted.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
            )
            .unwrap(),
            ..TokenPolicy::default()
        },
        ..common::config("http://127.0.0.1:9")
    };
    for (trusted, expected) in [
        // Each client its own bucket: a second request from the first is refused.
        (
            &["10.0.0.1"][..],
            [
                StatusCode::BAD_GATEWAY,
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::BAD_GATEWAY,
            ],
        ),
        // Without trusted proxies, everyone behind the proxy shares its bucket.
        (
            &[][..],
            [
                StatusCode::BAD_GATEWAY,
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::TOO_MANY_REQUESTS,
            ],
        ),
    ] {
        let app = app(limited(trusted));
        let mut statuses = vec![];
        for (client, user) in [
            ("198.51.100.1", "a"),
            ("198.51.100.1", "b"),
            ("198.51.100.2", "c"),
        ] {
            let mut request = axum::http::Request::post("/api/link-token")
                .header("host", "127.0.0.1")
                .header("content-type", "application/json")
                .header("x-forwarded-for", client)
                .header("x-user", user)
                .body(axum::body::Body::from("{}"))
                .unwrap();
            let peer: SocketAddr = "10.0.0.1:1000".parse().unwrap();
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            statuses.push(app.clone().oneshot(request).await.unwrap().status());
        }
        assert_eq!(statuses, expected, "trusted proxies {trusted:?}");
    }
}

/// The demo app with these sessions; returns its base URL.
async fn demo_app(sessions: DemoSessions) -> String {
    common::start_app(|base| AppConfig {
        host: HostConfig::new(base, SANDBOX_API_KEY, sessions.clone(), None),
        demo: Some(sessions),
        ..common::config(base)
    })
    .await
}

async fn sign_in(base: &str, origin: Option<&str>, content_type: &str) -> reqwest::Response {
    let mut request = Client::new()
        .post(format!("{base}/demo/sign-in"))
        .header("content-type", content_type)
        .body(if content_type.contains("json") {
            r#"{"user":"alan"}"#
        } else {
            "user=alan"
        });
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.send().await.unwrap()
}

fn cookie_of(response: &reqwest::Response) -> String {
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_demo_sign_in_takes_json_from_its_own_origin_only() {
    let base = demo_app(DemoSessions::new(&[], false).unwrap()).await;
    // Login CSRF: another site's form or fetch cannot sign a visitor in as Alan.
    let form = sign_in(&base, None, "application/x-www-form-urlencoded").await;
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let cross_site = sign_in(&base, Some("https://evil.example"), "application/json").await;
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    assert!(cross_site.headers().get("set-cookie").is_none());
    let own = sign_in(&base, Some(&base), "application/json").await;
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn session_cookies_expire_rotate_and_are_secure_over_https() {
    let keys = |list: &[&str]| list.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    // Over https: Secure, and the __Host- prefix (no Domain, Path=/), with a max age.
    let secure = demo_app(DemoSessions::new(&keys(&[KEY]), true).unwrap()).await;
    let signed_in = sign_in(&secure, None, "application/json").await;
    let set = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "__Host-vl_demo_user=",
        "Secure",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(set.contains(part), "{part} in {set}");
    }
    assert!(!set.contains("Domain"), "{set}");

    // Signed with KEY; an app whose keys are [OTHER_KEY, KEY] (rotated) still knows it;
    // one with OTHER_KEY only does not.
    let old = demo_app(DemoSessions::new(&keys(&[KEY]), false).unwrap()).await;
    let cookie = cookie_of(&sign_in(&old, None, "application/json").await);
    let http = Client::new();
    for (keys, expected) in [
        (keys(&[OTHER_KEY, KEY]), StatusCode::OK),
        (keys(&[OTHER_KEY]), StatusCode::UNAUTHORIZED),
    ] {
        let app = demo_app(DemoSessions::new(&keys, false).unwrap()).await;
        let asked = token_request(&http, &app)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(asked.status(), expected, "{} keys", keys.len());
    }
    // A session past its maximum age is nobody's.
    let expired = demo_app(
        DemoSessions::new(&keys(&[KEY]), false)
            .unwrap()
            .with_max_age(Duration::ZERO),
    )
    .await;
    let cookie = cookie_of(&sign_in(&expired, None, "application/json").await);
    let asked = token_request(&http, &expired)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_client_slow_to_send_its_headers_is_cut_off() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = app(common::config(&format!("http://{address}")));
    tokio::spawn(serve(
        listener,
        router,
        Duration::from_millis(300),
        std::future::pending(),
    ));
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection is still open after 10 s");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
}

#[tokio::test]
async fn an_oversized_answer_from_vital_is_not_read() {
    // A Vital whose user endpoint answers 1 MiB (well-formed JSON, past the limit).
    let huge = json!({ "user_id": "u", "padding": "x".repeat(1024 * 1024) });
    let vital = common::serve(Router::new().route(
        "/v2/user",
        post(move || {
            let huge = huge.clone();
            async move { Json(huge) }
        }),
    ))
    .await;
    let base = common::start_app(|base| AppConfig {
        host: HostConfig::new(
            &vital,
            SANDBOX_API_KEY,
            vital_link_server::host::FixedUser("p".into()),
            None,
        ),
        sandbox: None,
        ..common::config(base)
    })
    .await;
    let asked = token_request(&Client::new(), &base).send().await.unwrap();
    // Not taken as a user (else the next call would be for a link token): the endpoint
    // goes on to resolve the person, which this Vital cannot.
    assert_eq!(asked.status(), StatusCode::BAD_GATEWAY);
    let said: Value = asked.json().await.unwrap();
    assert!(
        said["error"].as_str().unwrap().contains("the user request"),
        "{said}"
    );
}

/// Queues a sandbox fault: the next `times` requests to `path` wait `delay_ms` first.
async fn hang(base: &str, path: &str, delay_ms: u64, times: u32) {
    let queued = Client::new()
        .post(format!("{base}/sandbox/control/faults"))
        .json(&json!({ "path": path, "kind": "hang", "delay_ms": delay_ms, "times": times }))
        .send()
        .await
        .unwrap();
    assert!(queued.status().is_success());
}

#[tokio::test]
async fn a_request_not_answered_in_time_gets_408() {
    let base = common::start_app(|base| AppConfig {
        bounds: Bounds {
            request_timeout: Duration::from_millis(300),
            ..Bounds::default()
        },
        ..common::config(base)
    })
    .await;
    hang(&base, "/v2/link/providers", 5_000, 1).await;
    let started = Instant::now();
    let slow = Client::new()
        .get(format!("{base}/v2/link/providers"))
        .send()
        .await
        .unwrap();
    assert_eq!(slow.status(), StatusCode::REQUEST_TIMEOUT);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn requests_past_the_limit_in_flight_wait_their_turn() {
    let mut elapsed = vec![];
    for max_in_flight in [1, 2] {
        let base = common::start_app(|base| AppConfig {
            bounds: Bounds {
                max_in_flight,
                ..Bounds::default()
            },
            ..common::config(base)
        })
        .await;
        hang(&base, "/v2/link/providers", 600, 2).await;
        let http = Client::new();
        let ask = || http.get(format!("{base}/v2/link/providers")).send();
        let started = Instant::now();
        let (a, b) = tokio::join!(ask(), ask());
        assert!(a.is_ok() && b.is_ok());
        elapsed.push(started.elapsed());
    }
    // One at a time, the second waits for the first: both hangs in a row.
    assert!(elapsed[0] >= Duration::from_millis(1200), "{elapsed:?}");
    assert!(elapsed[1] < Duration::from_millis(1200), "{elapsed:?}");
}

#[tokio::test]
async fn the_token_endpoint_answers_504_past_its_deadline_however_many_calls_it_makes() {
    // A Vital that takes 5 s over each call.
    let vital = common::serve(Router::new().route(
        "/v2/user",
        post(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Json(json!({ "user_id": "u" }))
        }),
    ))
    .await;
    let base = common::start_app(|base| {
        let mut host = HostConfig::new(
            &vital,
            SANDBOX_API_KEY,
            vital_link_server::host::FixedUser("p".into()),
            None,
        );
        host.answer_deadline = Duration::from_millis(300);
        AppConfig {
            host,
            sandbox: None,
            ..common::config(base)
        }
    })
    .await;
    let started = Instant::now();
    let asked = token_request(&Client::new(), &base).send().await.unwrap();
    assert_eq!(asked.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(started.elapsed() < Duration::from_secs(4));
}
