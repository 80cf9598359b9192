//! The message catalogue: complete in every locale, with English as the fallback.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use vital_link::api::{ApiError, LinkError};
use vital_link::i18n::*;

#[test]
fn every_message_exists_and_differs_from_english_where_translated() {
    for locale in Locale::ALL {
        for key in ALL_KEYS {
            assert!(!locale.text(*key).trim().is_empty(), "{locale:?} {key:?}");
        }
    }
    // Every other language is a complete translation, not English copies.
    for locale in &Locale::ALL[1..] {
        let locale = *locale;
        let same: Vec<&T> = ALL_KEYS
            .iter()
            .filter(|k| locale.text(**k) == Locale::En.text(**k))
            // Words some languages share with English ("Email", "Password" in Italian).
            .filter(|k| {
                !matches!(
                    k,
                    T::RegionLabel | T::GroupEmail | T::EmailLabel | T::PasswordLabel
                )
            })
            .collect();
        assert!(same.is_empty(), "{locale:?} untranslated: {same:?}");
    }
}

#[test]
fn placeholders_match_across_locales() {
    let placeholders = |text: &str| -> HashSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .map(str::to_owned)
            .collect()
    };
    for key in ALL_KEYS {
        let english = placeholders(Locale::En.text(*key));
        for locale in &Locale::ALL[1..] {
            assert_eq!(
                placeholders(locale.text(*key)),
                english,
                "{locale:?} {key:?}"
            );
        }
    }
}

#[test]
fn locale_resolution() {
    assert_eq!(Locale::resolve(Some("de-AT"), Some("es")), Locale::De);
    assert_eq!(Locale::resolve(Some("tlh"), Some("es_MX")), Locale::Es);
    assert_eq!(Locale::resolve(Some("pt-BR"), None), Locale::Pt);
    assert_eq!(Locale::resolve(None, Some("ja-JP")), Locale::Ja);
    assert_eq!(Locale::resolve(Some("FR_ca"), Some("de")), Locale::Fr);
    for locale in Locale::ALL {
        assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
    }
    assert_eq!(Locale::resolve(None, Some("EN-gb")), Locale::En);
    assert_eq!(Locale::resolve(Some(""), None), Locale::En);
    assert_eq!(Locale::resolve(Some("klingon"), Some("")), Locale::En);
}

#[test]
fn errors_are_localised_with_their_arguments() {
    let error = ApiError::Link {
        status: Some(200),
        error_type: LinkError::IncorrectMfaCode,
        detail: None,
    };
    assert_eq!(
        error.user_message_in(Locale::De),
        "Dieser Code war nicht richtig. Prüfen Sie ihn und versuchen Sie es erneut."
    );
    assert_eq!(
        error.user_message_in(Locale::Es),
        "Ese código no es correcto. Revísalo e inténtalo de nuevo."
    );
    let validation = ApiError::Http {
        status: 422,
        code: None,
        detail: Some("email: bad".into()),
    };
    assert_eq!(
        validation.user_message_in(Locale::Es),
        "Revisa lo que has introducido: email: bad."
    );
    assert_eq!(
        Locale::De.fill(T::AccountConnected, &[("name", "Oura")]),
        "Ihr Oura-Konto ist verbunden."
    );
    // The host's event message stays English, for developers.
    assert!(error.debug_message().starts_with("That code wasn't right."));
}

#[test]
fn placeholders_are_filled_once_and_values_are_never_read_as_placeholders() {
    let filled = Locale::En.fill(
        T::MfaSentTo,
        &[("name", "{hint}"), ("by", ""), ("hint", "+1 *** 0123")],
    );
    assert_eq!(
        filled,
        "Enter the verification code {hint} sent to +1 *** 0123."
    );
    // A placeholder without an argument stays visible rather than vanishing.
    assert_eq!(
        Locale::En.fill(T::ConnectTitle, &[]),
        Locale::En.text(T::ConnectTitle)
    );
}

/// The catalogue files the browser fetches (`i18n/*.json`) hold exactly the messages
/// written in `src/i18n.rs`, in key order. `UPDATE_CATALOGUES=1 cargo test` rewrites
/// them after a change there.
#[test]
fn catalogue_files_match_the_source() {
    for (index, key) in ALL_KEYS.iter().enumerate() {
        assert_eq!(
            *key as usize, index,
            "ALL_KEYS must list T in declaration order"
        );
    }
    for locale in &Locale::ALL[1..] {
        let path = format!("{}/i18n/{}.json", env!("CARGO_MANIFEST_DIR"), locale.tag());
        let expected = serde_json::to_string_pretty(&locale.catalogue()).unwrap() + "\n";
        if std::env::var_os("UPDATE_CATALOGUES").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "{path} is out of date: run `UPDATE_CATALOGUES=1 cargo test --test i18n`"
        );
    }
}

/// The pairing code's panel (fetched on demand) carries its own texts: every language of
/// the widget, each with English's keys and placeholders.
#[test]
fn the_pairing_panel_speaks_every_language() {
    let source = std::fs::read_to_string("src/loader/vital-link-pairing.js").unwrap();
    let start = source.find("const TEXTS = ").unwrap() + "const TEXTS = ".len();
    let end = start + source[start..].find("\n};").unwrap() + 2;
    let texts: serde_json::Value = serde_json::from_str(&source[start..end]).unwrap();
    let texts = texts.as_object().unwrap();
    let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
    let mut given: Vec<&str> = texts.keys().map(String::as_str).collect();
    given.sort_unstable();
    let mut wanted = tags.clone();
    wanted.sort_unstable();
    assert_eq!(given, wanted);
    let english = texts["en"].as_object().unwrap();
    for tag in tags {
        let messages = texts[tag].as_object().unwrap();
        let keys = |m: &serde_json::Map<String, serde_json::Value>| {
            let mut keys: Vec<String> = m.keys().cloned().collect();
            keys.sort();
            keys
        };
        assert_eq!(keys(messages), keys(english), "{tag}");
        for (key, text) in messages {
            let text = text.as_str().unwrap();
            assert!(!text.trim().is_empty(), "{tag}.{key}");
            let english = english[key].as_str().unwrap();
            assert_eq!(
                text.contains("{time}"),
                english.contains("{time}"),
                "{tag}.{key}"
            );
            if tag != "en" && key != "copied" {
                assert_ne!(text, english, "{tag}.{key} is not translated");
            }
        }
    }
}
