//! The views between and after the forms: loading, leaving for OAuth, connected, failed.

use super::{locale, provider_name, BackButton};
use crate::flow::{Msg, Retry, Step};
use crate::i18n::T;
use crate::runtime::Ctx;
use leptos::prelude::*;

#[component]
pub fn Loading(ctx: Ctx) -> impl IntoView {
    view! {
        <section class="vl-view vl-loading" aria-busy="true">
            <p class="vl-status" role="status">{locale(ctx).text(T::Loading)}</p>
        </section>
    }
}

#[component]
pub fn Redirecting(ctx: Ctx) -> impl IntoView {
    let loc = locale(ctx);
    let name = provider_name(ctx);
    view! {
        <section class="vl-view" aria-busy="true" aria-labelledby="vl-redirect-title">
            <h2 id="vl-redirect-title" class="vl-title" tabindex="-1" data-focus>{loc.fill(T::Opening, &[("name", &name)])}</h2>
            <p class="vl-status" role="status">{loc.fill(T::TakingYou, &[("name", &name)])}</p>
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
    let loc = locale(ctx);
    let text = match &label {
        Some(name) => loc.fill(T::AccountConnected, &[("name", name)]),
        None => loc.text(T::SomeAccountConnected).to_owned(),
    };
    view! {
        <section class="vl-view vl-connected" part="success" aria-labelledby="vl-done-title">
            <h2 id="vl-done-title" class="vl-title" tabindex="-1" data-focus>{loc.text(T::ConnectedTitle)}</h2>
            <p class="vl-status" role="status">{text}</p>
            <div class="vl-actions"><BackButton ctx label=T::ConnectAnother /></div>
        </section>
    }
}

#[component]
pub fn Failed(ctx: Ctx) -> impl IntoView {
    let loc = locale(ctx);
    let (message, retry) = ctx.flow.with_untracked(|f| match &f.step {
        Step::Failed { error, retry, .. } => (error.user_message_in(loc), retry.clone()),
        _ => (String::new(), None),
    });
    let can_go_back = !matches!(retry, Some(Retry::LoadProviders));
    view! {
        <section class="vl-view vl-failed" aria-labelledby="vl-failed-title">
            <h2 id="vl-failed-title" class="vl-title" tabindex="-1" data-focus>{loc.text(T::FailedTitle)}</h2>
            <p class="vl-error" role="alert" part="error">{message}</p>
            <div class="vl-actions">
                {retry.is_some().then(|| view! {
                    <button type="button" class="vl-button vl-primary" part="button retry"
                        on:click=move |_| ctx.user(Msg::Retry)>{loc.text(T::TryAgain)}</button>
                })}
                {can_go_back.then(|| view! { <BackButton ctx label=T::BackToProviders /> })}
            </div>
        </section>
    }
}
