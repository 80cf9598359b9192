//! The link flow as a pure state machine: `Flow::update(msg)` changes the state and
//! returns the effects to perform (API calls, navigation, events for the host). No DOM,
//! no network, no clock: the components render `Flow`, `runtime.rs` performs effects,
//! and the rules are tested natively (`tests/flow.rs`).
//!
//! - `messages`: what goes in ([`Msg`]) and what comes out ([`Effect`], [`HostEvent`]);
//! - `providers`: the providers offered, grouped and marked;
//! - `form`: the three forms as data, and what they send;
//! - `guide`: what each provider needs the user to know;
//! - `step`: what the user sees, and the status views' words;
//! - `update`: one function per message;
//! - `pairing`: Apple HealthKit by a code for the Junction Connect app: when it is
//!   connected.

mod form;
mod guide;
mod messages;
mod pairing;
mod providers;
mod step;
mod update;

pub use form::{is_plausible_email, Entries, Field, Form, FormKind};
pub use guide::{built_in_note, field_label, refusal_note};
pub use messages::{Effect, EventName, HostEvent, Msg};
pub use providers::{filtered, grouped, offered_providers, Mark, Provider};
pub use step::{Action, Go, Notice, Retry, Status, StatusKind, Step, ViewKey};

use crate::api::{ApiError, AuthKind, Connection};
use crate::i18n::Locale;
use crate::oauth_return::OAuthReturn;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub step: Step,
    /// The providers offered, filtered and ordered; empty until loaded.
    pub providers: Vec<Provider>,
    loaded: bool,
    filter: Option<Vec<String>>,
    /// The language of every text the components show.
    pub locale: Locale,
    /// `show-sdk-providers`: SDK-only providers are listed (not selectable).
    pub show_sdk: bool,
    /// The provider this page left for to sign in (redirect mode), remembered across
    /// the redirect by the runtime: an OAuth return names it, or one of the list, or
    /// none.
    pub left_for: Option<Provider>,
    /// The `provider` attribute: the provider to open directly once the list is in.
    pub named: Option<String>,
    /// Whether the first list has yet to decide on opening a provider directly.
    open_named: bool,
    /// A note above the list (cleared when the step changes).
    pub notice: Option<Notice>,
    /// The host can disconnect providers (`disconnect-url` or `disconnectProvider`).
    pub can_disconnect: bool,
    /// The host hands out pairing codes for the Junction Connect app (`link-code-url`
    /// or `fetchLinkCode`): with `show-sdk-providers`, Apple HealthKit is selectable.
    pub can_pair: bool,
    /// The user's connections, as the host last gave them.
    pub connections: Vec<Connection>,
    /// The providers connected in this session: marked whatever the host says, since
    /// its list may not have caught up yet.
    connected_here: Vec<String>,
    /// The providers disconnected in this session: unmarked whatever the host says,
    /// until connected again.
    disconnected_here: Vec<String>,
    /// Bumped whenever [`Flow::mark`] may answer differently: the list redraws its marks.
    pub marks: u32,
    /// Bumped on every request and every step change: a late answer to a request the
    /// user has moved on from is dropped.
    seq: u64,
}

impl Flow {
    /// `filter` is the `providers` attribute: the slugs to show, in that order.
    pub fn new(filter: Option<Vec<String>>) -> Flow {
        Flow {
            step: Step::Loading,
            providers: Vec::new(),
            loaded: false,
            filter,
            locale: Locale::En,
            show_sdk: false,
            left_for: None,
            named: None,
            open_named: true,
            notice: None,
            can_disconnect: false,
            can_pair: false,
            connections: Vec::new(),
            connected_here: Vec::new(),
            disconnected_here: Vec::new(),
            marks: 0,
            seq: 0,
        }
    }

    pub fn view_key(&self) -> ViewKey {
        match &self.step {
            Step::Loading => ViewKey::Loading,
            Step::List => ViewKey::List,
            Step::Form(form) => ViewKey::Form(form.kind, form.provider.slug.clone()),
            Step::Chosen { provider } => ViewKey::Chosen(provider.slug.clone()),
            Step::Redirecting { provider } => ViewKey::Redirecting(provider.slug.clone()),
            // Rebuilt as its request goes out and comes back (busy, then the error).
            Step::ConfirmDisconnect { provider, .. } => {
                ViewKey::ConfirmDisconnect(provider.slug.clone(), self.seq)
            }
            Step::Code { .. } => ViewKey::Code,
            Step::Connected { .. } => ViewKey::Connected,
            Step::Failed { .. } => ViewKey::Failed(self.seq),
        }
    }

    fn go(&mut self, step: Step) {
        self.seq += 1;
        self.step = step;
        self.notice = None;
    }

    fn slug(&self) -> Option<String> {
        self.step.provider().map(|p| p.slug.clone())
    }

    fn event(&self, name: EventName) -> Effect {
        Effect::Emit(HostEvent::Flow {
            name,
            provider: self.slug(),
        })
    }

    /// Error event, then the `ERROR` flow event, for the current provider.
    fn error_events(&self, error: &ApiError) -> [Effect; 2] {
        [
            Effect::Emit(HostEvent::Error {
                provider: self.slug(),
                error: error.clone(),
            }),
            self.event(EventName::Error),
        ]
    }

    /// How the list marks `slug`: connected here or by the host's word, or in need of
    /// connecting again.
    pub fn mark(&self, slug: &str) -> Option<Mark> {
        if self.connected_here.iter().any(|s| s == slug) {
            return Some(Mark::Connected);
        }
        if self.disconnected_here.iter().any(|s| s == slug) {
            return None;
        }
        let connection = self.connections.iter().find(|c| c.slug == slug)?;
        Some(if connection.broken {
            Mark::Reconnect
        } else {
            Mark::Connected
        })
    }

    /// Whether choosing `provider` shows a pairing code: Apple HealthKit, connected from
    /// Vital's Junction Connect iOS app, when the host hands out codes (and lists SDK
    /// providers).
    pub fn pairable(&self, provider: &Provider) -> bool {
        self.can_pair && self.show_sdk && provider.slug == PAIRED_PROVIDER
    }

    /// Whether choosing `provider` does something here: all but the SDK-only ones,
    /// which connect from the host's mobile app (Apple HealthKit may pair by a code).
    pub fn selectable(&self, provider: &Provider) -> bool {
        provider.kind != AuthKind::Sdk || self.pairable(provider)
    }

    /// Whether the host's word (its connections) is that `slug` is connected and works.
    fn host_says_connected(&self, slug: &str) -> bool {
        self.connections.iter().any(|c| c.slug == slug && !c.broken)
    }

    /// A connection was made: the list marks it from now on, and the host hears of it.
    fn succeed(&mut self, slug: Option<String>, auth_type: AuthKind) -> [Effect; 2] {
        self.connected_here.extend(slug.clone());
        if let Some(slug) = &slug {
            forget(&mut self.disconnected_here, slug);
        }
        self.marks += 1;
        [
            Effect::Emit(HostEvent::Success {
                provider: slug.clone(),
                auth_type,
            }),
            Effect::Emit(HostEvent::Flow {
                name: EventName::Success,
                provider: slug,
            }),
        ]
    }

    /// The list, and with it the user's connections that mark it.
    fn load(&mut self) -> Vec<Effect> {
        self.go(Step::Loading);
        vec![Effect::LoadProviders, Effect::LoadConnections]
    }

    fn fail(&mut self, error: ApiError, retry: Option<Retry>) -> Vec<Effect> {
        let provider = self.step.provider().cloned();
        let effects = self.error_events(&error).to_vec();
        self.go(Step::Failed {
            provider,
            error,
            retry,
        });
        effects
    }
}

/// The provider a pairing code connects.
pub const PAIRED_PROVIDER: &str = "apple_health_kit";

/// Takes `slug` out of `slugs`. (Not `retain`: each of its instances costs the wasm.)
fn forget(slugs: &mut Vec<String>, slug: &str) {
    while let Some(at) = slugs.iter().position(|s| s == slug) {
        slugs.swap_remove(at);
    }
}
