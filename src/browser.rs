//! Every binding to `src/browser.js`, the widget's own JavaScript: the element class,
//! DOM helpers that must not depend on the Leptos runtime, and `send`, the one place
//! requests leave the widget. The bottom layer of the wasm: it uses no other module.

use wasm_bindgen::prelude::*;
use web_sys::{AbortController, HtmlElement, ShadowRoot};

#[wasm_bindgen(module = "/src/browser.js")]
extern "C" {
    // The element (src/element.rs).
    pub fn define_vital_link(
        observed: js_sys::Array,
        callbacks: js_sys::Array,
        connect: &Closure<dyn Fn(HtmlElement)>,
        disconnect: &Closure<dyn Fn(HtmlElement)>,
        changed: &Closure<dyn Fn(HtmlElement, bool)>,
    ) -> bool;
    /// The session's shared state: the answers vital-link.js got early, what ends the
    /// session's requests, and its events' id and start.
    pub fn start_session(el: &HtmlElement) -> JsValue;
    pub fn end_session(session: &JsValue);
    /// The open shadow root, emptied, with the stylesheet `css` adopted, and a fresh
    /// container for the view in it (`None` where the host attached a closed root).
    pub fn prepare_root(el: &HtmlElement, css: &str) -> Option<HtmlElement>;
    /// Builds the provider list's rows in `container` from `groups` (as
    /// `components/list.rs` writes them), or says `empty`; only the rows whose marks
    /// changed are replaced, and a replaced row's button that had the focus has it again.
    pub fn fill_rows(container: &web_sys::Element, groups: &str, empty: Option<&str>);
    /// The page's `<html lang>`, if any.
    pub fn page_lang(el: &HtmlElement) -> Option<String>;
    /// In the next frame: focuses the view's `[data-focus]` element if `focus`, and
    /// gives the code view its panel.
    pub fn view_shown(host: &HtmlElement, view: &str, focus: bool, session: &JsValue);
    /// The page's query string (`location.search`).
    pub fn page_search() -> String;
    /// The page's origin.
    pub fn page_origin() -> String;
    /// The address bar with `search` as its query string (path and hash kept).
    pub fn replace_search(search: &str);
    /// Leaves the page for `url`.
    pub fn leave_for(url: &str);
    /// The static view after a panic, built without Leptos.
    pub fn show_failure(root: &ShadowRoot, title: &str, message: &str);
    /// Where the catalogue of the language `tag` is (`i18n/{tag}.json`).
    pub fn catalogue_url(tag: &str) -> String;

    // Events for the host page.
    /// Fires `name` with its `detail` members' `values` (in the contract's order),
    /// stamped with the session's id, `view` and the time since it opened.
    pub fn dispatch(
        host: &HtmlElement,
        name: &str,
        values: &js_sys::Array,
        session: &JsValue,
        view: &str,
    );
    /// The host's own note for `slug` (its `providerNotes`), if it gave one.
    pub fn host_note(host: &HtmlElement, slug: &str) -> Option<String>;
    /// The search box was typed in: a `SEARCH` event once typing pauses for `ms`.
    pub fn report_search(
        input: &web_sys::EventTarget,
        ms: u32,
        host: &HtmlElement,
        session: &JsValue,
    );

    // OAuth: the provider this tab left for, and the popup's hand-back.
    pub fn remember_provider(slug: &str, name: &str);
    /// `[slug, name]`, once.
    pub fn recall_provider() -> Option<js_sys::Array>;
    pub fn post_to_opener(name: &str, message_type: &str) -> bool;
    /// One component of a query string (no `&`), as `URLSearchParams` reads it.
    pub fn decode_component(s: &str) -> String;

    // Requests (src/api/client.rs).
    /// `[status, body text]`: the session's early answer for the request, or a fetch;
    /// aborted by `controller` after `ms` or when the session ends.
    pub fn send(
        session: &JsValue,
        request: &web_sys::Request,
        controller: &AbortController,
        ms: u32,
    ) -> js_sys::Promise;
    /// The request is answered and read: its time limit no longer applies.
    pub fn settle(controller: &AbortController);
    /// `promise`, or `timed_out` after `ms`, whichever comes first.
    pub fn within(
        promise: &js_sys::Promise,
        ms: u32,
        timed_out: &js_sys::Object,
    ) -> js_sys::Promise;
    /// Disconnects `slug` through the host (its `disconnectProvider`, else `url`):
    /// `null` when done, else `[status or null, reason]`.
    pub fn disconnect(
        host: &HtmlElement,
        session: &JsValue,
        url: Option<&str>,
        slug: &str,
        ms: u32,
    ) -> js_sys::Promise;
    /// The host's connections: its property, else its URL's JSON, else `undefined`.
    pub fn connections(
        host: &HtmlElement,
        session: &JsValue,
        url: Option<&str>,
        ms: u32,
    ) -> js_sys::Promise;
}
