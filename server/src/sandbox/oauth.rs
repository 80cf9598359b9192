//! The sandbox's stand-in for a provider's OAuth consent page: Allow or Deny, then back
//! to the token's `redirect_url` with Vital's return parameters.

use super::providers::provider;
use super::{AuthKind, OAuthSession, Sandbox};
use crate::errors::detail;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct SessionQuery {
    session: String,
}

pub(super) async fn consent_page(
    State(sb): State<Sandbox>,
    Query(q): Query<SessionQuery>,
) -> Response {
    let found = sb.lock().oauth_sessions.get(&q.session).cloned();
    let Some(OAuthSession { provider: slug, .. }) = found else {
        return (StatusCode::NOT_FOUND, Html("<!doctype html><title>Unknown session</title><p>This sign-in link is not valid.</p>".to_owned())).into_response();
    };
    let name = provider(&slug).map(|p| p.name).unwrap_or("the provider");
    let session = html_escape(&q.session);
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name} (sandbox) sign-in</title></head>\
         <body><main><h1>Allow access to your {name} data?</h1>\
         <p>This is the local Vital sandbox's stand-in for {name}'s consent page.</p>\
         <form method=\"post\" action=\"/sandbox/oauth/decision\">\
         <input type=\"hidden\" name=\"session\" value=\"{session}\">\
         <button name=\"decision\" value=\"allow\">Allow</button> \
         <button name=\"decision\" value=\"deny\">Deny</button></form></main></body></html>"
    ))
    .into_response()
}

#[derive(Deserialize)]
pub(super) struct Decision {
    #[serde(default)]
    session: String,
    #[serde(default)]
    decision: String,
}

pub(super) async fn consent_decision(
    State(sb): State<Sandbox>,
    form: Result<Form<Decision>, FormRejection>,
) -> Response {
    let Form(Decision { session, decision }) = match form {
        Ok(form) => form,
        // Too large stays 413; anything else that is not the form is a 400.
        Err(rejection) => {
            return detail(
                rejection.status(),
                "INVALID_REQUEST",
                "Expected the consent form",
            )
            .into_response()
        }
    };
    let found = sb.lock().oauth_sessions.remove(&session);
    let Some(OAuthSession {
        token,
        provider: slug,
    }) = found
    else {
        return detail(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "Unknown or used OAuth session",
        )
        .into_response();
    };
    let redirect = sb
        .lock()
        .tokens
        .get(&token)
        .and_then(|t| t.redirect_url.clone())
        .unwrap_or_else(|| "/".into());
    let params = if decision == "allow" {
        sb.connect(&token, &slug, AuthKind::OAuth);
        format!("state=success&provider={slug}")
    } else {
        format!("state=error&error_type=user_cancelled&error=User+denied+access&provider={slug}")
    };
    let separator = if redirect.contains('?') { '&' } else { '?' };
    // Vital answers 307; after a form POST a 303 keeps the browser from re-posting.
    Redirect::to(&format!("{redirect}{separator}{params}")).into_response()
}

pub(super) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
