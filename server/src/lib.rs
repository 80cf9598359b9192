//! The servers beside `<vital-link>`: the host app's token endpoint (the production
//! pattern, mountable with [`host::router`]), the demo app's sign-in, the local Vital
//! sandbox (a development tool, only when asked for), and static files (the built
//! `dist/` with its demo host page).

pub mod demo;
pub mod errors;
pub mod files;
pub mod host;
pub mod sandbox;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use host::{HostConfig, TokenPolicy};
use sandbox::Sandbox;
use std::path::PathBuf;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Bodies above this are refused with 413 (the largest real request is a few hundred
/// bytes).
pub const BODY_LIMIT: usize = 64 * 1024;

pub struct AppConfig {
    pub host: HostConfig,
    /// The embedded sandbox (`--sandbox`), instead of Vital.
    pub sandbox: Option<Sandbox>,
    /// The built widget (`dist/`), served at `/`.
    pub dist: PathBuf,
    /// The API base the demo page's widget should use (`/` for the embedded sandbox).
    pub widget_api_base: String,
    /// Who may ask for tokens, and how often.
    pub policy: TokenPolicy,
    /// The demo app's sign-in routes (`/demo/*`), when the host's users are
    /// [`demo::DemoSessions`].
    pub demo: Option<demo::DemoSessions>,
}

pub fn app(config: AppConfig) -> Router {
    let mut router = host::router(config.host, config.policy);

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
                sandbox::link_api(sandbox.clone())
                    .method_not_allowed_fallback(method_not_allowed)
                    .layer(cors),
            )
            .merge(
                sandbox::users_api(sandbox.clone()).method_not_allowed_fallback(method_not_allowed),
            )
            .merge(
                sandbox::dev_tools(sandbox.clone()).method_not_allowed_fallback(method_not_allowed),
            )
            .layer(axum::middleware::from_fn_with_state(
                sandbox,
                sandbox::inject_faults,
            ));
    }

    if let Some(sessions) = config.demo {
        router = router.merge(demo::router(sessions));
    }
    let router = router
        // For load balancers and orchestrators: the process answers.
        .route(
            "/healthz",
            axum::routing::get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
        .merge(files::router(&config.dist, config.widget_api_base))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    with_request_log(with_safety_headers(router))
}

/// On every answer, unless a handler set its own: no content sniffing, no full URL in
/// the `Referer` sent to other origins, and no framing by any page (clickjacking).
fn with_safety_headers(router: Router) -> Router {
    let set =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "frame-ancestors 'none'",
        ))
}

/// One structured log line per request: its id (`x-request-id`, kept from a proxy or
/// made here, and sent back), method, path, status and latency. Never a query string,
/// header or body: those carry tokens, codes and credentials.
fn with_request_log(router: Router) -> Router {
    let id = axum::http::HeaderName::from_static("x-request-id");
    let layers = tower::ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(id.clone(), MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<axum::body::Body>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        id = %id,
                        method = %request.method(),
                        path = %request.uri().path(),
                    )
                })
                .on_request(())
                .on_response(
                    |response: &Response, latency: std::time::Duration, _: &tracing::Span| {
                        tracing::info!(
                            status = response.status().as_u16(),
                            latency_ms = latency.as_secs_f64() * 1000.0,
                            "answered"
                        );
                    },
                )
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(id));
    router.layer(layers)
}

async fn method_not_allowed() -> Response {
    errors::detail(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "Method Not Allowed",
    )
    .into_response()
}
