//! The link flow as a pure state machine: `Flow::update(msg)` changes the state and
//! returns the effects to perform (API calls, navigation, events for the host). No DOM,
//! no network, no clock: the components render `Flow`, `runtime.rs` performs effects,
//! and the rules are tested natively (`tests/flow.rs`).

use crate::api::{
    ApiError, AuthKind, Connection, LinkError, LinkOutcome, ProviderMfa, Secret, SourceLink,
    REGIONS,
};
use crate::i18n::{Locale, T};
use crate::oauth_return::{parse_oauth_return, OAuthReturn};
use crate::text;

/// A provider the widget can offer (its auth type is one a browser can complete).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Only `http(s)` logo URLs are kept; anything else falls back to the monogram.
    pub logo: Option<String>,
    pub kind: AuthKind,
}

impl Provider {
    /// The provider a page left for, as remembered across the redirect: what an OAuth
    /// return's view needs (it is named), nothing more.
    pub fn remembered(slug: String, name: String) -> Provider {
        Provider {
            slug,
            name,
            description: String::new(),
            logo: None,
            kind: AuthKind::OAuth,
        }
    }

    pub fn from_source(source: SourceLink) -> Option<Provider> {
        let kind = source.kind()?;
        Some(Provider {
            logo: source.logo.filter(|l| is_http_url(l)),
            name: if source.name.trim().is_empty() {
                source.slug.clone()
            } else {
                source.name
            },
            description: source.description.unwrap_or_default(),
            slug: source.slug,
            kind,
        })
    }

    /// The letter shown when there is no logo, or it fails to load.
    pub fn monogram(&self) -> String {
        text::first_alphanumeric(&self.name)
            .map(|c| text::uppercase(&c))
            .unwrap_or_else(|| "?".into())
    }
}

fn is_http_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The three forms. Each is data: its fields, the endpoint it is sent to, and the
/// event that reports it; one view renders them all and one request sends them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// Username and password (`POST /v2/link/provider/password/{slug}`).
    Password,
    /// The code the provider sent (`.../password/{slug}/complete_mfa`).
    Mfa,
    /// Email and region (`POST /v2/link/provider/email/{slug}`).
    Email,
}

impl FormKind {
    pub fn fields(self) -> &'static [Field] {
        match self {
            FormKind::Password => &[Field::Username, Field::Password],
            FormKind::Mfa => &[Field::MfaCode],
            FormKind::Email => &[Field::Email, Field::Region],
        }
    }

    /// The API path around the (encoded) provider slug.
    pub fn endpoint(self) -> (&'static str, &'static str) {
        match self {
            FormKind::Password => ("/v2/link/provider/password/", ""),
            FormKind::Mfa => ("/v2/link/provider/password/", "/complete_mfa"),
            FormKind::Email => ("/v2/link/provider/email/", ""),
        }
    }

    pub fn event(self) -> EventName {
        match self {
            FormKind::Password => EventName::SubmitCredentials,
            FormKind::Mfa => EventName::SubmitMfa,
            FormKind::Email => EventName::SubmitEmail,
        }
    }
}

impl Form {
    /// The heading.
    pub fn title(&self, locale: Locale) -> String {
        match self.kind {
            FormKind::Mfa => locale.text(T::MfaTitle).to_owned(),
            _ => locale.fill(T::ConnectTitle, &[("name", &self.provider.name)]),
        }
    }

    /// The line under the heading: what to type, or where the code went.
    pub fn hint(&self, locale: Locale) -> String {
        let name = self.provider.name.as_str();
        match self.kind {
            FormKind::Password => locale.fill(T::SignInHint, &[("name", name)]),
            FormKind::Email => locale.fill(T::EmailHint, &[("name", name)]),
            FormKind::Mfa => {
                let by = match self.mfa.method.as_str() {
                    "sms" => locale.text(T::MfaBySms),
                    "email" => locale.text(T::MfaByEmail),
                    _ => "",
                };
                let hint = self.mfa.hint.trim();
                if hint.is_empty() {
                    locale.fill(T::MfaSent, &[("name", name), ("by", by)])
                } else {
                    locale.fill(T::MfaSentTo, &[("name", name), ("by", by), ("hint", hint)])
                }
            }
        }
    }

    /// The submit button's label, idle and while the request is in flight.
    pub fn submit_labels(&self) -> (T, T) {
        match self.kind {
            FormKind::Mfa => (T::Verify, T::Verifying),
            _ => (T::Connect, T::Connecting),
        }
    }
}

/// One input of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Username,
    Password,
    MfaCode,
    Email,
    Region,
}

impl Field {
    /// The member of the request body (and the input's `name`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::Password => "password",
            Field::MfaCode => "mfa_code",
            Field::Email => "email",
            Field::Region => "region",
        }
    }

    /// Sent once and never kept: not in the state, and cleared from its input.
    pub fn is_secret(self) -> bool {
        matches!(self, Field::Password | Field::MfaCode)
    }

    /// As it is sent: trimmed, except a password, whose spaces may be real.
    fn clean(self, value: &str) -> String {
        match self {
            Field::Password => value.to_owned(),
            _ => value.trim().to_owned(),
        }
    }

    /// Why the (cleaned) value cannot be sent as it is.
    fn problem(self, value: &str) -> Option<T> {
        let ok = match self {
            Field::Username | Field::Password | Field::MfaCode => !value.is_empty(),
            Field::Email => is_plausible_email(value),
            Field::Region => REGIONS.contains(&value),
        };
        (!ok).then_some(match self {
            Field::Username | Field::Password => T::InputCredentials,
            Field::MfaCode => T::InputMfaCode,
            Field::Email => T::InputEmail,
            Field::Region => T::InputRegion,
        })
    }
}

/// What typed values a submission carries, field by field.
pub type Entries = Vec<(Field, Secret)>;

/// A form on screen: which one, for which provider, and what it keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub provider: Provider,
    /// What was typed, so nothing is lost; never a secret field.
    pub values: Entries,
    /// What the provider said about the code it sent (MFA only).
    pub mfa: ProviderMfa,
    pub busy: bool,
    pub error: Option<ApiError>,
}

impl Form {
    fn new(kind: FormKind, provider: Provider, mfa: ProviderMfa) -> Form {
        let values = match kind {
            FormKind::Email => vec![(Field::Region, Secret::new("us"))],
            _ => Vec::new(),
        };
        Form {
            kind,
            provider,
            values,
            mfa,
            busy: false,
            error: None,
        }
    }

    /// What was last typed into `field` (`""` if nothing, and always for secrets).
    pub fn value(&self, field: Field) -> &str {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, v)| v.expose())
    }
}

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

/// What the list says about a provider the user has connected before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Connected,
    /// Its connection is in error (for a password provider, also an expired password).
    Reconnect,
}

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
}

impl EventName {
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
    Navigate(String),
    Emit(HostEvent),
}

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
    /// The user's connections, as the host last gave them.
    pub connections: Vec<Connection>,
    /// The providers connected in this session: marked whatever the host says, since
    /// its list may not have caught up yet.
    connected_here: Vec<String>,
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
            connections: Vec::new(),
            connected_here: Vec::new(),
            marks: 0,
            seq: 0,
        }
    }

    pub fn view_key(&self) -> ViewKey {
        match &self.step {
            Step::Loading => ViewKey::Loading,
            Step::List => ViewKey::List,
            Step::Form(form) => ViewKey::Form(form.kind, form.provider.slug.clone()),
            Step::Redirecting { provider } => ViewKey::Redirecting(provider.slug.clone()),
            Step::Connected { .. } => ViewKey::Connected,
            Step::Failed { .. } => ViewKey::Failed(self.seq),
        }
    }

    fn go(&mut self, step: Step) {
        self.seq += 1;
        self.step = step;
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
        let connection = self.connections.iter().find(|c| c.slug == slug)?;
        Some(if connection.broken {
            Mark::Reconnect
        } else {
            Mark::Connected
        })
    }

    /// A connection was made: the list marks it from now on, and the host hears of it.
    fn succeed(&mut self, slug: Option<String>, auth_type: AuthKind) -> [Effect; 2] {
        self.connected_here.extend(slug.clone());
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

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Start => {
                let mut effects = vec![self.event(EventName::Open)];
                effects.extend(self.load());
                effects
            }
            Msg::ProvidersLoaded(result) => {
                if !matches!(self.step, Step::Loading) {
                    return vec![];
                }
                match result {
                    Ok(sources) => {
                        self.providers = offered_providers(sources, self.filter.as_deref());
                        let show_sdk = self.show_sdk;
                        self.providers
                            .retain(|p| show_sdk || p.kind != AuthKind::Sdk);
                        self.loaded = true;
                        self.go(Step::List);
                        vec![Effect::Emit(HostEvent::Ready {
                            providers: self.providers.len(),
                        })]
                    }
                    Err(error) => self.fail(error, Some(Retry::LoadProviders)),
                }
            }
            Msg::Select(slug) => {
                if !matches!(self.step, Step::List) {
                    return vec![];
                }
                let Some(provider) = self.providers.iter().find(|p| p.slug == slug).cloned() else {
                    return vec![];
                };
                let kind = provider.kind;
                self.go(match kind {
                    // Connected from the host's mobile app, not here.
                    AuthKind::Sdk => return vec![],
                    AuthKind::Password => Step::Form(Form::new(
                        FormKind::Password,
                        provider,
                        ProviderMfa::default(),
                    )),
                    AuthKind::Email => {
                        Step::Form(Form::new(FormKind::Email, provider, ProviderMfa::default()))
                    }
                    AuthKind::OAuth => Step::Redirecting { provider },
                });
                let mut effects = vec![self.event(EventName::SelectProvider)];
                if kind == AuthKind::OAuth {
                    effects.push(Effect::FetchOAuthUrl {
                        seq: self.seq,
                        slug,
                    });
                }
                effects
            }
            Msg::Back => {
                if matches!(self.step, Step::List | Step::Loading) {
                    return vec![];
                }
                let mut effects = vec![self.event(EventName::Back)];
                if self.loaded {
                    self.go(Step::List);
                } else {
                    effects.extend(self.load());
                }
                effects
            }
            Msg::Retry => match &self.step {
                Step::Failed {
                    retry: Some(Retry::LoadProviders),
                    ..
                } => self.load(),
                Step::Failed {
                    retry: Some(Retry::OAuth(provider)),
                    ..
                } => {
                    let provider = provider.clone();
                    let slug = provider.slug.clone();
                    self.go(Step::Redirecting { provider });
                    vec![Effect::FetchOAuthUrl {
                        seq: self.seq,
                        slug,
                    }]
                }
                _ => vec![],
            },
            Msg::Submit(entries) => self.submit(entries),
            Msg::LinkAnswered { seq, result } => {
                if seq != self.seq {
                    return vec![];
                }
                let Step::Form(form) = &mut self.step else {
                    return vec![];
                };
                if !form.busy {
                    return vec![];
                }
                match result {
                    Ok(LinkOutcome::Success) => {
                        let provider = form.provider.clone();
                        let (slug, kind) = (provider.slug.clone(), provider.kind);
                        self.go(Step::Connected {
                            provider: Some(provider),
                        });
                        self.succeed(Some(slug), kind).to_vec()
                    }
                    Ok(LinkOutcome::PendingMfa(mfa)) => {
                        let provider = form.provider.clone();
                        self.go(Step::Form(Form::new(FormKind::Mfa, provider, mfa)));
                        vec![]
                    }
                    Err(error) => {
                        // Stay on the form with what was typed; the submit button retries.
                        form.busy = false;
                        form.error = Some(error.clone());
                        self.seq += 1;
                        self.error_events(&error).to_vec()
                    }
                }
            }
            Msg::OAuthUrl { seq, result } => {
                let Step::Redirecting { provider } = &self.step else {
                    return vec![];
                };
                if seq != self.seq {
                    return vec![];
                }
                let provider = provider.clone();
                match result {
                    Ok(url) => vec![self.event(EventName::OpenOAuth), Effect::Navigate(url)],
                    Err(error) => {
                        let retry = Some(Retry::OAuth(provider));
                        self.fail(error, retry)
                    }
                }
            }
            Msg::OAuthReturned(ret) => {
                // Only a provider the widget knows is named (in the view and events).
                let provider = ret.provider.as_ref().and_then(|slug| {
                    self.providers
                        .iter()
                        .chain(&self.left_for)
                        .find(|p| &p.slug == slug)
                        .cloned()
                });
                let slug = provider.as_ref().map(|p| p.slug.clone());
                let mut effects = vec![Effect::Emit(HostEvent::Flow {
                    name: EventName::OAuthReturn,
                    provider: slug.clone(),
                })];
                match ret.result {
                    Ok(()) => {
                        self.go(Step::Connected { provider });
                        effects.extend(self.succeed(slug, AuthKind::OAuth));
                    }
                    Err(error) => {
                        self.go(Step::Failed {
                            provider,
                            error: error.clone(),
                            retry: None,
                        });
                        effects.push(Effect::Emit(HostEvent::Error {
                            provider: slug.clone(),
                            error,
                        }));
                        effects.push(Effect::Emit(HostEvent::Flow {
                            name: EventName::Error,
                            provider: slug,
                        }));
                    }
                }
                effects
            }
            Msg::PopupEnded(search) => {
                // Only while waiting for it: the user may have gone back meanwhile.
                let Step::Redirecting { provider } = &self.step else {
                    return vec![];
                };
                let slug = provider.slug.clone();
                let ret = search
                    .as_deref()
                    .and_then(parse_oauth_return)
                    .unwrap_or(OAuthReturn {
                        provider: None,
                        result: Err(ApiError::Link {
                            status: None,
                            error_type: LinkError::UserCancelled,
                            detail: Some("the sign-in window was closed".into()),
                        }),
                    });
                // The provider is the one the popup was opened for, whatever its URL says.
                self.update(Msg::OAuthReturned(OAuthReturn {
                    provider: Some(slug),
                    result: ret.result,
                }))
            }
            Msg::TokenRefreshed => vec![self.event(EventName::TokenRefresh)],
            Msg::ConnectionsChanged => vec![Effect::LoadConnections],
            Msg::Connections(connections) => {
                self.connections = connections;
                self.marks += 1;
                vec![]
            }
        }
    }

    /// The form on screen, submitted: cleaned, kept (but for secrets), checked, sent.
    fn submit(&mut self, entries: Entries) -> Vec<Effect> {
        let Step::Form(form) = &mut self.step else {
            return vec![];
        };
        if form.busy {
            return vec![];
        }
        let typed = |field: Field| {
            entries
                .iter()
                .find(|(f, _)| *f == field)
                .map_or("", |(_, v)| v.expose())
        };
        let body: Entries = form
            .kind
            .fields()
            .iter()
            .map(|&field| (field, Secret::new(field.clean(typed(field)))))
            .collect();
        form.values = body
            .iter()
            .filter(|(field, _)| !field.is_secret())
            .cloned()
            .collect();
        if let Some(problem) = body.iter().find_map(|(f, v)| f.problem(v.expose())) {
            // Not sent: say why, stay on the form.
            form.error = Some(ApiError::Input(problem));
            return vec![];
        }
        form.busy = true;
        form.error = None;
        let (kind, slug) = (form.kind, form.provider.slug.clone());
        self.seq += 1;
        vec![
            self.event(kind.event()),
            Effect::Submit {
                seq: self.seq,
                kind,
                slug,
                body,
            },
        ]
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

/// The providers to offer: web-completable auth types only, filtered and ordered by the
/// `providers` attribute when given (else the API's order), without duplicate slugs.
pub fn offered_providers(sources: Vec<SourceLink>, filter: Option<&[String]>) -> Vec<Provider> {
    let mut offered: Vec<Provider> = Vec::new();
    for provider in sources.into_iter().filter_map(Provider::from_source) {
        if !offered.iter().any(|p| p.slug == provider.slug) {
            offered.push(provider);
        }
    }
    match filter {
        Some(slugs) => slugs
            .iter()
            .filter_map(|slug| offered.iter().find(|p| &p.slug == slug).cloned())
            .fold(Vec::new(), |mut acc: Vec<Provider>, p| {
                if !acc.iter().any(|q| q.slug == p.slug) {
                    acc.push(p);
                }
                acc
            }),
        None => offered,
    }
}

/// Providers grouped by how they connect, groups in the contract's order, empty groups
/// left out; `query` filters by name (case-insensitive, as the user types).
pub fn grouped<'a>(providers: &'a [Provider], query: &str) -> Vec<(AuthKind, Vec<&'a Provider>)> {
    let query = text::lowercase(query.trim());
    AuthKind::ORDER
        .iter()
        .map(|kind| {
            let members: Vec<&Provider> = providers
                .iter()
                .filter(|p| p.kind == *kind)
                .filter(|p| query.is_empty() || text::includes(&text::lowercase(&p.name), &query))
                .collect();
            (*kind, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect()
}

/// The `providers` attribute: comma-separated slugs, blanks ignored.
pub fn parse_provider_filter(attr: Option<&str>) -> Option<Vec<String>> {
    let slugs: Vec<String> = attr?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    (!slugs.is_empty()).then_some(slugs)
}

/// A light check before sending (the API validates for real): one `@`, something
/// before it, a dot in the domain, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}
