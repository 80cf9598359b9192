//! The link flow as a pure state machine: `Flow::update(msg)` changes the state and
//! returns the effects to perform (API calls, navigation, events for the host). No DOM,
//! no network, no clock: the components render `Flow`, `runtime.rs` performs effects,
//! and the rules are tested natively (`tests/flow.rs`).

use crate::api::{
    ApiError, AuthKind, EmailBody, LinkOutcome, MfaBody, PasswordBody, ProviderMfa, SourceLink,
};
use crate::i18n::{Locale, T};
use crate::oauth_return::OAuthReturn;

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
        self.name
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_else(|| "?".into())
    }
}

fn is_http_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// What the user sees now. Form steps keep what was typed (never the password).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Loading,
    List,
    Password {
        provider: Provider,
        username: String,
        busy: bool,
        error: Option<ApiError>,
    },
    Mfa {
        provider: Provider,
        mfa: ProviderMfa,
        busy: bool,
        error: Option<ApiError>,
    },
    Email {
        provider: Provider,
        email: String,
        region: String,
        busy: bool,
        error: Option<ApiError>,
    },
    /// Fetching the OAuth URL, then leaving the page.
    Redirecting {
        provider: Provider,
    },
    Connected {
        provider: Option<Provider>,
        slug: Option<String>,
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
    Password(String),
    Mfa(String),
    Email(String),
    Redirecting(String),
    Connected,
    Failed(u64),
}

impl Step {
    pub fn busy(&self) -> bool {
        match self {
            Step::Password { busy, .. } | Step::Mfa { busy, .. } | Step::Email { busy, .. } => {
                *busy
            }
            Step::Loading | Step::Redirecting { .. } => true,
            _ => false,
        }
    }

    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Step::Password { error, .. } | Step::Mfa { error, .. } | Step::Email { error, .. } => {
                error.as_ref()
            }
            Step::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn provider(&self) -> Option<&Provider> {
        match self {
            Step::Password { provider, .. }
            | Step::Mfa { provider, .. }
            | Step::Email { provider, .. }
            | Step::Redirecting { provider } => Some(provider),
            Step::Connected { provider, .. } | Step::Failed { provider, .. } => provider.as_ref(),
            Step::Loading | Step::List => None,
        }
    }
}

/// Input to the machine: user actions and the results of effects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Start,
    ProvidersLoaded(Result<Vec<SourceLink>, ApiError>),
    Select(String),
    Back,
    Retry,
    SubmitPassword {
        username: String,
        password: String,
    },
    SubmitMfa {
        code: String,
    },
    SubmitEmail {
        email: String,
        region: String,
    },
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
    /// The runtime replaced the link token (reported to the host as an event).
    TokenRefreshed,
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
    SubmitPassword {
        seq: u64,
        slug: String,
        body: PasswordBody,
    },
    SubmitMfa {
        seq: u64,
        slug: String,
        body: MfaBody,
    },
    SubmitEmail {
        seq: u64,
        slug: String,
        body: EmailBody,
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
            seq: 0,
        }
    }

    pub fn view_key(&self) -> ViewKey {
        match &self.step {
            Step::Loading => ViewKey::Loading,
            Step::List => ViewKey::List,
            Step::Password { provider, .. } => ViewKey::Password(provider.slug.clone()),
            Step::Mfa { provider, .. } => ViewKey::Mfa(provider.slug.clone()),
            Step::Email { provider, .. } => ViewKey::Email(provider.slug.clone()),
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

    fn success_events(&self, slug: Option<String>, auth_type: AuthKind) -> [Effect; 2] {
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

    fn load(&mut self) -> Vec<Effect> {
        self.go(Step::Loading);
        vec![Effect::LoadProviders]
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Start => {
                let mut effects = vec![self.event(EventName::Open)];
                effects.extend(self.load());
                effects
            }
            Msg::ProvidersLoaded(result) => {
                if self.step != Step::Loading {
                    return vec![];
                }
                match result {
                    Ok(sources) => {
                        self.providers = offered_providers(sources, self.filter.as_deref());
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
                if self.step != Step::List {
                    return vec![];
                }
                let Some(provider) = self.providers.iter().find(|p| p.slug == slug).cloned() else {
                    return vec![];
                };
                let kind = provider.kind;
                self.go(match kind {
                    AuthKind::Password => Step::Password {
                        provider,
                        username: String::new(),
                        busy: false,
                        error: None,
                    },
                    AuthKind::Email => Step::Email {
                        provider,
                        email: String::new(),
                        region: "us".into(),
                        busy: false,
                        error: None,
                    },
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
                if self.step == Step::List || self.step == Step::Loading {
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
            Msg::SubmitPassword { username, password } => {
                let Step::Password {
                    provider,
                    busy: false,
                    ..
                } = &self.step
                else {
                    return vec![];
                };
                let provider = provider.clone();
                if username.trim().is_empty() || password.is_empty() {
                    return self.invalid_input(T::InputCredentials);
                }
                self.seq += 1;
                let slug = provider.slug.clone();
                self.step = Step::Password {
                    provider,
                    username: username.clone(),
                    busy: true,
                    error: None,
                };
                vec![
                    self.event(EventName::SubmitCredentials),
                    Effect::SubmitPassword {
                        seq: self.seq,
                        slug,
                        body: PasswordBody {
                            username: username.trim().to_owned(),
                            password,
                        },
                    },
                ]
            }
            Msg::SubmitMfa { code } => {
                let Step::Mfa {
                    provider,
                    mfa,
                    busy: false,
                    ..
                } = &self.step
                else {
                    return vec![];
                };
                let (provider, mfa) = (provider.clone(), mfa.clone());
                let code = code.trim().to_owned();
                if code.is_empty() {
                    return self.invalid_input(T::InputMfaCode);
                }
                self.seq += 1;
                let slug = provider.slug.clone();
                self.step = Step::Mfa {
                    provider,
                    mfa,
                    busy: true,
                    error: None,
                };
                vec![
                    self.event(EventName::SubmitMfa),
                    Effect::SubmitMfa {
                        seq: self.seq,
                        slug,
                        body: MfaBody { mfa_code: code },
                    },
                ]
            }
            Msg::SubmitEmail { email, region } => {
                let Step::Email {
                    provider,
                    busy: false,
                    ..
                } = &self.step
                else {
                    return vec![];
                };
                let provider = provider.clone();
                let email = email.trim().to_owned();
                let valid_region = crate::api::REGIONS.contains(&region.as_str());
                self.step = Step::Email {
                    provider: provider.clone(),
                    email: email.clone(),
                    region: region.clone(),
                    busy: false,
                    error: None,
                };
                if !is_plausible_email(&email) {
                    return self.invalid_input(T::InputEmail);
                }
                if !valid_region {
                    return self.invalid_input(T::InputRegion);
                }
                self.seq += 1;
                let slug = provider.slug.clone();
                self.step = Step::Email {
                    provider,
                    email: email.clone(),
                    region: region.clone(),
                    busy: true,
                    error: None,
                };
                vec![
                    self.event(EventName::SubmitEmail),
                    Effect::SubmitEmail {
                        seq: self.seq,
                        slug,
                        body: EmailBody { email, region },
                    },
                ]
            }
            Msg::LinkAnswered { seq, result } => {
                if seq != self.seq || !self.step.busy() {
                    return vec![];
                }
                let provider = self.step.provider().cloned();
                match result {
                    Ok(LinkOutcome::Success) => {
                        let Some(provider) = provider else {
                            return vec![];
                        };
                        let (slug, kind) = (provider.slug.clone(), provider.kind);
                        self.go(Step::Connected {
                            provider: Some(provider),
                            slug: Some(slug.clone()),
                        });
                        self.success_events(Some(slug), kind).to_vec()
                    }
                    Ok(LinkOutcome::PendingMfa(mfa)) => {
                        let Some(provider) = provider else {
                            return vec![];
                        };
                        self.go(Step::Mfa {
                            provider,
                            mfa,
                            busy: false,
                            error: None,
                        });
                        vec![]
                    }
                    Err(error) => {
                        // Stay on the form with what was typed; the submit button retries.
                        let effects = self.error_events(&error).to_vec();
                        self.seq += 1;
                        match &mut self.step {
                            Step::Password { busy, error: e, .. }
                            | Step::Mfa { busy, error: e, .. }
                            | Step::Email { busy, error: e, .. } => {
                                *busy = false;
                                *e = Some(error);
                            }
                            _ => {}
                        }
                        effects
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
                let provider = ret
                    .provider
                    .as_ref()
                    .and_then(|slug| self.providers.iter().find(|p| &p.slug == slug).cloned());
                let slug = ret.provider.clone();
                let mut effects = vec![Effect::Emit(HostEvent::Flow {
                    name: EventName::OAuthReturn,
                    provider: slug.clone(),
                })];
                match ret.result {
                    Ok(()) => {
                        self.go(Step::Connected {
                            provider,
                            slug: slug.clone(),
                        });
                        effects.extend(self.success_events(slug, AuthKind::OAuth));
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
            Msg::TokenRefreshed => vec![self.event(EventName::TokenRefresh)],
        }
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

    /// A form the widget will not send as it is: say why, stay on the form.
    fn invalid_input(&mut self, what: T) -> Vec<Effect> {
        match &mut self.step {
            Step::Password { error, .. } | Step::Mfa { error, .. } | Step::Email { error, .. } => {
                *error = Some(ApiError::Input(what));
            }
            _ => {}
        }
        vec![]
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
    let query = query.trim().to_lowercase();
    AuthKind::ORDER
        .iter()
        .map(|kind| {
            let members: Vec<&Provider> = providers
                .iter()
                .filter(|p| p.kind == *kind)
                .filter(|p| query.is_empty() || p.name.to_lowercase().contains(&query))
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
