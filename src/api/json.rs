//! A JSON value as the decoders read it. In the browser it is the `JsValue` that
//! `JSON.parse` returns, so the wasm carries no JSON parser of its own; natively it is
//! `serde_json::Value`, so decoding is tested and fuzzed without a browser. The
//! decoders in `decode.rs` are written once, against [`JsonValue`].

/// The few questions the decoders ask of a value.
pub trait JsonValue: Sized {
    /// `JSON.parse`: the value, or the parser's own complaint.
    fn parse(text: &str) -> Result<Self, String>;
    /// An object's own member (`null` included); `None` for a missing member or a
    /// value that is not an object.
    fn member(&self, key: &str) -> Option<Self>;
    /// The text of a JSON string; `None` for anything else.
    fn text(&self) -> Option<String>;
    /// The elements of a JSON array; `None` for anything else.
    fn items(&self) -> Option<Vec<Self>>;
    // Named apart from `JsValue`'s own `is_object` (true for arrays too) and `is_null`,
    // so a call can never pick the inherent method instead.
    fn is_json_object(&self) -> bool;
    fn is_json_null(&self) -> bool;
    /// `JSON.stringify` of an object whose members are all strings.
    fn stringify_object(members: &[(&str, &str)]) -> String;
}

/// The value type of this target.
#[cfg(not(target_arch = "wasm32"))]
pub type Json = serde_json::Value;
#[cfg(target_arch = "wasm32")]
pub type Json = wasm_bindgen::JsValue;

#[cfg(not(target_arch = "wasm32"))]
impl JsonValue for serde_json::Value {
    fn parse(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn member(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn is_json_object(&self) -> bool {
        self.is_object()
    }

    fn is_json_null(&self) -> bool {
        self.is_null()
    }

    fn stringify_object(members: &[(&str, &str)]) -> String {
        let map: serde_json::Map<String, serde_json::Value> = members
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

#[cfg(target_arch = "wasm32")]
impl JsonValue for wasm_bindgen::JsValue {
    fn parse(text: &str) -> Result<Self, String> {
        js_sys::JSON::parse(text).map_err(|e| {
            use wasm_bindgen::JsCast;
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default()
        })
    }

    fn member(&self, key: &str) -> Option<Self> {
        if !self.is_json_object() {
            return None;
        }
        let key = wasm_bindgen::JsValue::from_str(key);
        // Own members only: `{}` has no "constructor" here, whatever its prototype has.
        let object: &js_sys::Object = wasm_bindgen::JsCast::unchecked_ref(self);
        if !js_sys::Object::has_own(object, &key) {
            return None;
        }
        js_sys::Reflect::get(self, &key).ok()
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self)
            .then(|| wasm_bindgen::JsCast::unchecked_ref::<js_sys::Array>(self).to_vec())
    }

    fn is_json_object(&self) -> bool {
        self.is_object() && !js_sys::Array::is_array(self)
    }

    fn is_json_null(&self) -> bool {
        self.is_null()
    }

    fn stringify_object(members: &[(&str, &str)]) -> String {
        let object = js_sys::Object::new();
        for (key, value) in members {
            let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
        }
        js_sys::JSON::stringify(&object)
            .map(String::from)
            .unwrap_or_default()
    }
}
