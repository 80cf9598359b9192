//! The element's public surface is declared once, in Rust: attributes with
//! `vital_link::config::Attr`, the rest in `vital_link::surface`. From those
//! declarations this test writes what hosts read, and fails when a checked-in copy
//! differs (an edit by hand, or a declaration changed without running the update):
//! - `src/loader/custom-elements.json`, the Custom Elements Manifest;
//! - `src/loader/vital-link.d.ts` and `src/loader/react.d.ts`, the TypeScript types;
//! - README's attribute, property, event, part and custom-property tables, between
//!   `<!-- surface:NAME -->` markers.
//!
//! `UPDATE_SURFACE=1 cargo test --test surface` rewrites them all. The declarations
//! are also held to the code: the events the runtime fires, the parts the views set,
//! the custom properties the stylesheet defines, the values the attributes accept.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::fs;
use vital_link::config::{Attr, AttrKind, Attributes};
use vital_link::surface::*;

/// Checks `path` holds `expected`, after writing it when `UPDATE_SURFACE` is set.
fn check_file(path: &str, expected: &str) {
    if std::env::var_os("UPDATE_SURFACE").is_some() {
        fs::write(path, expected).unwrap();
    }
    let actual = fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "{path} differs from the declarations in src/config.rs and src/surface.rs: \
         change those, then run `UPDATE_SURFACE=1 cargo test --test surface`"
    );
}

fn manifest_type(kind: AttrKind) -> String {
    match kind {
        AttrKind::Text => "string".into(),
        AttrKind::Number => "number".into(),
        AttrKind::Flag => "boolean".into(),
        AttrKind::OneOf(values) => union(values),
    }
}

/// What JSX and `setAttribute` users may write.
fn ts_attribute_type(kind: AttrKind) -> String {
    match kind {
        AttrKind::Text => "string".into(),
        AttrKind::Number => "number | string".into(),
        AttrKind::Flag => "boolean | \"\"".into(),
        AttrKind::OneOf(values) => union(values),
    }
}

fn union(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    quoted.join(" | ")
}

fn event_type(event: &Event) -> String {
    let fields: Vec<String> = event
        .detail
        .iter()
        .map(|f| format!("{}: {}", f.name, inline_type(f.ts_type)))
        .collect();
    format!("CustomEvent<{{ {} }}>", fields.join("; "))
}

/// The manifest names no TypeScript aliases: they are spelled out.
fn inline_type(ts_type: &str) -> String {
    match ts_type {
        "VitalLinkAuthType" => auth_types(),
        "VitalLinkFlowEventName" => union(&flow_event_names()),
        "VitalLinkView" => union(VIEWS),
        other => other.into(),
    }
}

fn auth_types() -> String {
    union(&SUCCESS_AUTH_TYPES.map(|k| k.as_str()))
}

fn manifest() -> String {
    let attributes: Vec<Value> = Attr::ALL
        .iter()
        .map(|attr| {
            let spec = attr.spec();
            json!({
                "name": attr.name(),
                "type": { "text": manifest_type(spec.kind) },
                "default": spec.default,
                "description": spec.description,
            })
        })
        .collect();
    let members: Vec<Value> = PROPERTIES
        .iter()
        .map(|p| {
            json!({
                "kind": "field",
                "name": p.name,
                "type": { "text": format!("({}) | undefined", p.ts_type) },
                "description": p.description,
            })
        })
        .collect();
    let events: Vec<Value> = EVENTS
        .iter()
        .map(|e| json!({ "name": e.name, "type": { "text": event_type(e) }, "description": e.description }))
        .collect();
    let parts: Vec<Value> = PARTS
        .iter()
        .map(|p| json!({ "name": p.name, "description": p.description }))
        .collect();
    let properties: Vec<Value> = CSS_PROPERTIES
        .iter()
        .map(|p| json!({ "name": p.name, "default": p.default, "description": p.description }))
        .collect();
    let manifest = json!({
        "schemaVersion": "2.1.0",
        "readme": "README.md",
        "modules": [{
            "kind": "javascript-module",
            "path": "vital-link.js",
            "declarations": [{
                "kind": "class",
                "name": "VitalLinkElement",
                "tagName": TAG,
                "customElement": true,
                "description": ELEMENT_DESCRIPTION,
                "superclass": { "name": "HTMLElement" },
                "attributes": attributes,
                "members": members,
                "events": events,
                "cssParts": parts,
                "cssProperties": properties,
            }],
            "exports": [{
                "kind": "custom-element-definition",
                "name": TAG,
                "declaration": { "name": "VitalLinkElement", "module": "vital-link.js" },
            }],
        }],
    });
    serde_json::to_string_pretty(&manifest).unwrap() + "\n"
}

/// A JSDoc comment at `indent`, on one line.
fn doc(indent: &str, text: &str) -> String {
    format!("{indent}/** {} */\n", text.replace("*/", "*\\/"))
}

fn property_key(name: &str) -> String {
    if name.contains('-') {
        format!("\"{name}\"")
    } else {
        name.into()
    }
}

const GENERATED: &str = "Generated from src/config.rs and src/surface.rs by tests/surface.rs:\n// edit those, then run `UPDATE_SURFACE=1 cargo test --test surface`.";

fn dts() -> String {
    let mut out = format!(
        "// Types for <vital-link>, the element that vital-link.js defines. {GENERATED}\n\n"
    );
    out += &format!("export type VitalLinkAuthType = {};\n\n", auth_types());
    out += &format!(
        "export type VitalLinkFlowEventName = {};\n\n",
        union(&flow_event_names())
    );
    out += &format!("export type VitalLinkView = {};\n\n", union(VIEWS));
    for event in EVENTS {
        out += &format!("export interface {} {{\n", event.detail_type);
        for field in event.detail {
            out += &doc("  ", field.description);
            out += &format!("  {}: {};\n", field.name, field.ts_type);
        }
        out += "}\n\n";
    }
    out += "/** The events `<vital-link>` fires (bubbling and composed). */\nexport interface VitalLinkEventMap {\n";
    for event in EVENTS {
        out += &doc("  ", event.description);
        out += &format!(
            "  \"{}\": CustomEvent<{}>;\n",
            event.name, event.detail_type
        );
    }
    out += "}\n\n/** The element's attributes, as strings in HTML. */\nexport interface VitalLinkAttributes {\n";
    for attr in Attr::ALL {
        let spec = attr.spec();
        out += &doc(
            "  ",
            &format!("{} Default: {}.", spec.description, spec.default),
        );
        out += &format!(
            "  {}?: {};\n",
            property_key(attr.name()),
            ts_attribute_type(spec.kind)
        );
    }
    out += "}\n\n";
    out += CONNECTION_TYPES;
    out += "\nexport interface VitalLinkElement extends HTMLElement {\n";
    for property in PROPERTIES {
        out += &doc("  ", property.description);
        out += &format!("  {}?: {};\n", property.name, property.ts_type);
    }
    out += ELEMENT_METHODS;
    out
}

const CONNECTION_TYPES: &str = r#"/** One of the user's connections, as Vital's `GET /v2/user/providers/{user_id}` lists it. The widget reads `slug` and `status`. */
export interface VitalLinkConnection {
  slug: string;
  /** `"connected"`, or `"error"` (offered as "Reconnect"); other statuses are not marked. */
  status: "connected" | "error" | (string & {});
  name?: string;
  logo?: string;
  created_on?: string;
  error_details?: { error_type: string; error_message: string; errored_at: string } | null;
}

/** Vital's answer as it comes, or just its list. */
export type VitalLinkConnections = { providers: VitalLinkConnection[] } | VitalLinkConnection[];

/** An Apple HealthKit pairing code: Vital's answer to `POST /v2/link/code/create`. */
export interface VitalLinkCode {
  /** What the user enters in the Junction Connect app, e.g. `pkus1a2b3c4d`. */
  code: string;
  /** `tryvital://tryvital?code=...`: opens the app with the code (the QR code's content). */
  exchange_url: string;
  /** When the code stops working (RFC 3339). */
  expires_at: string;
}
"#;

const ELEMENT_METHODS: &str = r#"  addEventListener<K extends keyof VitalLinkEventMap>(
    type: K,
    listener: (this: VitalLinkElement, event: VitalLinkEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof VitalLinkEventMap>(
    type: K,
    listener: (this: VitalLinkElement, event: VitalLinkEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "vital-link": VitalLinkElement;
  }
}
"#;

fn react_dts() -> String {
    let mut out = format!(
        "// React 19's JSX for <vital-link>, so that in TSX its attributes and properties\n\
         // type-check like any element's. Opt in once, in any file:\n\
         //   import type {{}} from \"vital-link-widget/react\";\n\
         // (The main types, vital-link.d.ts, stay free of React.) {GENERATED}\n"
    );
    out += "import type { DetailedHTMLProps, HTMLAttributes } from \"react\";\n";
    out += "import type { VitalLinkAttributes, VitalLinkElement } from \"./vital-link.js\";\n\n";
    out += "/** What JSX accepts on <vital-link>: an element's usual props, its attributes, and the properties. */\n";
    out += "export type VitalLinkProps = DetailedHTMLProps<HTMLAttributes<VitalLinkElement>, VitalLinkElement> &\n  VitalLinkAttributes & {\n";
    for property in PROPERTIES {
        out += "    /** Set as a property (React 19 does so for a defined custom element). */\n";
        out += &format!(
            "    {name}?: VitalLinkElement[\"{name}\"];\n",
            name = property.name
        );
    }
    out += "  };\n\ndeclare module \"react\" {\n  namespace JSX {\n    interface IntrinsicElements {\n      \"vital-link\": VitalLinkProps;\n    }\n  }\n}\n";
    out
}

/// A Markdown table cell: pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table: its header row, then one row of cells per item.
fn table<T>(header: &[&str], items: &[T], row: impl Fn(&T) -> Vec<String>) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for item in items {
        out += &format!("| {} |\n", row(item).join(" | "));
    }
    out
}

fn readme_tables() -> Vec<(&'static str, String)> {
    let code = |text: &str| format!("`{}`", cell(text));
    let attributes = table(&["attribute", "default", "meaning"], Attr::ALL, |attr| {
        let spec = attr.spec();
        vec![
            code(attr.name()),
            cell(spec.default),
            cell(spec.description),
        ]
    });
    let properties = table(&["property", "type", "meaning"], PROPERTIES, |p| {
        vec![code(p.name), code(p.ts_type), cell(p.description)]
    });
    let events = table(&["event", "when", "`detail`"], EVENTS, |e| {
        let fields: Vec<String> = e
            .detail
            .iter()
            .map(|f| {
                format!(
                    "{} ({}): {}",
                    code(f.name),
                    code(&inline_type(f.ts_type)),
                    cell(f.description)
                )
            })
            .collect();
        vec![code(e.name), cell(e.description), fields.join("<br>")]
    });
    let parts = table(&["part", "element"], PARTS, |p| {
        vec![code(p.name), cell(p.description)]
    });
    let custom = table(
        &["property", "default (light)", "what"],
        CSS_PROPERTIES,
        |p| vec![code(p.name), code(p.default), cell(p.description)],
    );
    vec![
        ("attributes", attributes),
        ("properties", properties),
        ("events", events),
        ("parts", parts),
        ("css-properties", custom),
    ]
}

fn readme() -> String {
    let mut text = fs::read_to_string("README.md").unwrap();
    for (name, table) in readme_tables() {
        let (start, end) = (
            format!("<!-- surface:{name} -->\n"),
            format!("<!-- /surface:{name} -->"),
        );
        let from = text
            .find(&start)
            .unwrap_or_else(|| panic!("README has no {start}"))
            + start.len();
        let to = text[from..]
            .find(&end)
            .unwrap_or_else(|| panic!("README has no {end}"))
            + from;
        text.replace_range(from..to, &table);
    }
    text
}

#[test]
fn generated_files_match_the_declarations() {
    check_file("src/loader/custom-elements.json", &manifest());
    check_file("src/loader/vital-link.d.ts", &dts());
    check_file("src/loader/react.d.ts", &react_dts());
    check_file("README.md", &readme());
}

#[test]
fn the_runtime_fires_the_declared_events() {
    let declared: Vec<&str> = EVENTS.iter().map(|e| e.name).collect();
    assert_eq!(declared, fired_event_names());
}

#[test]
fn events_name_the_declared_views_and_no_other() {
    use vital_link::flow::{FormKind, ViewKey};
    let keys = [
        ViewKey::Loading,
        ViewKey::List,
        ViewKey::Form(FormKind::Password, "renpho".into()),
        ViewKey::Form(FormKind::Email, "freestyle_libre".into()),
        ViewKey::Form(FormKind::Mfa, "renpho".into()),
        ViewKey::Chosen("fitbit".into()),
        ViewKey::Redirecting("fitbit".into()),
        ViewKey::ConfirmDisconnect("fitbit".into(), 3),
        ViewKey::Code,
        ViewKey::Connected,
        ViewKey::Failed(1),
    ];
    let mut named: Vec<&str> = keys.iter().map(ViewKey::name).collect();
    named.dedup();
    assert_eq!(named, VIEWS);
}

#[test]
fn the_views_set_the_declared_parts_and_no_other() {
    let mut sources = String::new();
    for entry in fs::read_dir("src/components").unwrap() {
        sources += &fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    // The provider rows (src/browser.js) and the pairing code's panel, fetched on
    // demand, set their parts as `part: "..."`.
    for file in ["src/browser.js", "src/loader/vital-link-pairing.js"] {
        sources += &fs::read_to_string(file)
            .unwrap()
            .replace("part: \"", "part=\"");
    }
    // The names in the views' `part` values: literal, or chosen just below a `part`.
    let lines: Vec<&str> = sources.lines().collect();
    let near_part = |i: usize| {
        lines[i.saturating_sub(3)..=i]
            .iter()
            .any(|l| l.contains("part"))
    };
    let mut used: Vec<String> = Vec::new();
    for line in (0..lines.len()).filter(|&i| near_part(i)).map(|i| lines[i]) {
        for quoted in line.split('"').skip(1).step_by(2) {
            used.extend(quoted.split_whitespace().map(str::to_owned));
        }
        for quoted in line.split('\'').skip(1).step_by(2) {
            used.extend(quoted.split_whitespace().map(str::to_owned));
        }
    }
    let declared: Vec<&str> = PARTS.iter().map(|p| p.name).collect();
    for part in &declared {
        assert!(
            used.iter().any(|u| u == part),
            "part {part} is declared but no view sets it"
        );
    }
    // Every part written out as one (`part="..."`, `setAttribute('part', '...')`).
    let literal = sources
        .split("part=\"")
        .skip(1)
        .chain(sources.split("setAttribute('part', '").skip(1))
        .flat_map(|rest| rest.split(['"', '\'']).next().unwrap().split_whitespace());
    for part in literal {
        assert!(
            declared.contains(&part),
            "a view sets part {part}, which src/surface.rs does not declare"
        );
    }
}

#[test]
fn the_stylesheet_defines_the_declared_custom_properties() {
    let css = fs::read_to_string("style/vital-link.css").unwrap();
    let host = css
        .split(":host {")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap();
    let defined: Vec<(String, String)> = host
        .split(';')
        .filter_map(|d| d.trim().split_once(':'))
        .filter(|(name, _)| name.trim().starts_with("--vl-"))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let declared: Vec<(String, String)> = CSS_PROPERTIES
        .iter()
        .map(|p| (p.name.to_owned(), p.default.to_owned()))
        .collect();
    assert_eq!(declared, defined);
}

#[test]
fn attributes_with_listed_values_accept_those_and_no_other() {
    for attr in Attr::ALL {
        let AttrKind::OneOf(values) = attr.spec().kind else {
            continue;
        };
        if !attr.restarts() {
            continue; // theme is read by the stylesheet alone
        }
        for value in values {
            let attrs = Attributes::default().with(*attr, value);
            assert!(
                attrs.resolve("https://app.example").is_ok(),
                "{} = {value}",
                attr.name()
            );
        }
        let attrs = Attributes::default().with(*attr, "bogus");
        assert!(
            attrs.resolve("https://app.example").is_err(),
            "{} = bogus",
            attr.name()
        );
    }
}
