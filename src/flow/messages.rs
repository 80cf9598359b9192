//! What goes into the machine ([`Msg`]: user actions and the answers to effects) and
//! what comes out ([`Effect`]s for the runtime, among them [`HostEvent`]s).

use super::{Entries, FormKind};
use crate::api::{ApiError, AuthKind, Connection, LinkOutcome, SourceLink};
use crate::oauth_return::OAuthReturn;

/// Input to the machine: user actions and the results of effects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Start,
    ProvidersLoaded(Result<Vec<SourceLink>, ApiError>),
    Select(String),
    Back,
    Retry,
    /// The form on screen was submitted with these values.
    Submit(Entries),
    /// The answer to a submission; `seq` ties it to the request that caused it.
    LinkAnswered {
        seq: u64,
        result: Result<LinkOutcome, ApiError>,
    },
    OAuthUrl {
        seq: u64,
        result: Result<String, ApiError>,
    },
    OAuthReturned(OAuthReturn),
    /// The OAuth popup handed back its return page's query string (`Some`), or was
    /// closed by the user (`None`).
    PopupEnded(Option<String>),
    /// The runtime replaced the link token (reported to the host as an event).
    TokenRefreshed,
    /// The host set the `connections` property anew.
    ConnectionsChanged,
    /// The user's connections, from the host.
    Connections(Vec<Connection>),
    /// On the step that names one OAuth provider (`provider` attribute): go on to it.
    Continue,
    /// The user asked to disconnect this connected provider: confirm first.
    AskDisconnect(String),
    /// The user confirmed the disconnection on screen (or asked again after a failure).
    ConfirmDisconnect,
    /// The host's answer to a disconnection.
    Disconnected {
        seq: u64,
        result: Result<(), ApiError>,
    },
}

/// Names of `vital-link-event`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventName {
    Open,
    SelectProvider,
    SubmitCredentials,
    SubmitMfa,
    SubmitEmail,
    OpenOAuth,
    OAuthReturn,
    TokenRefresh,
    Back,
    Error,
    Success,
    /// Fired by the search box itself (src/browser.js), once typing pauses, with the
    /// number of results: not a step of the flow.
    Search,
    Disconnect,
    /// Fired by the pairing code's panel (src/loader/vital-link-pairing.js) when it
    /// shows a code (never the code itself): not a step of the flow.
    LinkCode,
}

impl EventName {
    pub const ALL: [EventName; 14] = [
        EventName::Open,
        EventName::SelectProvider,
        EventName::SubmitCredentials,
        EventName::SubmitMfa,
        EventName::SubmitEmail,
        EventName::OpenOAuth,
        EventName::OAuthReturn,
        EventName::TokenRefresh,
        EventName::Back,
        EventName::Error,
        EventName::Success,
        EventName::Search,
        EventName::Disconnect,
        EventName::LinkCode,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Open => "OPEN",
            EventName::SelectProvider => "SELECT_PROVIDER",
            EventName::SubmitCredentials => "SUBMIT_CREDENTIALS",
            EventName::SubmitMfa => "SUBMIT_MFA",
            EventName::SubmitEmail => "SUBMIT_EMAIL",
            EventName::OpenOAuth => "OPEN_OAUTH",
            EventName::OAuthReturn => "OAUTH_RETURN",
            EventName::TokenRefresh => "TOKEN_REFRESH",
            EventName::Back => "BACK",
            EventName::Error => "ERROR",
            EventName::Success => "SUCCESS",
            EventName::Search => "SEARCH",
            EventName::Disconnect => "DISCONNECT",
            EventName::LinkCode => "LINK_CODE",
        }
    }
}

/// Events for the host page, in the order they are to be fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostEvent {
    Ready {
        providers: usize,
    },
    Success {
        provider: Option<String>,
        auth_type: AuthKind,
    },
    Error {
        provider: Option<String>,
        error: ApiError,
    },
    Flow {
        name: EventName,
        provider: Option<String>,
    },
}

impl HostEvent {
    /// One event of each kind.
    pub const KINDS: [HostEvent; 4] = [
        HostEvent::Ready { providers: 0 },
        HostEvent::Success {
            provider: None,
            auth_type: AuthKind::OAuth,
        },
        HostEvent::Error {
            provider: None,
            error: ApiError::Timeout,
        },
        HostEvent::Flow {
            name: EventName::Open,
            provider: None,
        },
    ];

    /// The DOM event it is fired as.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Ready { .. } => "vital-link-ready",
            HostEvent::Success { .. } => "vital-link-success",
            HostEvent::Error { .. } => "vital-link-error",
            HostEvent::Flow { .. } => "vital-link-event",
        }
    }
}

/// Work for the runtime. Requests carry `seq`, echoed in the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    LoadProviders,
    /// Read the user's connections from the host (its property, else its URL), if it
    /// gives them.
    LoadConnections,
    /// Send a form: `POST` its values as a JSON object to its endpoint.
    Submit {
        seq: u64,
        kind: FormKind,
        slug: String,
        body: Entries,
    },
    FetchOAuthUrl {
        seq: u64,
        slug: String,
    },
    /// Ask the host to disconnect `slug` (its `disconnectProvider`, else its
    /// `disconnect-url`).
    Disconnect {
        seq: u64,
        slug: String,
    },
    Navigate(String),
    Emit(HostEvent),
}
