//! The production pattern of the token endpoint, over real HTTP on 127.0.0.1: the host
//! app's signed-in user (here the demo's cookie sessions) becomes a Vital user, once,
//! and gets link tokens for that user only; nobody signed in gets 401. Also the
//! sandbox's user endpoints, with Vital's shapes.

use axum::routing::{get, post};
use axum::{Json, Router};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use vital_link_server::demo::DemoSessions;
use vital_link_server::host::{FixedUser, HostConfig};
use vital_link_server::sandbox::SANDBOX_API_KEY;
use vital_link_server::AppConfig;

mod common;
use common::Answer;

/// The demo app: sandbox, demo sign-in, default policy.
async fn demo_app() -> String {
    let sessions = DemoSessions::new(&[], false).unwrap();
    common::start_app(|base| AppConfig {
        host: HostConfig::new(base, SANDBOX_API_KEY, sessions.clone(), None),
        demo: Some(sessions),
        ..common::config(base)
    })
    .await
}

fn http() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Signs `user` in; returns the session cookie to send back.
async fn sign_in(base: &str, user: &str) -> String {
    let response = http()
        .post(format!("{base}/demo/sign-in"))
        .json(&json!({ "user": user }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_owned()
}

async fn token(base: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = http()
        .post(format!("{base}/api/link-token"))
        .header("content-type", "application/json")
        .body("{}");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

async fn status(base: &str) -> Value {
    http()
        .get(format!("{base}/sandbox/status"))
        .answer_json()
        .await
}

#[tokio::test]
async fn nobody_signed_in_gets_401_and_a_forged_cookie_counts_as_nobody() {
    let base = demo_app().await;
    assert_eq!(token(&base, None).await.status(), StatusCode::UNAUTHORIZED);
    let forged = token(&base, Some("vl_demo_user=ada")).await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(status(&base).await["tokens_issued"], 0);
}

#[tokio::test]
async fn each_signed_in_person_is_one_vital_user_of_their_own() {
    let base = demo_app().await;
    let ada = sign_in(&base, "ada").await;
    let grace = sign_in(&base, "grace").await;
    for cookie in [&ada, &grace, &ada] {
        let response = token(&base, Some(cookie)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        assert!(body["link_token"].as_str().is_some_and(|t| !t.is_empty()));
    }
    let status = status(&base).await;
    let users = status["users"].as_array().unwrap();
    let clients: Vec<&str> = users
        .iter()
        .map(|u| u["client_user_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        clients,
        ["demo-ada", "demo-grace"],
        "Ada's second token reused her user"
    );
    assert_ne!(users[0]["user_id"], users[1]["user_id"]);
    assert_eq!(status["tokens_issued"], 3);
    // Who is signed in, for the preview page.
    let me: Value = http()
        .get(format!("{base}/demo/me"))
        .header("cookie", &grace)
        .answer_json()
        .await;
    assert_eq!(
        (me["user"].as_str(), me["name"].as_str()),
        (Some("grace"), Some("Grace Hopper"))
    );
    // Signing out ends it.
    let out = http()
        .post(format!("{base}/demo/sign-out"))
        .header("cookie", &grace)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let unknown = http()
        .post(format!("{base}/demo/sign-in"))
        .json(&serde_json::json!({ "user": "mallory" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_sandbox_has_vitals_user_endpoints() {
    let base = demo_app().await;
    let with_key =
        |request: reqwest::RequestBuilder| request.header("x-vital-api-key", SANDBOX_API_KEY);
    let created = with_key(http().post(format!("{base}/v2/user")))
        .json(&json!({ "client_user_id": "app-42" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    let user: Value = created.json().await.unwrap();
    for field in [
        "user_id",
        "team_id",
        "client_user_id",
        "created_on",
        "connected_sources",
        "fallback_time_zone",
    ] {
        assert!(user.get(field).is_some(), "{field} in {user}");
    }
    let user_id = user["user_id"].as_str().unwrap().to_owned();
    assert!(vital_link_server::sandbox::is_uuid(&user_id));
    // Vital's ClientUserIDConflict: 400, naming the existing user.
    let again = with_key(http().post(format!("{base}/v2/user")))
        .json(&json!({ "client_user_id": "app-42" }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let conflict: Value = again.json().await.unwrap();
    assert_eq!(conflict["detail"]["user_id"], user_id.as_str());
    assert_eq!(conflict["detail"]["error_type"], "INVALID_REQUEST");
    let resolved: Value = with_key(http().get(format!("{base}/v2/user/resolve/app-42")))
        .answer_json()
        .await;
    assert_eq!(resolved["user_id"], user_id.as_str());
    let unknown = with_key(http().get(format!("{base}/v2/user/resolve/nobody")))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let keyless = http()
        .get(format!("{base}/v2/user/resolve/app-42"))
        .send()
        .await
        .unwrap();
    assert_eq!(keyless.status(), StatusCode::UNAUTHORIZED);
    // Connections show up in GET /v2/user/providers/{user_id}, in Vital's shape.
    let link_token: Value = with_key(http().post(format!("{base}/v2/link/token")))
        .json(&json!({ "user_id": user_id }))
        .answer_json()
        .await;
    connect_libre(&base, &link_token, "libre@example.com").await;
    let providers: Value = with_key(http().get(format!("{base}/v2/user/providers/{user_id}")))
        .answer_json()
        .await;
    let list = providers["providers"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{providers}");
    assert_eq!(list[0]["slug"], "freestyle_libre");
    assert_eq!(list[0]["status"], "connected");
    for field in ["name", "logo", "created_on", "resource_availability"] {
        assert!(list[0].get(field).is_some(), "{field}");
    }
}

/// Connects Freestyle Libre (an email provider) with `link_token`, as the widget does.
async fn connect_libre(base: &str, link_token: &Value, email: &str) {
    let connected = http()
        .post(format!("{base}/v2/link/provider/email/freestyle_libre"))
        .header(
            "x-vital-link-token",
            link_token["link_token"].as_str().unwrap(),
        )
        .json(&json!({ "email": email, "region": "eu" }))
        .send()
        .await
        .unwrap();
    assert_eq!(connected.status(), StatusCode::OK);
}

async fn connections(base: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = http().get(format!("{base}/api/vital/connections"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_connections_endpoint_lists_the_signed_in_persons_connections_only() {
    let base = demo_app().await;
    assert_eq!(
        connections(&base, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let ada = sign_in(&base, "ada").await;
    let grace = sign_in(&base, "grace").await;
    let none = connections(&base, Some(&ada)).await;
    assert_eq!(none.status(), StatusCode::OK);
    assert_eq!(none.headers()["cache-control"], "no-store");
    assert_eq!(
        none.json::<Value>().await.unwrap(),
        json!({ "providers": [] })
    );
    // A read creates nobody at Vital: Ada becomes a Vital user only when she asks for a
    // link token.
    let vital: Value = http()
        .get(format!("{base}/sandbox/status"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(vital["users"], json!([]), "{vital}");

    // Ada connects a device through the widget's API calls, with her own token.
    let link_token: Value = token(&base, Some(&ada)).await.json().await.unwrap();
    connect_libre(&base, &link_token, "ada@example.com").await;

    let listed: Value = connections(&base, Some(&ada)).await.json().await.unwrap();
    let list = listed["providers"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{listed}");
    assert_eq!(list[0]["slug"], "freestyle_libre");
    assert_eq!(list[0]["status"], "connected");
    let mut fields: Vec<&str> = list[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "created_on",
            "error_details",
            "logo",
            "name",
            "slug",
            "status"
        ],
        "what the page needs, not external_user_id"
    );
    // Grace's list is her own.
    let hers: Value = connections(&base, Some(&grace)).await.json().await.unwrap();
    assert_eq!(hers, json!({ "providers": [] }));

    // The sandbox can break connections as Vital reports them: status "error", with
    // Vital's error details; connecting again mends it.
    let broke = http()
        .post(format!("{base}/sandbox/control/break-connections"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(broke.status(), StatusCode::NO_CONTENT);
    let listed: Value = connections(&base, Some(&ada)).await.json().await.unwrap();
    assert_eq!(listed["providers"][0]["status"], "error", "{listed}");
    let details = &listed["providers"][0]["error_details"];
    assert_eq!(details["error_type"], "token_refresh_failed");
    for field in ["error_message", "errored_at"] {
        assert!(details[field].is_string(), "{field}");
    }
    let link_token: Value = token(&base, Some(&ada)).await.json().await.unwrap();
    connect_libre(&base, &link_token, "ada@example.com").await;
    let listed: Value = connections(&base, Some(&ada)).await.json().await.unwrap();
    assert_eq!(listed["providers"][0]["status"], "connected");
    assert!(listed["providers"][0]["error_details"].is_null());
}

#[tokio::test]
async fn a_user_vital_knows_is_resolved_when_creating_it_says_nothing_useful() {
    // A Vital whose create answers 400 without a user id: the host resolves instead,
    // then asks for the token with the resolved id.
    let asked = Arc::new(Mutex::new(Vec::<Value>::new()));
    let record = asked.clone();
    let vital = common::serve(
        Router::new()
            .route(
                "/v2/user",
                post(|| async { (StatusCode::BAD_REQUEST, Json(json!({ "detail": "exists" }))) }),
            )
            .route(
                "/v2/user/resolve/{id}",
                get(|| async {
                    Json(json!({ "user_id": "11111111-2222-3333-4444-555555555555" }))
                }),
            )
            .route(
                "/v2/link/token",
                post(move |Json(body): Json<Value>| async move {
                    record.lock().unwrap().push(body);
                    Json(json!({ "link_token": "lt_1" }))
                }),
            ),
    )
    .await;
    let base = common::start_app(|base| AppConfig {
        host: HostConfig::new(
            &vital,
            "sk_test",
            FixedUser("app/7 ü".into()),
            Some(format!("{base}/")),
        ),
        sandbox: None,
        widget_api_base: vital.clone(),
        ..common::config(base)
    })
    .await;
    for _ in 0..2 {
        assert_eq!(token(&base, None).await.status(), StatusCode::OK);
    }
    let asked = asked.lock().unwrap();
    assert_eq!(asked.len(), 2);
    assert!(asked
        .iter()
        .all(|b| b["user_id"] == "11111111-2222-3333-4444-555555555555"));
}

async fn disconnect(base: &str, cookie: Option<&str>, body: &str) -> reqwest::Response {
    let mut request = http()
        .post(format!("{base}/api/vital/disconnect"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_disconnect_endpoint_removes_the_signed_in_persons_connection_only() {
    let base = demo_app().await;
    let body = r#"{"provider": "freestyle_libre"}"#;
    assert_eq!(
        disconnect(&base, None, body).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let ada = sign_in(&base, "ada").await;
    let grace = sign_in(&base, "grace").await;
    // Guarded like the token endpoint: JSON only, from this origin only.
    let form = http()
        .post(format!("{base}/api/vital/disconnect"))
        .header("cookie", &ada)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("provider=freestyle_libre")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let cross_site = http()
        .post(format!("{base}/api/vital/disconnect"))
        .header("cookie", &ada)
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    // Only a slug goes into Vital's path.
    for bad in [
        r#"{"provider": "../v2/user/x"}"#,
        r#"{"provider": "Fitbit"}"#,
        r#"{"provider": ""}"#,
    ] {
        let refused = disconnect(&base, Some(&ada), bad).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    for bad in [r#"{}"#, "not json", r#"{"provider": 7}"#] {
        let status = disconnect(&base, Some(&ada), bad).await.status();
        assert!(status.is_client_error(), "{bad}: {status}");
    }

    // Someone Vital has never seen has nothing connected (and is not created for it).
    assert_eq!(
        disconnect(&base, Some(&grace), body).await.status(),
        StatusCode::OK
    );
    let vital: Value = http()
        .get(format!("{base}/sandbox/status"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(vital["users"], json!([]), "{vital}");

    // Both connect Libre; Ada disconnects hers, Grace keeps hers.
    for (cookie, email) in [(&ada, "ada@example.com"), (&grace, "grace@example.com")] {
        let link_token: Value = token(&base, Some(cookie)).await.json().await.unwrap();
        connect_libre(&base, &link_token, email).await;
    }
    let done = disconnect(&base, Some(&ada), body).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(done.headers()["cache-control"], "no-store");
    assert_eq!(
        done.json::<Value>().await.unwrap(),
        json!({ "success": true })
    );
    let hers: Value = connections(&base, Some(&ada)).await.json().await.unwrap();
    assert_eq!(hers, json!({ "providers": [] }));
    let grace_list: Value = connections(&base, Some(&grace)).await.json().await.unwrap();
    assert_eq!(grace_list["providers"][0]["slug"], "freestyle_libre");
    // Again: nothing is connected, which is what was asked for.
    let again = disconnect(&base, Some(&ada), body).await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_sandbox_deregisters_a_provider_with_vitals_shapes() {
    let base = demo_app().await;
    let ada = sign_in(&base, "ada").await;
    let link_token: Value = token(&base, Some(&ada)).await.json().await.unwrap();
    connect_libre(&base, &link_token, "ada@example.com").await;
    let status: Value = http()
        .get(format!("{base}/sandbox/status"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let user_id = status["users"][0]["user_id"].as_str().unwrap().to_owned();
    let delete = |path: String, key: Option<&'static str>| {
        let mut request = http().delete(format!("{base}{path}"));
        if let Some(key) = key {
            request = request.header("x-vital-api-key", key);
        }
        request.send()
    };
    let path = format!("/v2/user/{user_id}/freestyle_libre");
    assert_eq!(
        delete(path.clone(), None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let key = Some(SANDBOX_API_KEY);
    let unknown = delete(format!("/v2/user/{user_id}/nope"), key)
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = delete(
        "/v2/user/00000000-0000-0000-0000-000000000000/freestyle_libre".into(),
        key,
    )
    .await
    .unwrap();
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
    let gone = delete(path.clone(), key).await.unwrap();
    assert_eq!(gone.status(), StatusCode::OK);
    assert_eq!(
        gone.json::<Value>().await.unwrap(),
        json!({ "success": true })
    );
    let twice = delete(path, key).await.unwrap();
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
    let detail: Value = twice.json().await.unwrap();
    assert_eq!(detail["detail"]["error_message"], "Provider not connected");
}

#[tokio::test]
async fn a_vital_that_refuses_a_disconnect_is_a_bad_gateway() {
    let vital = common::serve(
        Router::new()
            .route(
                "/v2/user/resolve/{id}",
                get(|| async { Json(json!({ "user_id": "u-1" })) }),
            )
            .route(
                "/v2/user/{id}/{provider}",
                axum::routing::delete(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
            ),
    )
    .await;
    let base = common::start_app(|base| AppConfig {
        host: HostConfig::new(&vital, "key", FixedUser("ada".into()), None),
        ..common::config(base)
    })
    .await;
    let refused = disconnect(&base, None, r#"{"provider": "fitbit"}"#).await;
    assert_eq!(refused.status(), StatusCode::BAD_GATEWAY);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("disconnect"),
        "{body}"
    );
}

async fn link_code(base: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = http()
        .post(format!("{base}/api/vital/link-code"))
        .header("content-type", "application/json")
        .body("{}");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

async fn redeem(base: &str, code: &str) -> reqwest::Response {
    http()
        .post(format!("{base}/sandbox/control/redeem-code"))
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_link_code_endpoint_pairs_the_signed_in_persons_phone_once() {
    let base = demo_app().await;
    assert_eq!(
        link_code(&base, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let ada = sign_in(&base, "ada").await;
    let grace = sign_in(&base, "grace").await;
    // Guarded like the token endpoint: JSON only, from this origin only.
    let cross_site = http()
        .post(format!("{base}/api/vital/link-code"))
        .header("cookie", &ada)
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    let form = http()
        .post(format!("{base}/api/vital/link-code"))
        .header("cookie", &ada)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let answer = link_code(&base, Some(&ada)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let answer: Value = answer.json().await.unwrap();
    let code = answer["code"].as_str().unwrap().to_owned();
    // Vital's shapes: `(sk|pk)(eu|us)` and eight hex digits; the app's URL with it.
    assert!(
        code.len() == 12
            && code.starts_with("skus")
            && code[4..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{code}"
    );
    assert_eq!(
        answer["exchange_url"],
        format!("tryvital://tryvital?code={code}")
    );
    let expires = answer["expires_at"].as_str().unwrap();
    assert!(expires.ends_with('Z') && expires.contains('T'), "{expires}");
    assert_eq!(answer.as_object().unwrap().len(), 3, "{answer}");
    // Each request is a fresh code.
    let other: Value = link_code(&base, Some(&grace)).await.json().await.unwrap();
    assert_ne!(other["code"], answer["code"]);

    // The app redeems Ada's code: Apple HealthKit is hers, once.
    let redeemed = redeem(&base, &code).await;
    assert_eq!(redeemed.status(), StatusCode::OK);
    let hers: Value = connections(&base, Some(&ada)).await.json().await.unwrap();
    assert_eq!(hers["providers"][0]["slug"], "apple_health_kit", "{hers}");
    assert_eq!(hers["providers"][0]["status"], "connected");
    let graces: Value = connections(&base, Some(&grace)).await.json().await.unwrap();
    assert_eq!(graces, json!({ "providers": [] }));
    assert_eq!(redeem(&base, &code).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        redeem(&base, "skus00000000").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_sandbox_issues_codes_with_vitals_shapes_and_expires_them() {
    let base = demo_app().await;
    let ada = sign_in(&base, "ada").await;
    token(&base, Some(&ada)).await;
    let user_id = status(&base).await["users"][0]["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let create = |query: String, key: Option<&'static str>| {
        let mut request = http().post(format!("{base}/v2/link/code/create{query}"));
        if let Some(key) = key {
            request = request.header("x-vital-api-key", key);
        }
        request.send()
    };
    let key = Some(SANDBOX_API_KEY);
    let no_key = create(format!("?user_id={user_id}"), None).await.unwrap();
    assert_eq!(no_key.status(), StatusCode::UNAUTHORIZED);
    let no_user = create(String::new(), key).await.unwrap();
    assert_eq!(no_user.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = create("?user_id=00000000-0000-0000-0000-000000000000".into(), key)
        .await
        .unwrap();
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
    let bad_time = create(format!("?user_id={user_id}&expires_at=soon"), key)
        .await
        .unwrap();
    assert_eq!(bad_time.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A code that has already expired cannot be redeemed.
    let past = create(
        format!("?user_id={user_id}&expires_at=2020-01-01T00:00:00Z"),
        key,
    )
    .await
    .unwrap();
    assert_eq!(past.status(), StatusCode::OK);
    let past: Value = past.json().await.unwrap();
    assert_eq!(past["expires_at"], "2020-01-01T00:00:00Z");
    let code = past["code"].as_str().unwrap();
    assert_eq!(redeem(&base, code).await.status(), StatusCode::GONE);
    // The request is logged, as every Vital call the sandbox answers.
    let log: Value = http()
        .get(format!("{base}/sandbox/requests"))
        .answer_json()
        .await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|r| r["path"] == "/v2/link/code/create"),
        "{log}"
    );
}

#[tokio::test]
async fn a_vital_that_refuses_a_link_code_is_a_bad_gateway() {
    let vital = common::serve(
        Router::new()
            .route(
                "/v2/user",
                post(|| async { Json(json!({ "user_id": "u-1" })) }),
            )
            .route(
                "/v2/link/code/create",
                post(|| async { Json(json!({ "code": "skus12345678" })) }),
            ),
    )
    .await;
    let base = common::start_app(|base| AppConfig {
        host: HostConfig::new(&vital, "key", FixedUser("ada".into()), None),
        ..common::config(base)
    })
    .await;
    // An answer without its exchange URL and expiry is no code.
    let refused = link_code(&base, None).await;
    assert_eq!(refused.status(), StatusCode::BAD_GATEWAY);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("link code"),
        "{body}"
    );
}
