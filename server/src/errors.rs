//! Error bodies in the API's own shapes: `{"detail": ...}` with a code and message for
//! HTTP errors, FastAPI's 422 list for validation errors, and `state: "error"` bodies
//! (HTTP 200) for Link errors.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// An error response, ready to send.
pub struct ApiError(pub StatusCode, pub Value);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `{"detail": {"error_type": CODE, "error_message": text}}`, e.g. 401 `INVALID_REQUEST`.
pub fn detail(status: StatusCode, code: &str, message: &str) -> ApiError {
    ApiError(
        status,
        json!({ "detail": { "error_type": code, "error_message": message } }),
    )
}

/// FastAPI's validation error: 422 `{"detail": [{"loc", "msg", "type"}]}`.
pub fn validation_error(field: &str, msg: &str) -> ApiError {
    ApiError(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "detail": [ { "loc": ["body", field], "msg": msg, "type": "value_error" } ] }),
    )
}

/// A Link error: HTTP 200 with `state: "error"`.
pub fn link_error(provider: &str, error_type: &str, error: &str) -> Value {
    json!({
        "state": "error",
        "redirect_url": null,
        "error_type": error_type,
        "error": error,
        "provider_mfa": null,
        "provider": provider,
        "connected": false,
        "provider_id": null,
    })
}

/// A JSON body as Vital reads one: too large is 413, not JSON or the wrong shape is
/// FastAPI's 422, each in the API's own error shape.
pub struct VitalJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for VitalJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<VitalJson<T>, ApiError> {
        read_json(Bytes::from_request(request, state).await).map(VitalJson)
    }
}

/// Reads a JSON body: too large is 413, not JSON or the wrong shape is 422.
pub fn read_json<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> ApiResult<T> {
    let bytes = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            detail(status, "REQUEST_TOO_LARGE", "Request body too large")
        } else {
            detail(status, "INVALID_REQUEST", &rejection.body_text())
        }
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| ApiError(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "detail": [ { "loc": ["body", e.column()], "msg": "JSON decode error", "type": "json_invalid" } ] }),
    ))?;
    from_value(value)
}

/// Turns parsed JSON into a typed body, or a 422 naming what is missing or wrong.
pub fn from_value<T: DeserializeOwned>(value: Value) -> ApiResult<T> {
    if !value.is_object() {
        return Err(validation_error(
            "body",
            "Input should be a valid dictionary",
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        let field = text.split('`').nth(1).unwrap_or("body").to_owned();
        validation_error(&field, &text)
    })
}
