//! The password, MFA and email forms: exact requests, errors that keep what was typed,
//! no double submit, the slow-provider notice, another device.

use crate::harness::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn password_flow_sends_the_exact_request_and_succeeds() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "success", "provider": "renpho", "connected": true, "provider_id": null })
        )]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    let username = wait_for(&el, "#vl-username").await;
    // Focus moves to the first field of the new view (in the frame that shows it).
    wait_until("focus on the first field", || focused(&el) == "vl-username").await;
    assert!(
        find(&el, "label[for=vl-username]").is_some()
            && find(&el, "label[for=vl-password]").is_some()
    );

    let password = find(&el, "#vl-password").unwrap();
    assert_eq!(password.get_attribute("type").as_deref(), Some("password"));
    click(&find(&el, ".vl-reveal").unwrap());
    wait_until("password shown", || {
        password.get_attribute("type").as_deref() == Some("text")
    })
    .await;
    assert_eq!(
        find(&el, ".vl-reveal")
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    type_into(&username, "test@example.com");
    type_into(&password, "s3cret");
    submit(&el);
    wait_text(&el, "Your Renpho account is connected.").await;

    let post = api_requests()
        .into_iter()
        .find(|r| r["method"] == "POST")
        .unwrap();
    assert_eq!(post["path"], "/v2/link/provider/password/renpho");
    assert_eq!(post["headers"]["x-vital-link-token"], "t1");
    assert_eq!(post["headers"]["content-type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(post["body"].as_str().unwrap()).unwrap(),
        json!({ "username": "test@example.com", "password": "s3cret" })
    );
    assert_eq!(
        events_of(&el, "vital-link-success"),
        vec![json!({ "provider": "renpho", "auth_type": "password", "state": "success" })]
    );
    assert_eq!(
        flow_names(&el),
        ["OPEN", "SELECT_PROVIDER", "SUBMIT_CREDENTIALS", "SUCCESS"]
    );
    let event = &events_of(&el, "vital-link-event")[1];
    assert_eq!(event["provider"], "renpho");
    assert!(event["timestamp"].as_f64().unwrap() > 1.6e12);
    // The outcome view leads back to the list.
    click(&find(&el, ".vl-back").unwrap());
    listed(&el).await;
    assert_eq!(flow_names(&el).last().map(String::as_str), Some("BACK"));
    el.remove();
}

#[wasm_bindgen_test]
async fn credential_error_keeps_username_clears_password_and_retries() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/zwift",
        json!([
            ok(
                json!({ "state": "error", "error_type": "provider_credential_error", "error": "Incorrect password" })
            ),
            ok(json!({ "state": "success" }))
        ]),
    );
    let el = default_widget();
    open_provider(&el, "zwift").await;
    type_into(&wait_for(&el, "#vl-username").await, "rider@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "wrong");
    submit(&el);
    let alert = wait_for(&el, "[role=alert]").await;
    assert_eq!(
        alert.text_content().unwrap(),
        "The username or password wasn't accepted by the provider. Check them and try again."
    );
    assert_eq!(value(&el, "#vl-username"), "rider@example.com");
    assert_eq!(value(&el, "#vl-password"), "");
    let errors = events_of(&el, "vital-link-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["provider"], "zwift");
    assert_eq!(errors[0]["error_type"], "provider_credential_error");
    assert_eq!(errors[0]["status"], 200);
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("Incorrect password"));

    type_into(&find(&el, "#vl-password").unwrap(), "right");
    submit(&el);
    wait_text(&el, "Your Zwift account is connected.").await;
    el.remove();
}

#[wasm_bindgen_test]
async fn no_double_submit_while_in_flight() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([{ "hang": true }]),
    );
    let el = widget_with("timeout-ms", "1000");
    sign_in(&el, "renpho", "me", "pw").await;
    wait_until("submit disabled", || {
        find(&el, "button[type=submit]")
            .unwrap()
            .has_attribute("disabled")
    })
    .await;
    let posts = || {
        api_requests()
            .iter()
            .filter(|r| r["method"] == "POST")
            .count()
    };
    // The first submission is out (after its link token); then two more tries.
    wait_until("the first submission sent", || posts() == 1).await;
    submit(&el);
    click(&find(&el, "button[type=submit]").unwrap());
    // The hang ends in a timeout error, the form stays usable; neither try was sent.
    wait_text(&el, "took too long").await;
    assert_eq!(posts(), 1);
    assert_eq!(
        events_of(&el, "vital-link-error")[0]["error_type"],
        "timeout"
    );
    assert_eq!(events_of(&el, "vital-link-error")[0]["status"], Value::Null);
    assert!(!find(&el, "button[type=submit]")
        .unwrap()
        .has_attribute("disabled"));
    assert_eq!(value(&el, "#vl-username"), "me");
    assert_eq!(posts(), 1);
    el.remove();
}

#[wasm_bindgen_test]
async fn mfa_shows_the_hint_and_a_wrong_code_can_be_retried() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "pending_provider_mfa", "provider_mfa": { "method": "sms", "hint": "+1 ••• 0123" } })
        )]),
    );
    route(
        "POST /v2/link/provider/password/renpho/complete_mfa",
        json!([
            ok(json!({ "state": "error", "error_type": "incorrect_mfa_code" })),
            ok(json!({ "state": "success" }))
        ]),
    );
    let el = default_widget();
    sign_in(&el, "renpho", "mfa@example.com", "password").await;
    let code = wait_for(&el, "#vl-code").await;
    wait_text(
        &el,
        "Enter the verification code Renpho sent by text message to +1 ••• 0123.",
    )
    .await;
    wait_until("focus on the code", || focused(&el) == "vl-code").await;
    type_into(&code, "000000");
    submit(&el);
    wait_text(&el, "That code wasn't right.").await;
    type_into(&find(&el, "#vl-code").unwrap(), "123456");
    submit(&el);
    wait_text(&el, "Your Renpho account is connected.").await;
    let bodies: Vec<String> = api_requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with("complete_mfa"))
        .map(|r| r["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        bodies,
        [r#"{"mfa_code":"000000"}"#, r#"{"mfa_code":"123456"}"#]
    );
    assert!(flow_names(&el).contains(&"SUBMIT_MFA".to_owned()));
    el.remove();
}

#[wasm_bindgen_test]
async fn email_form_validates_then_sends_email_and_region() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/email/freestyle_libre",
        json!([ok(json!({ "state": "success" }))]),
    );
    let el = default_widget();
    open_provider(&el, "freestyle_libre").await;
    let email = wait_for(&el, "#vl-email").await;
    let region: web_sys::HtmlSelectElement = find(&el, "#vl-region").unwrap().dyn_into().unwrap();
    assert_eq!(region.value(), "us");
    type_into(&email, "not-an-email");
    submit(&el);
    wait_text(&el, "Please enter a valid email address").await;
    assert!(
        api_requests().iter().all(|r| r["method"] != "POST"),
        "an invalid email is not sent"
    );
    type_into(&email, "me@example.com");
    region.set_value("eu");
    type_into(&region, "eu");
    submit(&el);
    wait_text(&el, "Your Freestyle Libre account is connected.").await;
    let post = api_requests()
        .into_iter()
        .find(|r| r["method"] == "POST")
        .unwrap();
    assert_eq!(post["path"], "/v2/link/provider/email/freestyle_libre");
    assert_eq!(
        serde_json::from_str::<Value>(post["body"].as_str().unwrap()).unwrap(),
        json!({ "email": "me@example.com", "region": "eu" })
    );
    assert_eq!(
        events_of(&el, "vital-link-success")[0]["auth_type"],
        "email"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn a_slow_submission_says_after_five_seconds_that_it_can_take_a_minute() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([{ "hang": true }]),
    );
    let el = default_widget();
    open_provider(&el, "renpho").await;
    type_into(&wait_for(&el, "#vl-username").await, "a@example.com");
    type_into(&find(&el, "#vl-password").unwrap(), "pw");
    let notice = find(&el, "[part~=notice]").unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        notice.text_content().unwrap_or_default(),
        "This can take up to a minute. Please keep this page open."
    );
    let shown = || {
        let style = web_sys::window()
            .unwrap()
            .get_computed_style(&notice)
            .unwrap()
            .unwrap();
        style.get_property_value("visibility").unwrap() == "visible"
    };
    assert!(!shown(), "hidden while nothing is sent");
    submit(&el);
    wait_until("the submission sent", || {
        api_requests().iter().any(|r| r["method"] == "POST")
    })
    .await;
    assert!(!shown(), "not at once");
    // The default limit for a submission is 65 s: still waiting after 5 s, and saying so.
    wait_until_ms("the note, after 5 s", 8_000, shown).await;
    assert!(
        find(&el, "button[type=submit][disabled]").is_some(),
        "still one submission"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn connect_another_device_starts_with_a_fresh_token() {
    // Vital uses a token up with one successful connection.
    reset();
    tokens(&["t1", "t2"]);
    route("GET /v2/link/providers", json!([ok(catalogue())]));
    let connected =
        json!({ "state": "success", "provider": "renpho", "connected": true, "provider_id": null });
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(connected)]),
    );
    route(
        "POST /v2/link/provider/email/freestyle_libre",
        json!([ok(
            json!({ "state": "success", "provider": "freestyle_libre", "connected": true, "provider_id": null })
        )]),
    );
    let el = default_widget();
    sign_in(&el, "renpho", "a@example.com", "pw").await;
    wait_text(&el, "Your Renpho account is connected.").await;
    click(&find(&el, ".vl-back").unwrap()); // "Connect another device"
    open_provider(&el, "freestyle_libre").await;
    type_into(&wait_for(&el, "#vl-email").await, "a@example.com");
    submit(&el);
    wait_text(&el, "Your Freestyle Libre account is connected.").await;
    let sent: Vec<(String, String)> = api_requests()
        .iter()
        .map(|r| {
            let token = r["headers"]["x-vital-link-token"].as_str().unwrap();
            (r["path"].as_str().unwrap().to_owned(), token.to_owned())
        })
        .collect();
    assert_eq!(
        sent,
        [
            ("/v2/link/providers".to_owned(), "t1".to_owned()),
            (
                "/v2/link/provider/password/renpho".to_owned(),
                "t1".to_owned()
            ),
            (
                "/v2/link/provider/email/freestyle_libre".to_owned(),
                "t2".to_owned()
            ),
        ],
        "no request with the used-up token"
    );
    assert!(!flow_names(&el).contains(&"TOKEN_REFRESH".to_owned()));
    el.remove();
}

#[wasm_bindgen_test]
async fn hostile_mfa_hint_and_validation_detail_render_as_text() {
    reset_with_catalogue();
    route(
        "POST /v2/link/provider/password/renpho",
        json!([ok(
            json!({ "state": "pending_provider_mfa", "provider_mfa": { "method": "<b>sms</b>", "hint": "<img src=x onerror=alert(1)>" } })
        )]),
    );
    route(
        "POST /v2/link/provider/password/renpho/complete_mfa",
        json!([status(
            422,
            r#"{"detail":[{"loc":["body","mfa_code"],"msg":"<i>bad</i>","type":"x"}]}"#
        )]),
    );
    let el = default_widget();
    sign_in(&el, "renpho", "me", "pw").await;
    wait_for(&el, "#vl-code").await;
    assert!(text(&el).contains("<img src=x onerror=alert(1)>"));
    type_into(&find(&el, "#vl-code").unwrap(), "1");
    submit(&el);
    wait_text(&el, "mfa_code: <i>bad</i>").await;
    assert!(find(&el, "img, b, i").is_none());
    el.remove();
}
