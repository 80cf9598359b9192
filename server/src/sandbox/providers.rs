//! The providers the sandbox offers (every provider of the seed page, plus one `sdk`
//! provider the widget must not offer), their list endpoint and their logos.

use super::*;

/// A provider of the seed page, as the sandbox offers it.
#[derive(Debug)]
pub struct Provider {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Vital's `auth_type`: `oauth`, `password`, `email` or `sdk`.
    pub auth_type: &'static str,
}

impl Provider {
    const fn new(
        slug: &'static str,
        name: &'static str,
        description: &'static str,
        auth_type: &'static str,
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
        "oauth",
    ),
    Provider::new("garmin", "Garmin", "Fitness watches (all devices)", "oauth"),
    Provider::new("oura", "Oura", "Smart sleep tracking ring", "oauth"),
    Provider::new(
        "strava",
        "Strava",
        "Running and cycling social network",
        "oauth",
    ),
    Provider::new("wahoo", "Wahoo", "Cycling equipment", "oauth"),
    Provider::new(
        "ihealth",
        "iHealth",
        "Blood pressure, scales, glucometers and watches",
        "oauth",
    ),
    Provider::new(
        "withings",
        "Withings",
        "Scales, watches and health monitors",
        "oauth",
    ),
    Provider::new("renpho", "Renpho", "Fitness scales", "password"),
    Provider::new("zwift", "Zwift", "Virtual cycling and running", "password"),
    Provider::new("peloton", "Peloton", "Indoor exercise bike", "password"),
    Provider::new("eight_sleep", "Eight Sleep", "Smart mattress", "password"),
    Provider::new(
        "beurer_api",
        "Beurer",
        "Blood pressure and glucose devices",
        "password",
    ),
    Provider::new("whoop", "Whoop", "Smart activity watches", "password"),
    Provider::new("hammerhead", "Hammerhead", "Cycling computer", "password"),
    Provider::new("dexcom", "Dexcom", "CGM glucose monitor", "password"),
    Provider::new(
        "my_fitness_pal",
        "MyFitnessPal",
        "Meal tracking",
        "password",
    ),
    Provider::new(
        "freestyle_libre",
        "Freestyle Libre",
        "Abbott CGM glucose monitor",
        "email",
    ),
    Provider::new(
        "apple_health_kit",
        "Apple HealthKit",
        "Health data on iPhone (mobile SDK only)",
        "sdk",
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
        "auth_type": p.auth_type,
        "form_components": {},
    })
}

pub(super) async fn list_providers(
    State(sb): State<Sandbox>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    sb.record("GET", "/v2/link/providers", &headers, None);
    let token = sb.check_token(&headers)?;
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
