//! The one form: password, MFA and email are the same view over different fields
//! (`flow::FormKind`). It is a real `<form>`: Enter submits, the submit button is
//! disabled while a request is in flight, and secrets (password, MFA code) are cleared
//! from their inputs as soon as they are sent.

use super::{locale, note, BackButton};
use crate::api::{Secret, REGIONS};
use crate::flow::{field_label, refusal_note, Field, Form, Msg};
use crate::i18n::T;
use crate::runtime::Ctx;
use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// How a field looks: its input's id, label and browser hints.
struct Look {
    id: &'static str,
    label: T,
    input_type: &'static str,
    autocomplete: &'static str,
    /// Typed exactly as written: no autocapitalisation or spell checking.
    verbatim: bool,
}

fn look(field: Field) -> Look {
    let (id, label, input_type, autocomplete, verbatim) = match field {
        Field::Username => ("vl-username", T::UsernameLabel, "text", "username", true),
        Field::Password => (
            "vl-password",
            T::PasswordLabel,
            "password",
            "current-password",
            false,
        ),
        Field::MfaCode => ("vl-code", T::MfaCodeLabel, "text", "one-time-code", false),
        Field::Email => ("vl-email", T::EmailLabel, "email", "email", true),
        Field::Region => ("vl-region", T::RegionLabel, "", "", false),
    };
    Look {
        id,
        label,
        input_type,
        autocomplete,
        verbatim,
    }
}

#[component]
pub fn FormView(ctx: Ctx, form: Form) -> impl IntoView {
    let loc = locale(ctx);
    let busy = move || ctx.flow.with(|f| f.step.busy());
    // The error, and what to do about it where the provider has its own advice
    // (LibreView's yearly password): announced together.
    let slug = form.provider.slug.clone();
    let error = move || {
        ctx.flow.with(|f| {
            let error = f.step.error()?;
            let mut message = error.user_message_in(f.locale);
            if let Some(advice) = refusal_note(&slug, error) {
                message.push(' ');
                message.push_str(f.locale.text(advice));
            }
            Some(message)
        })
    };
    let (idle, working) = form.submit_labels();
    let (idle, working) = (loc.text(idle), loc.text(working));
    let values: Vec<(Field, RwSignal<String>)> = form
        .kind
        .fields()
        .iter()
        .map(|&field| (field, RwSignal::new(form.value(field).to_owned())))
        .collect();
    let reveal = RwSignal::new(false);

    let inputs = values
        .iter()
        .enumerate()
        .map(|(index, &(field, value))| {
            let label = field_label(&form.provider.slug, field);
            field_view(ctx, field, label, value, reveal, index == 0)
        })
        .collect_view();
    let guide = note(ctx, &form.provider.slug);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let entries = values
            .iter()
            .map(|(field, value)| (*field, Secret::new(value.get_untracked())))
            .collect();
        // Secrets are taken out of their inputs now: sent once, not kept.
        for (field, value) in &values {
            if field.is_secret() {
                value.set(String::new());
            }
        }
        reveal.set(false);
        ctx.user(Msg::Submit(entries));
    };

    view! {
        <form class="vl-view vl-form" part="form" novalidate on:submit=submit aria-labelledby="vl-form-title">
            <h2 id="vl-form-title" class="vl-title" tabindex="-1">{form.title(loc)}</h2>
            <p class="vl-hint" id="vl-form-hint">{form.hint(loc)}</p>
            {guide}
            {inputs}
            <div class="vl-error-slot">
                {move || error().map(|m| view! { <p class="vl-error" role="alert" part="error">{m}</p> })}
            </div>
            <div class="vl-actions">
                <button type="submit" class="vl-button vl-primary" part="button submit"
                    disabled=busy aria-busy=move || busy().to_string()>
                    {move || if busy() { working } else { idle }}
                </button>
                <BackButton ctx label=T::Back />
                // Shown by the stylesheet once the submit button has been busy for 5 s.
                <p class="vl-status vl-notice" role="status" part="notice">{loc.text(T::SlowWait)}</p>
            </div>
        </form>
    }
}

/// One labelled field: a select for the region, else an input (the password's with its
/// show/hide button). The first field takes focus and is described by the hint.
fn field_view(
    ctx: Ctx,
    field: Field,
    label: Option<T>,
    value: RwSignal<String>,
    reveal: RwSignal<bool>,
    first: bool,
) -> impl IntoView {
    let loc = locale(ctx);
    let look = look(field);
    let control = if field == Field::Region {
        // The options are this crate's own constants, written as markup in one go:
        // a list of 49 option views costs more wasm than the whole select.
        let selected = value.get_untracked();
        let options: String = REGIONS
            .iter()
            .map(|r| {
                let mark = if *r == selected { " selected" } else { "" };
                [
                    "<option value=\"",
                    r,
                    "\"",
                    mark,
                    ">",
                    &r.to_ascii_uppercase(),
                    "</option>",
                ]
                .concat()
            })
            .collect();
        Either::Left(view! {
            <select id=look.id name=field.key() part="input select" inner_html=options
                on:change=move |ev| value.set(event_target_value(&ev))>
            </select>
        })
    } else {
        // Only the password can be shown as text (the MFA code is visible anyway).
        let password = field == Field::Password;
        let input_type = move || {
            if password && reveal.get() {
                "text"
            } else {
                look.input_type
            }
        };
        let toggle = password.then(|| {
            view! {
                <button type="button" class="vl-button vl-reveal" part="button reveal"
                    aria-controls=look.id aria-pressed=move || reveal.get().to_string()
                    on:click=move |_| reveal.update(|r| *r = !*r)>
                    {move || loc.text(if reveal.get() { T::HidePassword } else { T::ShowPassword })}
                </button>
            }
        });
        Either::Right(view! {
            <div class="vl-input-row">
                <input id=look.id name=field.key() type=input_type part="input" required
                    data-focus=first.then_some("")
                    aria-describedby=first.then_some("vl-form-hint")
                    autocomplete=look.autocomplete
                    autocapitalize=look.verbatim.then_some("off")
                    spellcheck=look.verbatim.then_some("false")
                    inputmode=(field == Field::MfaCode).then_some("numeric")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                {toggle}
            </div>
        })
    };
    view! {
        <div class="vl-field">
            <label for=look.id>{loc.text(label.unwrap_or(look.label))}</label>
            {control}
        </div>
    }
}
