//! The demo app's sign-in, for the sandbox only: a few demo people and a signed session
//! cookie. A real host app has its own sessions and implements [`SignedIn`] over them
//! the same way: read the request, answer with the app's id for that person, or `None`.
//!
//! The cookie is set as a production app would set it: HttpOnly, SameSite=Lax, `Secure`
//! with the `__Host-` prefix when the public URL is https, a signed issue time with a
//! maximum age, and a list of keys (the first signs, all verify) so a key can be
//! rotated without signing everyone out.

use crate::host::{guard, SignedIn, TokenPolicy};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `(id, name)`: the id is what the cookie carries; `demo-{id}` is the app's user id
/// that Vital sees as `client_user_id`.
pub const DEMO_USERS: &[(&str, &str)] = &[
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("alan", "Alan Turing"),
];

/// How long a sign-in lasts.
pub const SESSION_MAX_AGE: Duration = Duration::from_secs(12 * 3600);

#[derive(Clone)]
pub struct DemoSessions {
    /// The first signs; every one verifies.
    keys: Vec<Key>,
    /// `Secure` and `__Host-`: the public URL is https.
    secure: bool,
    max_age: Duration,
}

impl DemoSessions {
    /// Sessions signed with `secrets` (each at least 64 bytes and not visibly low in
    /// entropy; every instance behind one load balancer needs the same), or with a key
    /// made at start-up when there are none (sessions then end with the process).
    pub fn new(secrets: &[String], secure: bool) -> Result<DemoSessions, String> {
        let keys = if secrets.is_empty() {
            vec![Key::generate()]
        } else {
            secrets
                .iter()
                .enumerate()
                .map(|(n, secret)| {
                    check_key_strength(secret.as_bytes())
                        .and_then(|()| Key::try_from(secret.as_bytes()).map_err(|e| e.to_string()))
                        .map_err(|why| format!("session key {}: {why}", n + 1))
                })
                .collect::<Result<_, _>>()?
        };
        Ok(DemoSessions {
            keys,
            secure,
            max_age: SESSION_MAX_AGE,
        })
    }

    /// The same sessions with another maximum age (tests).
    pub fn with_max_age(mut self, max_age: Duration) -> DemoSessions {
        self.max_age = max_age;
        self
    }

    fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-vl_demo_user"
        } else {
            "vl_demo_user"
        }
    }

    fn jar(&self, headers: &HeaderMap, key: &Key) -> SignedCookieJar {
        SignedCookieJar::from_headers(headers, key.clone())
    }

    /// The signed-in demo person: a cookie that one of the keys signed, naming one,
    /// issued less than the maximum age ago.
    fn user(&self, headers: &HeaderMap) -> Option<&'static (&'static str, &'static str)> {
        let value = self
            .keys
            .iter()
            .find_map(|key| self.jar(headers, key).get(self.cookie_name()))?
            .value()
            .to_owned();
        let (id, issued) = value.split_once('.')?;
        let age = now_secs().checked_sub(issued.parse::<u64>().ok()?)?;
        if age >= self.max_age.as_secs() {
            return None;
        }
        DEMO_USERS.iter().find(|(demo, _)| *demo == id)
    }

    fn sign_in(&self, headers: &HeaderMap, id: &str) -> SignedCookieJar {
        let cookie = Cookie::build((self.cookie_name(), format!("{id}.{}", now_secs())))
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::seconds(self.max_age.as_secs() as i64));
        self.jar(headers, &self.keys[0]).add(cookie)
    }

    fn sign_out(&self, headers: &HeaderMap) -> SignedCookieJar {
        self.jar(headers, &self.keys[0])
            .remove(Cookie::build(self.cookie_name()).path("/"))
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A key must be long (64 bytes, as the cookie library needs) and not visibly low in
/// entropy: not one character repeated, not a short pattern again and again, not a run
/// like `0123456789...`. Random hex or base64 of 48 bytes or more always passes.
pub fn check_key_strength(key: &[u8]) -> Result<(), String> {
    if key.len() < 64 {
        return Err(format!("{} bytes: at least 64 are needed", key.len()));
    }
    let mut counts = [0usize; 256];
    for byte in key {
        counts[*byte as usize] += 1;
    }
    let n = key.len() as f64;
    let bits: f64 = counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f64 / n;
            -p * p.log2() * n
        })
        .sum();
    let distinct = counts.iter().filter(|c| **c > 0).count();
    let periodic = (1..=key.len() / 2).any(|p| key.iter().skip(p).zip(key).all(|(a, b)| a == b));
    let steps = key.windows(2).filter(|w| w[0].abs_diff(w[1]) <= 1).count();
    if distinct < 16 || bits < 200.0 || periodic || steps * 2 > key.len() {
        return Err("too predictable: use random bytes, e.g. `openssl rand -hex 48`".into());
    }
    Ok(())
}

impl SignedIn for DemoSessions {
    fn client_user_id(&self, headers: &HeaderMap, _: &Extensions) -> Option<String> {
        self.user(headers).map(|(id, _)| format!("demo-{id}"))
    }
}

#[derive(Deserialize)]
struct SignIn {
    user: String,
}

/// `POST /demo/sign-in` (JSON `{"user": "ada"}`), `POST /demo/sign-out`, `GET /demo/me`.
/// Signing in and out pass the token endpoint's guard: JSON from an allowed origin
/// only, so another site cannot sign a visitor in as someone else (login CSRF).
pub fn router(sessions: DemoSessions, policy: TokenPolicy) -> Router {
    let signing_in = sessions.clone();
    let signing_out = sessions.clone();
    let guarded = axum::middleware::from_fn_with_state(Arc::new(policy), guard);
    Router::new()
        .route(
            "/demo/sign-in",
            post(
                move |headers: HeaderMap, Json(form): Json<SignIn>| async move {
                    let Some((id, _)) = DEMO_USERS.iter().find(|(id, _)| *id == form.user) else {
                        return (StatusCode::BAD_REQUEST, "no such demo user").into_response();
                    };
                    // An answer, not a redirect: a dev proxy in between (trunk serve) would
                    // follow a redirect and drop the cookie on the way.
                    (
                        signing_in.sign_in(&headers, id),
                        Json(json!({ "user": id })),
                    )
                        .into_response()
                },
            ),
        )
        .route(
            "/demo/sign-out",
            post(move |headers: HeaderMap| async move {
                (signing_out.sign_out(&headers), StatusCode::NO_CONTENT).into_response()
            }),
        )
        .route_layer(guarded)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_keys_are_refused_and_random_ones_pass() {
        let hex = "3f9a1c07be52d4e8a6107cf39b2e5d48c1a7f06e93b4d2587a0c6e1f49b3d7a25e8c04f1b69a3d7e20c5f8b14a6e9d3c";
        assert!(check_key_strength(hex.as_bytes()).is_ok());
        let base64 = "q8Zr0VfN3kT7wYb1LxJ5mQe9HcU2sPaG6dRiK4oEjW0tBnXyF8vM3hZ1uC7gA5lD";
        assert!(check_key_strength(base64.as_bytes()).is_ok());
        for weak in [
            "short".to_owned(),
            "a".repeat(64),
            "abcdefgh".repeat(8),
            "0123456789abcdef".repeat(4),
            (0u8..64).map(|b| (b'0' + b) as char).collect(),
            "secret".repeat(11),
        ] {
            assert!(check_key_strength(weak.as_bytes()).is_err(), "{weak}");
        }
    }
}
