//! What a provider needs the user to know, in one table: prerequisites the provider
//! sets (MyFitnessPal's diary key, LibreLink's practice), and what to do when a
//! credential stops working (LibreView's yearly password). Hosts add to it or replace
//! a note with their `providerNotes` (the runtime reads those; this is the built-in
//! part, pure).

use super::Field;
use crate::api::{ApiError, LinkError};
use crate::i18n::T;

/// A provider's guidance.
struct Guide {
    slug: &'static str,
    /// Shown with its form (or its OAuth step) from the start.
    before: Option<T>,
    /// Shown with the form's error after the provider refused the credentials.
    after_refusal: Option<T>,
    /// What its password field is called, where that is not a password.
    password_label: Option<T>,
}

const GUIDES: &[Guide] = &[
    Guide {
        slug: "my_fitness_pal",
        before: Some(T::GuideMfp),
        after_refusal: None,
        password_label: Some(T::DiaryKeyLabel),
    },
    Guide {
        slug: "freestyle_libre",
        before: Some(T::GuideLibre),
        after_refusal: None,
        password_label: None,
    },
    Guide {
        slug: "abbott_libreview",
        before: None,
        after_refusal: Some(T::GuideLibreView),
        password_label: None,
    },
];

fn guide(slug: &str) -> Option<&'static Guide> {
    GUIDES.iter().find(|g| g.slug == slug)
}

/// The built-in note shown with `slug`'s form (or its OAuth step) from the start.
pub fn built_in_note(slug: &str) -> Option<T> {
    guide(slug)?.before
}

/// What to do after `slug` refused the credentials with `error`: said with the error.
pub fn refusal_note(slug: &str, error: &ApiError) -> Option<T> {
    let refused = matches!(
        error,
        ApiError::Link {
            error_type: LinkError::ProviderCredentialError | LinkError::ProviderPasswordExpired,
            ..
        }
    );
    refused.then(|| guide(slug)?.after_refusal).flatten()
}

/// The label of `field` on `slug`'s form, where the provider calls it something else.
pub fn field_label(slug: &str, field: Field) -> Option<T> {
    match field {
        Field::Password => guide(slug)?.password_label,
        _ => None,
    }
}
