//! The provider list: grouped by how they connect, with a search box.

use super::locale;
use crate::api::AuthKind;
use crate::flow::{grouped, Mark, Msg, Provider};
use crate::i18n::{Locale, T};
use crate::runtime::Ctx;
use crate::text::escape_html as escaped;
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
                // Every row's buttons, in one handler: the rows are HTML (see `rows_html`).
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
                let html = rows_html(loc, &groups(), total, can_disconnect);
                view! { <div class="vl-groups" use:fill_rows=html></div> }
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

/// The groups and their rows as HTML, set in one call (`fill_rows`): built element by
/// element from the wasm, the ~17 rows of a list cost ~30 calls each at start-up.
/// Every text and attribute value is escaped. Clicks are the section's; a logo that
/// fails to load removes itself (`prepare_root`), and the monogram the stylesheet
/// hides behind it shows: a logo has a fixed size, so nothing jumps while it loads.
fn rows_html(
    loc: Locale,
    groups: &[(AuthKind, Vec<Row>)],
    total: usize,
    can_disconnect: bool,
) -> String {
    let mut html = String::new();
    let mut put = |pieces: &[&str]| pieces.iter().for_each(|p| html.push_str(p));
    if groups.is_empty() {
        let empty = if total == 0 {
            T::NoProviders
        } else {
            T::NoMatch
        };
        put(&[
            r#"<p class="vl-empty" role="status">"#,
            &escaped(loc.text(empty)),
            "</p>",
        ]);
    }
    for (kind, rows) in groups {
        let id = kind.as_str();
        put(&[
            r#"<div class="vl-group" part="group"><h3 class="vl-group-title" id="vl-group-"#,
            id,
            r#"">"#,
        ]);
        put(&[
            &escaped(loc.text(group_title(*kind))),
            r#"</h3><ul class="vl-providers" aria-labelledby="vl-group-"#,
            id,
            r#"">"#,
        ]);
        for Row {
            provider: p,
            mark,
            sdk,
        } in rows
        {
            let slug = escaped(&p.slug);
            put(&[
                r#"<li class="vl-row"><button type="button" class="vl-provider" part="provider" data-provider=""#,
                &slug,
                "\"",
            ]);
            put(&[if *sdk {
                r#" aria-disabled="true">"#
            } else {
                ">"
            }]);
            if let Some(logo) = &p.logo {
                put(&[r#"<img class="vl-logo" part="logo" src=""#, &escaped(logo)]);
                put(&[
                    r#"" alt="" width="40" height="40" loading="lazy" decoding="async" referrerpolicy="no-referrer">"#,
                ]);
            }
            put(&[
                r#"<span class="vl-logo vl-monogram" part="logo" aria-hidden="true">"#,
                &escaped(&p.monogram()),
            ]);
            put(&[
                r#"</span><span class="vl-provider-text"><span class="vl-provider-name">"#,
                &escaped(&p.name),
            ]);
            let description = if *sdk {
                loc.text(T::SdkNote)
            } else {
                &p.description
            };
            put(&[
                r#"</span><span class="vl-provider-description">"#,
                &escaped(description),
                "</span></span>",
            ]);
            // Whether the user connected it before, as the host says (or this session did).
            match mark {
                Some(Mark::Connected) => put(&[
                    r#"<span class="vl-mark" part="mark">"#,
                    &escaped(loc.text(T::MarkConnected)),
                    "</span>",
                ]),
                Some(Mark::Reconnect) => put(&[
                    r#"<span class="vl-mark" part="mark reconnect">"#,
                    &escaped(loc.text(T::MarkReconnect)),
                    "</span>",
                ]),
                None => {}
            }
            put(&["</button>"]);
            // Beside the row (a button holds no button), named for its provider so a
            // screen reader's list of buttons tells them apart.
            if can_disconnect && mark.is_some() {
                let label = loc.fill(T::DisconnectNamed, &[("name", &p.name)]);
                put(&[
                    r#"<button type="button" class="vl-button vl-disconnect" part="button disconnect" aria-label=""#,
                    &escaped(&label),
                ]);
                put(&[
                    r#"" data-disconnect=""#,
                    &slug,
                    r#"">"#,
                    &escaped(loc.text(T::Disconnect)),
                    "</button>",
                ]);
            }
            put(&["</li>"]);
        }
        put(&["</ul></div>"]);
    }
    html
}

/// Sets the list's rows (a directive: it runs again with each new `html`).
fn fill_rows(container: web_sys::Element, html: String) {
    crate::browser::fill_rows(&container, &html);
}
