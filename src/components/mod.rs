//! Components that render `Flow`. They hold only what is being typed; everything else
//! comes from the state machine through `Ctx`. Three views: the provider list, one
//! form (password, MFA or email, as data), and one status view (loading, leaving for
//! OAuth, connected, failed, an OAuth provider opened directly, a disconnection to
//! confirm). Each takes its step's data as props.

mod form;
mod list;
mod status;

use crate::flow::{built_in_note, Msg, Step};
use crate::i18n::{Locale, T};
use crate::runtime::Ctx;
use form::FormView;
use leptos::either::EitherOf3;
use leptos::prelude::*;
use list::ProviderList;
use status::StatusView;

/// The whole widget. The DOM of a view is built once per `ViewKey` (`Ctx::view`), so
/// typing, `busy` and errors update in place and inputs keep their values.
#[component]
pub fn Widget(ctx: Ctx) -> impl IntoView {
    let view = move || {
        ctx.view.track();
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
    view! { <div class="vl" part="root">{view}</div> }
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

/// What the user should know about `slug` before trying: the host's `providerNotes`
/// entry, else the built-in guidance. Plain text.
fn note(ctx: Ctx, slug: &str) -> Option<impl IntoView> {
    let text = ctx
        .host_note(slug)
        .or_else(|| built_in_note(slug).map(|key| locale(ctx).text(key).to_owned()))?;
    Some(view! { <p class="vl-guide" part="guide">{text}</p> })
}

/// The widget's language (fixed for a session).
fn locale(ctx: Ctx) -> Locale {
    ctx.flow.with_untracked(|f| f.locale)
}
