//! Minifies the widget's stylesheet into OUT_DIR: the wasm carries it (adopted into
//! each shadow root), so its comments and indentation would cost every host page.
//! Conservative on purpose: comments go, whitespace runs become one space, and spaces
//! next to `{ } ; , >` and after `:` go; nothing else is rewritten.

use std::{env, fs, path::Path};

fn minify(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some((before, after)) = rest.split_once("/*") {
        without_comments.push_str(before);
        rest = after.split_once("*/").map_or("", |(_, tail)| tail);
    }
    without_comments.push_str(rest);

    let mut out = String::with_capacity(without_comments.len());
    let mut pending_space = false;
    for c in without_comments.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
        if pending_space
            && !out.is_empty()
            && !tight(c)
            && !out.ends_with(|p: char| tight(p) || p == ':')
        {
            out.push(' ');
        }
        pending_space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
    }
    out
}

fn main() {
    let source = "style/vital-link.css";
    println!("cargo:rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("style/vital-link.css is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("vital-link.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}
