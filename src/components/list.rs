//! The provider list: grouped by how they connect, with a search box.

use super::locale;
use crate::api::AuthKind;
use crate::flow::{grouped, Mark, Msg, Provider};
use crate::i18n::{Locale, T};
use crate::runtime::Ctx;
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long typing must pause before a search is reported to the host.
const SEARCH_PAUSE_MS: u32 = 600;

fn group_title(kind: AuthKind) -> T {
    match kind {
        AuthKind::OAuth => T::GroupOAuth,
        AuthKind::Password => T::GroupPassword,
        AuthKind::Email => T::GroupEmail,
        AuthKind::Sdk => T::GroupSdk,
    }
}

/// Providers grouped by how they connect, with a search box that filters by name.
#[component]
pub fn ProviderList(ctx: Ctx, providers: Vec<Provider>) -> impl IntoView {
    let loc = locale(ctx);
    let providers = StoredValue::new(providers);
    let query = RwSignal::new(String::new());
    let total = providers.with_value(Vec::len);

    // Redrawn as the user types, and when the marks change (rows are updated in place:
    // a focused button keeps its focus).
    let groups = move || {
        let q = query.get();
        ctx.marks.track();
        providers.with_value(|all| {
            ctx.flow.with_untracked(|flow| {
                grouped(all, &q)
                    .into_iter()
                    .map(|(kind, members)| {
                        let members = members.into_iter().map(|p| (p.clone(), flow.mark(&p.slug)));
                        (kind, members.collect::<Vec<_>>())
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let shown = move || groups().iter().map(|(_, m)| m.len()).sum::<usize>();
    let (can_disconnect, notice) = ctx
        .flow
        .with_untracked(|f| (f.can_disconnect, f.notice.as_ref().map(|n| n.text(loc))));

    // A search is reported once the user pauses typing, with its number of results
    // (never the query): a funnel sees searches that found nothing.
    let on_search = move |ev: leptos::ev::Event| {
        query.set(event_target_value(&ev));
        if let Some(input) = ev.target() {
            ctx.searched(&input, SEARCH_PAUSE_MS);
        }
    };

    view! {
        <section class="vl-view vl-list" part="list" aria-labelledby="vl-list-title"
            on:click=move |ev| {
                // The Disconnect buttons beside the rows, all at once (one handler).
                let slug = ev.target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|t| t.closest("[data-disconnect]").ok().flatten())
                    .and_then(|button| button.get_attribute("data-disconnect"));
                if let Some(slug) = slug {
                    ctx.user(Msg::AskDisconnect(slug));
                }
            }>
            <h2 id="vl-list-title" class="vl-title" tabindex="-1" data-focus>{loc.text(T::ListTitle)}</h2>
            {notice.map(|text| view! { <p class="vl-info" role="status" part="notice">{text}</p> })}
            {(total > 0).then(|| view! {
                <div class="vl-field vl-search">
                    <label for="vl-search">{loc.text(T::SearchLabel)}</label>
                    <input
                        id="vl-search"
                        type="search"
                        part="input search"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || query.get()
                        on:input=on_search
                    />
                </div>
            })}
            <p class="vl-sr-only" aria-live="polite">
                {move || if query.with(String::is_empty) { String::new() } else { loc.fill(T::Matches, &[("count", &shown().to_string())]) }}
            </p>
            {move || {
                let groups = groups();
                if groups.is_empty() {
                    let empty = if total == 0 { T::NoProviders } else { T::NoMatch };
                    Either::Left(view! { <p class="vl-empty" role="status">{loc.text(empty)}</p> })
                } else {
                    Either::Right(
                    groups
                        .into_iter()
                        .map(|(kind, members)| {
                            let id = ["vl-group-", kind.as_str()].concat();
                            view! {
                                <div class="vl-group" part="group">
                                    <h3 class="vl-group-title" id=id.clone()>{loc.text(group_title(kind))}</h3>
                                    <ul class="vl-providers" aria-labelledby=id>
                                        {members.into_iter().map(|(p, mark)| {
                                            let disconnect = (can_disconnect && mark.is_some()).then(|| disconnect_button(loc, &p));
                                            view! { <li class="vl-row"><ProviderButton ctx provider=p mark />{disconnect}</li> }
                                        }).collect_view()}
                                    </ul>
                                </div>
                            }
                        })
                        .collect_view())
                }
            }}
        </section>
    }
}

#[component]
fn ProviderButton(ctx: Ctx, provider: Provider, mark: Option<Mark>) -> impl IntoView {
    let slug = provider.slug.clone();
    let loc = locale(ctx);
    // Whether the user connected it before, as the host says (or this session did).
    let mark = mark.map(|mark| {
        let (label, part) = match mark {
            Mark::Connected => (T::MarkConnected, "mark"),
            Mark::Reconnect => (T::MarkReconnect, "mark reconnect"),
        };
        view! { <span class="vl-mark" part=part>{loc.text(label)}</span> }
    });
    // An SDK-only provider is found like the others, but says where it connects
    // instead (the flow ignores its selection): still focusable, so it is read out.
    // (Apple HealthKit, when it pairs by a code here, is like any other.)
    let sdk = !ctx.flow.with_untracked(|f| f.selectable(&provider));
    let description = if sdk {
        loc.text(T::SdkNote).to_owned()
    } else {
        provider.description.clone()
    };
    view! {
        <button
            type="button"
            class="vl-provider"
            part="provider"
            data-provider=provider.slug.clone()
            aria-disabled=sdk.then_some("true")
            on:click=move |_| ctx.user(Msg::Select(slug.clone()))
        >
            <Logo provider=provider.clone() />
            <span class="vl-provider-text">
                <span class="vl-provider-name">{provider.name.clone()}</span>
                <span class="vl-provider-description">{description}</span>
            </span>
            {mark}
        </button>
    }
}

/// Beside a connected row (not inside it: a button holds no button), named for its
/// provider so a screen reader's list of buttons tells them apart. Its click is the
/// list's (one handler for every row).
fn disconnect_button(loc: Locale, provider: &Provider) -> impl IntoView {
    let label = loc.fill(T::DisconnectNamed, &[("name", &provider.name)]);
    view! {
        <button type="button" class="vl-button vl-disconnect" part="button disconnect"
            aria-label=label data-disconnect=provider.slug.clone()>
            {loc.text(T::Disconnect)}
        </button>
    }
}

/// The provider's logo at a fixed size (nothing jumps while it loads), and its
/// monogram, which the stylesheet shows only where there is no logo: a logo that
/// fails to load removes itself, and the monogram appears in its place.
#[component]
pub fn Logo(provider: Provider) -> impl IntoView {
    let monogram = provider.monogram();
    let image = provider.logo.map(|src| {
        view! {
            <img class="vl-logo" part="logo" src=src alt="" width="40" height="40"
                loading="lazy" decoding="async" referrerpolicy="no-referrer"
                on:error=|ev| {
                    if let Some(img) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        img.remove();
                    }
                } />
        }
    });
    view! {
        {image}
        <span class="vl-logo vl-monogram" part="logo" aria-hidden="true">{monogram}</span>
    }
}
