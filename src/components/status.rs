//! The one status view: loading, leaving for OAuth, connected and failed differ only
//! in their data (`flow::Status`) and in a few attributes chosen here.

use super::{locale, BackButton};
use crate::flow::{Msg, Status, StatusKind};
use crate::i18n::T;
use crate::runtime::Ctx;
use leptos::prelude::*;

#[component]
pub fn StatusView(ctx: Ctx, status: Status) -> impl IntoView {
    let Status {
        kind,
        title,
        message,
        retry,
        back,
    } = status;
    let class = match kind {
        StatusKind::Loading => "vl-view vl-loading",
        StatusKind::Redirecting => "vl-view",
        StatusKind::Connected => "vl-view vl-connected",
        StatusKind::Failed => "vl-view vl-failed",
    };
    let waiting = matches!(kind, StatusKind::Loading | StatusKind::Redirecting);
    let failed = kind == StatusKind::Failed;
    let labelled = title.is_some().then_some("vl-status-title");
    view! {
        <section class=class part=(kind == StatusKind::Connected).then_some("success")
            aria-busy=waiting.then_some("true") aria-labelledby=labelled>
            {title.map(|t| view! { <h2 id="vl-status-title" class="vl-title" tabindex="-1" data-focus>{t}</h2> })}
            // A failure is announced at once; progress politely.
            <p class=if failed { "vl-error" } else { "vl-status" } role=if failed { "alert" } else { "status" }
                part=failed.then_some("error")>{message}</p>
            {(retry || back.is_some()).then(|| view! {
                <div class="vl-actions">
                    {retry.then(|| view! {
                        <button type="button" class="vl-button vl-primary" part="button retry"
                            on:click=move |_| ctx.user(Msg::Retry)>{locale(ctx).text(T::TryAgain)}</button>
                    })}
                    {back.map(|label| view! { <BackButton ctx label /> })}
                </div>
            })}
        </section>
    }
}
