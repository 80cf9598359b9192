//! The link flow's rules, without a browser: what each step does with each message,
//! which requests and host events it asks for, and what it keeps.
//!
//! The same tests run natively and in headless Chromium, where case folding and
//! decoding are the browser's.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use vital_link::api::*;
use vital_link::config::parse_provider_filter;
use vital_link::flow::*;
use vital_link::i18n::Locale;
use vital_link::oauth_return::parse_oauth_return;

fn source(slug: &str, name: &str, auth_type: &str) -> SourceLink {
    SourceLink {
        name: name.into(),
        slug: slug.into(),
        description: Some(format!("{name} device")),
        logo: Some(format!("https://logos.example/{slug}.png")),
        auth_type: Some(auth_type.into()),
    }
}

fn catalogue() -> Vec<SourceLink> {
    vec![
        source("freestyle_libre", "Freestyle Libre", "email"),
        source("renpho", "Renpho", "password"),
        source("fitbit", "Fitbit", "oauth"),
        source("apple_health_kit", "Apple HealthKit", "sdk"),
        source("garmin", "Garmin", "team_oauth"),
        source("some_app", "Some App", "app"),
        source("zwift", "Zwift", "password"),
    ]
}

fn loaded(filter: Option<Vec<String>>) -> Flow {
    let mut flow = Flow::new(filter);
    flow.update(Msg::Start);
    flow.update(Msg::ProvidersLoaded(Ok(catalogue())));
    flow
}

fn flow_events(effects: &[Effect]) -> Vec<&'static str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Emit(HostEvent::Flow { name, .. }) => Some(name.as_str()),
            _ => None,
        })
        .collect()
}

fn seq_of(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Submit { seq, .. } | Effect::FetchOAuthUrl { seq, .. } => Some(*seq),
            _ => None,
        })
        .expect("a request effect")
}

fn credential_error() -> ApiError {
    ApiError::Link {
        status: Some(200),
        error_type: LinkError::ProviderCredentialError,
        detail: None,
    }
}

fn entries(values: &[(Field, &str)]) -> Entries {
    values.iter().map(|(f, v)| (*f, Secret::new(*v))).collect()
}

fn password(username: &str, password: &str) -> Msg {
    Msg::Submit(entries(&[
        (Field::Username, username),
        (Field::Password, password),
    ]))
}

fn mfa_code(code: &str) -> Msg {
    Msg::Submit(entries(&[(Field::MfaCode, code)]))
}

fn email(email: &str, region: &str) -> Msg {
    Msg::Submit(entries(&[(Field::Email, email), (Field::Region, region)]))
}

/// The form on screen.
fn form(flow: &Flow) -> &Form {
    match &flow.step {
        Step::Form(form) => form,
        other => panic!("expected a form, got {other:?}"),
    }
}

#[test]
fn start_opens_and_loads_then_ready_counts_offered_providers() {
    let mut flow = Flow::new(None);
    let effects = flow.update(Msg::Start);
    assert_eq!(flow_events(&effects), ["OPEN"]);
    assert!(effects.contains(&Effect::LoadProviders));
    assert_eq!(flow.step, Step::Loading);
    let effects = flow.update(Msg::ProvidersLoaded(Ok(catalogue())));
    assert_eq!(
        effects,
        vec![Effect::Emit(HostEvent::Ready { providers: 5 })]
    );
    assert_eq!(flow.step, Step::List);
}

#[test]
fn groups_come_in_contract_order_and_keep_api_order_inside() {
    let flow = loaded(None);
    let groups = grouped(&flow.providers, "");
    let summary: Vec<(AuthKind, Vec<&str>)> = groups
        .iter()
        .map(|(k, ps)| (*k, ps.iter().map(|p| p.slug.as_str()).collect()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (AuthKind::OAuth, vec!["fitbit", "garmin"]),
            (AuthKind::Password, vec!["renpho", "zwift"]),
            (AuthKind::Email, vec!["freestyle_libre"]),
        ]
    );
}

#[test]
fn providers_attribute_filters_and_orders() {
    let filter = parse_provider_filter(Some(" zwift, fitbit,unknown,, apple_health_kit ,zwift"));
    assert_eq!(filter.as_deref().map(<[String]>::len), Some(5));
    let flow = loaded(filter);
    let slugs: Vec<&str> = flow.providers.iter().map(|p| p.slug.as_str()).collect();
    // sdk providers stay hidden even when named (without show-sdk-providers);
    // duplicates collapse.
    assert_eq!(slugs, ["zwift", "fitbit"]);
    assert_eq!(parse_provider_filter(Some(" , ")), None);
    assert_eq!(parse_provider_filter(None), None);
}

#[test]
fn search_filters_by_name_case_insensitively() {
    let flow = loaded(None);
    let names = |q: &str| -> Vec<String> {
        grouped(&flow.providers, q)
            .into_iter()
            .flat_map(|(_, ps)| ps.into_iter().map(|p| p.name.clone()))
            .collect()
    };
    assert_eq!(names("FIT"), ["Fitbit"]);
    assert_eq!(names("  ren "), ["Renpho"]);
    assert!(names("nothing like this").is_empty());
    assert_eq!(names("").len(), 5);
}

#[test]
fn password_flow_sends_exact_body_and_succeeds() {
    let mut flow = loaded(None);
    let effects = flow.update(Msg::Select("renpho".into()));
    assert_eq!(flow_events(&effects), ["SELECT_PROVIDER"]);
    assert_eq!(form(&flow).kind, FormKind::Password);
    assert_eq!(form(&flow).provider.slug, "renpho");
    let effects = flow.update(password(" user@example.com ", " pw "));
    assert_eq!(flow_events(&effects), ["SUBMIT_CREDENTIALS"]);
    let seq = seq_of(&effects);
    // The username is trimmed; a password is sent exactly as typed.
    assert!(effects.contains(&Effect::Submit {
        seq,
        kind: FormKind::Password,
        slug: "renpho".into(),
        body: entries(&[
            (Field::Username, "user@example.com"),
            (Field::Password, " pw ")
        ]),
    }));
    // The password is not kept in the state; the username is.
    assert_eq!(form(&flow).value(Field::Password), "");
    assert_eq!(form(&flow).value(Field::Username), "user@example.com");
    assert!(flow.step.busy());
    // A second submit while the first is in flight is ignored: no double submit.
    assert!(flow.update(password("x", "y")).is_empty());
    let effects = flow.update(Msg::LinkAnswered {
        seq,
        result: Ok(LinkOutcome::Success),
    });
    assert_eq!(
        effects,
        vec![
            Effect::Emit(HostEvent::Success {
                provider: Some("renpho".into()),
                auth_type: AuthKind::Password
            }),
            Effect::Emit(HostEvent::Flow {
                name: EventName::Success,
                provider: Some("renpho".into()),
            }),
        ]
    );
    assert!(matches!(flow.step, Step::Connected { .. }));
}

#[test]
fn credential_error_keeps_username_reports_and_allows_retry() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    let seq = seq_of(&flow.update(password("me", "wrong")));
    let effects = flow.update(Msg::LinkAnswered {
        seq,
        result: Err(credential_error()),
    });
    assert_eq!(
        effects[0],
        Effect::Emit(HostEvent::Error {
            provider: Some("renpho".into()),
            error: credential_error()
        })
    );
    assert_eq!(flow_events(&effects), ["ERROR"]);
    let shown = form(&flow);
    assert_eq!(shown.value(Field::Username), "me");
    assert!(!shown.busy);
    assert_eq!(shown.error.as_ref(), Some(&credential_error()));
    // Submitting again is allowed and clears the error while in flight.
    let effects = flow.update(password("me", "right"));
    assert!(effects.iter().any(|e| matches!(e, Effect::Submit { .. })));
    assert_eq!(flow.step.error(), None);
}

#[test]
fn empty_credentials_are_not_sent() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    assert!(flow.update(password("  ", "pw")).is_empty());
    assert_eq!(
        flow.step.error().map(ApiError::error_type).as_deref(),
        Some("invalid_input")
    );
    assert!(flow.update(password("me", "")).is_empty());
    assert!(!flow.step.busy());
}

#[test]
fn mfa_shows_hint_and_wrong_code_lets_user_retry() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    let seq = seq_of(&flow.update(password("mfa", "pw")));
    let mfa = ProviderMfa {
        method: "sms".into(),
        hint: "+1 *** 0123".into(),
    };
    assert!(flow
        .update(Msg::LinkAnswered {
            seq,
            result: Ok(LinkOutcome::PendingMfa(mfa.clone()))
        })
        .is_empty());
    assert_eq!(form(&flow).kind, FormKind::Mfa);
    assert_eq!(form(&flow).mfa, mfa);
    assert!(!form(&flow).busy);
    assert_eq!(
        form(&flow).hint(Locale::En),
        "Enter the verification code Renpho sent by text message to +1 *** 0123."
    );
    let effects = flow.update(mfa_code(" 000000 "));
    assert_eq!(flow_events(&effects), ["SUBMIT_MFA"]);
    let seq = seq_of(&effects);
    assert!(effects.contains(&Effect::Submit {
        seq,
        kind: FormKind::Mfa,
        slug: "renpho".into(),
        body: entries(&[(Field::MfaCode, "000000")]),
    }));
    let wrong = ApiError::Link {
        status: Some(200),
        error_type: LinkError::IncorrectMfaCode,
        detail: None,
    };
    flow.update(Msg::LinkAnswered {
        seq,
        result: Err(wrong.clone()),
    });
    assert_eq!(form(&flow).error, Some(wrong));
    assert!(!form(&flow).busy);
    let seq = seq_of(&flow.update(mfa_code("123456")));
    flow.update(Msg::LinkAnswered {
        seq,
        result: Ok(LinkOutcome::Success),
    });
    assert!(matches!(flow.step, Step::Connected { .. }));
}

#[test]
fn email_is_validated_before_sending_and_region_defaults_to_us() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("freestyle_libre".into()));
    assert_eq!(form(&flow).kind, FormKind::Email);
    assert_eq!(form(&flow).value(Field::Region), "us");
    for bad in [
        "",
        "no-at-sign",
        "a@b",
        "a@@b.com",
        "a b@c.com",
        "@c.com",
        "a@.com",
    ] {
        assert!(flow.update(email(bad, "us")).is_empty(), "{bad}");
        assert_eq!(
            flow.step.error().map(ApiError::error_type).as_deref(),
            Some("invalid_input"),
            "{bad}"
        );
        // What was typed stays in the form.
        assert_eq!(form(&flow).value(Field::Email), bad.trim());
    }
    assert!(flow.update(email("a@b.co", "xx")).is_empty());
    assert_eq!(
        flow.step.error(),
        Some(&ApiError::Input(InputProblem::Region))
    );
    let effects = flow.update(email(" me@example.com ", "eu"));
    assert_eq!(flow_events(&effects), ["SUBMIT_EMAIL"]);
    let seq = seq_of(&effects);
    assert!(effects.contains(&Effect::Submit {
        seq,
        kind: FormKind::Email,
        slug: "freestyle_libre".into(),
        body: entries(&[(Field::Email, "me@example.com"), (Field::Region, "eu")]),
    }));
}

#[test]
fn oauth_fetches_url_then_navigates() {
    let mut flow = loaded(None);
    let effects = flow.update(Msg::Select("garmin".into()));
    let seq = seq_of(&effects);
    assert!(effects.contains(&Effect::FetchOAuthUrl {
        seq,
        slug: "garmin".into()
    }));
    let effects = flow.update(Msg::OAuthUrl {
        seq,
        result: Ok("https://garmin.example/auth".into()),
    });
    assert_eq!(flow_events(&effects), ["OPEN_OAUTH"]);
    assert!(effects.contains(&Effect::Navigate("https://garmin.example/auth".into())));
}

#[test]
fn refused_oauth_url_fails_with_retry() {
    let mut flow = loaded(None);
    let seq = seq_of(&flow.update(Msg::Select("fitbit".into())));
    let error = check_oauth_url("javascript:alert(1)").unwrap_err();
    let effects = flow.update(Msg::OAuthUrl {
        seq,
        result: Err(error.clone()),
    });
    assert!(!effects.iter().any(|e| matches!(e, Effect::Navigate(_))));
    assert!(effects.contains(&Effect::Emit(HostEvent::Error {
        provider: Some("fitbit".into()),
        error
    })));
    assert!(
        matches!(&flow.step, Step::Failed { retry: Some(Retry::OAuth(p)), .. } if p.slug == "fitbit")
    );
    let effects = flow.update(Msg::Retry);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::FetchOAuthUrl { slug, .. } if slug == "fitbit")));
}

#[test]
fn late_answers_after_back_are_dropped() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    let seq = seq_of(&flow.update(password("me", "pw")));
    let effects = flow.update(Msg::Back);
    assert_eq!(flow_events(&effects), ["BACK"]);
    assert_eq!(flow.step, Step::List);
    // Reselect and the old answer must not complete the new form.
    flow.update(Msg::Select("renpho".into()));
    assert!(flow
        .update(Msg::LinkAnswered {
            seq,
            result: Ok(LinkOutcome::Success)
        })
        .is_empty());
    assert_eq!(form(&flow).kind, FormKind::Password);
}

#[test]
fn loading_failure_offers_retry_and_reports() {
    let mut flow = Flow::new(None);
    flow.update(Msg::Start);
    let effects = flow.update(Msg::ProvidersLoaded(Err(ApiError::Timeout)));
    assert!(effects.contains(&Effect::Emit(HostEvent::Error {
        provider: None,
        error: ApiError::Timeout
    })));
    assert!(matches!(
        flow.step,
        Step::Failed {
            retry: Some(Retry::LoadProviders),
            ..
        }
    ));
    assert_eq!(
        flow.update(Msg::Retry),
        vec![Effect::LoadProviders, Effect::LoadConnections]
    );
    assert_eq!(flow.step, Step::Loading);
}

#[test]
fn oauth_return_success_and_error() {
    // The page left for Fitbit (redirect mode) and comes back from it: named.
    let mut flow = Flow::new(None);
    flow.left_for = Provider::from_source(source("fitbit", "Fitbit", "oauth"));
    let ret = parse_oauth_return("?state=success&provider=fitbit").unwrap();
    let effects = flow.update(Msg::OAuthReturned(ret));
    assert_eq!(flow_events(&effects), ["OAUTH_RETURN", "SUCCESS"]);
    assert!(effects.contains(&Effect::Emit(HostEvent::Success {
        provider: Some("fitbit".into()),
        auth_type: AuthKind::OAuth
    })));
    assert!(matches!(&flow.step, Step::Connected { provider: Some(p) } if p.slug == "fitbit"));
    let status = flow.step.status(Locale::En).unwrap();
    assert_eq!(status.message, "Your Fitbit account is connected.");
    // Back from the outcome loads the list (it was never loaded on this page).
    let effects = flow.update(Msg::Back);
    assert!(effects.contains(&Effect::LoadProviders));

    // A provider the widget does not know is not echoed from the address bar: generic
    // text, and no provider in the events.
    for left_for in [None, Provider::from_source(source("oura", "Oura", "oauth"))] {
        let mut flow = Flow::new(None);
        flow.left_for = left_for;
        let ret =
            parse_oauth_return("?state=success&provider=Evil%20Corp%20wants%20your%20password")
                .unwrap();
        let effects = flow.update(Msg::OAuthReturned(ret));
        assert!(effects.contains(&Effect::Emit(HostEvent::Success {
            provider: None,
            auth_type: AuthKind::OAuth
        })));
        assert_eq!(flow.step, Step::Connected { provider: None });
        let status = flow.step.status(Locale::En).unwrap();
        assert_eq!(status.message, "Your account is connected.");
    }

    let mut flow = Flow::new(None);
    let ret = parse_oauth_return("state=error&error_type=user_cancelled&error=denied").unwrap();
    let effects = flow.update(Msg::OAuthReturned(ret));
    assert_eq!(flow_events(&effects), ["OAUTH_RETURN", "ERROR"]);
    let expected = ApiError::Link {
        status: None,
        error_type: LinkError::UserCancelled,
        detail: Some("denied".into()),
    };
    assert!(effects.contains(&Effect::Emit(HostEvent::Error {
        provider: None,
        error: expected
    })));
}

#[test]
fn token_refresh_is_reported() {
    let mut flow = loaded(None);
    assert_eq!(
        flow_events(&flow.update(Msg::TokenRefreshed)),
        ["TOKEN_REFRESH"]
    );
}

#[test]
fn logos_that_are_not_http_are_dropped_and_monograms_exist() {
    let mut s = source("x", "évian", "oauth");
    s.logo = Some("javascript:alert(1)".into());
    let p = Provider::from_source(s).unwrap();
    assert_eq!(p.logo, None);
    assert_eq!(p.monogram(), "É");
    let mut s = source("y", "  ", "oauth");
    s.logo = Some("data:image/png;base64,AAAA".into());
    let p = Provider::from_source(s).unwrap();
    assert_eq!(
        (p.logo.clone(), p.name.as_str(), p.monogram().as_str()),
        (None, "y", "Y")
    );
}

#[test]
fn the_three_forms_are_data_on_one_path() {
    assert_eq!(
        FormKind::Password.fields(),
        [Field::Username, Field::Password]
    );
    assert_eq!(FormKind::Mfa.fields(), [Field::MfaCode]);
    assert_eq!(FormKind::Email.fields(), [Field::Email, Field::Region]);
    assert_eq!(
        FormKind::Mfa.endpoint(),
        ("/v2/link/provider/password/", "/complete_mfa")
    );
    assert_eq!(FormKind::Email.endpoint(), ("/v2/link/provider/email/", ""));
    let keys: Vec<&str> = [
        Field::Username,
        Field::Password,
        Field::MfaCode,
        Field::Email,
        Field::Region,
    ]
    .iter()
    .map(|f| f.key())
    .collect();
    assert_eq!(
        keys,
        ["username", "password", "mfa_code", "email", "region"]
    );
    assert!(Field::Password.is_secret() && Field::MfaCode.is_secret());
    assert!(!Field::Username.is_secret() && !Field::Email.is_secret());
}

#[test]
fn what_the_user_typed_never_shows_in_debug_output() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    let msg = password("someone@example.com", "hunter2");
    let effects = flow.update(msg.clone());
    for printed in [
        format!("{msg:?}"),
        format!("{effects:?}"),
        format!("{flow:?}"),
    ] {
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("someone@example.com"), "{printed}");
        assert!(printed.contains("[redacted]") || printed.contains("Form"));
    }
}

#[test]
fn a_closed_popup_is_user_cancelled_and_its_return_is_read() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("fitbit".into()));
    let effects = flow.update(Msg::PopupEnded(None));
    assert_eq!(flow_events(&effects), ["OAUTH_RETURN", "ERROR"]);
    assert!(effects.iter().any(|e| matches!(e,
        Effect::Emit(HostEvent::Error { provider: Some(p), error: ApiError::Link { error_type: LinkError::UserCancelled, .. } })
        if p == "fitbit")));
    assert!(matches!(flow.step, Step::Failed { .. }));

    // The return page's query names the outcome; the provider is the one being
    // connected, whatever the query says.
    let mut flow = loaded(None);
    flow.update(Msg::Select("fitbit".into()));
    let effects = flow.update(Msg::PopupEnded(Some("?state=success&provider=oura".into())));
    assert!(effects.contains(&Effect::Emit(HostEvent::Success {
        provider: Some("fitbit".into()),
        auth_type: AuthKind::OAuth
    })));
    assert!(matches!(&flow.step, Step::Connected { provider: Some(p), .. } if p.slug == "fitbit"));

    // A popup that ends after the user went back changes nothing.
    let mut flow = loaded(None);
    flow.update(Msg::Select("fitbit".into()));
    flow.update(Msg::Back);
    assert!(flow.update(Msg::PopupEnded(None)).is_empty());
    assert_eq!(flow.step, Step::List);
}

#[test]
fn status_views_say_where_things_stand() {
    let mut flow = Flow::new(None);
    flow.update(Msg::Start);
    let loading = flow.step.status(Locale::En).unwrap();
    assert_eq!(
        (loading.kind, loading.title, loading.go, loading.back),
        (StatusKind::Loading, None, None, None)
    );
    flow.update(Msg::ProvidersLoaded(Err(ApiError::Timeout)));
    let failed = flow.step.status(Locale::En).unwrap();
    assert_eq!(failed.kind, StatusKind::Failed);
    assert_eq!(
        failed.go.map(|go| (go.label, go.action)),
        Some(("Try again".to_owned(), Action::Retry))
    );
    // Nothing to go back to before the list has loaded.
    assert_eq!(failed.back, None);

    let mut flow = loaded(None);
    assert_eq!(flow.step.status(Locale::En), None);
    flow.update(Msg::Select("fitbit".into()));
    let leaving = flow.step.status(Locale::De).unwrap();
    assert_eq!(leaving.kind, StatusKind::Waiting);
    assert!(leaving.title.unwrap().contains("Fitbit"));
    assert_eq!(leaving.back, Some(vital_link::i18n::T::Back));

    let mut flow = Flow::new(None);
    flow.update(Msg::OAuthReturned(
        parse_oauth_return("?state=success").unwrap(),
    ));
    let done = flow.step.status(Locale::En).unwrap();
    assert_eq!(done.kind, StatusKind::Connected);
    assert_eq!(done.message, "Your account is connected.");
    assert_eq!(done.back, Some(vital_link::i18n::T::ConnectAnother));
}

#[test]
fn sdk_providers_are_listed_last_only_on_request_and_never_selected() {
    assert!(!loaded(None)
        .providers
        .iter()
        .any(|p| p.kind == AuthKind::Sdk));
    let mut flow = Flow::new(None);
    flow.show_sdk = true;
    flow.update(Msg::Start);
    let effects = flow.update(Msg::ProvidersLoaded(Ok(catalogue())));
    assert!(effects.contains(&Effect::Emit(HostEvent::Ready { providers: 6 })));
    let groups: Vec<AuthKind> = grouped(&flow.providers, "")
        .iter()
        .map(|(k, _)| *k)
        .collect();
    assert_eq!(
        groups.last(),
        Some(&AuthKind::Sdk),
        "the SDK group comes last"
    );
    // Found by search like any provider...
    let found: Vec<&str> = grouped(&flow.providers, "apple")
        .into_iter()
        .flat_map(|(_, ps)| ps.into_iter().map(|p| p.slug.as_str()))
        .collect();
    assert_eq!(found, ["apple_health_kit"]);
    // ...but it connects from the host's mobile app: choosing it does nothing.
    assert!(flow
        .update(Msg::Select("apple_health_kit".into()))
        .is_empty());
    assert_eq!(flow.step, Step::List);
}

fn connection(slug: &str, broken: bool) -> Connection {
    Connection {
        slug: slug.into(),
        broken,
    }
}

#[test]
fn connections_mark_the_list_and_a_success_marks_its_provider() {
    let mut flow = Flow::new(None);
    // Asked for with the list, every time the list is loaded.
    assert!(flow.update(Msg::Start).contains(&Effect::LoadConnections));
    flow.update(Msg::ProvidersLoaded(Ok(catalogue())));
    assert_eq!(flow.mark("renpho"), None);

    flow.update(Msg::Connections(vec![
        connection("renpho", true),
        connection("fitbit", false),
    ]));
    assert_eq!(flow.mark("renpho"), Some(Mark::Reconnect));
    assert_eq!(flow.mark("fitbit"), Some(Mark::Connected));
    assert_eq!(flow.mark("zwift"), None);
    // Marks change nothing else: a broken connection is selected as any provider.
    assert_eq!(flow.step, Step::List);
    flow.update(Msg::Select("renpho".into()));
    assert_eq!(form(&flow).kind, FormKind::Password);

    // Reconnected: marked connected, whatever the host's (older) list still says.
    let seq = seq_of(&flow.update(password("me", "pw")));
    flow.update(Msg::LinkAnswered {
        seq,
        result: Ok(LinkOutcome::Success),
    });
    assert_eq!(flow.mark("renpho"), Some(Mark::Connected));
    flow.update(Msg::Connections(vec![connection("renpho", true)]));
    assert_eq!(flow.mark("renpho"), Some(Mark::Connected));
    // The host's new list replaces its old one.
    assert_eq!(flow.mark("fitbit"), None);

    // The host set its property anew: read it again, wherever the flow is.
    assert_eq!(
        flow.update(Msg::ConnectionsChanged),
        vec![Effect::LoadConnections]
    );
}

#[test]
fn an_oauth_return_marks_its_provider() {
    let mut flow = Flow::new(None);
    flow.update(Msg::OAuthReturned(
        parse_oauth_return("?state=success&provider=fitbit").unwrap(),
    ));
    // Not named (this page did not leave for it): nothing to mark.
    assert_eq!(flow.mark("fitbit"), None);

    let mut flow = Flow::new(None);
    flow.left_for = Some(Provider::remembered("fitbit".into(), "Fitbit".into()));
    flow.update(Msg::OAuthReturned(
        parse_oauth_return("?state=success&provider=fitbit").unwrap(),
    ));
    assert_eq!(flow.mark("fitbit"), Some(Mark::Connected));
    // "Connect another device" loads the list and the connections.
    let effects = flow.update(Msg::Back);
    assert!(effects.contains(&Effect::LoadProviders));
    assert!(effects.contains(&Effect::LoadConnections));
}

/// A flow whose `provider` attribute names `slug`, with the catalogue loaded.
fn named(slug: &str) -> (Flow, Vec<Effect>) {
    let mut flow = Flow::new(None);
    flow.named = Some(slug.into());
    flow.update(Msg::Start);
    let effects = flow.update(Msg::ProvidersLoaded(Ok(catalogue())));
    (flow, effects)
}

#[test]
fn provider_attribute_opens_a_form_directly_and_back_shows_the_whole_list() {
    let (mut flow, effects) = named("renpho");
    assert_eq!(form(&flow).kind, FormKind::Password);
    assert_eq!(form(&flow).provider.slug, "renpho");
    // Ready still says how many providers there are; the provider counts as chosen.
    assert!(effects.contains(&Effect::Emit(HostEvent::Ready { providers: 5 })));
    assert_eq!(flow_events(&effects), ["SELECT_PROVIDER"]);
    assert_eq!(flow.view_key().name(), "form");

    flow.update(Msg::Back);
    assert_eq!(flow.step, Step::List);
    assert_eq!(flow.providers.len(), 5, "the whole list, not just the one");
    assert_eq!(flow.notice, None);

    let (flow, _) = named("freestyle_libre");
    assert_eq!(form(&flow).kind, FormKind::Email);
}

#[test]
fn provider_attribute_for_oauth_waits_for_the_click_that_continues() {
    let (mut flow, effects) = named("fitbit");
    assert!(matches!(&flow.step, Step::Chosen { provider } if provider.slug == "fitbit"));
    // Nothing is asked of the API, and the page stays, until the user continues.
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::FetchOAuthUrl { .. })));
    assert_eq!(flow.view_key().name(), "oauth");
    let chosen = flow.step.status(Locale::En).unwrap();
    assert_eq!(chosen.kind, StatusKind::Chosen);
    assert_eq!(chosen.title.as_deref(), Some("Connect Fitbit"));
    let go = chosen.go.unwrap();
    assert_eq!(
        (go.label.as_str(), go.action.msg(), go.busy),
        ("Continue to Fitbit", Msg::Continue, false)
    );

    let effects = flow.update(Msg::Continue);
    assert!(matches!(flow.step, Step::Redirecting { .. }));
    assert_eq!(
        effects,
        vec![Effect::FetchOAuthUrl {
            seq: seq_of(&effects),
            slug: "fitbit".into()
        }]
    );
    // A second click (or a late one) asks for nothing more.
    assert!(flow.update(Msg::Continue).is_empty());

    let (mut flow, _) = named("fitbit");
    flow.update(Msg::Back);
    assert_eq!(flow.step, Step::List);
}

#[test]
fn provider_attribute_naming_what_is_not_offered_shows_the_list_with_a_notice() {
    for slug in ["oura", "apple_health_kit", ""] {
        let (flow, effects) = named(slug);
        assert_eq!(flow.step, Step::List, "{slug}");
        assert_eq!(flow_events(&effects), Vec::<&str>::new());
        assert_eq!(flow.notice, Some(Notice::NotOffered(slug.into())));
    }
    let (mut flow, _) = named("oura");
    assert_eq!(
        flow.notice.as_ref().unwrap().text(Locale::En),
        "“oura” isn't offered here. Choose a provider from the list."
    );
    // The notice goes once the user moves on.
    flow.update(Msg::Select("renpho".into()));
    flow.update(Msg::Back);
    assert_eq!(flow.notice, None);
}

#[test]
fn a_token_that_offers_one_provider_opens_it_as_if_named() {
    let mut flow = Flow::new(None);
    flow.update(Msg::Start);
    flow.update(Msg::ProvidersLoaded(Ok(vec![
        source("zwift", "Zwift", "password"),
        source("apple_health_kit", "Apple HealthKit", "sdk"),
    ])));
    assert_eq!(form(&flow).provider.slug, "zwift");

    // Only the first list decides: back on the list, it stays the list.
    flow.update(Msg::Back);
    assert_eq!(flow.step, Step::List);
    // Two or more: the list, even when the host's `providers` shows only one (the
    // host chose a list; `provider` is how it opens one).
    assert_eq!(loaded(None).step, Step::List);
    assert_eq!(
        loaded(parse_provider_filter(Some("fitbit"))).step,
        Step::List
    );
    // The token's only provider, left out by the host's filter: nothing to open.
    let mut flow = Flow::new(parse_provider_filter(Some("renpho")));
    flow.update(Msg::Start);
    flow.update(Msg::ProvidersLoaded(Ok(vec![source(
        "zwift", "Zwift", "password",
    )])));
    assert_eq!(flow.step, Step::List);
    assert_eq!(flow.notice, None);
}

/// A loaded flow that can disconnect, with Fitbit connected and Renpho broken.
fn connected() -> Flow {
    let mut flow = loaded(None);
    flow.can_disconnect = true;
    flow.update(Msg::Connections(vec![
        connection("fitbit", false),
        connection("renpho", true),
    ]));
    flow
}

#[test]
fn disconnect_asks_first_then_unmarks_and_reports() {
    let mut flow = connected();
    assert!(flow.update(Msg::AskDisconnect("fitbit".into())).is_empty());
    assert_eq!(flow.view_key().name(), "confirm_disconnect");
    let question = flow.step.status(Locale::En).unwrap();
    assert_eq!(question.kind, StatusKind::ConfirmDisconnect);
    assert_eq!(question.title.as_deref(), Some("Disconnect Fitbit?"));
    assert!(question.message.contains("Data already collected stays"));
    assert_eq!(question.go.unwrap().action.msg(), Msg::ConfirmDisconnect);

    let effects = flow.update(Msg::ConfirmDisconnect);
    let seq = match effects.as_slice() {
        [Effect::Disconnect { seq, slug }] if slug == "fitbit" => *seq,
        other => panic!("expected one disconnect request, got {other:?}"),
    };
    assert!(flow.step.busy());
    let sending = flow.step.status(Locale::En).unwrap().go.unwrap();
    assert_eq!(
        (sending.label.as_str(), sending.busy),
        ("Disconnecting…", true)
    );
    // A second click while it is in flight sends nothing.
    assert!(flow.update(Msg::ConfirmDisconnect).is_empty());

    let marks = flow.marks;
    let effects = flow.update(Msg::Disconnected {
        seq,
        result: Ok(()),
    });
    assert_eq!(flow.step, Step::List);
    assert_eq!(flow.mark("fitbit"), None);
    assert_eq!(flow.mark("renpho"), Some(Mark::Reconnect));
    assert!(flow.marks > marks);
    assert_eq!(flow.notice, Some(Notice::Disconnected("Fitbit".into())));
    assert_eq!(
        effects,
        vec![Effect::Emit(HostEvent::Flow {
            name: EventName::Disconnect,
            provider: Some("fitbit".into()),
        })]
    );
    // The host's list may lag behind: what was disconnected here stays unmarked...
    flow.update(Msg::Connections(vec![connection("fitbit", false)]));
    assert_eq!(flow.mark("fitbit"), None);
    // ...until it is connected again.
    flow.update(Msg::OAuthReturned(
        parse_oauth_return("?state=success&provider=fitbit").unwrap(),
    ));
    assert_eq!(flow.mark("fitbit"), Some(Mark::Connected));
}

#[test]
fn a_failed_disconnect_says_so_keeps_the_mark_and_retries() {
    let mut flow = connected();
    flow.update(Msg::AskDisconnect("renpho".into()));
    let seq = match flow.update(Msg::ConfirmDisconnect).as_slice() {
        [Effect::Disconnect { seq, .. }] => *seq,
        other => panic!("{other:?}"),
    };
    let failure = ApiError::Disconnect {
        status: Some(500),
        reason: "disconnect-url answered with an error".into(),
    };
    let effects = flow.update(Msg::Disconnected {
        seq,
        result: Err(failure.clone()),
    });
    assert_eq!(flow_events(&effects), ["ERROR"]);
    assert!(effects.contains(&Effect::Emit(HostEvent::Error {
        provider: Some("renpho".into()),
        error: failure.clone(),
    })));
    assert_eq!(flow.step.error(), Some(&failure));
    assert!(!flow.step.busy());
    let again = flow.step.status(Locale::En).unwrap();
    assert_eq!(
        (again.message.as_str(), again.alert),
        (
            "This app couldn't disconnect the provider. Please try again.",
            true
        )
    );
    assert_eq!(again.go.unwrap().label, "Disconnect");
    assert_eq!(
        failure.user_message(),
        "This app couldn't disconnect the provider. Please try again."
    );
    assert_eq!(failure.error_type(), "disconnect_error");
    assert_eq!(failure.status(), Some(500));
    assert_eq!(
        flow.mark("renpho"),
        Some(Mark::Reconnect),
        "nothing unmarked"
    );
    // A late answer to the first request changes nothing; confirming again retries.
    assert!(flow
        .update(Msg::Disconnected {
            seq,
            result: Ok(())
        })
        .is_empty());
    assert!(matches!(
        flow.update(Msg::ConfirmDisconnect).as_slice(),
        [Effect::Disconnect { .. }]
    ));
    // Cancel: back to the list, still marked.
    flow.update(Msg::Back);
    assert_eq!(flow.step, Step::List);
    assert_eq!(flow.mark("renpho"), Some(Mark::Reconnect));
}

#[test]
fn only_a_marked_provider_of_a_host_that_can_disconnect_is_disconnected() {
    let mut flow = connected();
    assert!(flow.update(Msg::AskDisconnect("zwift".into())).is_empty());
    assert!(flow.update(Msg::AskDisconnect("nobody".into())).is_empty());
    assert_eq!(flow.step, Step::List);
    flow.can_disconnect = false;
    assert!(flow.update(Msg::AskDisconnect("fitbit".into())).is_empty());
    assert_eq!(flow.step, Step::List);
    // Not from a form either.
    let mut flow = connected();
    flow.update(Msg::Select("renpho".into()));
    assert!(flow.update(Msg::AskDisconnect("fitbit".into())).is_empty());
    assert!(flow.update(Msg::ConfirmDisconnect).is_empty());
}

#[test]
fn provider_guidance_comes_from_one_table() {
    use vital_link::i18n::T;
    assert_eq!(built_in_note("my_fitness_pal"), Some(T::GuideMfp));
    assert_eq!(
        field_label("my_fitness_pal", Field::Password),
        Some(T::DiaryKeyLabel)
    );
    assert_eq!(field_label("my_fitness_pal", Field::Username), None);
    assert_eq!(field_label("renpho", Field::Password), None);
    assert_eq!(built_in_note("freestyle_libre"), Some(T::GuideLibre));
    assert_eq!(built_in_note("renpho"), None);
    // LibreView: nothing until the provider refuses the password.
    assert_eq!(built_in_note("abbott_libreview"), None);
    assert_eq!(refusal_note("abbott_libreview", &ApiError::Timeout), None);
    for error_type in [
        LinkError::ProviderPasswordExpired,
        LinkError::ProviderCredentialError,
    ] {
        let refused = ApiError::Link {
            status: Some(200),
            error_type,
            detail: None,
        };
        assert_eq!(
            refusal_note("abbott_libreview", &refused),
            Some(T::GuideLibreView)
        );
        assert_eq!(refusal_note("renpho", &refused), None);
    }
    assert!(Locale::En
        .text(T::GuideMfp)
        .contains("Diary Settings → Diary Sharing → Locked with key"));
}

/// A flow whose host lists SDK providers (`show_sdk`) and hands out pairing codes
/// (`can_pair`), given `sources`; with the effects of the list coming in.
fn loaded_with(
    show_sdk: bool,
    can_pair: bool,
    named: Option<&str>,
    sources: Vec<SourceLink>,
) -> (Flow, Vec<Effect>) {
    let mut flow = Flow::new(None);
    flow.show_sdk = show_sdk;
    flow.can_pair = can_pair;
    flow.named = named.map(str::to_owned);
    flow.update(Msg::Start);
    let effects = flow.update(Msg::ProvidersLoaded(Ok(sources)));
    (flow, effects)
}

/// A list with Apple HealthKit, from a host that hands out pairing codes.
fn pairing() -> Flow {
    loaded_with(true, true, None, catalogue()).0
}

#[test]
fn apple_health_pairs_by_a_code_until_the_connections_show_it() {
    let mut flow = pairing();
    let effects = flow.update(Msg::Select("apple_health_kit".into()));
    // The code is the panel's to ask for: the flow asks for nothing.
    assert_eq!(flow_events(&effects), ["SELECT_PROVIDER"]);
    assert_eq!(effects.len(), 1);
    assert_eq!(flow.view_key(), ViewKey::Code);
    assert_eq!(flow.view_key().name(), "code");
    let shown = flow.step.status(Locale::En).unwrap();
    assert_eq!(shown.kind, StatusKind::Code);
    assert_eq!(shown.title.as_deref(), Some("Connect Apple HealthKit"));
    assert!(
        shown
            .message
            .contains("Junction Connect app on your iPhone"),
        "{}",
        shown.message
    );
    assert_eq!(shown.go, None);
    assert_eq!(shown.back, Some(vital_link::i18n::T::Back));

    // Other connections come and go: still waiting.
    assert!(flow
        .update(Msg::Connections(vec![connection("fitbit", false)]))
        .is_empty());
    // A broken Apple HealthKit connection is not this pairing either.
    assert!(flow
        .update(Msg::Connections(vec![connection("apple_health_kit", true)]))
        .is_empty());
    assert_eq!(flow.view_key(), ViewKey::Code);
    let effects = flow.update(Msg::Connections(vec![connection(
        "apple_health_kit",
        false,
    )]));
    assert_eq!(
        effects[0],
        Effect::Emit(HostEvent::Success {
            provider: Some("apple_health_kit".into()),
            auth_type: AuthKind::Sdk,
        })
    );
    assert_eq!(flow_events(&effects), ["SUCCESS"]);
    assert!(matches!(flow.step, Step::Connected { .. }));
    assert_eq!(flow.mark("apple_health_kit"), Some(Mark::Connected));
    // Once connected, more news of it changes nothing.
    assert!(flow
        .update(Msg::Connections(vec![connection(
            "apple_health_kit",
            false
        )]))
        .is_empty());
}

#[test]
fn back_from_the_code_leads_to_the_list_and_ends_the_pairing() {
    let mut flow = pairing();
    flow.update(Msg::Select("apple_health_kit".into()));
    assert_eq!(flow_events(&flow.update(Msg::Back)), ["BACK"]);
    assert_eq!(flow.step, Step::List);
    // The app pairing later is news for the list only.
    assert!(flow
        .update(Msg::Connections(vec![connection(
            "apple_health_kit",
            false
        )]))
        .is_empty());
    assert_eq!(flow.step, Step::List);
    assert_eq!(flow.mark("apple_health_kit"), Some(Mark::Connected));
}

#[test]
fn only_apple_health_of_a_host_with_codes_and_sdk_providers_pairs() {
    let choose_apple =
        |(mut flow, _): (Flow, Vec<Effect>)| flow.update(Msg::Select("apple_health_kit".into()));
    // No codes from the host: Apple HealthKit stays a note.
    assert!(choose_apple(loaded_with(true, false, None, catalogue())).is_empty());
    // Codes, but SDK providers hidden: it is not listed, so not chosen.
    assert!(choose_apple(loaded_with(false, true, None, catalogue())).is_empty());
    // Other SDK providers keep their note.
    let mut sources = catalogue();
    sources.push(source("health_connect", "Health Connect", "sdk"));
    let (mut flow, _) = loaded_with(true, true, None, sources);
    let listed = |slug| {
        flow.providers
            .iter()
            .find(|p| p.slug == slug)
            .unwrap()
            .clone()
    };
    assert!(flow.pairable(&listed("apple_health_kit")));
    assert!(!flow.selectable(&listed("health_connect")));
    assert!(flow.update(Msg::Select("health_connect".into())).is_empty());
    assert_eq!(flow.step, Step::List);
    // `provider="apple_health_kit"` opens it directly.
    let (flow, effects) = loaded_with(true, true, Some("apple_health_kit"), catalogue());
    assert!(flow_events(&effects).contains(&"SELECT_PROVIDER"));
    assert_eq!(flow.view_key(), ViewKey::Code);
}

#[test]
fn a_phone_paired_before_is_not_taken_for_this_pairing() {
    let mut flow = pairing();
    flow.update(Msg::Connections(vec![connection(
        "apple_health_kit",
        false,
    )]));
    flow.update(Msg::Select("apple_health_kit".into()));
    assert!(flow
        .update(Msg::Connections(vec![connection(
            "apple_health_kit",
            false
        )]))
        .is_empty());
    assert_eq!(flow.view_key(), ViewKey::Code);
}
