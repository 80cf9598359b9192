//! The demo app's sign-in: a few demo people and a signed session cookie. A real host
//! app has its own sessions and implements [`SignedIn`] over them the same way: read the
//! request, answer with the app's id for that person, or `None`.

use crate::host::SignedIn;
use axum::extract::Form;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};
use serde::Deserialize;
use serde_json::json;

/// `(id, name)`: the id is what the cookie carries; `demo-{id}` is the app's user id
/// that Vital sees as `client_user_id`.
pub const DEMO_USERS: &[(&str, &str)] = &[
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("alan", "Alan Turing"),
];

const COOKIE: &str = "vl_demo_user";

#[derive(Clone)]
pub struct DemoSessions {
    key: Key,
}

impl DemoSessions {
    /// Sessions signed with `secret` (at least 64 bytes, shared by every instance behind
    /// one load balancer), or with a key made at start-up when there is none (sessions
    /// then end with the process).
    pub fn new(secret: Option<&str>) -> Result<DemoSessions, String> {
        let key = match secret {
            Some(secret) => Key::try_from(secret.as_bytes())
                .map_err(|_| "the session key must be at least 64 bytes".to_owned())?,
            None => Key::generate(),
        };
        Ok(DemoSessions { key })
    }

    fn jar(&self, headers: &HeaderMap) -> SignedCookieJar {
        SignedCookieJar::from_headers(headers, self.key.clone())
    }

    /// The signed-in demo person, if the cookie is ours and names one.
    fn user(&self, headers: &HeaderMap) -> Option<&'static (&'static str, &'static str)> {
        let cookie = self.jar(headers).get(COOKIE)?;
        DEMO_USERS.iter().find(|(id, _)| *id == cookie.value())
    }
}

impl SignedIn for DemoSessions {
    fn client_user_id(&self, request: &HeaderMap) -> Option<String> {
        self.user(request).map(|(id, _)| format!("demo-{id}"))
    }
}

#[derive(Deserialize)]
struct SignIn {
    user: String,
}

/// `POST /demo/sign-in` (form field `user`), `POST /demo/sign-out`, `GET /demo/me`.
/// The preview page posts the form with `fetch` and reloads.
pub fn router(sessions: DemoSessions) -> Router {
    let signing_in = sessions.clone();
    let signing_out = sessions.clone();
    Router::new()
        .route(
            "/demo/sign-in",
            post(
                move |headers: HeaderMap, Form(form): Form<SignIn>| async move {
                    let Some((id, _)) = DEMO_USERS.iter().find(|(id, _)| *id == form.user) else {
                        return (axum::http::StatusCode::BAD_REQUEST, "no such demo user")
                            .into_response();
                    };
                    let cookie = Cookie::build((COOKIE, *id))
                        .path("/")
                        .http_only(true)
                        .same_site(SameSite::Lax);
                    // An answer, not a redirect: a dev proxy in between (trunk serve) would
                    // follow a redirect and drop the cookie on the way.
                    let jar = signing_in.jar(&headers).add(cookie);
                    (jar, Json(json!({ "user": id }))).into_response()
                },
            ),
        )
        .route(
            "/demo/sign-out",
            post(move |headers: HeaderMap| async move {
                let jar = signing_out
                    .jar(&headers)
                    .remove(Cookie::build(COOKIE).path("/"));
                (jar, axum::http::StatusCode::NO_CONTENT).into_response()
            }),
        )
        .route(
            "/demo/me",
            get(move |headers: HeaderMap| async move { me(&sessions, &headers) }),
        )
}

fn me(sessions: &DemoSessions, headers: &HeaderMap) -> Response {
    let user = sessions.user(headers);
    Json(json!({
        "user": user.map(|(id, _)| *id),
        "name": user.map(|(_, name)| *name),
        "users": DEMO_USERS.iter().map(|(id, name)| json!({ "id": id, "name": name })).collect::<Vec<_>>(),
    }))
    .into_response()
}
