//! The stylesheet's colour fallback: browsers without `light-dark()` get exactly the
//! colours that `light-dark()` gives the others, light by default, dark for
//! `theme="dark"`.
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
fn every_light_dark_colour_has_both_fallbacks() {
    let css = std::fs::read_to_string("style/vital-link.css").unwrap();
    let (modern, fallback) = css
        .split_once("@supports not (color: light-dark(#000, #fff))")
        .expect("a fallback block");
    let pairs: BTreeMap<&str, (&str, &str)> = declarations(modern, ":host")
        .into_iter()
        .filter_map(|(name, value)| {
            let inner = value.strip_prefix("light-dark(")?.strip_suffix(')')?;
            let (light, dark) = inner.split_once(',')?;
            Some((name, (light.trim(), dark.trim())))
        })
        .collect();
    assert_eq!(pairs.len(), 10, "{pairs:?}");
    let light: BTreeMap<_, _> = pairs.iter().map(|(n, (l, _))| (*n, *l)).collect();
    let dark: BTreeMap<_, _> = pairs.iter().map(|(n, (_, d))| (*n, *d)).collect();
    assert_eq!(declarations(fallback, ":host"), light);
    assert_eq!(declarations(fallback, r#":host([theme="dark"])"#), dark);
}
