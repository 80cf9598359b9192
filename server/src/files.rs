//! The built widget (`dist/`) and its demo host page.
//!
//! File names in `dist/` are stable across builds, so every response says
//! `Cache-Control: no-cache` and carries validators: browsers revalidate on each use
//! and get a cheap 304 while nothing changed, never a guessed freshness that would pair
//! a cached glue module from the last build with the new wasm.

use crate::errors;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;
use tower::Layer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// `/` and `/index.html` (the demo page, its widget pointed at `api_base`), and every
/// other file of `dist/`.
pub fn router(dist: &Path, api_base: String) -> Router {
    let page = Arc::new(DemoPage {
        dist: dist.to_owned(),
        api_base,
    });
    let index = axum::routing::get(move |headers: HeaderMap| {
        let page = page.clone();
        async move { page.respond(&headers).await }
    });
    // The files go out compressed (brotli or gzip, as the browser asks): the wasm is a
    // third of its size on the wire. Release builds ship .br and .gz beside each file
    // (scripts/post-build.mjs); anything else is compressed on the fly, at the fastest
    // level, so no request waits on the compressor.
    let files = (
        axum::middleware::from_fn_with_state(Arc::new(dist.to_owned()), entity_tag),
        SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, NO_CACHE),
        CompressionLayer::new().quality(CompressionLevel::Fastest),
    )
        .layer(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                // A POST to a path nothing serves (`/demo/sign-in` without the sandbox)
                // is a path that does not exist: 404, not "use GET".
                .call_fallback_on_method_not_allowed(true)
                .fallback(axum::routing::any(not_found)),
        );
    let icon = dist.join("favicon.ico");
    Router::new()
        .route("/", index.clone())
        .route("/index.html", index)
        // Browsers ask for it on every page: a build without one answers 204, not a 404
        // logged in the console.
        .route(
            "/favicon.ico",
            axum::routing::get(move || {
                let icon = icon.clone();
                async move {
                    match tokio::fs::read(&icon).await {
                        Ok(bytes) => {
                            ([(header::CONTENT_TYPE, "image/x-icon")], bytes).into_response()
                        }
                        Err(_) => StatusCode::NO_CONTENT.into_response(),
                    }
                }
            }),
        )
        .fallback_service(files)
}

async fn not_found() -> Response {
    errors::detail(StatusCode::NOT_FOUND, "NOT_FOUND", "Not Found").into_response()
}

/// Adds an ETag (size and modification time to the nanosecond) to a file of `dist/`
/// and answers a matching `If-None-Match` with 304. `Last-Modified` alone counts in
/// whole seconds, so it would call a file rebuilt in the same second unchanged.
async fn entity_tag(
    State(dist): State<Arc<PathBuf>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(tag) = file_tag(&dist, request.uri().path()).await else {
        return next.run(request).await;
    };
    if matches_tag(request.headers(), &tag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, tag), (header::CACHE_CONTROL, NO_CACHE)],
        )
            .into_response();
    }
    // The tag decides; ServeDir must not answer 304 by the date.
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

/// The weak tag of the file a URL path names inside `dist`, if it is one. (Weak: the
/// brotli, gzip and plain forms of one file share it.)
async fn file_tag(dist: &Path, url_path: &str) -> Option<HeaderValue> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let mut file = dist.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
    let meta = tokio::fs::metadata(&file).await.ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    let tag = format!("W/\"{:x}-{:x}\"", meta.len(), modified.as_nanos());
    meta.is_file().then(|| HeaderValue::from_str(&tag).ok())?
}

fn matches_tag(request: &HeaderMap, tag: &HeaderValue) -> bool {
    let Some(Ok(tags)) = request.get(header::IF_NONE_MATCH).map(|v| v.to_str()) else {
        return false;
    };
    let tag = tag.to_str().unwrap_or_default();
    tags.split(',').any(|t| t.trim() == tag)
}

/// The demo host page: `dist/index.html` with the widget pointed at the right API.
///
/// Read on every request, never kept from start-up: its preload hints name the files
/// beside it, so a `dist/` rebuilt or replaced under a running server must come with
/// its own page (Firefox refuses a page whose hints disagree with the files). Its ETag
/// is a hash of the bytes sent.
struct DemoPage {
    dist: PathBuf,
    api_base: String,
}

/// The strict policy README documents for hosts, which the demo page follows: no inline
/// script or style, no eval, only WebAssembly compilation; API calls to this server and
/// to the widget's API base, provider logos from any https origin.
pub fn page_policy(api_base: &str) -> String {
    let api = api_base
        .split_once("://")
        .map(|(scheme, rest)| {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            format!(" {scheme}://{authority}")
        })
        .unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' https:; connect-src 'self'{api}; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'"
    )
}

impl DemoPage {
    async fn respond(&self, request: &HeaderMap) -> Response {
        let Ok(page) = tokio::fs::read_to_string(self.dist.join("index.html")).await else {
            let text = format!(
                "<!doctype html><title>vital-link</title><p>No widget build at {}: run <code>trunk build --release</code>.</p>",
                self.dist.display()
            );
            return (
                StatusCode::NOT_FOUND,
                [(header::CACHE_CONTROL, NO_CACHE)],
                Html(text),
            )
                .into_response();
        };
        let page = page.replace("api-base=\"/\"", &format!("api-base=\"{}\"", self.api_base));
        let mut hasher = std::hash::DefaultHasher::new();
        page.hash(&mut hasher);
        let tag = HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish()))
            .expect("hex digits are a valid header value");
        let validators = [
            (header::ETAG, tag.clone()),
            (header::CACHE_CONTROL, NO_CACHE),
        ];
        if matches_tag(request, &tag) {
            (StatusCode::NOT_MODIFIED, validators).into_response()
        } else {
            let policy = HeaderValue::from_str(&page_policy(&self.api_base))
                .unwrap_or(HeaderValue::from_static("default-src 'none'"));
            (
                validators,
                [(header::CONTENT_SECURITY_POLICY, policy)],
                Html(page),
            )
                .into_response()
        }
    }
}
