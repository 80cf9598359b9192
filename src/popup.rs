//! OAuth in a popup (`oauth-mode="popup"`): the window is opened in the click handler
//! itself (so popup blockers allow it), sent to the OAuth URL once it is known, and
//! ends either with a `postMessage` from the return page (same origin only) or by being
//! closed, which the flow reports as `user_cancelled`.

use crate::oauth_return::parse_oauth_return;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

/// The popup's window name: how the return page knows it is one.
pub const POPUP_NAME: &str = "vital-link-oauth";
const MESSAGE_TYPE: &str = "vital-link-oauth-return";

/// Opens an empty popup now (inside the user's click); `None` if it was blocked.
pub fn open() -> Option<Window> {
    web_sys::window()?
        .open_with_url_and_target_and_features(
            "about:blank",
            POPUP_NAME,
            "popup,width=520,height=720",
        )
        .ok()
        .flatten()
}

/// A popup being watched. Dropping it removes the listeners and closes the window.
pub struct Popup {
    window: Window,
    on_message: Closure<dyn Fn(MessageEvent)>,
    _on_tick: Closure<dyn Fn()>,
    interval: i32,
}

impl Popup {
    /// Sends `window` to `url` and calls `done` once: with the return page's query
    /// string, or `None` when the user closed the window first.
    pub fn watch(
        window: Window,
        url: &str,
        done: impl Fn(Option<String>) + 'static,
    ) -> Option<Popup> {
        let page = web_sys::window()?;
        let origin = crate::browser::page_origin();
        window.location().set_href(url).ok()?;
        let done = std::rc::Rc::new(done);

        let expected = window.clone();
        let on_return = done.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            // Only our own popup, on our own origin, may end the flow.
            let from_popup = event
                .source()
                .is_some_and(|s| JsValue::from(s) == JsValue::from(&expected));
            if event.origin() != origin || !from_popup {
                return;
            }
            let data = event.data();
            let kind = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|t| t.as_string());
            let search = js_sys::Reflect::get(&data, &"search".into())
                .ok()
                .and_then(|s| s.as_string());
            if let (Some(MESSAGE_TYPE), Some(search)) = (kind.as_deref(), search) {
                on_return(Some(search));
            }
        });
        page.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())
            .ok()?;

        let watched = window.clone();
        let on_closed = done;
        // The return page posts its message and then closes itself, and the browser
        // may run this timer before it delivers the message: only a window seen closed
        // on two ticks in a row was closed by the user.
        let seen_closed = std::cell::Cell::new(false);
        let on_tick = Closure::<dyn Fn()>::new(move || {
            if watched.closed().unwrap_or(true) && seen_closed.replace(true) {
                on_closed(None);
            }
        });
        let interval = page
            .set_interval_with_callback_and_timeout_and_arguments_0(
                on_tick.as_ref().unchecked_ref(),
                300,
            )
            .ok()?;
        Some(Popup {
            window,
            on_message,
            _on_tick: on_tick,
            interval,
        })
    }
}

impl Drop for Popup {
    fn drop(&mut self) {
        if let Some(page) = web_sys::window() {
            let _ = page.remove_event_listener_with_callback(
                "message",
                self.on_message.as_ref().unchecked_ref(),
            );
            page.clear_interval_with_handle(self.interval);
        }
        let _ = self.window.close();
    }
}

/// On the return page inside our popup: hands the OAuth result to the opener (same
/// origin only) and closes the popup. `true` if it did.
pub fn hand_back_to_opener() -> bool {
    let is_return = parse_oauth_return(&crate::browser::page_search()).is_some();
    // The opener is a window of another realm, which Rust's bindings cannot check
    // (`instanceof Window` is false for it): the posting is done in the element's JS.
    is_return && crate::browser::post_to_opener(POPUP_NAME, MESSAGE_TYPE)
}
