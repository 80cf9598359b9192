//! What the server tests share: apps on free loopback ports, served with peer
//! addresses as the binary serves them.
#![allow(dead_code)] // each test file uses part of it

use axum::Router;
use reqwest::RequestBuilder;
use serde_json::Value;
use std::time::Duration;
use vital_link_server::host::{FixedUser, HostConfig, TokenPolicy};
use vital_link_server::sandbox::{Sandbox, SANDBOX_API_KEY};
use vital_link_server::{app, AppConfig, HEADER_TIMEOUT};

/// The app's own user id for the person every test app sees signed in.
pub const USER: &str = "4b0a8a5e-8f0e-4c1a-9d1e-2f6f3c1b7a10";

/// The usual test app on `base`: the embedded sandbox, everyone signed in as [`USER`],
/// no limits, no build. Tests change what they are about with `..config(base)`.
pub fn config(base: &str) -> AppConfig {
    AppConfig {
        host: HostConfig::new(base, SANDBOX_API_KEY, FixedUser(USER.into()), None),
        sandbox: Some(Sandbox::new(Duration::from_secs(3600))),
        dist: std::env::temp_dir().join("vital-link-no-dist"),
        widget_api_base: "/".into(),
        policy: TokenPolicy::default(),
        demo: None,
        bounds: Default::default(),
    }
}

/// Starts the app that `configure` makes for its own base URL (the host endpoint calls
/// the sandbox there); returns that base URL.
pub async fn start_app(configure: impl FnOnce(&str) -> AppConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app(configure(&base));
    spawn(listener, router);
    base
}

/// Serves any router (a fake Vital, say); returns its base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    spawn(listener, router);
    base
}

/// Served as the binary serves it (`vital_link_server::serve`), never stopped.
fn spawn(listener: tokio::net::TcpListener, router: Router) {
    tokio::spawn(vital_link_server::serve(
        listener,
        router,
        HEADER_TIMEOUT,
        std::future::pending(),
    ));
}

/// A request sent, and its answer's body read, for tests that only look at the body.
pub trait Answer {
    async fn answer_json(self) -> Value;
    async fn answer_text(self) -> String;
}

impl Answer for RequestBuilder {
    async fn answer_json(self) -> Value {
        self.send().await.unwrap().json().await.unwrap()
    }

    async fn answer_text(self) -> String {
        self.send().await.unwrap().text().await.unwrap()
    }
}

/// The binary, started with `args` and `env` (no key and no sandbox unless given) on a
/// free loopback port, once it answers `/healthz`; returns it and its base URL. `{base}`
/// in an argument stands for that URL.
pub async fn start_binary(args: &[&str], env: &[(&str, &str)]) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vital-link-server"));
    command
        .args(args.iter().map(|arg| arg.replace("{base}", &base)))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env_remove("VITAL_API_KEY")
        .env_remove("VITAL_LINK_SANDBOX")
        .stdout(std::process::Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut server = command.spawn().unwrap();
    let http = reqwest::Client::new();
    // Up when it answers (polled: no fixed delay).
    for _ in 0..400 {
        if http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return (server, base);
        }
        if let Ok(Some(exit)) = server.try_wait() {
            panic!("the server stopped: {exit}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server did not come up");
}

/// Runs the binary with `args` and `env` (no API key unless given), expecting it to
/// refuse to start; returns what it said.
pub fn refused(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vital-link-server"));
    command
        .args(args)
        .env_remove("VITAL_API_KEY")
        .env_remove("VITAL_LINK_SANDBOX");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    assert!(!output.status.success(), "{args:?} started");
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}
