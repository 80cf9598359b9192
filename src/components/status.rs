//! The one status view: loading, leaving for OAuth, connected and failed, an OAuth
//! provider opened directly, a disconnection to confirm, and a pairing code differ only
//! in their data
//! (`flow::Status`) and in a few attributes chosen here. Static: the flow gives it a new
//! view key whenever its content changes.

use super::BackButton;
use crate::flow::{Action, Go, Status, StatusKind};
use crate::runtime::Ctx;
use leptos::prelude::*;

#[component]
pub fn StatusView(ctx: Ctx, status: Status) -> impl IntoView {
    let Status {
        kind,
        title,
        message,
        alert,
        go,
        back,
    } = status;
    let class = match kind {
        StatusKind::Loading => "vl-view vl-loading",
        StatusKind::Connected => "vl-view vl-connected",
        StatusKind::Failed => "vl-view vl-failed",
        // Where the pairing code's panel goes (src/loader/vital-link-pairing.js).
        StatusKind::Code => "vl-view vl-pairing-view",
        _ => "vl-view",
    };
    let waiting = matches!(kind, StatusKind::Loading | StatusKind::Waiting);
    let labelled = title.is_some().then_some("vl-status-title");
    // The one button that goes on: try again, continue to a provider, or disconnect
    // one (red: it removes something).
    let go = go.map(
        |Go {
             label,
             action,
             busy,
         }| {
            let (class, part) = match action {
                Action::Retry => ("vl-button vl-primary", "button retry"),
                Action::Continue => ("vl-button vl-primary", "button submit"),
                Action::Disconnect => ("vl-button vl-primary vl-danger", "button disconnect"),
            };
            view! {
                <button type="button" class=class part=part disabled=busy aria-busy=busy.to_string()
                    on:click=move |_| ctx.user(action.msg())>{label}</button>
            }
        },
    );
    view! {
        <section class=class part=(kind == StatusKind::Connected).then_some("success")
            aria-busy=waiting.then_some("true") aria-labelledby=labelled>
            {title.map(|t| view! { <h2 id="vl-status-title" class="vl-title" tabindex="-1" data-focus>{t}</h2> })}
            // A failure is announced at once; progress politely.
            <p class=if alert { "vl-error" } else { "vl-status" } role=if alert { "alert" } else { "status" }
                part=alert.then_some("error")>{message}</p>
            {(go.is_some() || back.is_some()).then(|| view! {
                <div class="vl-actions">
                    {go}
                    {back.map(|label| view! { <BackButton ctx label /> })}
                </div>
            })}
        </section>
    }
}
