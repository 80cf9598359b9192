//! What the sandbox's handlers take from a request, as axum extractors: the team key
//! (refused in Vital's shape before the handler runs) and the link token header (checked
//! by [`Sandbox::check_token`] once the request is logged, as Vital's order of errors
//! wants). JSON bodies come through [`crate::errors::VitalJson`].

use super::{Sandbox, SANDBOX_API_KEY};
use crate::errors::{detail, ApiError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;

/// The team API key: `x-vital-api-key` is the sandbox's, or the answer is Vital's 401.
pub(super) struct TeamKey;

impl<S: Send + Sync> FromRequestParts<S> for TeamKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<TeamKey, ApiError> {
        match parts.headers.get("x-vital-api-key").map(|v| v.to_str()) {
            Some(Ok(SANDBOX_API_KEY)) => Ok(TeamKey),
            _ => Err(detail(
                StatusCode::UNAUTHORIZED,
                "INVALID_REQUEST",
                "Invalid API key",
            )),
        }
    }
}

/// The `x-vital-link-token` header as sent: `None` when missing or blank.
pub(super) struct LinkTokenHeader(pub Option<String>);

impl FromRequestParts<Sandbox> for LinkTokenHeader {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &Sandbox,
    ) -> Result<LinkTokenHeader, Self::Rejection> {
        let token = parts
            .headers
            .get("x-vital-link-token")
            .and_then(|v| v.to_str().ok())
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        Ok(LinkTokenHeader(token))
    }
}
