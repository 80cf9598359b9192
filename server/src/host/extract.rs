//! Who is asking and what about, as axum extractors: a handler that takes a
//! [`SignedInUser`] runs only for a signed-in person (anyone else gets 401 before it
//! starts), and one that takes a [`ChosenProvider`] only for a well-formed provider slug.

use super::vital::host_error;
use super::HostConfig;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;

/// The app's own id for the person making the request (Vital's `client_user_id`), as
/// the host app's [`super::SignedIn`] reads it from the request.
pub struct SignedInUser(pub String);

impl FromRequestParts<Arc<HostConfig>> for SignedInUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        host: &Arc<HostConfig>,
    ) -> Result<SignedInUser, Response> {
        host.users
            .client_user_id(&parts.headers, &parts.extensions)
            .map(SignedInUser)
            .ok_or_else(|| host_error(StatusCode::UNAUTHORIZED, "sign in first"))
    }
}

/// The provider a request is about, from its JSON body `{"provider": "<slug>"}`: a slug
/// as Vital spells them (lowercase ASCII letters, digits and `_`, at most 64), so it can
/// go into Vital's path as it is. Anything else is refused before the handler runs.
pub struct ChosenProvider(pub String);

impl<S: Send + Sync> FromRequest<S> for ChosenProvider {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<ChosenProvider, Response> {
        #[derive(Deserialize)]
        struct Body {
            provider: String,
        }
        let Json(body) = Json::<Body>::from_request(request, state)
            .await
            .map_err(|rejection| {
                host_error(rejection.status(), "send {\"provider\": \"<slug>\"}")
            })?;
        if is_slug(&body.provider) {
            Ok(ChosenProvider(body.provider))
        } else {
            Err(host_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "provider must be a provider's slug",
            ))
        }
    }
}

fn is_slug(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
