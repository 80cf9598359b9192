//! The providers the sandbox offers (every provider of the seed page, plus one `sdk`
//! provider the widget must not offer), their list endpoint and their logos.

use super::extract::LinkTokenHeader;
use super::Sandbox;
use crate::errors::ApiResult;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
pub use vital_link::api::AuthKind;

/// A provider of the seed page, as the sandbox offers it.
#[derive(Debug)]
pub struct Provider {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Vital's `auth_type`, as the widget reads it.
    pub auth_type: AuthKind,
}

impl Provider {
    const fn new(
        slug: &'static str,
        name: &'static str,
        description: &'static str,
        auth_type: AuthKind,
    ) -> Provider {
        Provider {
            slug,
            name,
            description,
            auth_type,
        }
    }
}

/// Every provider of the seed page, plus one `sdk` provider the widget must not offer.
pub const PROVIDERS: &[Provider] = &[
    Provider::new(
        "fitbit",
        "Fitbit",
        "Activity trackers (all devices)",
        AuthKind::OAuth,
    ),
    Provider::new(
        "garmin",
        "Garmin",
        "Fitness watches (all devices)",
        AuthKind::OAuth,
    ),
    Provider::new("oura", "Oura", "Smart sleep tracking ring", AuthKind::OAuth),
    Provider::new(
        "strava",
        "Strava",
        "Running and cycling social network",
        AuthKind::OAuth,
    ),
    Provider::new("wahoo", "Wahoo", "Cycling equipment", AuthKind::OAuth),
    Provider::new(
        "ihealth",
        "iHealth",
        "Blood pressure, scales, glucometers and watches",
        AuthKind::OAuth,
    ),
    Provider::new(
        "withings",
        "Withings",
        "Scales, watches and health monitors",
        AuthKind::OAuth,
    ),
    Provider::new("renpho", "Renpho", "Fitness scales", AuthKind::Password),
    Provider::new(
        "zwift",
        "Zwift",
        "Virtual cycling and running",
        AuthKind::Password,
    ),
    Provider::new(
        "peloton",
        "Peloton",
        "Indoor exercise bike",
        AuthKind::Password,
    ),
    Provider::new(
        "eight_sleep",
        "Eight Sleep",
        "Smart mattress",
        AuthKind::Password,
    ),
    Provider::new(
        "beurer_api",
        "Beurer",
        "Blood pressure and glucose devices",
        AuthKind::Password,
    ),
    Provider::new(
        "whoop",
        "Whoop",
        "Smart activity watches",
        AuthKind::Password,
    ),
    Provider::new(
        "hammerhead",
        "Hammerhead",
        "Cycling computer",
        AuthKind::Password,
    ),
    Provider::new(
        "dexcom",
        "Dexcom",
        "CGM glucose monitor",
        AuthKind::Password,
    ),
    Provider::new(
        "my_fitness_pal",
        "MyFitnessPal",
        "Meal tracking",
        AuthKind::Password,
    ),
    Provider::new(
        "freestyle_libre",
        "Freestyle Libre",
        "Abbott CGM glucose monitor",
        AuthKind::Email,
    ),
    Provider::new(
        "apple_health_kit",
        "Apple HealthKit",
        "Health data on iPhone (mobile SDK only)",
        AuthKind::Sdk,
    ),
];

pub(super) fn provider(slug: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.slug == slug)
}

/// `base` is where browsers reach the sandbox: logos are absolute URLs, as Vital's are.
pub(super) fn provider_json(p: &Provider, id: usize, base: &str) -> Value {
    json!({
        "id": id + 1,
        "name": p.name,
        "slug": p.slug,
        "description": p.description,
        "logo": format!("{base}/sandbox/logos/{}.svg", p.slug),
        "oauth_url": null,
        "auth_type": p.auth_type.as_str(),
        "form_components": {},
    })
}

pub(super) async fn list_providers(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
    token: LinkTokenHeader,
) -> ApiResult<Json<Value>> {
    sb.record("GET", "/v2/link/providers", &headers, None);
    let token = sb.check_token(&token)?;
    let base = sb.base_url(&headers);
    let list: Vec<Value> = PROVIDERS
        .iter()
        .enumerate()
        .filter(|(_, p)| sb.allowed(&token, p.slug))
        .map(|(i, p)| provider_json(p, i, &base))
        .collect();
    Ok(Json(Value::Array(list)))
}

/// A plain coloured tile with the provider's initial; the real API serves logo URLs.
pub(super) async fn logo(Path(file): Path<String>) -> Response {
    let slug = file.trim_end_matches(".svg");
    let Some(p) = provider(slug) else {
        return (StatusCode::NOT_FOUND, "").into_response();
    };
    let hue = p
        .slug
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
        % 360;
    let letter = p.name.chars().next().unwrap_or('?');
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\" viewBox=\"0 0 40 40\">\
         <rect width=\"40\" height=\"40\" rx=\"8\" fill=\"hsl({hue},55%,45%)\"/>\
         <text x=\"20\" y=\"27\" font-family=\"sans-serif\" font-size=\"20\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">{letter}</text></svg>"
    );
    (
        [
            ("content-type", "image/svg+xml"),
            ("cache-control", "public, max-age=3600"),
        ],
        svg,
    )
        .into_response()
}
