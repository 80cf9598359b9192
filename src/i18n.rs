//! Every string the user reads: English, and German, Spanish, French, Italian,
//! Portuguese, Dutch and Japanese. A message a locale lacks falls back to English.
//!
//! English is built into the wasm. The other languages are written in
//! `i18n/translations.rs` (the source of truth, tested natively), but the wasm does not
//! carry them: they ship as `i18n/{tag}.json` next to the loader (generated from that
//! file and checked against it by `tests/i18n.rs`), and a widget fetches its language's
//! file when it starts. Until it arrives, and if it never does, the widget speaks
//! English, so a new language costs the wasm one tag.

/// The widget's languages. `locale` attribute, else the page's `<html lang>`, else
/// English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    De,
    Es,
    Fr,
    It,
    Pt,
    Nl,
    Ja,
}

impl Locale {
    pub const ALL: [Locale; 8] = [
        Locale::En,
        Locale::De,
        Locale::Es,
        Locale::Fr,
        Locale::It,
        Locale::Pt,
        Locale::Nl,
        Locale::Ja,
    ];

    /// `de`, `de-AT`, `pt_BR`, `EN`... Unknown or missing tags are `None`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The `locale` attribute wins; then the page language; then English.
    pub fn resolve(attribute: Option<&str>, page_lang: Option<&str>) -> Locale {
        attribute
            .and_then(Locale::from_tag)
            .or_else(|| page_lang.and_then(Locale::from_tag))
            .unwrap_or_default()
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Es => "es",
            Locale::Fr => "fr",
            Locale::It => "it",
            Locale::Pt => "pt",
            Locale::Nl => "nl",
            Locale::Ja => "ja",
        }
    }

    /// The message in this locale, or in English where this locale lacks it (or its
    /// catalogue has not arrived).
    pub fn text(self, key: T) -> &'static str {
        self.localized(key).unwrap_or_else(|| en(key))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn localized(self, key: T) -> Option<&'static str> {
        match self {
            Locale::En => None,
            Locale::De => de(key),
            Locale::Es => es(key),
            Locale::Fr => fr(key),
            Locale::It => it(key),
            Locale::Pt => pt(key),
            Locale::Nl => nl(key),
            Locale::Ja => ja(key),
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn localized(self, key: T) -> Option<&'static str> {
        loaded::text(self, key)
    }

    /// The catalogue file's messages, in `T` order (`""` where the locale has none):
    /// what `i18n/{tag}.json` holds.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn catalogue(self) -> Vec<&'static str> {
        ALL_KEYS
            .iter()
            .map(|&key| self.localized(key).unwrap_or(""))
            .collect()
    }

    /// One pass over the message: a value that itself contains `{...}` is never
    /// filled in again, and a placeholder without an argument stays as it is.
    pub fn fill(self, key: T, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = self.text(key);
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            let filled = after.split_once('}').and_then(|(name, tail)| {
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some((value, tail))
            });
            match filled {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Message keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum T {
    ListTitle,
    SearchLabel,
    GroupOAuth,
    GroupPassword,
    GroupEmail,
    GroupSdk,
    SdkNote,
    MarkConnected,
    MarkReconnect,
    NoProviders,
    NoMatch,
    Matches,
    ConnectTitle,
    SignInHint,
    UsernameLabel,
    PasswordLabel,
    ShowPassword,
    HidePassword,
    Connect,
    Connecting,
    SlowWait,
    Back,
    MfaTitle,
    MfaCodeLabel,
    MfaSent,
    MfaSentTo,
    MfaBySms,
    MfaByEmail,
    Verify,
    Verifying,
    EmailHint,
    EmailLabel,
    RegionLabel,
    Loading,
    Opening,
    TakingYou,
    ConnectedTitle,
    AccountConnected,
    SomeAccountConnected,
    ConnectAnother,
    FailedTitle,
    TryAgain,
    BackToProviders,
    // Form problems found before sending.
    InputCredentials,
    InputMfaCode,
    InputEmail,
    InputRegion,
    // Errors.
    ErrConfig,
    ErrTokenEndpoint,
    ErrNetwork,
    ErrTimeout,
    ErrSession,
    ErrInvalidProvider,
    ErrInvalidUser,
    ErrInvalidCredentials,
    ErrValidation,
    ErrValidationDetail,
    ErrTooMany,
    ErrServer,
    ErrHttp,
    ErrMalformed,
    ErrOAuthUrl,
    ErrInternal,
    ErrPanic,
    LinkCredential,
    LinkPasswordExpired,
    LinkProviderApi,
    LinkUnsupportedRegion,
    LinkDuplicate,
    LinkScopes,
    LinkMfaCode,
    LinkCancelled,
    LinkUnknown,
    NotOffered,
    Disconnected,
    ContinueHint,
    ContinueTo,
    AllProviders,
    DisconnectTitle,
    DisconnectHint,
    Disconnect,
    DisconnectNamed,
    Disconnecting,
    Cancel,
    ErrDisconnect,
    GuideMfp,
    DiaryKeyLabel,
    GuideLibre,
    GuideLibreView,
    CodeIntro,
}

/// Every key, in declaration order (`key as usize` is its place in a catalogue file).
pub const ALL_KEYS: &[T] = &[
    T::ListTitle,
    T::SearchLabel,
    T::GroupOAuth,
    T::GroupPassword,
    T::GroupEmail,
    T::GroupSdk,
    T::SdkNote,
    T::MarkConnected,
    T::MarkReconnect,
    T::NoProviders,
    T::NoMatch,
    T::Matches,
    T::ConnectTitle,
    T::SignInHint,
    T::UsernameLabel,
    T::PasswordLabel,
    T::ShowPassword,
    T::HidePassword,
    T::Connect,
    T::Connecting,
    T::SlowWait,
    T::Back,
    T::MfaTitle,
    T::MfaCodeLabel,
    T::MfaSent,
    T::MfaSentTo,
    T::MfaBySms,
    T::MfaByEmail,
    T::Verify,
    T::Verifying,
    T::EmailHint,
    T::EmailLabel,
    T::RegionLabel,
    T::Loading,
    T::Opening,
    T::TakingYou,
    T::ConnectedTitle,
    T::AccountConnected,
    T::SomeAccountConnected,
    T::ConnectAnother,
    T::FailedTitle,
    T::TryAgain,
    T::BackToProviders,
    T::InputCredentials,
    T::InputMfaCode,
    T::InputEmail,
    T::InputRegion,
    T::ErrConfig,
    T::ErrTokenEndpoint,
    T::ErrNetwork,
    T::ErrTimeout,
    T::ErrSession,
    T::ErrInvalidProvider,
    T::ErrInvalidUser,
    T::ErrInvalidCredentials,
    T::ErrValidation,
    T::ErrValidationDetail,
    T::ErrTooMany,
    T::ErrServer,
    T::ErrHttp,
    T::ErrMalformed,
    T::ErrOAuthUrl,
    T::ErrInternal,
    T::ErrPanic,
    T::LinkCredential,
    T::LinkPasswordExpired,
    T::LinkProviderApi,
    T::LinkUnsupportedRegion,
    T::LinkDuplicate,
    T::LinkScopes,
    T::LinkMfaCode,
    T::LinkCancelled,
    T::LinkUnknown,
    T::NotOffered,
    T::Disconnected,
    T::ContinueHint,
    T::ContinueTo,
    T::AllProviders,
    T::DisconnectTitle,
    T::DisconnectHint,
    T::Disconnect,
    T::DisconnectNamed,
    T::Disconnecting,
    T::Cancel,
    T::ErrDisconnect,
    T::GuideMfp,
    T::DiaryKeyLabel,
    T::GuideLibre,
    T::GuideLibreView,
    T::CodeIntro,
];

mod english;
use english::en;

mod errors;

// The other languages' messages: the source of the catalogue files, compiled natively
// only (the wasm fetches them).
#[cfg(not(target_arch = "wasm32"))]
mod translations;
#[cfg(not(target_arch = "wasm32"))]
use translations::*;

/// The catalogues fetched in the browser, kept for the life of the page.
#[cfg(target_arch = "wasm32")]
pub mod loaded {
    use super::{Locale, T};
    use std::cell::RefCell;

    thread_local! {
        /// Each fetched catalogue, its messages leaked once so they are `'static` like
        /// the English ones (a few KB per language, per page).
        static CATALOGUES: RefCell<Vec<(Locale, Vec<&'static str>)>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn text(locale: Locale, key: T) -> Option<&'static str> {
        CATALOGUES.with(|c| {
            c.borrow()
                .iter()
                .find(|(l, _)| *l == locale)
                .and_then(|(_, messages)| messages.get(key as usize).copied())
                .filter(|m| !m.is_empty())
        })
    }

    /// Forgets every fetched catalogue (browser tests start each case afresh).
    #[doc(hidden)]
    pub fn forget_all() {
        CATALOGUES.with(|c| c.borrow_mut().clear());
    }

    /// English needs nothing; another language, its catalogue.
    pub fn is_ready(locale: Locale) -> bool {
        locale == Locale::En || CATALOGUES.with(|c| c.borrow().iter().any(|(l, _)| *l == locale))
    }

    /// Keeps a fetched catalogue (`messages` in the order of [`T`]): from now on the
    /// locale speaks from it.
    pub fn install(locale: Locale, messages: Vec<String>) {
        let messages = messages
            .into_iter()
            .map(|m| &*Box::leak(m.into_boxed_str()))
            .collect();
        CATALOGUES.with(|c| c.borrow_mut().push((locale, messages)));
    }
}
