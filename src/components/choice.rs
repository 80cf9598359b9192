//! The one view that asks to go on or go back: an OAuth provider opened directly
//! (continue to it), and a disconnection to confirm. They differ only in their data
//! (`flow::Choice`); busy and error come from the flow, in place.

use super::{note, BackButton};
use crate::flow::{Choice, Msg};
use crate::runtime::Ctx;
use leptos::prelude::*;

#[component]
pub fn ChoiceView(ctx: Ctx, choice: Choice, slug: String) -> impl IntoView {
    let Choice {
        disconnect,
        title,
        message,
        go,
        going,
        back,
    } = choice;
    let busy = move || ctx.flow.with(|f| f.step.busy());
    let error = move || {
        ctx.flow
            .with(|f| f.step.error().map(|e| e.user_message_in(f.locale)))
    };
    let msg = move || {
        if disconnect {
            Msg::ConfirmDisconnect
        } else {
            Msg::Continue
        }
    };
    let (class, part) = if disconnect {
        ("vl-button vl-primary vl-danger", "button disconnect")
    } else {
        ("vl-button vl-primary", "button submit")
    };
    let guide = (!disconnect).then(|| note(ctx, &slug, None));
    view! {
        <section class="vl-view" aria-labelledby="vl-choice-title">
            <h2 id="vl-choice-title" class="vl-title" tabindex="-1" data-focus>{title}</h2>
            <p class="vl-hint">{message}</p>
            {guide}
            <div class="vl-error-slot">
                {move || error().map(|m| view! { <p class="vl-error" role="alert" part="error">{m}</p> })}
            </div>
            <div class="vl-actions">
                <button type="button" class=class part=part disabled=busy
                    aria-busy=move || busy().to_string()
                    on:click=move |_| ctx.user(msg())>
                    {move || if busy() { going.clone() } else { go.clone() }}
                </button>
                <BackButton ctx label=back />
            </div>
        </section>
    }
}
