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
use std::time::Duration;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Bodies above this are refused with 413 (the largest real request is a few hundred
/// bytes).
pub const BODY_LIMIT: usize = 64 * 1024;

/// A client that has not sent its request's headers within this time is cut off (a slow
/// client holding connections open: see [`serve`]).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How much work the app takes on (each a flag of the binary).
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Requests handled at once; more wait their turn.
    pub max_in_flight: usize,
    /// A request not answered within this time, its body read included, gets 408.
    pub request_timeout: Duration,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            max_in_flight: 512,
            request_timeout: Duration::from_secs(30),
        }
    }
}

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
    pub bounds: Bounds,
}

pub fn app(config: AppConfig) -> Router {
    let policy = std::sync::Arc::new(config.policy.clone());
    let mut router = host::router(config.host, config.policy.clone());

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
        router = router.merge(demo::router(sessions, config.policy));
    }
    let router = router
        // For load balancers and orchestrators: the process answers.
        .route(
            "/healthz",
            axum::routing::get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
        .merge(files::router(&config.dist, config.widget_api_base))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // A name rebound to this server's address gets nothing (DNS rebinding).
        .layer(axum::middleware::from_fn_with_state(
            policy,
            host::check_host,
        ))
        // Bounded work: so many requests at once (the rest wait their turn), each
        // answered within a time, reading its body included.
        .layer(GlobalConcurrencyLimitLayer::new(
            config.bounds.max_in_flight.max(1),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.bounds.request_timeout,
        ));
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

/// Serves `app` on `listener` as `axum::serve` does (HTTP/1, peer addresses included),
/// with one more bound: a client that has not sent a request's headers within
/// `header_timeout` is cut off, so slow clients cannot hold connections open. When
/// `shutdown` completes, it stops accepting and waits for the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper::server::conn::http1::Builder;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use std::net::SocketAddr;
    use tower::Service;

    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(service) = make_service.call(peer).await;
        let connection = graceful.watch(
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)),
        );
        tokio::spawn(async move {
            // A client that goes away, or is cut off, is not an error of the server's.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
