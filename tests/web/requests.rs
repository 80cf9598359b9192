//! Requests: link tokens (refresh, the property, the URL as given), deadlines, every
//! failure shape, sessions that end, the loader's early answers.

use crate::harness::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn requests_in_flight_end_with_their_session() {
    for end in ["removed", "restarted"] {
        reset();
        tokens(&["t1"]);
        route("GET /v2/link/providers", json!([{ "hang": true }]));
        let el = default_widget();
        wait_until("the list requested", || !api_requests().is_empty()).await;
        assert_eq!(api_requests()[0]["aborted"], false);
        match end {
            "removed" => el.remove(),
            _ => el.set_attribute("locale", "de").unwrap(),
        }
        wait_until(&format!("{end}: the request aborted"), || {
            api_requests()[0]["aborted"] == true
        })
        .await;
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn one_deadline_covers_every_request_of_an_action() {
    // 1 s for the action; the token takes 0.6 s of it, then the list hangs.
    reset();
    route(
        &format!("POST {TOKEN_URL}"),
        json!([{ "status": 200, "body": r#"{"link_token":"t1"}"#, "delay": 600 }]),
    );
    route("GET /v2/link/providers", json!([{ "hang": true }]));
    let el = widget_with("timeout-ms", "1000");
    wait_until("the list given up", || {
        api_requests().first().is_some_and(|r| r["aborted"] == true)
    })
    .await;
    wait_text(&el, "took too long").await;
    let token = &requests()[0];
    let list = &api_requests()[0];
    let asked = token["at"].as_f64().unwrap();
    let gave_up = list["abortedAt"].as_f64().unwrap();
    let list_waited = gave_up - list["at"].as_f64().unwrap();
    // Per request, the list would have had its own full second (a timer never fires
    // early); one deadline leaves it what the token did not use.
    assert!(list_waited < 900.0, "the list waited {list_waited} ms");
    assert!(
        gave_up - asked >= 900.0,
        "gave up after {} ms",
        gave_up - asked
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn invalid_token_is_replaced_once_transparently() {
    reset();
    tokens(&["old", "new"]);
    route(
        "GET /v2/link/providers",
        json!([
            status(
                401,
                r#"{"detail":{"error_type":"INVALID_REQUEST","error_message":"Link Token is Invalid"}}"#
            ),
            ok(catalogue())
        ]),
    );
    let el = default_widget();
    listed(&el).await;
    let calls: Vec<String> = api_requests()
        .iter()
        .map(|r| {
            r["headers"]["x-vital-link-token"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(calls, ["old", "new"]);
    assert!(flow_names(&el).contains(&"TOKEN_REFRESH".to_owned()));
    assert!(
        events_of(&el, "vital-link-error").is_empty(),
        "the user never noticed"
    );
    el.remove();

    // A consumed token on submit: replaced, and the same body sent again.
    reset();
    tokens(&["a", "b"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    route(
        "POST /v2/link/provider/password/renpho",
        json!([
            ok(json!({ "state": "error", "error_type": "token_consumed" })),
            ok(json!({ "state": "success" }))
        ]),
    );
    let el = default_widget();
    sign_in(&el, "renpho", "me", "pw").await;
    wait_text(&el, "account is connected").await;
    let posts: Vec<Value> = api_requests()
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0]["body"], posts[1]["body"]);
    assert_eq!(
        (
            posts[0]["headers"]["x-vital-link-token"].as_str(),
            posts[1]["headers"]["x-vital-link-token"].as_str()
        ),
        (Some("a"), Some("b"))
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn token_refresh_happens_at_most_once_per_action() {
    reset();
    tokens(&["a", "b", "c"]);
    route(
        "GET /v2/link/providers",
        json!([status(400, r#"{"detail":"MISSING_LINK_TOKEN"}"#)]),
    );
    let el = default_widget();
    wait_text(&el, "Your session has expired.").await;
    assert_eq!(api_requests().len(), 2);
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(
        (error["error_type"].as_str(), error["status"].as_u64()),
        (Some("MISSING_LINK_TOKEN"), Some(400))
    );
    // Try again works once the API recovers.
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    click(&find(&el, "[part~=retry]").unwrap());
    listed(&el).await;
    el.remove();
}

#[wasm_bindgen_test]
async fn every_failure_shape_is_a_message_with_a_retry() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            status(500, "<html>boom</html>"),
            "having trouble",
            "server_error",
        ),
        (status(503, ""), "having trouble", "server_error"),
        (
            ok(json!("not a list")),
            "couldn't read",
            "malformed_response",
        ),
        (
            json!({ "status": 200, "body": "{not json" }),
            "couldn't read",
            "malformed_response",
        ),
        (
            json!({ "status": 200, "body": "" }),
            "couldn't read",
            "malformed_response",
        ),
        (
            json!({ "network": true }),
            "couldn't reach",
            "network_error",
        ),
        (json!({ "hang": true }), "took too long", "timeout"),
        (
            status(400, r#"{"detail":{"error_type":"INVALID_PROVIDER"}}"#),
            "isn't supported",
            "INVALID_PROVIDER",
        ),
        (
            status(400, r#"{"detail":{"error_type":"INVALID_USER_ID"}}"#),
            "couldn't find your account",
            "INVALID_USER_ID",
        ),
        (
            status(418, r#"{"detail":{"error_type":"SOMETHING_NEW"}}"#),
            "Something went wrong",
            "SOMETHING_NEW",
        ),
    ];
    for (answer, message, error_type) in cases {
        reset();
        tokens(&["t1"]);
        route("GET /v2/link/providers", json!([answer]));
        let el = widget_with("timeout-ms", "300");
        wait_text(&el, message).await;
        assert!(
            find(&el, "[role=alert]").is_some(),
            "{error_type}: announced"
        );
        assert_eq!(
            events_of(&el, "vital-link-error")[0]["error_type"],
            error_type
        );
        assert!(
            find(&el, "[part~=retry]").is_some(),
            "{error_type}: a retry control"
        );
        el.remove();
    }
}

#[wasm_bindgen_test]
async fn host_token_endpoint_failure_is_reported() {
    reset();
    route(
        &format!("POST {TOKEN_URL}"),
        json!([status(500, "{}"), ok(json!({ "nope": 1 }))]),
    );
    let el = default_widget();
    wait_text(&el, "couldn't start a secure session").await;
    let error = &events_of(&el, "vital-link-error")[0];
    assert_eq!(
        (error["error_type"].as_str(), error["status"].as_u64()),
        (Some("token_endpoint_error"), Some(500))
    );
    click(&find(&el, "[part~=retry]").unwrap());
    wait_until("second error", || {
        events_of(&el, "vital-link-error").len() == 2
    })
    .await;
    assert!(events_of(&el, "vital-link-error")[1]["message"]
        .as_str()
        .unwrap()
        .contains("without a link_token"));
    el.remove();
}

#[wasm_bindgen_test]
async fn fetch_link_token_property_wins_over_token_url() {
    reset();
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    let el: HtmlElement = document()
        .create_element("vital-link")
        .unwrap()
        .dyn_into()
        .unwrap();
    el.set_attribute("token-url", TOKEN_URL).unwrap();
    el.set_attribute("api-base", API).unwrap();
    // Set before insertion: the element must pick it up.
    set_fetch_link_token(&el, r#"["from-callback"]"#);
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(token_calls(&el), 1);
    assert!(requests().iter().all(|r| r["path"] != TOKEN_URL));
    assert_eq!(
        api_requests()[0]["headers"]["x-vital-link-token"],
        "from-callback"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn token_url_is_used_exactly_as_given() {
    reset();
    tokens(&["t1"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    // A signed URL: its query must reach the host byte for byte (no added `&`).
    let url = format!("{TOKEN_URL}?session=2&sig=a%2Fb");
    let el = widget(&[("token-url", &url), ("api-base", API)]);
    listed(&el).await;
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let sent = requests()
        .into_iter()
        .find(|r| r["path"] == TOKEN_URL)
        .expect("a token request");
    assert_eq!(sent["url"], format!("{origin}{url}"));
    assert_eq!(
        (
            sent["method"].as_str(),
            sent["body"].as_str(),
            sent["credentials"].as_str(),
            sent["headers"]["content-type"].as_str()
        ),
        (
            Some("POST"),
            Some("{}"),
            Some("same-origin"),
            Some("application/json")
        )
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn the_loaders_early_answers_are_used_once_and_only_for_their_url_and_token() {
    let element = |url: &str| -> HtmlElement {
        let el: HtmlElement = document()
            .create_element("vital-link")
            .unwrap()
            .dyn_into()
            .unwrap();
        el.set_attribute("token-url", url).unwrap();
        el.set_attribute("api-base", API).unwrap();
        el
    };
    let list_url = format!("{API}/v2/link/providers");
    let early_token = |el: &HtmlElement, url: &str, status: u16, text: &str| {
        stash_early(el, url, None, status, text)
    };
    // Asked for this token-url: no second request; its token goes to the API.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert!(!has_early(&el), "taken, so it is used once");
    assert!(requests().iter().all(|r| r["path"] != TOKEN_URL));
    assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "early");
    el.remove();

    // Asked for another URL (the attribute changed meanwhile): ignored.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, "/old/token-url", 200, r#"{"link_token":"stale"}"#);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "t1");
    el.remove();

    // With the list asked early too, from this API base with that token: no request.
    let early_list = json!([catalogue()[1], catalogue()[5]]).to_string();
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
    stash_early(&el, &list_url, Some("early"), 200, &early_list);
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(
        shown(&el),
        ["renpho", "zwift"],
        "the early list is the one shown"
    );
    assert!(requests().is_empty(), "{:?}", requests());
    el.remove();

    // Asked from another API base, or with another token: the widget asks itself.
    for (url, token) in [
        ("https://elsewhere.test/v2/link/providers", "early"),
        (list_url.as_str(), "other"),
    ] {
        reset_with_catalogue();
        let el = element(TOKEN_URL);
        early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
        stash_early(&el, url, Some(token), 200, &early_list);
        document().body().unwrap().append_child(&el).unwrap();
        listed(&el).await;
        assert_eq!(
            shown(&el).len(),
            5,
            "{url} {token}: the list the widget asked for"
        );
        assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "early");
        el.remove();
    }

    // An early list that refuses the token: a fresh token and one retry, as always.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 200, r#"{"link_token":"early"}"#);
    let refused =
        json!({ "detail": { "error_type": "invalid_token", "error_message": "expired" } });
    stash_early(&el, &list_url, Some("early"), 401, &refused.to_string());
    document().body().unwrap().append_child(&el).unwrap();
    listed(&el).await;
    assert_eq!(shown(&el).len(), 5);
    assert_eq!(api_requests()[0]["headers"]["x-vital-link-token"], "t1");
    el.remove();

    // An early answer that never comes is held to the request's time limit.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    el.set_attribute("timeout-ms", "100").unwrap();
    stash_early_hanging(&el, TOKEN_URL);
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    wait_text(&el, "couldn't start a secure session").await;
    let message = events_of(&el, "vital-link-error")[0]["message"].to_string();
    assert!(message.contains("token endpoint timed out"), "{message}");
    el.remove();

    // A failed early answer is reported like any token endpoint failure, with a retry.
    reset_with_catalogue();
    let el = element(TOKEN_URL);
    early_token(&el, TOKEN_URL, 500, "{}");
    record_events(&el);
    document().body().unwrap().append_child(&el).unwrap();
    wait_text(&el, "couldn't start a secure session").await;
    assert_eq!(events_of(&el, "vital-link-error")[0]["status"], 500);
    click(&find(&el, "[part~=retry]").unwrap());
    listed(&el).await;
    el.remove();
}
