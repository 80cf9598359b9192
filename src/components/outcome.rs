//! The views between and after the forms: loading, leaving for OAuth, connected, failed.

use super::{provider_name, BackButton};
use crate::flow::{Msg, Retry, Step};
use crate::runtime::Ctx;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <section class="vl-view vl-loading" aria-busy="true">
            <p class="vl-status" role="status">"Loading providers…"</p>
        </section>
    }
}

#[component]
pub fn Redirecting(ctx: Ctx) -> impl IntoView {
    let name = provider_name(ctx);
    view! {
        <section class="vl-view" aria-busy="true" aria-labelledby="vl-redirect-title">
            <h2 id="vl-redirect-title" class="vl-title" tabindex="-1" data-focus>{format!("Opening {name}…")}</h2>
            <p class="vl-status" role="status">{format!("Taking you to {name} to sign in.")}</p>
            <div class="vl-actions"><BackButton ctx /></div>
        </section>
    }
}

#[component]
pub fn Connected(ctx: Ctx) -> impl IntoView {
    let (name, slug) = ctx.flow.with_untracked(|f| match &f.step {
        Step::Connected { provider, slug } => {
            (provider.as_ref().map(|p| p.name.clone()), slug.clone())
        }
        _ => (None, None),
    });
    // An OAuth return may name a provider not in the list (or none at all).
    let label = name.or(slug);
    let text = match &label {
        Some(name) => format!("Your {name} account is connected."),
        None => "Your account is connected.".to_owned(),
    };
    view! {
        <section class="vl-view vl-connected" part="success" aria-labelledby="vl-done-title">
            <h2 id="vl-done-title" class="vl-title" tabindex="-1" data-focus>"Connected"</h2>
            <p class="vl-status" role="status">{text}</p>
            <div class="vl-actions"><BackButton ctx label="Connect another device" /></div>
        </section>
    }
}

#[component]
pub fn Failed(ctx: Ctx) -> impl IntoView {
    let (message, retry) = ctx.flow.with_untracked(|f| match &f.step {
        Step::Failed { error, retry, .. } => (error.user_message(), retry.clone()),
        _ => (String::new(), None),
    });
    let can_go_back = !matches!(retry, Some(Retry::LoadProviders));
    view! {
        <section class="vl-view vl-failed" aria-labelledby="vl-failed-title">
            <h2 id="vl-failed-title" class="vl-title" tabindex="-1" data-focus>"Something went wrong"</h2>
            <p class="vl-error" role="alert" part="error">{message}</p>
            <div class="vl-actions">
                {retry.is_some().then(|| view! {
                    <button type="button" class="vl-button vl-primary" part="button retry"
                        on:click=move |_| ctx.user(Msg::Retry)>"Try again"</button>
                })}
                {can_go_back.then(|| view! { <BackButton ctx label="Back to providers" /> })}
            </div>
        </section>
    }
}
