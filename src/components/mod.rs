//! Components that render `Flow`. They hold only what is being typed; everything else
//! comes from the state machine through `Ctx`.

mod forms;
mod list;
mod outcome;

use crate::flow::{Msg, ViewKey};
use crate::i18n::{Locale, T};
use crate::runtime::Ctx;
use forms::{EmailForm, MfaForm, PasswordForm};
use leptos::html;
use leptos::prelude::*;
use list::ProviderList;
use outcome::{Connected, Failed, Loading, Redirecting};
use wasm_bindgen::JsCast;

/// The whole widget. The DOM of a view is built once per `ViewKey`, so typing,
/// `busy` and errors update in place and inputs keep their values.
#[component]
pub fn Widget(ctx: Ctx) -> impl IntoView {
    let key = Memo::new(move |_| ctx.flow.with(|f| f.view_key()));
    let root = NodeRef::<html::Div>::new();

    // Each new view after a user action puts focus on its first field or heading,
    // so keyboard and screen-reader users follow the flow.
    Effect::new(move |_| {
        key.track();
        if !ctx.interacted() {
            return;
        }
        if let Some(target) = root
            .get()
            .and_then(|r| r.query_selector("[data-focus]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = target.focus();
        }
    });

    view! {
        <div class="vl" part="root" node_ref=root>
            {move || match key.get() {
                ViewKey::Loading => view! { <Loading ctx /> }.into_any(),
                ViewKey::List => view! { <ProviderList ctx /> }.into_any(),
                ViewKey::Password(_) => view! { <PasswordForm ctx /> }.into_any(),
                ViewKey::Mfa(_) => view! { <MfaForm ctx /> }.into_any(),
                ViewKey::Email(_) => view! { <EmailForm ctx /> }.into_any(),
                ViewKey::Redirecting(_) => view! { <Redirecting ctx /> }.into_any(),
                ViewKey::Connected => view! { <Connected ctx /> }.into_any(),
                ViewKey::Failed(_) => view! { <Failed ctx /> }.into_any(),
            }}
        </div>
    }
}

/// The control back to the provider list, on every step after it.
#[component]
fn BackButton(ctx: Ctx, #[prop(optional)] label: Option<T>) -> impl IntoView {
    let text = locale(ctx).text(label.unwrap_or(T::Back));
    view! {
        <button type="button" class="vl-button vl-back" part="button back" on:click=move |_| ctx.user(Msg::Back)>
            {text}
        </button>
    }
}

/// The current step's error, announced to screen readers as it appears.
#[component]
fn ErrorMessage(ctx: Ctx) -> impl IntoView {
    let message = move || {
        ctx.flow
            .with(|f| f.step.error().map(|e| e.user_message_in(f.locale)))
    };
    view! {
        <div class="vl-error-slot">
            {move || message().map(|m| view! { <p class="vl-error" role="alert" part="error">{m}</p> })}
        </div>
    }
}

/// The widget's language (fixed for a session).
fn locale(ctx: Ctx) -> Locale {
    ctx.flow.with_untracked(|f| f.locale)
}

/// The current step's provider name (views read it once, when built).
fn provider_name(ctx: Ctx) -> String {
    ctx.flow.with_untracked(|f| {
        f.step
            .provider()
            .map(|p| p.name.clone())
            .unwrap_or_default()
    })
}
