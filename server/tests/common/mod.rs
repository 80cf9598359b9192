//! What the server tests share: apps on free loopback ports, served with peer
//! addresses as the binary serves them.
#![allow(dead_code)] // each test file uses part of it

use axum::Router;
use reqwest::RequestBuilder;
use serde_json::Value;
use std::net::SocketAddr;
use std::time::Duration;
use vital_link_server::host::{FixedUser, HostConfig, TokenPolicy};
use vital_link_server::sandbox::{Sandbox, SANDBOX_API_KEY};
use vital_link_server::{app, AppConfig};

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

fn spawn(listener: tokio::net::TcpListener, router: Router) {
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
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
