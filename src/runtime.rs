//! Performs what the state machine asks for: API calls, navigation, and the DOM events
//! the host listens to. `Ctx` is the one handle components get: `Copy`, so closures
//! in views can capture it freely.

use crate::api::client::{disconnected, fetch_text, Client, Outgoing};
use crate::api::json::{Json, JsonValue};
use crate::api::{connections_from, ApiError};
use crate::browser::{
    catalogue_url, dispatch, host_note, remember_provider, report_search, view_shown,
};
use crate::config::{Limits, DEFAULT_TIMEOUT_MS};
use crate::flow::{Effect, Flow, HostEvent, Msg, ViewKey};
use crate::i18n::{loaded, Locale};
use crate::popup::{self, Popup};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, Window};

/// Where OAuth happens, and how far a popup has got.
pub enum OAuthWindow {
    /// `oauth-mode="redirect"`: the page itself goes to the provider.
    Redirect,
    /// `oauth-mode="popup"`, with no popup open.
    PopupIdle,
    /// Opened in the click, waiting for its OAuth URL.
    PopupOpened(Window),
    /// Showing the provider's sign-in; dropping it closes it.
    PopupWatching(Popup),
}

/// The browser-side half of a session.
pub struct Runtime {
    /// `Err` when the element's configuration is unusable: every call then fails with
    /// that error, shown like any other.
    pub client: Result<Client, ApiError>,
    /// How long each kind of action may take.
    pub limits: Limits,
    /// Events are fired on this element (the `<vital-link>`).
    pub host: HtmlElement,
    /// Leaves the page for the OAuth URL; injectable so tests can stay on theirs.
    pub navigate: Box<dyn Fn(&str)>,
    /// Focus follows the flow only after the user has done something: the widget
    /// never steals focus from the host page on load.
    interacted: Cell<bool>,
    oauth: RefCell<OAuthWindow>,
    /// The session's shared state in src/browser.js: its events' id and start.
    pub session: JsValue,
}

impl Runtime {
    pub fn new(
        client: Result<Client, ApiError>,
        limits: Limits,
        host: HtmlElement,
        navigate: Box<dyn Fn(&str)>,
        popup_mode: bool,
        session: JsValue,
    ) -> Runtime {
        Runtime {
            client,
            limits,
            host,
            navigate,
            interacted: Cell::new(false),
            session,
            oauth: RefCell::new(if popup_mode {
                OAuthWindow::PopupIdle
            } else {
                OAuthWindow::Redirect
            }),
        }
    }

    /// Back to "no popup", closing one that was opened but never used.
    fn close_unused_popup(&self) {
        let mut oauth = self.oauth.borrow_mut();
        if let OAuthWindow::PopupOpened(window) = &*oauth {
            let _ = window.close();
            *oauth = OAuthWindow::PopupIdle;
        }
    }
}

#[derive(Clone, Copy)]
pub struct Ctx {
    pub flow: RwSignal<Flow>,
    /// The view on screen: changes only when the flow moves to another view, so
    /// typing, `busy` and errors update the view in place instead of rebuilding it.
    pub view: RwSignal<ViewKey>,
    /// Notified when the list's marks change (the host's connections, or one made).
    pub marks: Trigger,
    runtime: StoredValue<Rc<Runtime>, LocalStorage>,
}

impl Ctx {
    pub fn new(flow: Flow, runtime: Runtime) -> Ctx {
        Ctx {
            view: RwSignal::new(flow.view_key()),
            marks: Trigger::new(),
            flow: RwSignal::new(flow),
            runtime: StoredValue::new_local(Rc::new(runtime)),
        }
    }

    /// Feeds the state machine and performs the effects it returns. Safe to call after
    /// the widget was unmounted (a late answer is then dropped).
    pub fn send(self, msg: Msg) {
        let Some((effects, view, marked, shown)) = self.flow.try_update(|flow| {
            let (before, marks) = (flow.view_key(), flow.marks);
            let effects = flow.update(msg);
            let after = flow.view_key();
            let shown = after.name();
            (
                effects,
                (after != before).then_some(after),
                flow.marks != marks,
                shown,
            )
        }) else {
            return;
        };
        if marked {
            self.marks.notify();
        }
        if let Some(view) = view {
            self.view.set(view);
            self.shown(shown, self.interacted());
        }
        for effect in effects {
            self.perform(effect, shown);
        }
    }

    /// The search box was typed in (`input`): reported once typing pauses.
    pub fn searched(self, input: &web_sys::EventTarget, pause_ms: u32) {
        if let Some(rt) = self.runtime.try_get_value() {
            report_search(input, pause_ms, &rt.host, &rt.session);
        }
    }

    /// The host's own note for `slug` (its `providerNotes` property, slug to plain
    /// text), read when a view is built.
    pub fn host_note(self, slug: &str) -> Option<String> {
        host_note(&self.runtime.try_get_value()?.host, slug)
    }

    /// Builds the view on screen again (its texts changed language).
    pub fn redraw(self) {
        self.view.try_update(|_| ());
    }

    /// A message caused by the user (click, submit, key).
    pub fn user(self, msg: Msg) {
        if let Some(runtime) = self.runtime.try_get_value() {
            runtime.interacted.set(true);
        }
        self.send(msg);
    }

    fn interacted(self) -> bool {
        self.runtime
            .try_get_value()
            .is_some_and(|r| r.interacted.get())
    }

    /// A view was built. After a user action, focus goes to its first field or heading,
    /// so keyboard and screen-reader users follow the flow (the widget never steals focus
    /// from the host page on load); the code view gets its pairing panel. In the next
    /// frame: the view is rendered by then.
    fn shown(self, view: &str, focus: bool) {
        if let Some(rt) = self.runtime.try_get_value() {
            view_shown(&rt.host, view, focus, &rt.session);
        }
    }

    /// `view` is the name of the view on screen, for the host's events.
    fn perform(self, effect: Effect, view: &'static str) {
        let Some(rt) = self.runtime.try_get_value() else {
            return;
        };
        match effect {
            Effect::Emit(event) => emit(&rt.host, &event, &rt.session, view),
            Effect::Navigate(url) => {
                let previous = rt.oauth.replace(OAuthWindow::PopupIdle);
                let watched = match previous {
                    OAuthWindow::PopupOpened(window) => {
                        Popup::watch(window, &url, move |search| self.popup_ended(search))
                    }
                    other => {
                        rt.oauth.replace(other);
                        None
                    }
                };
                match watched {
                    Some(popup) => drop(rt.oauth.replace(OAuthWindow::PopupWatching(popup))),
                    // Redirect mode, or the popup was blocked: leave the page, and
                    // remember for the return which provider it left for.
                    None => {
                        if let Some(Some(p)) =
                            self.flow.try_with_untracked(|f| f.step.provider().cloned())
                        {
                            remember_provider(&p.slug, &p.name);
                        }
                        (rt.navigate)(&url)
                    }
                }
            }
            Effect::FetchOAuthUrl { .. } => {
                {
                    let mut oauth = rt.oauth.borrow_mut();
                    if !matches!(*oauth, OAuthWindow::Redirect) {
                        // Now, inside the click: a popup opened after an await is blocked.
                        *oauth = popup::open().map_or(OAuthWindow::PopupIdle, |window| {
                            OAuthWindow::PopupOpened(window)
                        });
                    }
                }
                spawn_local(self.request(rt, effect));
            }
            Effect::LoadProviders
            | Effect::LoadConnections
            | Effect::Submit { .. }
            | Effect::Disconnect { .. } => spawn_local(self.request(rt, effect)),
        }
    }

    /// Performs one request of the flow and answers it with one message. (One async
    /// function for all of them: each spawned future type costs its own wasm.)
    async fn request(self, rt: Rc<Runtime>, effect: Effect) {
        let refreshed = move || self.send(Msg::TokenRefreshed);
        let client = rt.client.as_ref().map_err(Clone::clone);
        let Limits {
            quick_ms,
            submit_ms,
        } = rt.limits;
        let answer = match effect {
            // Both answered by the host's own page (its property, else its URL): one
            // await for both, since each await in this future costs the wasm.
            Effect::LoadConnections | Effect::Disconnect { .. } => {
                let asked = client.map(|client| match &effect {
                    Effect::Disconnect { slug, .. } => client.disconnect(&rt.host, slug, quick_ms),
                    _ => client.connections(&rt.host, quick_ms),
                });
                let answer = match asked {
                    Ok(promise) => Ok(JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED)),
                    Err(error) => Err(error),
                };
                if let Effect::Disconnect { seq, .. } = effect {
                    let result = answer.and_then(|answer| disconnected(&answer));
                    self.send(Msg::Disconnected { seq, result });
                } else if let Some(value) = answer.ok().filter(|v| !v.is_undefined()) {
                    // (Without a usable configuration there is no list to mark.)
                    self.send(Msg::Connections(connections_from(&value)));
                }
                // Not the popup check below: a popup waiting for its OAuth URL stays.
                return;
            }
            Effect::LoadProviders => {
                Msg::ProvidersLoaded(async { client?.providers(quick_ms, &refreshed).await }.await)
            }
            Effect::FetchOAuthUrl { seq, slug } => Msg::OAuthUrl {
                seq,
                result: async { client?.oauth_url(&slug, quick_ms, &refreshed).await }.await,
            },
            Effect::Submit {
                seq,
                kind,
                slug,
                body,
            } => {
                let members: Vec<(&str, &str)> =
                    body.iter().map(|(f, v)| (f.key(), v.expose())).collect();
                let result = async {
                    let endpoint = kind.endpoint();
                    client?
                        .submit(endpoint, &slug, &members, submit_ms, &refreshed)
                        .await
                }
                .await;
                drop(members);
                drop(body); // what was typed is not kept past its request
                Msg::LinkAnswered { seq, result }
            }
            Effect::Navigate(_) | Effect::Emit(_) => return,
        };
        self.send(answer);
        // A popup still unused (an error, or the user went back): close it.
        rt.close_unused_popup();
    }

    /// The popup sent back its return URL (`Some`), or was closed (`None`).
    fn popup_ended(self, search: Option<String>) {
        // Not inside the popup's own callback: dropping it removes that callback.
        spawn_local(async move {
            if let Some(rt) = self.runtime.try_get_value() {
                rt.oauth.replace(OAuthWindow::PopupIdle);
            }
            self.send(Msg::PopupEnded(search));
        });
    }
}

/// The values of each host event's `detail`, in the order the contract lists them
/// (src/browser.js names them and adds what every event carries).
pub fn event_values(event: &HostEvent) -> js_sys::Array {
    let values = js_sys::Array::new();
    let text_or_null =
        |value: &Option<String>| value.as_deref().map_or(JsValue::NULL, JsValue::from);
    let push = |value: JsValue| {
        values.push(&value);
    };
    match event {
        HostEvent::Ready { providers } => push(JsValue::from(*providers as u32)),
        HostEvent::Success {
            provider,
            auth_type,
        } => {
            push(text_or_null(provider));
            push(auth_type.as_str().into());
        }
        HostEvent::Error { provider, error } => {
            push(text_or_null(provider));
            push(error.error_type().into());
            push(error.debug_message().into());
            push(
                error
                    .status()
                    .map_or(JsValue::NULL, |s| JsValue::from(s as u32)),
            );
        }
        HostEvent::Flow { name, provider } => {
            push(name.as_str().into());
            push(text_or_null(provider));
        }
    }
    values
}

/// Fires a `CustomEvent` that bubbles out of the shadow root to the host page, with
/// what every event of `session` carries (`view` is the view on screen).
pub fn emit(host: &HtmlElement, event: &HostEvent, session: &JsValue, view: &str) {
    dispatch(host, event.name(), &event_values(event), session, view);
}

/// Fetches the language's catalogue from beside the loader and hands it to `i18n`.
/// `false` when it could not be had: the widget then stays in English.
pub async fn load_catalogue(locale: Locale) -> bool {
    if loaded::is_ready(locale) {
        return true;
    }
    let url = catalogue_url(locale.tag());
    let request = Outgoing {
        method: "GET",
        url: &url,
        credentials: web_sys::RequestCredentials::SameOrigin,
        headers: &[],
        body: None,
    };
    let Ok((200, body)) = fetch_text(request, DEFAULT_TIMEOUT_MS, &JsValue::UNDEFINED).await else {
        return false;
    };
    let Some(items) = Json::parse(&body).ok().and_then(|v| v.items()) else {
        return false;
    };
    let messages = items.iter().map(|m| m.text().unwrap_or_default()).collect();
    loaded::install(locale, messages);
    true
}
