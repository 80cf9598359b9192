//! Components that render `Flow`. They hold only what is being typed; everything else
//! comes from the state machine through `Ctx`. Three views: the provider list, one
//! form (password, MFA or email, as data), and one status view (loading, leaving for
//! OAuth, connected, failed). Each takes its step's data as props.

mod form;
mod list;
mod status;

use crate::flow::{Msg, Step};
use crate::i18n::{Locale, T};
use crate::runtime::Ctx;
use form::FormView;
use leptos::either::EitherOf3;
use leptos::html;
use leptos::prelude::*;
use list::ProviderList;
use status::StatusView;
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
        let _ = key.get();
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

    let view = move || {
        // Read, not only tracked: a memo nobody reads is never recomputed.
        let _ = key.get();
        ctx.flow.with_untracked(|f| match &f.step {
            Step::List => {
                EitherOf3::A(view! { <ProviderList ctx providers=f.providers.clone() /> })
            }
            Step::Form(form) => EitherOf3::B(view! { <FormView ctx form=form.clone() /> }),
            step => EitherOf3::C(
                step.status(f.locale)
                    .map(|status| view! { <StatusView ctx status /> }),
            ),
        })
    };
    view! { <div class="vl" part="root" node_ref=root>{view}</div> }
}

/// The control back to the provider list, on every step after it.
#[component]
fn BackButton(ctx: Ctx, label: T) -> impl IntoView {
    view! {
        <button type="button" class="vl-button vl-back" part="button back" on:click=move |_| ctx.user(Msg::Back)>
            {locale(ctx).text(label)}
        </button>
    }
}

/// The widget's language (fixed for a session).
fn locale(ctx: Ctx) -> Locale {
    ctx.flow.with_untracked(|f| f.locale)
}
