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

    thread_local! {
        // What `char::is_alphanumeric` means: Alphabetic, or a number (Nd, Nl, No).
        // Made once: compiling its Unicode sets took ~0.1 ms per row of the list.
        // (Without the `g` flag, `exec` keeps no state between calls.)
        static ALPHANUMERIC: RegExp = RegExp::new(r"[\p{Alphabetic}\p{N}]", "u");
    }

    pub fn first_alphanumeric(s: &str) -> Option<String> {
        let found = ALPHANUMERIC.with(|re| re.exec(s))?;
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
