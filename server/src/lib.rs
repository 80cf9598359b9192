//! The servers beside `<vital-link>`: the host app's token endpoint (a reference for
//! integrators), the local Vital Link sandbox (the default when no API key is given),
//! and static files (the built `dist/` with its demo host page).

pub mod errors;
pub mod host;
pub mod sandbox;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use host::HostConfig;
use sandbox::Sandbox;
use std::path::PathBuf;
use std::sync::Arc;
use tower::Layer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

/// Bodies above this are refused with 413 (the largest real request is a few hundred
/// bytes).
pub const BODY_LIMIT: usize = 64 * 1024;

pub struct AppConfig {
    pub host: HostConfig,
    /// The embedded sandbox, when running without a real API key.
    pub sandbox: Option<Sandbox>,
    /// The built widget (`dist/`), served at `/`.
    pub dist: PathBuf,
    /// The API base the demo page's widget should use (`/` for the embedded sandbox).
    pub widget_api_base: String,
}

pub fn app(config: AppConfig) -> Router {
    let host = Arc::new(config.host);
    let mut router =
        Router::new().route("/api/link-token", post(host::link_token).with_state(host));

    if let Some(sandbox) = config.sandbox {
        // Browsers call the Link API cross-origin with the link token header, as
        // they do Vital's; no cookies are involved.
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::any())
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::CONTENT_TYPE,
                header::ACCEPT,
                "x-vital-link-token".parse().unwrap_or(header::ACCEPT),
            ])
            .max_age(std::time::Duration::from_secs(600));
        router = router
            .merge(
                sandbox::router(sandbox.clone())
                    .method_not_allowed_fallback(method_not_allowed)
                    .layer(cors),
            )
            .layer(axum::middleware::from_fn_with_state(
                sandbox,
                sandbox::inject_faults,
            ));
    }

    let (status, page) = demo_page(&config.dist, &config.widget_api_base);
    let page: Arc<str> = page.into();
    let index = axum::routing::get(move || async move { (status, Html(page.to_string())) });
    router
        .route("/", index.clone())
        .route("/index.html", index)
        // The widget's files go out compressed (brotli or gzip, as the browser asks):
        // the wasm is a third of its size on the wire. Release builds ship .br and .gz
        // beside each file (scripts/post-build.mjs); anything else is compressed on the
        // fly, at the fastest level, so no request waits on the compressor.
        .fallback_service(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .layer(
                    ServeDir::new(&config.dist)
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(axum::routing::any(not_found)),
                ),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// The demo host page: `dist/index.html` with the widget pointed at the right API.
/// Read once at start-up.
fn demo_page(dist: &std::path::Path, api_base: &str) -> (StatusCode, String) {
    let (status, page) = match std::fs::read_to_string(dist.join("index.html")) {
        Ok(page) => (StatusCode::OK, page.replace("api-base=\"/\"", &format!("api-base=\"{api_base}\""))),
        Err(_) => (
            StatusCode::NOT_FOUND,
            format!(
                "<!doctype html><title>vital-link</title><p>No widget build at {}: run <code>trunk build --release</code>.</p>",
                dist.display()
            ),
        ),
    };
    (status, page)
}

async fn not_found() -> Response {
    errors::detail(StatusCode::NOT_FOUND, "NOT_FOUND", "Not Found").into_response()
}

async fn method_not_allowed() -> Response {
    errors::detail(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "Method Not Allowed",
    )
    .into_response()
}
