//! A bounded load test on 127.0.0.1: the host endpoint and the sandbox in this process,
//! hammered by this process. `scripts/load.sh [requests] [concurrency]`.
//! Each host token request is itself an HTTP call to the sandbox's `/v2/link/token`,
//! so a token request exercises both servers. Exits non-zero on any failed request.

use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use vital_link_server::demo::DemoSessions;
use vital_link_server::host::{HostConfig, TokenPolicy};
use vital_link_server::sandbox::{Sandbox, SANDBOX_API_KEY};
use vital_link_server::{app, AppConfig};

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let total = args.first().copied().unwrap_or(10_000);
    let concurrency = args.get(1).copied().unwrap_or(50).max(1);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    // As a browser would: signed in to the demo app, with its session cookie; the
    // rate limit is off (one client makes every request).
    let sessions = DemoSessions::new(&[], false).expect("session key");
    let config = AppConfig {
        host: HostConfig::new(&base, SANDBOX_API_KEY, sessions.clone(), None),
        sandbox: Some(Sandbox::new(Duration::from_secs(3600))),
        dist: std::env::temp_dir().join("vital-link-no-dist"),
        widget_api_base: "/".into(),
        policy: TokenPolicy::default(),
        demo: Some(sessions),
        bounds: Default::default(),
    };
    tokio::spawn(vital_link_server::serve(
        listener,
        app(config),
        vital_link_server::HEADER_TIMEOUT,
        std::future::pending(),
    ));

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let cookie = sign_in(&http, &base).await;
    for (label, path) in [
        ("POST /api/link-token", "/api/link-token"),
        ("GET /v2/link/providers", "/v2/link/providers"),
    ] {
        let token = fetch_token(&http, &base, &cookie).await;
        let gate = std::sync::Arc::new(Semaphore::new(concurrency));
        let started = Instant::now();
        let mut tasks = Vec::with_capacity(total);
        for _ in 0..total {
            let permit = gate.clone().acquire_owned().await.expect("semaphore");
            let (http, url, token, cookie) = (
                http.clone(),
                format!("{base}{path}"),
                token.clone(),
                cookie.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let t0 = Instant::now();
                let request = if path.starts_with("/api") {
                    http.post(&url)
                        .header("content-type", "application/json")
                        .header("cookie", cookie)
                        .body("{}")
                } else {
                    http.get(&url).header("x-vital-link-token", token)
                };
                let ok = match request.send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                drop(permit);
                (ok, t0.elapsed())
            }));
        }
        let mut latencies = Vec::with_capacity(total);
        let mut failures = 0;
        for task in tasks {
            let (ok, elapsed) = task.await.expect("task");
            failures += usize::from(!ok);
            latencies.push(elapsed);
        }
        let wall = started.elapsed();
        latencies.sort();
        let pct =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        println!(
            "{label}: {total} requests, {concurrency} concurrent, {failures} failed, {:.0} req/s; latency p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            total as f64 / wall.as_secs_f64(),
            ms(pct(0.50)),
            ms(pct(0.95)),
            ms(pct(0.99)),
            ms(*latencies.last().expect("latencies")),
        );
        if failures > 0 {
            std::process::exit(1);
        }
    }
}

/// The demo's session cookie for a signed-in person.
async fn sign_in(http: &reqwest::Client, base: &str) -> String {
    let response = http
        .post(format!("{base}/demo/sign-in"))
        .json(&serde_json::json!({ "user": "ada" }))
        .send()
        .await
        .expect("sign-in request");
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie");
    cookie.split(';').next().expect("cookie pair").to_owned()
}

async fn fetch_token(http: &reqwest::Client, base: &str, cookie: &str) -> String {
    let body: serde_json::Value = http
        .post(format!("{base}/api/link-token"))
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .body("{}")
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token json");
    body["link_token"].as_str().expect("link_token").to_owned()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
