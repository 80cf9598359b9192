//! The link flow's rules, without a browser: what each step does with each message,
//! which requests and host events it asks for, and what it keeps.
#![cfg(not(target_arch = "wasm32"))]

use vital_link::api::*;
use vital_link::flow::*;
use vital_link::oauth_return::parse_oauth_return;

fn source(slug: &str, name: &str, auth_type: &str) -> SourceLink {
    SourceLink {
        id: Some(1),
        name: name.into(),
        slug: slug.into(),
        description: Some(format!("{name} device")),
        logo: Some(format!("https://logos.example/{slug}.png")),
        oauth_url: None,
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
            Effect::SubmitPassword { seq, .. }
            | Effect::SubmitMfa { seq, .. }
            | Effect::SubmitEmail { seq, .. }
            | Effect::FetchOAuthUrl { seq, .. } => Some(*seq),
            _ => None,
        })
        .expect("a request effect")
}

fn credential_error() -> ApiError {
    ApiError::Link {
        status: Some(200),
        error_type: "provider_credential_error".into(),
        detail: None,
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
    // sdk providers stay hidden even when asked for; duplicates collapse.
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
    assert!(matches!(&flow.step, Step::Password { provider, .. } if provider.slug == "renpho"));
    let effects = flow.update(Msg::SubmitPassword {
        username: " user@example.com ".into(),
        password: "pw".into(),
    });
    assert_eq!(flow_events(&effects), ["SUBMIT_CREDENTIALS"]);
    let seq = seq_of(&effects);
    assert!(effects.contains(&Effect::SubmitPassword {
        seq,
        slug: "renpho".into(),
        body: PasswordBody {
            username: "user@example.com".into(),
            password: "pw".into()
        },
    }));
    assert!(flow.step.busy());
    // A second submit while the first is in flight is ignored: no double submit.
    assert!(flow
        .update(Msg::SubmitPassword {
            username: "x".into(),
            password: "y".into()
        })
        .is_empty());
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
                provider: Some("renpho".into())
            }),
        ]
    );
    assert!(matches!(flow.step, Step::Connected { .. }));
}

#[test]
fn credential_error_keeps_username_reports_and_allows_retry() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    let seq = seq_of(&flow.update(Msg::SubmitPassword {
        username: "me".into(),
        password: "wrong".into(),
    }));
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
    match &flow.step {
        Step::Password {
            username,
            busy,
            error,
            ..
        } => {
            assert_eq!(username, "me");
            assert!(!busy);
            assert_eq!(error.as_ref(), Some(&credential_error()));
        }
        other => panic!("expected the form, got {other:?}"),
    }
    // Submitting again is allowed and clears the error while in flight.
    let effects = flow.update(Msg::SubmitPassword {
        username: "me".into(),
        password: "right".into(),
    });
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::SubmitPassword { .. })));
    assert_eq!(flow.step.error(), None);
}

#[test]
fn empty_credentials_are_not_sent() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    assert!(flow
        .update(Msg::SubmitPassword {
            username: "  ".into(),
            password: "pw".into()
        })
        .is_empty());
    assert_eq!(
        flow.step.error().map(ApiError::error_type).as_deref(),
        Some("invalid_input")
    );
    assert!(flow
        .update(Msg::SubmitPassword {
            username: "me".into(),
            password: "".into()
        })
        .is_empty());
}

#[test]
fn mfa_shows_hint_and_wrong_code_lets_user_retry() {
    let mut flow = loaded(None);
    flow.update(Msg::Select("renpho".into()));
    let seq = seq_of(&flow.update(Msg::SubmitPassword {
        username: "mfa".into(),
        password: "pw".into(),
    }));
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
    assert!(matches!(&flow.step, Step::Mfa { mfa: m, busy: false, .. } if *m == mfa));
    let effects = flow.update(Msg::SubmitMfa {
        code: " 000000 ".into(),
    });
    assert_eq!(flow_events(&effects), ["SUBMIT_MFA"]);
    let seq = seq_of(&effects);
    assert!(effects.contains(&Effect::SubmitMfa {
        seq,
        slug: "renpho".into(),
        body: MfaBody {
            mfa_code: "000000".into()
        }
    }));
    let wrong = ApiError::Link {
        status: Some(200),
        error_type: "incorrect_mfa_code".into(),
        detail: None,
    };
    flow.update(Msg::LinkAnswered {
        seq,
        result: Err(wrong.clone()),
    });
    assert!(matches!(&flow.step, Step::Mfa { error: Some(e), busy: false, .. } if *e == wrong));
    let seq = seq_of(&flow.update(Msg::SubmitMfa {
        code: "123456".into(),
    }));
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
    assert!(matches!(&flow.step, Step::Email { region, .. } if region == "us"));
    for bad in [
        "",
        "no-at-sign",
        "a@b",
        "a@@b.com",
        "a b@c.com",
        "@c.com",
        "a@.com",
    ] {
        assert!(
            flow.update(Msg::SubmitEmail {
                email: bad.into(),
                region: "us".into()
            })
            .is_empty(),
            "{bad}"
        );
        assert_eq!(
            flow.step.error().map(ApiError::error_type).as_deref(),
            Some("invalid_input"),
            "{bad}"
        );
        // What was typed stays in the form.
        assert!(matches!(&flow.step, Step::Email { email, .. } if email == bad.trim()));
    }
    assert!(flow
        .update(Msg::SubmitEmail {
            email: "a@b.co".into(),
            region: "xx".into()
        })
        .is_empty());
    let effects = flow.update(Msg::SubmitEmail {
        email: "me@example.com".into(),
        region: "eu".into(),
    });
    assert_eq!(flow_events(&effects), ["SUBMIT_EMAIL"]);
    let seq = seq_of(&effects);
    assert!(effects.contains(&Effect::SubmitEmail {
        seq,
        slug: "freestyle_libre".into(),
        body: EmailBody {
            email: "me@example.com".into(),
            region: "eu".into()
        },
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
    let seq = seq_of(&flow.update(Msg::SubmitPassword {
        username: "me".into(),
        password: "pw".into(),
    }));
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
    assert!(matches!(flow.step, Step::Password { .. }));
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
    assert_eq!(flow.update(Msg::Retry), vec![Effect::LoadProviders]);
    assert_eq!(flow.step, Step::Loading);
}

#[test]
fn oauth_return_success_and_error() {
    let mut flow = Flow::new(None);
    let ret = parse_oauth_return("?state=success&provider=fitbit").unwrap();
    let effects = flow.update(Msg::OAuthReturned(ret));
    assert_eq!(flow_events(&effects), ["OAUTH_RETURN", "SUCCESS"]);
    assert!(effects.contains(&Effect::Emit(HostEvent::Success {
        provider: Some("fitbit".into()),
        auth_type: AuthKind::OAuth
    })));
    assert!(matches!(&flow.step, Step::Connected { slug: Some(s), .. } if s == "fitbit"));
    // Back from the outcome loads the list (it was never loaded on this page).
    let effects = flow.update(Msg::Back);
    assert!(effects.contains(&Effect::LoadProviders));

    let mut flow = Flow::new(None);
    let ret = parse_oauth_return("state=error&error_type=user_cancelled&error=denied").unwrap();
    let effects = flow.update(Msg::OAuthReturned(ret));
    assert_eq!(flow_events(&effects), ["OAUTH_RETURN", "ERROR"]);
    let expected = ApiError::Link {
        status: None,
        error_type: "user_cancelled".into(),
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
