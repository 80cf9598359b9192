//! The providers the widget offers: from the API's list, filtered and ordered by the
//! `providers` attribute, grouped by how they connect, and marked when connected.

use crate::api::{AuthKind, SourceLink};
use crate::text;

/// A provider the widget can offer (its auth type is one a browser can complete).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Only `http(s)` logo URLs are kept; anything else falls back to the monogram.
    pub logo: Option<String>,
    pub kind: AuthKind,
}

impl Provider {
    /// The provider a page left for, as remembered across the redirect: what an OAuth
    /// return's view needs (it is named), nothing more.
    pub fn remembered(slug: String, name: String) -> Provider {
        Provider {
            slug,
            name,
            description: String::new(),
            logo: None,
            kind: AuthKind::OAuth,
        }
    }

    pub fn from_source(source: SourceLink) -> Option<Provider> {
        let kind = source.kind()?;
        Some(Provider {
            logo: source.logo.filter(|l| is_http_url(l)),
            name: if source.name.trim().is_empty() {
                source.slug.clone()
            } else {
                source.name
            },
            description: source.description.unwrap_or_default(),
            slug: source.slug,
            kind,
        })
    }

    /// The letter shown when there is no logo, or it fails to load.
    pub fn monogram(&self) -> String {
        text::first_alphanumeric(&self.name)
            .map(|c| text::uppercase(&c))
            .unwrap_or_else(|| "?".into())
    }
}

fn is_http_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// What the list says about a provider the user has connected before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Connected,
    /// Its connection is in error (for a password provider, also an expired password).
    Reconnect,
}

/// The providers the token offers, in the API's order: web-completable auth types only,
/// without duplicate slugs. ([`filtered`] then applies the `providers` attribute.)
pub fn offered_providers(sources: Vec<SourceLink>) -> Vec<Provider> {
    let mut offered: Vec<Provider> = Vec::new();
    for provider in sources.into_iter().filter_map(Provider::from_source) {
        if !offered.iter().any(|p| p.slug == provider.slug) {
            offered.push(provider);
        }
    }
    offered
}

/// The providers `filter` (the `providers` attribute) names, in its order; all without.
pub fn filtered(offered: Vec<Provider>, filter: Option<&[String]>) -> Vec<Provider> {
    match filter {
        Some(slugs) => slugs
            .iter()
            .filter_map(|slug| offered.iter().find(|p| &p.slug == slug).cloned())
            .fold(Vec::new(), |mut acc: Vec<Provider>, p| {
                if !acc.iter().any(|q| q.slug == p.slug) {
                    acc.push(p);
                }
                acc
            }),
        None => offered,
    }
}

/// Providers grouped by how they connect, groups in the contract's order, empty groups
/// left out; `query` filters by name (case-insensitive, as the user types).
pub fn grouped<'a>(providers: &'a [Provider], query: &str) -> Vec<(AuthKind, Vec<&'a Provider>)> {
    let query = text::lowercase(query.trim());
    AuthKind::ORDER
        .iter()
        .map(|kind| {
            let members: Vec<&Provider> = providers
                .iter()
                .filter(|p| p.kind == *kind)
                .filter(|p| query.is_empty() || text::includes(&text::lowercase(&p.name), &query))
                .collect();
            (*kind, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect()
}
