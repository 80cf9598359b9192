//! The provider list: grouped by how they connect, with a search box.

use super::locale;
use crate::api::AuthKind;
use crate::flow::{grouped, Mark, Msg, Provider};
use crate::i18n::{Locale, T};
use crate::runtime::Ctx;
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

    // Redrawn as the user types, and when the marks change.
    let groups = move || {
        let q = query.get();
        ctx.marks.track();
        providers.with_value(|all| {
            ctx.flow.with_untracked(|flow| {
                grouped(all, &q)
                    .into_iter()
                    .map(|(kind, members)| {
                        let rows = members.into_iter().map(|p| Row {
                            mark: flow.mark(&p.slug),
                            // An SDK-only provider is found like the others, but says
                            // where it connects instead (the flow ignores its
                            // selection). Apple HealthKit, when it pairs by a code
                            // here, is like any other.
                            sdk: !flow.selectable(p),
                            provider: p.clone(),
                        });
                        (kind, rows.collect::<Vec<_>>())
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
                // Every row's buttons, in one handler (the rows are built in JS: see `rows_text`).
                let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
                let find = |attribute: &str| {
                    let button = target.closest(&["[", attribute, "]"].concat()).ok().flatten()?;
                    button.get_attribute(attribute)
                };
                if let Some(slug) = find("data-disconnect") {
                    ctx.user(Msg::AskDisconnect(slug));
                } else if let Some(slug) = find("data-provider") {
                    ctx.user(Msg::Select(slug));
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
                let empty = groups.is_empty().then(|| loc.text(if total == 0 { T::NoProviders } else { T::NoMatch }));
                let rows = (rows_text(loc, &groups, can_disconnect), empty);
                view! { <div class="vl-groups" use:fill_rows=rows></div> }
            }}
        </section>
    }
}

/// A provider as its row shows it.
struct Row {
    provider: Provider,
    mark: Option<Mark>,
    sdk: bool,
}

/// The groups and their rows as one text, for `fill_rows` in src/browser.js to build
/// in one call: built element by element from the wasm, the ~17 rows of a list cost
/// ~30 calls each at start-up. Groups are separated by U+001D, rows by U+001E, fields
/// by U+001F (none of which the API's texts keep): a group is `kind, title` then its
/// rows; a row `slug, name, description, logo, monogram, sdk, mark, mark's part,
/// Disconnect's name, Disconnect`, empty where there is none. Every field is set as
/// text, never as markup.
fn rows_text(loc: Locale, groups: &[(AuthKind, Vec<Row>)], can_disconnect: bool) -> String {
    let mut out = String::new();
    let mut field = |separator: char, text: &str| {
        out.push(separator);
        out.extend(text.chars().filter(|c| !('\u{1d}'..='\u{1f}').contains(c)));
    };
    for (kind, rows) in groups {
        field('\u{1d}', kind.as_str());
        field('\u{1f}', loc.text(group_title(*kind)));
        for Row {
            provider: p,
            mark,
            sdk,
        } in rows
        {
            // Whether the user connected it before, as the host says (or this session did).
            let (label, part) = match mark {
                Some(Mark::Connected) => (loc.text(T::MarkConnected), "mark"),
                Some(Mark::Reconnect) => (loc.text(T::MarkReconnect), "mark reconnect"),
                None => ("", ""),
            };
            // Beside the row (a button holds no button), named for its provider so a
            // screen reader's list of buttons tells them apart.
            let disconnect = can_disconnect && mark.is_some();
            let name = if disconnect {
                loc.fill(T::DisconnectNamed, &[("name", &p.name)])
            } else {
                String::new()
            };
            let description = if *sdk {
                loc.text(T::SdkNote)
            } else {
                &p.description
            };
            field('\u{1e}', &p.slug);
            for text in [
                &p.name,
                description,
                p.logo.as_deref().unwrap_or(""),
                &p.monogram(),
            ] {
                field('\u{1f}', text);
            }
            for text in [
                if *sdk { "1" } else { "" },
                label,
                part,
                &name,
                if disconnect {
                    loc.text(T::Disconnect)
                } else {
                    ""
                },
            ] {
                field('\u{1f}', text);
            }
        }
    }
    out
}

/// Sets the list's rows (a directive: it runs again with each new value): the groups,
/// or what to say when there are none.
fn fill_rows(container: web_sys::Element, (groups, empty): (String, Option<&'static str>)) {
    crate::browser::fill_rows(&container, &groups, empty);
}
