//! The layers `src/lib.rs` lists are the layers the code has: every `crate::` path in a
//! module names a module its line in that list allows, and each line allows only
//! modules listed before it, so no import runs up and none goes round in a circle.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// `module -> modules it may use`, in the order `src/lib.rs` lists them.
fn declared_layers() -> Vec<(String, Vec<String>)> {
    let lib = fs::read_to_string("src/lib.rs").unwrap();
    let mut layers = Vec::new();
    let mut entry = String::new();
    let docs = lib.lines().filter_map(|l| l.strip_prefix("//!"));
    for line in docs.chain(["- end"]) {
        let line = line.trim();
        if line.starts_with("- ") {
            if let Some((module, uses)) = parse_entry(&entry) {
                layers.push((module, uses));
            }
            entry = line.to_owned();
        } else if !entry.is_empty() && !line.is_empty() {
            entry.push(' ');
            entry.push_str(line);
        } else {
            if let Some((module, uses)) = parse_entry(&entry) {
                layers.push((module, uses));
            }
            entry.clear();
        }
    }
    layers
}

/// "- [`flow`] (uses `api`, `i18n`): ..." -> ("flow", ["api", "i18n"]).
fn parse_entry(entry: &str) -> Option<(String, Vec<String>)> {
    let (module, rest) = entry.split_once(" (uses ")?;
    let module = module
        .trim_start_matches("- ")
        .trim_matches(['[', ']', '`']);
    let uses = rest.split_once(')')?.0;
    let uses = uses
        .split(',')
        .map(|u| u.trim().trim_matches('`').to_owned())
        .filter(|u| !u.is_empty() && u != "nothing")
        .collect();
    Some((module.to_owned(), uses))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module a file belongs to: `src/api/client.rs` -> `api`.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix("src").unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_str().unwrap().trim_end_matches(".rs").to_owned()
}

/// Every `crate::name` the file mentions.
fn crate_paths(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        .map(|(at, _)| {
            text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn each_layer_uses_only_layers_below_it() {
    let layers = declared_layers();
    let names: Vec<&str> = layers.iter().map(|(m, _)| m.as_str()).collect();
    assert!(names.len() >= 10, "lib.rs lists its layers: {names:?}");
    let mut allowed = BTreeMap::new();
    for (position, (module, uses)) in layers.iter().enumerate() {
        for used in uses {
            let below = names[..position].contains(&used.as_str());
            assert!(
                below,
                "lib.rs lets {module} use {used}, which is not below it"
            );
        }
        allowed.insert(module.clone(), uses.clone());
    }
    let mut seen = Vec::new();
    for file in rust_files(Path::new("src")) {
        let module = module_of(&file);
        if module == "lib" {
            continue;
        }
        let uses = allowed
            .get(&module)
            .unwrap_or_else(|| panic!("{} is in no layer of lib.rs", file.display()));
        for used in crate_paths(&fs::read_to_string(&file).unwrap()) {
            assert!(
                used == module || uses.contains(&used),
                "{} uses crate::{used}, which lib.rs does not let {module} use",
                file.display()
            );
        }
        seen.push(module);
    }
    for name in names {
        assert!(
            seen.iter().any(|m| m == name),
            "lib.rs lists {name}, which has no file"
        );
    }
}
