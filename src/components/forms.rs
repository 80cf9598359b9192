//! The credential, MFA and email forms. Each is a real `<form>`: Enter submits, the
//! submit button is disabled while a request is in flight, and the password is
//! cleared from the field as soon as it is sent.

use super::{locale, provider_name, BackButton, ErrorMessage};
use crate::api::REGIONS;
use crate::flow::{Msg, Step};
use crate::i18n::T;
use crate::runtime::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

fn busy(ctx: Ctx) -> impl Fn() -> bool + Copy {
    move || ctx.flow.with(|f| f.step.busy())
}

#[component]
fn SubmitButton(ctx: Ctx, idle: T, working: T) -> impl IntoView {
    let busy = busy(ctx);
    let (idle, working) = (locale(ctx).text(idle), locale(ctx).text(working));
    view! {
        <button type="submit" class="vl-button vl-primary" part="button submit"
            disabled=busy aria-busy=move || busy().to_string()>
            {move || if busy() { working } else { idle }}
        </button>
    }
}

#[component]
pub fn PasswordForm(ctx: Ctx) -> impl IntoView {
    let loc = locale(ctx);
    let name = provider_name(ctx);
    let username = RwSignal::new(ctx.flow.with_untracked(|f| match &f.step {
        Step::Password { username, .. } => username.clone(),
        _ => String::new(),
    }));
    let password = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // Taken out of the field now: it is sent once and not kept.
        let secret = password.get_untracked();
        password.set(String::new());
        reveal.set(false);
        ctx.user(Msg::SubmitPassword {
            username: username.get_untracked(),
            password: secret,
        });
    };

    view! {
        <form class="vl-view vl-form" part="form" novalidate on:submit=submit aria-labelledby="vl-form-title">
            <h2 id="vl-form-title" class="vl-title" tabindex="-1">{loc.fill(T::ConnectTitle, &[("name", &name)])}</h2>
            <p class="vl-hint">{loc.fill(T::SignInHint, &[("name", &name)])}</p>
            <div class="vl-field">
                <label for="vl-username">{loc.text(T::UsernameLabel)}</label>
                <input id="vl-username" name="username" type="text" part="input" data-focus
                    autocomplete="username" autocapitalize="off" spellcheck="false" required
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev)) />
            </div>
            <div class="vl-field">
                <label for="vl-password">{loc.text(T::PasswordLabel)}</label>
                <div class="vl-password-row">
                    <input id="vl-password" name="password" part="input" required
                        type=move || if reveal.get() { "text" } else { "password" }
                        autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                    <button type="button" class="vl-button vl-reveal" part="button reveal"
                        aria-controls="vl-password" aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)>
                        {move || loc.text(if reveal.get() { T::HidePassword } else { T::ShowPassword })}
                    </button>
                </div>
            </div>
            <ErrorMessage ctx />
            <div class="vl-actions">
                <SubmitButton ctx idle=T::Connect working=T::Connecting />
                <BackButton ctx />
            </div>
        </form>
    }
}

#[component]
pub fn MfaForm(ctx: Ctx) -> impl IntoView {
    let loc = locale(ctx);
    let name = provider_name(ctx);
    let (method, hint) = ctx.flow.with_untracked(|f| match &f.step {
        Step::Mfa { mfa, .. } => (mfa.method.clone(), mfa.hint.clone()),
        _ => Default::default(),
    });
    let by = match method.as_str() {
        "sms" => loc.text(T::MfaBySms),
        "email" => loc.text(T::MfaByEmail),
        _ => "",
    };
    let explanation = if hint.trim().is_empty() {
        loc.fill(T::MfaSent, &[("name", &name), ("by", by)])
    } else {
        loc.fill(
            T::MfaSentTo,
            &[("name", &name), ("by", by), ("hint", &hint)],
        )
    };
    let code = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = code.get_untracked();
        code.set(String::new());
        ctx.user(Msg::SubmitMfa { code: value });
    };

    view! {
        <form class="vl-view vl-form" part="form" novalidate on:submit=submit aria-labelledby="vl-form-title">
            <h2 id="vl-form-title" class="vl-title" tabindex="-1">{loc.text(T::MfaTitle)}</h2>
            <p class="vl-hint" id="vl-mfa-hint">{explanation}</p>
            <div class="vl-field">
                <label for="vl-code">{loc.text(T::MfaCodeLabel)}</label>
                <input id="vl-code" name="mfa_code" type="text" part="input" data-focus
                    inputmode="numeric" autocomplete="one-time-code" required
                    aria-describedby="vl-mfa-hint"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev)) />
            </div>
            <ErrorMessage ctx />
            <div class="vl-actions">
                <SubmitButton ctx idle=T::Verify working=T::Verifying />
                <BackButton ctx />
            </div>
        </form>
    }
}

#[component]
pub fn EmailForm(ctx: Ctx) -> impl IntoView {
    let loc = locale(ctx);
    let name = provider_name(ctx);
    let (email0, region0) = ctx.flow.with_untracked(|f| match &f.step {
        Step::Email { email, region, .. } => (email.clone(), region.clone()),
        _ => (String::new(), "us".to_owned()),
    });
    let email = RwSignal::new(email0);
    let region = RwSignal::new(region0);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ctx.user(Msg::SubmitEmail {
            email: email.get_untracked(),
            region: region.get_untracked(),
        });
    };

    view! {
        <form class="vl-view vl-form" part="form" novalidate on:submit=submit aria-labelledby="vl-form-title">
            <h2 id="vl-form-title" class="vl-title" tabindex="-1">{loc.fill(T::ConnectTitle, &[("name", &name)])}</h2>
            <p class="vl-hint">{loc.fill(T::EmailHint, &[("name", &name)])}</p>
            <div class="vl-field">
                <label for="vl-email">{loc.text(T::EmailLabel)}</label>
                <input id="vl-email" name="email" type="email" part="input" data-focus
                    autocomplete="email" autocapitalize="off" spellcheck="false" required
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev)) />
            </div>
            <div class="vl-field">
                <label for="vl-region">{loc.text(T::RegionLabel)}</label>
                <select id="vl-region" name="region" part="input select"
                    prop:value=move || region.get()
                    on:change=move |ev| region.set(event_target_value(&ev))>
                    {REGIONS.iter().map(|r| view! {
                        <option value=*r selected=region.get_untracked() == *r>{r.to_uppercase()}</option>
                    }).collect_view()}
                </select>
            </div>
            <ErrorMessage ctx />
            <div class="vl-actions">
                <SubmitButton ctx idle=T::Connect working=T::Connecting />
                <BackButton ctx />
            </div>
        </form>
    }
}
