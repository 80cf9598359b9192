//! Unicode case mapping. In the wasm it is the browser's (`toLowerCase`, and a `\p{..}`
//! regular expression), so std's Unicode tables stay out of the bundle; natively it is
//! std's, which follows the same Unicode data. Both fold `Ö` to `ö`.

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::{JsString, RegExp};

    pub fn lowercase(s: &str) -> String {
        JsString::from(s).to_lower_case().into()
    }

    pub fn uppercase(s: &str) -> String {
        JsString::from(s).to_upper_case().into()
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

    pub fn first_alphanumeric(s: &str) -> Option<String> {
        s.chars().find(|c| c.is_alphanumeric()).map(String::from)
    }
}

pub use imp::{first_alphanumeric, lowercase, uppercase};
