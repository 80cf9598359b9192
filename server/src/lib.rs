//! The servers beside `<vital-link>`: the host app's token endpoint (a reference for
//! integrators), the local Vital Link sandbox (the default when no API key is given),
//! and static files (the built `dist/` with its demo host page).

pub mod errors;
pub mod files;
pub mod host;
pub mod sandbox;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use host::HostConfig;
use sandbox::Sandbox;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};

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

    router
        .merge(files::router(&config.dist, config.widget_api_base))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

async fn method_not_allowed() -> Response {
    errors::detail(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "Method Not Allowed",
    )
    .into_response()
}
