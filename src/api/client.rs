//! The thin HTTP side: fetch bytes with `gloo-net`, under a timeout, with the link
//! token; hand status and body to the pure decoders. The link token lives in this
//! struct's memory only and is replaced once per call when the API rejects it.

use super::decode::{decode_link_response, decode_link_token, decode_oauth, decode_providers};
use super::{ApiError, EmailBody, LinkOutcome, MfaBody, PasswordBody, SourceLink};
use futures_util::future::{select, Either};
use gloo_net::http::{Request, RequestBuilder};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCredentials};

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
    timeout_ms: u32,
}

type Decoder<T> = fn(u16, &str) -> Result<T, ApiError>;

impl Client {
    /// `api_base` without a trailing slash, e.g. `https://api.sandbox.us.junction.com`.
    pub fn new(api_base: &str, tokens: TokenSource, timeout_ms: u32) -> Client {
        Client {
            api_base: api_base.trim_end_matches('/').to_owned(),
            tokens,
            token: RefCell::new(None),
            timeout_ms,
        }
    }

    pub async fn providers(&self, on_refresh: &dyn Fn()) -> Result<Vec<SourceLink>, ApiError> {
        self.call(
            "GET",
            "/v2/link/providers",
            None,
            decode_providers,
            on_refresh,
        )
        .await
    }

    pub async fn oauth_url(&self, slug: &str, on_refresh: &dyn Fn()) -> Result<String, ApiError> {
        let path = format!("/v2/link/provider/oauth/{}", path_segment(slug));
        self.call("GET", &path, None, decode_oauth, on_refresh)
            .await
    }

    pub async fn connect_password(
        &self,
        slug: &str,
        body: &PasswordBody,
        on_refresh: &dyn Fn(),
    ) -> Result<LinkOutcome, ApiError> {
        self.submit("/v2/link/provider/password/", slug, "", body, on_refresh)
            .await
    }

    pub async fn complete_mfa(
        &self,
        slug: &str,
        body: &MfaBody,
        on_refresh: &dyn Fn(),
    ) -> Result<LinkOutcome, ApiError> {
        self.submit(
            "/v2/link/provider/password/",
            slug,
            "/complete_mfa",
            body,
            on_refresh,
        )
        .await
    }

    pub async fn connect_email(
        &self,
        slug: &str,
        body: &EmailBody,
        on_refresh: &dyn Fn(),
    ) -> Result<LinkOutcome, ApiError> {
        self.submit("/v2/link/provider/email/", slug, "", body, on_refresh)
            .await
    }

    /// `POST {prefix}{slug}{suffix}` with a JSON body, answered by a
    /// `ProviderLinkResponse`.
    async fn submit<B: serde::Serialize>(
        &self,
        prefix: &str,
        slug: &str,
        suffix: &str,
        body: &B,
        on_refresh: &dyn Fn(),
    ) -> Result<LinkOutcome, ApiError> {
        let path = format!("{prefix}{}{suffix}", path_segment(slug));
        self.call(
            "POST",
            &path,
            Some(to_json(body)),
            decode_link_response,
            on_refresh,
        )
        .await
    }

    /// One API call with the current token; if the answer says the token is no good,
    /// one fresh token and one retry with the same body.
    async fn call<T>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        decode: Decoder<T>,
        on_refresh: &dyn Fn(),
    ) -> Result<T, ApiError> {
        let url = format!("{}{}", self.api_base, path);
        let token = self.token().await?;
        let first = self.send(method, &url, &token, body.as_deref()).await;
        match first.and_then(|(status, text)| decode(status, &text)) {
            Err(error) if error.is_token_error() => {
                self.token.replace(None);
                on_refresh();
                let token = self.token().await?;
                let (status, text) = self.send(method, &url, &token, body.as_deref()).await?;
                decode(status, &text)
            }
            result => result,
        }
    }

    async fn token(&self) -> Result<String, ApiError> {
        if let Some(token) = self.token.borrow().clone() {
            return Ok(token);
        }
        let token = self.fetch_token().await?;
        self.token.replace(Some(token.clone()));
        Ok(token)
    }

    async fn fetch_token(&self) -> Result<String, ApiError> {
        match &self.tokens {
            TokenSource::Url(url) => {
                let request = Request::post(url)
                    .credentials(RequestCredentials::SameOrigin)
                    .header("Content-Type", "application/json");
                let (status, text) =
                    self.fetch_text(request, Some("{}"))
                        .await
                        .map_err(|e| match e {
                            ApiError::Timeout => ApiError::TokenEndpoint {
                                status: None,
                                reason: "token endpoint timed out".into(),
                            },
                            other => ApiError::TokenEndpoint {
                                status: None,
                                reason: other.debug_message(),
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
                    .map_err(|e| fail(format!("fetchLinkToken threw: {}", js_text(&e))))?;
                let value = match returned.dyn_into::<js_sys::Promise>() {
                    Ok(promise) => {
                        match with_timeout(JsFuture::from(promise), self.timeout_ms).await {
                            Some(Ok(value)) => value,
                            Some(Err(e)) => {
                                return Err(fail(format!(
                                    "fetchLinkToken rejected: {}",
                                    js_text(&e)
                                )))
                            }
                            None => return Err(fail("fetchLinkToken timed out".into())),
                        }
                    }
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
    ) -> Result<(u16, String), ApiError> {
        let builder = match method {
            "POST" => Request::post(url).header("Content-Type", "application/json"),
            _ => Request::get(url),
        }
        // The link token is the only credential the browser sends to Vital; no
        // cookies, and never an API key.
        .credentials(RequestCredentials::Omit)
        .header("Accept", "application/json")
        .header("x-vital-link-token", token);
        self.fetch_text(builder, body).await
    }

    /// Sends, reads the whole body as text, and gives up after the timeout (aborting
    /// the request so nothing keeps running).
    async fn fetch_text(
        &self,
        builder: RequestBuilder,
        body: Option<&str>,
    ) -> Result<(u16, String), ApiError> {
        let controller = AbortController::new().ok();
        let builder = builder.abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        let request = match body {
            Some(body) => builder.body(body.to_owned()),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let exchange = async move {
            let response = request
                .send()
                .await
                .map_err(|e| ApiError::Network(e.to_string()))?;
            let status = response.status();
            let text = response
                .text()
                .await
                .map_err(|e| ApiError::Network(format!("reading the answer failed: {e}")))?;
            Ok((status, text))
        };
        match with_timeout(exchange, self.timeout_ms).await {
            Some(result) => result,
            None => {
                if let Some(controller) = controller {
                    controller.abort();
                }
                Err(ApiError::Timeout)
            }
        }
    }
}

/// `None` when `ms` passes first.
async fn with_timeout<F: std::future::Future>(future: F, ms: u32) -> Option<F::Output> {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    match select(Box::pin(future), JsFuture::from(timer)).await {
        Either::Left((output, _)) => Some(output),
        Either::Right(_) => None,
    }
}

fn to_json<T: serde::Serialize>(body: &T) -> String {
    serde_json::to_string(body).unwrap_or_else(|_| "{}".into())
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
