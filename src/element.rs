//! `<vital-link>`: the one module that knows about custom elements. A small JS class
//! (Leptos has no custom-element support) forwards the lifecycle to Rust, which mounts
//! a Leptos `Widget` into an open shadow root with the widget's CSS adopted there.

use crate::api::client::{Client, TokenSource};
use crate::api::ApiError;
use crate::browser::{
    define_vital_link, end_session, leave_for, page_lang, page_origin, page_search, prepare_root,
    recall_provider, replace_search, show_failure, start_session,
};
use crate::components::Widget;
use crate::config::{Attr, Attributes, Limits, Settings};
use crate::flow::{Flow, HostEvent, Msg, Provider};
use crate::i18n::{loaded, Locale, T};
use crate::oauth_return::{parse_oauth_return, strip_oauth_params};
use crate::runtime::{emit, load_catalogue, Ctx, Runtime};
use leptos::prelude::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// The widget's stylesheet, adopted into every shadow root (host CSS stays out, ours
/// stays in, and a strict CSP needs no `unsafe-inline` for it).
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/vital-link.css"));

/// The properties that hold the host's functions: setting one starts a fresh session.
const CALLBACKS: [&str; 3] = ["fetchLinkToken", "disconnectProvider", "fetchLinkCode"];

struct Mounted {
    host: HtmlElement,
    /// What the session was started with: a change to any of them starts a new one.
    attrs: Attributes,
    callbacks: [JsValue; 3],
    /// Ended on unmount: requests still in flight are aborted.
    session: JsValue,
    /// The session's handle (`None` only if Leptos did not build the view).
    ctx: Option<Ctx>,
    _handle: Box<dyn Any>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
}

/// Defines `<vital-link>` once per page, however often the module is loaded.
pub fn define() {
    let connect = Closure::<dyn Fn(HtmlElement)>::new(|el: HtmlElement| mount(&el));
    let disconnect = Closure::<dyn Fn(HtmlElement)>::new(|el: HtmlElement| unmount(&el));
    let changed = Closure::<dyn Fn(HtmlElement, bool)>::new(|el: HtmlElement, connections| {
        if is_stale(&el) {
            mount(&el);
        } else if connections {
            connections_changed(&el);
        }
    });
    let observed = Attr::ALL
        .iter()
        .filter(|a| a.restarts())
        .map(|a| JsValue::from(a.name()))
        .collect();
    let callbacks = CALLBACKS.iter().map(|&name| JsValue::from(name)).collect();
    if define_vital_link(observed, callbacks, &connect, &disconnect, &changed) {
        // The element class holds these for the life of the page.
        connect.forget();
        disconnect.forget();
        changed.forget();
    }
}

/// Mounted, but with other attributes or other host functions than its session
/// started with. (An element upgraded in place reports its initial attributes as
/// changes; those must not restart the session and replay an OAuth return.)
fn is_stale(el: &HtmlElement) -> bool {
    let attrs = read_attributes(el);
    let callbacks = callbacks(el);
    MOUNTED.with(|m| {
        m.borrow()
            .iter()
            .any(|x| &x.host == el && (x.attrs != attrs || x.callbacks != callbacks))
    })
}

/// The host set the `connections` property: the session reads it again, where it is
/// (a new session reads it anyway).
fn connections_changed(el: &HtmlElement) {
    let ctx = MOUNTED.with(|m| {
        m.borrow()
            .iter()
            .find(|x| &x.host == el)
            .and_then(|x| x.ctx)
    });
    if let Some(ctx) = ctx {
        ctx.send(Msg::ConnectionsChanged);
    }
}

/// The host's functions, in [`CALLBACKS`] order.
fn callbacks(el: &HtmlElement) -> [JsValue; 3] {
    let get = |name: &str| js_sys::Reflect::get(el, &name.into()).unwrap_or(JsValue::UNDEFINED);
    [get(CALLBACKS[0]), get(CALLBACKS[1]), get(CALLBACKS[2])]
}

/// Ends the element's session: its DOM, signals and pending answers go away.
pub fn unmount(el: &HtmlElement) {
    let removed: Vec<Mounted> = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let (gone, kept) = mounted.drain(..).partition(|x| &x.host == el);
        *mounted = kept;
        gone
    });
    for mounted in &removed {
        end_session(&mounted.session);
    }
    drop(removed); // dropped outside the borrow: unmounting runs Leptos cleanups
}

/// Starts a fresh session on `el`, leaving the page for OAuth with `location.assign`.
pub fn mount(el: &HtmlElement) {
    mount_with(el, Box::new(leave_for));
}

/// As [`mount`], with the navigation injected (tests stay on their page).
pub fn mount_with(el: &HtmlElement, navigate: Box<dyn Fn(&str)>) {
    unmount(el);
    let Some(container) = prepare_root(el, CSS) else {
        // No shadow root possible (the host attached a closed one): report, don't panic.
        emit(
            el,
            &HostEvent::Error {
                provider: None,
                error: ApiError::Config("the element's shadow root is not available".into()),
            },
            &start_session(el),
            "failed",
        );
        return;
    };

    let attrs = read_attributes(el);
    let callbacks = callbacks(el);
    let [token_fn, disconnect_fn, code_fn] = &callbacks;
    let origin = page_origin();
    let settings = attrs.resolve(&origin);
    let popup_mode = settings.as_ref().is_ok_and(|s| s.popup);
    let session = start_session(el);
    let limits = settings.as_ref().map_or(Limits::DEFAULT, |s| s.limits);
    let can_disconnect =
        disconnect_fn.is_function() || settings.as_ref().is_ok_and(|s| s.disconnect_url.is_some());
    // (The code view's panel reads `link-code-url` itself.)
    let can_pair = code_fn.is_function() || attrs.has(Attr::LinkCodeUrl);
    let client = settings.and_then(|settings| make_client(token_fn, settings, session.clone()));
    // On the return page inside our own OAuth popup, the result goes to the opener,
    // and only there: this widget (in a closing window) starts afresh.
    let handed_back = crate::popup::hand_back_to_opener();
    let oauth_return = if handed_back {
        None
    } else {
        take_oauth_return()
    };
    let mut flow = Flow::new(attrs.provider_filter());
    flow.locale = locale_of(el);
    flow.show_sdk = attrs.has(Attr::ShowSdkProviders);
    flow.named = attrs.get(Attr::Provider).map(str::to_owned);
    flow.can_disconnect = can_disconnect;
    flow.can_pair = can_pair;
    if oauth_return.is_some() {
        flow.left_for = recall_provider().map(|kept| {
            let text = |i| kept.get(i).as_string().unwrap_or_default();
            Provider::remembered(text(0), text(1))
        });
    }
    let host = el.clone();
    let runtime_session = session.clone();
    // The view's builder makes the session's `Ctx` (inside Leptos' owner); it is kept
    // so the host's later `connections` reach it.
    let made = Rc::new(Cell::new(None));
    let slot = made.clone();

    let handle = leptos::mount::mount_to(container, move || {
        let locale = flow.locale;
        let runtime = Runtime::new(client, limits, host, navigate, popup_mode, runtime_session);
        let ctx = Ctx::new(flow, runtime);
        slot.set(Some(ctx));
        // Start after the current task, so a host that adds its listeners right after
        // inserting the element still hears every event.
        // The language's catalogue is fetched alongside the token and the list (the
        // widget starts in English meanwhile); the view is redrawn once it is here.
        leptos::task::spawn_local(async move {
            ctx.send(match oauth_return {
                Some(ret) => Msg::OAuthReturned(ret),
                None => Msg::Start,
            });
            if !loaded::is_ready(locale) && load_catalogue(locale).await {
                ctx.redraw();
            }
        });
        view! { <Widget ctx /> }
    });
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            host: el.clone(),
            callbacks,
            attrs,
            session,
            ctx: made.get(),
            _handle: Box::new(handle),
        })
    });
}

/// The `locale` attribute, else the page's `<html lang>`, else English.
fn locale_of(el: &HtmlElement) -> Locale {
    Locale::resolve(
        el.get_attribute(Attr::Locale.name()).as_deref(),
        page_lang(el).as_deref(),
    )
}

fn read_attributes(el: &HtmlElement) -> Attributes {
    Attributes::read(|name| el.get_attribute(name))
}

/// The client for this session, or the configuration error every call will report.
fn make_client(
    token_fn: &JsValue,
    settings: Settings,
    session: JsValue,
) -> Result<Client, ApiError> {
    // `fetchLinkToken` wins over `token-url`.
    let callback = token_fn.dyn_ref::<js_sys::Function>().cloned();
    let url = callback.is_none().then_some(settings.token_url).flatten();
    // The session's early answers are used only for the same URL (and the list only
    // with the same token): a changed token-url or api-base, or tokens from
    // fetchLinkToken, ask anew.
    let tokens = match (callback, url) {
        (Some(callback), _) => TokenSource::Callback(callback),
        (None, Some(url)) => TokenSource::Url(url),
        (None, None) => {
            return Err(ApiError::Config(
                "set the token-url attribute or the fetchLinkToken property".into(),
            ))
        }
    };
    Ok(Client::new(
        &settings.api_base,
        tokens,
        session,
        settings.connections_url,
        settings.disconnect_url,
    ))
}

/// Reads an OAuth return from the page URL and removes its parameters from the
/// address bar (keeping the host's own), so a reload does not replay it.
fn take_oauth_return() -> Option<crate::oauth_return::OAuthReturn> {
    let search = page_search();
    let parsed = parse_oauth_return(&search)?;
    replace_search(&strip_oauth_params(&search));
    Some(parsed)
}

/// A panic is a bug, but the user must still see something and the host must hear
/// about it: every mounted widget shows a static message and fires `vital-link-error`.
pub fn install_panic_hook() {
    // The panic's own message only: formatting its location as well would bring
    // Rust's number formatting into the wasm, for a bug that should never happen.
    std::panic::set_hook(Box::new(|info| {
        report_panic(info.payload_as_str().unwrap_or("the widget panicked"))
    }));
}

/// What the panic hook does, callable on its own so tests can check it without
/// poisoning the test page's WebAssembly instance with a real panic.
#[doc(hidden)]
pub fn report_panic(message: &str) {
    web_sys::console::error_2(&"vital-link:".into(), &message.into());
    let hosts: Vec<(HtmlElement, JsValue)> = MOUNTED.with(|m| {
        m.try_borrow()
            .map(|m| {
                m.iter()
                    .map(|x| (x.host.clone(), x.session.clone()))
                    .collect()
            })
            .unwrap_or_default()
    });
    let error = ApiError::Internal(message.to_owned());
    for (host, session) in hosts {
        if let Some(root) = host.shadow_root() {
            // Built with the DOM, not markup: nothing from the panic goes into it, and
            // a panic must not run the (possibly broken) Leptos runtime.
            let loc = locale_of(&host);
            show_failure(&root, loc.text(T::FailedTitle), loc.text(T::ErrPanic));
        }
        emit(
            &host,
            &HostEvent::Error {
                provider: None,
                error: error.clone(),
            },
            &session,
            "failed",
        );
    }
}
