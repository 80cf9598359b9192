//! `Flow::update`, one small function per message: what each does to the state, and
//! the effects it asks for. A message that does not fit the step on screen (a late
//! answer, a second click) changes nothing and asks for nothing.

use super::{
    Effect, Entries, EventName, Field, Flow, Form, FormKind, HostEvent, Msg, Notice, OAuthReturn,
    Provider, Retry, Step,
};
use crate::api::{
    ApiError, AuthKind, Connection, LinkError, LinkOutcome, ProviderMfa, Secret, SourceLink,
};
use crate::oauth_return::parse_oauth_return;

impl Flow {
    /// The one entry point: feeds `msg` to the machine.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Start => self.start(),
            Msg::ProvidersLoaded(result) => self.providers_loaded(result),
            Msg::Select(slug) => self.select(slug),
            Msg::Back => self.back(),
            Msg::Retry => self.retry(),
            Msg::Submit(entries) => self.submit(entries),
            Msg::LinkAnswered { seq, result } => self.link_answered(seq, result),
            Msg::OAuthUrl { seq, result } => self.oauth_url(seq, result),
            Msg::OAuthReturned(ret) => self.oauth_returned(ret),
            Msg::PopupEnded(search) => self.popup_ended(search),
            Msg::TokenRefreshed => vec![self.event(EventName::TokenRefresh)],
            Msg::ConnectionsChanged => vec![Effect::LoadConnections],
            Msg::Connections(connections) => self.connections_given(connections),
            Msg::Continue => self.continue_to_oauth(),
            Msg::AskDisconnect(slug) => self.ask_disconnect(slug),
            Msg::ConfirmDisconnect => self.confirm_disconnect(),
            Msg::Disconnected { seq, result } => self.disconnected(seq, result),
        }
    }

    fn start(&mut self) -> Vec<Effect> {
        let mut effects = vec![self.event(EventName::Open)];
        effects.extend(self.load());
        effects
    }

    fn providers_loaded(&mut self, result: Result<Vec<SourceLink>, ApiError>) -> Vec<Effect> {
        if !matches!(self.step, Step::Loading) {
            return vec![];
        }
        match result {
            Ok(sources) => {
                let offered = super::offered_providers(sources);
                // What the token offers, before the host's `providers` narrows it.
                let mut selectable = offered.iter().filter(|p| self.selectable(p));
                let sole = match (selectable.next(), selectable.next()) {
                    (Some(only), None) => Some(only.slug.clone()),
                    _ => None,
                };
                self.providers = super::filtered(offered, self.filter.as_deref());
                let show_sdk = self.show_sdk;
                self.providers
                    .retain(|p| show_sdk || p.kind != AuthKind::Sdk);
                self.loaded = true;
                self.go(Step::List);
                let mut effects = vec![Effect::Emit(HostEvent::Ready {
                    providers: self.providers.len(),
                })];
                if std::mem::take(&mut self.open_named) {
                    effects.extend(self.open_named_provider(sole));
                }
                effects
            }
            Err(error) => self.fail(error, Some(Retry::LoadProviders)),
        }
    }

    fn select(&mut self, slug: String) -> Vec<Effect> {
        if !matches!(self.step, Step::List) {
            return vec![];
        }
        match self.providers.iter().find(|p| p.slug == slug).cloned() {
            Some(provider) => self.open(provider, true),
            None => vec![],
        }
    }

    /// The provider `provider` names, or the only one the token offers (`sole`), opened
    /// without the list, as Vital's hosted Link does; a name not offered leaves the
    /// list, with a notice.
    fn open_named_provider(&mut self, sole: Option<String>) -> Vec<Effect> {
        let wanted = match (&self.named, sole) {
            (Some(slug), _) => slug.clone(),
            (None, Some(slug)) => slug,
            (None, None) => return vec![],
        };
        let found = self
            .providers
            .iter()
            .find(|p| p.slug == wanted && self.selectable(p))
            .cloned();
        match found {
            Some(provider) => self.open(provider, false),
            None if self.named.is_some() => {
                self.notice = Some(Notice::NotOffered(wanted));
                vec![]
            }
            // The token's only provider, left out by the host's `providers`.
            None => vec![],
        }
    }

    /// Opens `provider`'s form, or its OAuth sign-in: at once when the user `clicked`
    /// it (a popup must open inside the click), else on a step that waits for one.
    fn open(&mut self, provider: Provider, clicked: bool) -> Vec<Effect> {
        let kind = provider.kind;
        let slug = provider.slug.clone();
        let form = |kind| Step::Form(Form::new(kind, provider.clone(), ProviderMfa::default()));
        self.go(match kind {
            // Apple HealthKit, by a code for the Junction Connect app.
            AuthKind::Sdk if self.pairable(&provider) => Step::Code {
                was_connected: self.host_says_connected(&slug),
                provider,
            },
            // Connected from the host's mobile app, not here.
            AuthKind::Sdk => return vec![],
            AuthKind::Password => form(FormKind::Password),
            AuthKind::Email => form(FormKind::Email),
            AuthKind::OAuth if !clicked => Step::Chosen { provider },
            AuthKind::OAuth => Step::Redirecting { provider },
        });
        let mut effects = vec![self.event(EventName::SelectProvider)];
        if matches!(self.step, Step::Redirecting { .. }) {
            effects.push(Effect::FetchOAuthUrl {
                seq: self.seq,
                slug,
            });
        }
        effects
    }

    /// The user continues to the OAuth provider opened directly.
    fn continue_to_oauth(&mut self) -> Vec<Effect> {
        let Step::Chosen { provider } = &self.step else {
            return vec![];
        };
        let provider = provider.clone();
        let slug = provider.slug.clone();
        self.go(Step::Redirecting { provider });
        vec![Effect::FetchOAuthUrl {
            seq: self.seq,
            slug,
        }]
    }

    fn ask_disconnect(&mut self, slug: String) -> Vec<Effect> {
        if !self.can_disconnect || !matches!(self.step, Step::List) || self.mark(&slug).is_none() {
            return vec![];
        }
        let Some(provider) = self.providers.iter().find(|p| p.slug == slug).cloned() else {
            return vec![];
        };
        self.go(Step::ConfirmDisconnect {
            provider,
            busy: false,
            error: None,
        });
        vec![]
    }

    fn confirm_disconnect(&mut self) -> Vec<Effect> {
        let Step::ConfirmDisconnect {
            provider,
            busy: busy @ false,
            error,
        } = &mut self.step
        else {
            return vec![];
        };
        *busy = true;
        *error = None;
        let slug = provider.slug.clone();
        self.seq += 1;
        vec![Effect::Disconnect {
            seq: self.seq,
            slug,
        }]
    }

    fn disconnected(&mut self, seq: u64, result: Result<(), ApiError>) -> Vec<Effect> {
        if seq != self.seq {
            return vec![];
        }
        let Step::ConfirmDisconnect {
            provider,
            busy,
            error,
        } = &mut self.step
        else {
            return vec![];
        };
        match result {
            Ok(()) => {
                let Provider { slug, name, .. } = provider.clone();
                super::forget(&mut self.connected_here, &slug);
                self.disconnected_here.push(slug.clone());
                self.marks += 1;
                self.go(Step::List);
                self.notice = Some(Notice::Disconnected(name));
                vec![Effect::Emit(HostEvent::Flow {
                    name: EventName::Disconnect,
                    provider: Some(slug),
                })]
            }
            Err(failure) => {
                // Stay on the question with the error: confirming again retries.
                *busy = false;
                *error = Some(failure.clone());
                self.seq += 1;
                self.error_events(&failure).to_vec()
            }
        }
    }

    fn back(&mut self) -> Vec<Effect> {
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

    fn retry(&mut self) -> Vec<Effect> {
        let Step::Failed {
            retry: Some(retry), ..
        } = &self.step
        else {
            return vec![];
        };
        match retry.clone() {
            Retry::LoadProviders => self.load(),
            Retry::OAuth(provider) => {
                let slug = provider.slug.clone();
                self.go(Step::Redirecting { provider });
                vec![Effect::FetchOAuthUrl {
                    seq: self.seq,
                    slug,
                }]
            }
        }
    }

    fn link_answered(&mut self, seq: u64, result: Result<LinkOutcome, ApiError>) -> Vec<Effect> {
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

    fn oauth_url(&mut self, seq: u64, result: Result<String, ApiError>) -> Vec<Effect> {
        let Step::Redirecting { provider } = &self.step else {
            return vec![];
        };
        if seq != self.seq {
            return vec![];
        }
        let provider = provider.clone();
        match result {
            Ok(url) => vec![self.event(EventName::OpenOAuth), Effect::Navigate(url)],
            Err(error) => self.fail(error, Some(Retry::OAuth(provider))),
        }
    }

    fn oauth_returned(&mut self, ret: OAuthReturn) -> Vec<Effect> {
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
                effects.extend(self.error_events(&error));
            }
        }
        effects
    }

    fn popup_ended(&mut self, search: Option<String>) -> Vec<Effect> {
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
        self.oauth_returned(OAuthReturn {
            provider: Some(slug),
            result: ret.result,
        })
    }

    fn connections_given(&mut self, connections: Vec<Connection>) -> Vec<Effect> {
        self.connections = connections;
        self.marks += 1;
        self.check_paired()
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
}
