//! Who is asking, as an axum extractor: a handler that takes a [`SignedInUser`] runs
//! only for a signed-in person; anyone else gets 401 before it starts.

use super::vital::host_error;
use super::HostConfig;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
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
