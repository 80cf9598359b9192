//! The thin HTTP side: fetch text with the browser's `fetch`, under a timeout, with the link
//! token; hand status and body to the pure decoders. The link token lives in this
//! struct's memory only and is replaced once per call when the API rejects it.
//!
//! Requests are built as `web_sys::Request`s, so every URL is used exactly as given (a
//! signed `token-url` keeps its query untouched), and sent by `send` in src/browser.js:
//! it answers from what vital-link.js asked for early (the link token, then the
//! provider list, while the wasm was loading), or fetches, and reads the body.

use super::decode::{decode_link_response, decode_link_token, decode_oauth, decode_providers};
use super::json::{Json, JsonValue};
use super::{ApiError, LinkOutcome, SourceLink};
use crate::browser::{connections, disconnect, send, settle, within};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit};

/// Where link tokens come from.
#[derive(Clone, Debug)]
pub enum TokenSource {
    /// The host's endpoint: `POST {}` with same-origin credentials.
    Url(String),
    /// The element's `fetchLinkToken` property: `async () => "<token>"`.
    Callback(js_sys::Function),
}

pub struct Client {
    api_base: String,
    tokens: TokenSource,
    token: RefCell<Option<String>>,
    /// The session's shared state, from `start_session` in src/browser.js: the answers
    /// vital-link.js got early, and what ends the session's requests.
    session: JsValue,
    /// The host's `connections-url`.
    connections_url: Option<String>,
    /// The host's `disconnect-url`.
    disconnect_url: Option<String>,
}

/// What a disconnection came to, from its answer: `null` when done, else
/// `[status or null, reason]`.
pub fn disconnected(answer: &JsValue) -> Result<(), ApiError> {
    if answer.is_null() {
        return Ok(());
    }
    let failure = js_sys::Array::from(answer);
    Err(ApiError::Disconnect {
        status: failure.get(0).as_f64().map(|s| s as u16),
        reason: failure.get(1).as_string().unwrap_or_default(),
    })
}

/// When an action must be done by: each of its requests gets the time that is left.
#[derive(Clone, Copy)]
struct Deadline(f64);

impl Deadline {
    fn after(ms: u32) -> Deadline {
        Deadline(js_sys::Date::now() + f64::from(ms))
    }

    /// Milliseconds left (0 once passed: the request then fails at once as timed out).
    fn left(self) -> u32 {
        (self.0 - js_sys::Date::now()).max(0.0) as u32
    }
}

type Decoder<T> = fn(u16, &str) -> Result<T, ApiError>;

/// One request, before it is sent.
pub struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub credentials: RequestCredentials,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: Option<&'a str>,
}

impl Client {
    /// `api_base` without a trailing slash, e.g. `https://api.sandbox.us.junction.com`.
    pub fn new(
        api_base: &str,
        tokens: TokenSource,
        session: JsValue,
        connections_url: Option<String>,
        disconnect_url: Option<String>,
    ) -> Client {
        Client {
            api_base: api_base.trim_end_matches('/').to_owned(),
            tokens,
            token: RefCell::new(None),
            session,
            connections_url,
            disconnect_url,
        }
    }

    /// Disconnects `slug` through `host`: its `disconnectProvider` when set, else
    /// `POST {"provider": slug}` to its `disconnect-url`, where any `2xx` means done.
    /// Resolves to what [`disconnected`] reads.
    pub fn disconnect(&self, host: &web_sys::HtmlElement, slug: &str, ms: u32) -> js_sys::Promise {
        disconnect(
            host,
            &self.session,
            self.disconnect_url.as_deref(),
            slug,
            ms,
        )
    }

    /// The user's connections, as `host` gives them (its property, else the JSON of its
    /// `connections-url`; `undefined` when neither is there or readable).
    pub fn connections(&self, host: &web_sys::HtmlElement, limit_ms: u32) -> js_sys::Promise {
        connections(
            host,
            &self.session,
            self.connections_url.as_deref(),
            limit_ms,
        )
    }

    pub async fn providers(
        &self,
        limit_ms: u32,
        on_refresh: &dyn Fn(),
    ) -> Result<Vec<SourceLink>, ApiError> {
        let path = "/v2/link/providers";
        self.call("GET", path, None, decode_providers, limit_ms, on_refresh)
            .await
    }

    pub async fn oauth_url(
        &self,
        slug: &str,
        limit_ms: u32,
        on_refresh: &dyn Fn(),
    ) -> Result<String, ApiError> {
        let path = ["/v2/link/provider/oauth/", &path_segment(slug)].concat();
        self.call("GET", &path, None, decode_oauth, limit_ms, on_refresh)
            .await
    }

    /// `POST`s `members` as one JSON object to `{prefix}{slug}{suffix}`: a password, MFA
    /// or email link request.
    pub async fn submit(
        &self,
        (prefix, suffix): (&str, &str),
        slug: &str,
        members: &[(&str, &str)],
        limit_ms: u32,
        on_refresh: &dyn Fn(),
    ) -> Result<LinkOutcome, ApiError> {
        let path = [prefix, &path_segment(slug), suffix].concat();
        let json = Json::stringify_object(members);
        let limit = limit_ms;
        let outcome = self
            .call(
                "POST",
                &path,
                Some(json),
                decode_link_response,
                limit,
                on_refresh,
            )
            .await;
        // Vital uses a link token up with one successful connection: the next
        // connection ("Connect another device") starts with a fresh one.
        if matches!(outcome, Ok(LinkOutcome::Success)) {
            self.token.replace(None);
        }
        outcome
    }

    /// One API call with the current token; if the answer says the token is no good,
    /// one fresh token and one retry with the same body. All of it within `limit_ms`.
    async fn call<T>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        decode: Decoder<T>,
        limit_ms: u32,
        on_refresh: &dyn Fn(),
    ) -> Result<T, ApiError> {
        let (status, text) = self
            .exchange(
                method,
                path,
                body.as_deref(),
                &|status, text| decode(status, text).is_err_and(|e| e.is_token_error()),
                Deadline::after(limit_ms),
                on_refresh,
            )
            .await?;
        decode(status, &text)
    }

    /// The request with the current token and, when `token_rejected` says the answer
    /// refused it, once more with a fresh one. Not generic, so the wasm holds it once.
    async fn exchange(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token_rejected: &dyn Fn(u16, &str) -> bool,
        deadline: Deadline,
        on_refresh: &dyn Fn(),
    ) -> Result<(u16, String), ApiError> {
        let url = [self.api_base.as_str(), path].concat();
        let token = self.token(deadline).await?;
        let (status, text) = self.send(method, &url, &token, body, deadline).await?;
        if !token_rejected(status, &text) {
            return Ok((status, text));
        }
        self.token.replace(None);
        on_refresh();
        let token = self.token(deadline).await?;
        self.send(method, &url, &token, body, deadline).await
    }

    async fn token(&self, deadline: Deadline) -> Result<String, ApiError> {
        if let Some(token) = self.token.borrow().clone() {
            return Ok(token);
        }
        let token = self.fetch_token(deadline.left()).await?;
        self.token.replace(Some(token.clone()));
        Ok(token)
    }

    async fn fetch_token(&self, ms: u32) -> Result<String, ApiError> {
        match &self.tokens {
            TokenSource::Url(url) => {
                let request = Outgoing {
                    method: "POST",
                    url,
                    credentials: RequestCredentials::SameOrigin,
                    headers: &[("Content-Type", "application/json")],
                    body: Some("{}"),
                };
                let answer = fetch_text(request, ms, &self.session).await;
                let (status, text) = answer.map_err(|e| match e {
                    ApiError::Timeout => ApiError::TokenEndpoint {
                        status: None,
                        reason: "token endpoint timed out".into(),
                    },
                    other => ApiError::TokenEndpoint {
                        status: None,
                        reason: other.reason().unwrap_or("the request failed").to_owned(),
                    },
                })?;
                decode_link_token(status, &text)
            }
            TokenSource::Callback(callback) => {
                let fail = |reason: String| ApiError::TokenEndpoint {
                    status: None,
                    reason,
                };
                let returned = callback
                    .call0(&JsValue::UNDEFINED)
                    .map_err(|e| fail(["fetchLinkToken threw: ", &js_text(&e)].concat()))?;
                let value = match returned.dyn_into::<js_sys::Promise>() {
                    Ok(promise) => match with_timeout(promise, ms).await {
                        Some(Ok(value)) => value,
                        Some(Err(e)) => {
                            return Err(fail(["fetchLinkToken rejected: ", &js_text(&e)].concat()))
                        }
                        None => return Err(fail("fetchLinkToken timed out".into())),
                    },
                    Err(value) => value,
                };
                value
                    .as_string()
                    .filter(|t| !t.trim().is_empty())
                    .ok_or_else(|| fail("fetchLinkToken returned no token".into()))
            }
        }
    }

    async fn send(
        &self,
        method: &str,
        url: &str,
        token: &str,
        body: Option<&str>,
        deadline: Deadline,
    ) -> Result<(u16, String), ApiError> {
        let json_body = [
            ("Accept", "application/json"),
            ("x-vital-link-token", token),
            ("Content-Type", "application/json"),
        ];
        fetch_text(
            Outgoing {
                method,
                url,
                // The link token is the only credential the browser sends to Vital; no
                // cookies, and never an API key.
                credentials: RequestCredentials::Omit,
                headers: if body.is_some() {
                    &json_body
                } else {
                    &json_body[..2]
                },
                body,
            },
            deadline.left(),
            &self.session,
        )
        .await
    }
}

/// Sends (or takes the session's early answer), reads the whole body as text, and gives
/// up after `timeout_ms` or when the session ends (aborting the request so nothing
/// keeps running). `session` may be `undefined`.
pub async fn fetch_text(
    outgoing: Outgoing<'_>,
    timeout_ms: u32,
    session: &JsValue,
) -> Result<(u16, String), ApiError> {
    let controller = AbortController::new().map_err(|e| ApiError::Network(js_text(&e)))?;
    let request =
        build_request(&outgoing, &controller).map_err(|e| ApiError::Network(js_text(&e)))?;
    let result = async {
        // The browser aborts the request (and the reading of its body) when time is up.
        let answer = JsFuture::from(send(session, &request, &controller, timeout_ms))
            .await
            .map_err(|e| ApiError::Network(js_text(&e)))?;
        let answer = js_sys::Array::from(&answer);
        let status = answer.get(0).as_f64().unwrap_or_default() as u16;
        Ok((status, answer.get(1).as_string().unwrap_or_default()))
    }
    .await;
    settle(&controller);
    if controller.signal().aborted() {
        return Err(ApiError::Timeout);
    }
    result
}

fn build_request(
    outgoing: &Outgoing<'_>,
    controller: &AbortController,
) -> Result<web_sys::Request, JsValue> {
    let headers = Headers::new()?;
    for (name, value) in outgoing.headers {
        headers.set(name, value)?;
    }
    let init = RequestInit::new();
    init.set_method(outgoing.method);
    init.set_credentials(outgoing.credentials);
    init.set_headers(&headers);
    if let Some(body) = outgoing.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(&controller.signal()));
    web_sys::Request::new_with_str_and_init(outgoing.url, &init)
}

/// The promise's outcome, or `None` when `ms` passes first (a race in the browser).
async fn with_timeout(promise: js_sys::Promise, ms: u32) -> Option<Result<JsValue, JsValue>> {
    let timed_out = js_sys::Object::new();
    match JsFuture::from(within(&promise, ms, &timed_out)).await {
        Ok(value) if value == JsValue::from(&timed_out) => None,
        outcome => Some(outcome),
    }
}

/// Slugs come from the API; encode them anyway so none can change the path.
fn path_segment(slug: &str) -> String {
    String::from(js_sys::encode_uri_component(slug))
}

fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown error".into())
}
