//! The stylesheet's colour sets: the dark set is written twice (for `theme="dark"`, and
//! for `theme="auto"` under a dark system preference), and both copies must stay equal
//! and cover every colour of the light set.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

/// The `--vl-*: value` declarations of the first rule headed by `selector` in `css`.
fn declarations<'a>(css: &'a str, selector: &str) -> BTreeMap<&'a str, &'a str> {
    let start = css.find(&format!("{selector} {{")).expect(selector) + selector.len() + 2;
    let body = &css[start..start + css[start..].find('}').expect("rule ends")];
    body.split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(name, value)| (name.trim(), value.trim()))
        .filter(|(name, _)| name.starts_with("--vl-"))
        .collect()
}

#[test]
fn both_dark_copies_are_equal_and_cover_every_light_colour() {
    let css = std::fs::read_to_string("style/vital-link.css").unwrap();
    let light: Vec<&str> = declarations(&css, ":host")
        .into_iter()
        .filter(|(_, value)| value.starts_with('#'))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(light.len(), 10, "{light:?}");
    let dark = declarations(&css, r#":host([theme="dark"])"#);
    assert_eq!(dark.keys().copied().collect::<Vec<_>>(), light);
    let (_, system) = css
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("the auto theme follows the system");
    assert_eq!(declarations(system, r#":host([theme="auto"])"#), dark);
}
