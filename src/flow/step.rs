//! What the user sees: the step of the flow, the key that decides when a view is
//! rebuilt, and the words of the views that only say where things stand.

use super::{Form, FormKind, Provider};
use crate::api::ApiError;
use crate::i18n::{Locale, T};

/// What the user sees now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Loading,
    List,
    Form(Form),
    /// Fetching the OAuth URL, then leaving the page (or waiting for the popup).
    Redirecting {
        provider: Provider,
    },
    /// `provider` is `None` after an OAuth return that named no provider this widget
    /// knows: the text is then generic, never the address bar's.
    Connected {
        provider: Option<Provider>,
    },
    Failed {
        provider: Option<Provider>,
        error: ApiError,
        retry: Option<Retry>,
    },
}

/// What "Try again" does on a failed step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retry {
    LoadProviders,
    OAuth(Provider),
}

/// Identifies a view: the components rebuild the DOM only when this changes, so an
/// input keeps its value and focus while `busy` or `error` change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewKey {
    Loading,
    List,
    Form(FormKind, String),
    Redirecting(String),
    Connected,
    Failed(u64),
}

/// The views that only say where things stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Loading,
    Redirecting,
    Connected,
    Failed,
}

/// A status view's content, in the widget's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    /// The heading; loading has none.
    pub title: Option<String>,
    pub message: String,
    /// A "Try again" button.
    pub retry: bool,
    /// The label of the way back to the list, if there is one.
    pub back: Option<T>,
}

impl Step {
    pub fn busy(&self) -> bool {
        match self {
            Step::Form(form) => form.busy,
            Step::Loading | Step::Redirecting { .. } => true,
            _ => false,
        }
    }

    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Step::Form(form) => form.error.as_ref(),
            Step::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn provider(&self) -> Option<&Provider> {
        match self {
            Step::Form(Form { provider, .. }) | Step::Redirecting { provider } => Some(provider),
            Step::Connected { provider, .. } | Step::Failed { provider, .. } => provider.as_ref(),
            Step::Loading | Step::List => None,
        }
    }

    /// The status view for this step; `None` for the list and the forms.
    pub fn status(&self, locale: Locale) -> Option<Status> {
        let name = self.provider().map_or("", |p| p.name.as_str());
        let named = |key| locale.fill(key, &[("name", name)]);
        Some(match self {
            Step::Loading => Status {
                kind: StatusKind::Loading,
                title: None,
                message: locale.text(T::Loading).to_owned(),
                retry: false,
                back: None,
            },
            Step::Redirecting { .. } => Status {
                kind: StatusKind::Redirecting,
                title: Some(named(T::Opening)),
                message: named(T::TakingYou),
                retry: false,
                back: Some(T::Back),
            },
            Step::Connected { provider } => Status {
                kind: StatusKind::Connected,
                title: Some(locale.text(T::ConnectedTitle).to_owned()),
                message: match provider {
                    Some(_) => named(T::AccountConnected),
                    None => locale.text(T::SomeAccountConnected).to_owned(),
                },
                retry: false,
                back: Some(T::ConnectAnother),
            },
            Step::Failed { error, retry, .. } => Status {
                kind: StatusKind::Failed,
                title: Some(locale.text(T::FailedTitle).to_owned()),
                message: error.user_message_in(locale),
                retry: retry.is_some(),
                // Without a list there is nothing to go back to.
                back: (!matches!(retry, Some(Retry::LoadProviders))).then_some(T::BackToProviders),
            },
            Step::List | Step::Form(_) => return None,
        })
    }
}
