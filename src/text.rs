//! Unicode case mapping and substring search. In the wasm they are the browser's
//! (`toLowerCase`, `includes`, and a `\p{..}` regular expression), so std's Unicode
//! tables and string searcher stay out of the bundle; natively they are std's, which
//! follow the same Unicode data. Both fold `Ö` to `ö`.

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::{JsString, RegExp};

    pub fn lowercase(s: &str) -> String {
        JsString::from(s).to_lower_case().into()
    }

    pub fn uppercase(s: &str) -> String {
        JsString::from(s).to_upper_case().into()
    }

    pub fn includes(haystack: &str, needle: &str) -> bool {
        JsString::from(haystack).includes(needle, 0)
    }

    pub fn first_alphanumeric(s: &str) -> Option<String> {
        // What `char::is_alphanumeric` means: Alphabetic, or a number (Nd, Nl, No).
        let found = RegExp::new(r"[\p{Alphabetic}\p{N}]", "u").exec(s)?;
        found.get(0).as_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn lowercase(s: &str) -> String {
        s.to_lowercase()
    }

    pub fn uppercase(s: &str) -> String {
        s.to_uppercase()
    }

    pub fn includes(haystack: &str, needle: &str) -> bool {
        haystack.contains(needle)
    }

    pub fn first_alphanumeric(s: &str) -> Option<String> {
        s.chars().find(|c| c.is_alphanumeric()).map(String::from)
    }
}

pub use imp::{first_alphanumeric, includes, lowercase, uppercase};
