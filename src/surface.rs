//! What hosts see of `<vital-link>` besides its attributes (declared with
//! [`crate::config::Attr`]): its properties, events, parts and CSS custom properties,
//! each declared once, here. `tests/surface.rs` writes `src/loader/custom-elements.json`,
//! `src/loader/vital-link.d.ts`, `src/loader/react.d.ts` and README's tables from these
//! declarations, and checks them against the code: the event names the runtime fires,
//! the parts the views set, the custom properties the stylesheet defines. Native only:
//! the wasm carries none of this text.

use crate::api::AuthKind;
use crate::flow::{EventName, HostEvent};

/// A JavaScript property of the element (Markdown description).
pub struct Property {
    pub name: &'static str,
    /// The TypeScript type, `undefined` left out.
    pub ts_type: &'static str,
    pub description: &'static str,
}

/// One member of an event's `detail`.
pub struct Field {
    pub name: &'static str,
    pub ts_type: &'static str,
    pub description: &'static str,
}

pub struct Event {
    pub name: &'static str,
    /// The name of its `detail`'s TypeScript interface.
    pub detail_type: &'static str,
    pub detail: &'static [Field],
    pub description: &'static str,
}

pub struct Part {
    pub name: &'static str,
    pub description: &'static str,
}

pub struct CssProperty {
    pub name: &'static str,
    /// The light theme's value, as README shows it.
    pub default: &'static str,
    pub description: &'static str,
}

pub const TAG: &str = "vital-link";

pub const ELEMENT_DESCRIPTION: &str = "A Vital (Junction) Link widget: lists providers and connects one by OAuth, password (with MFA) or email. Renders into an open shadow root.";

pub const PROPERTIES: &[Property] = &[
    Property {
        name: "fetchLinkToken",
        ts_type: "() => Promise<string> | string",
        description: "Supplies link tokens instead of `token-url` (for hosts that need their own headers, CSRF or bearer auth). It wins when both are set, and may be set before or after the element is inserted.",
    },
    Property {
        name: "connections",
        ts_type: "VitalLinkConnections",
        description: "The user's connections, in the shape `connections-url` answers (Vital's answer as it comes, or just its list; only `slug` and `status` are read). It wins over `connections-url`, may be set before or after the element is inserted, and setting it again updates the marks where the widget is, without starting over.",
    },
];

const PROVIDER: Field = Field {
    name: "provider",
    ts_type: "string | null",
    description: "The provider's slug, or null when none is involved (or an OAuth return named no provider this tab left for).",
};

pub const EVENTS: &[Event] = &[
    Event {
        name: "vital-link-ready",
        detail_type: "VitalLinkReadyDetail",
        detail: &[Field {
            name: "providers",
            ts_type: "number",
            description: "How many providers the list shows.",
        }],
        description: "The provider list is shown.",
    },
    Event {
        name: "vital-link-success",
        detail_type: "VitalLinkSuccessDetail",
        detail: &[
            PROVIDER,
            Field {
                name: "auth_type",
                ts_type: "VitalLinkAuthType",
                description: "How the provider connected.",
            },
            Field {
                name: "state",
                ts_type: "\"success\"",
                description: "Always `success`.",
            },
        ],
        description: "A provider was connected (a hint for your UI: confirm it on your server).",
    },
    Event {
        name: "vital-link-error",
        detail_type: "VitalLinkErrorDetail",
        detail: &[
            PROVIDER,
            Field {
                name: "error_type",
                ts_type: "string",
                description: "A Vital Link error type, or one of the widget's own (`token_endpoint_error`, `unsupported_browser`, ...).",
            },
            Field {
                name: "message",
                ts_type: "string",
                description: "What went wrong, in English, with the detail behind it.",
            },
            Field {
                name: "status",
                ts_type: "number | null",
                description: "The HTTP status when a response came back, else null.",
            },
        ],
        description: "Something failed; the widget shows a message and a way to retry.",
    },
    Event {
        name: "vital-link-event",
        detail_type: "VitalLinkFlowEventDetail",
        detail: &[
            Field {
                name: "name",
                ts_type: "VitalLinkFlowEventName",
                description: "The step of the flow.",
            },
            PROVIDER,
            Field {
                name: "timestamp",
                ts_type: "number",
                description: "Milliseconds since the epoch.",
            },
        ],
        description: "Each step of the flow, for analytics.",
    },
];

pub const PARTS: &[Part] = &[
    Part {
        name: "root",
        description: "the panel",
    },
    Part {
        name: "list",
        description: "the provider list",
    },
    Part {
        name: "group",
        description: "each group of the provider list",
    },
    Part {
        name: "provider",
        description: "a provider button",
    },
    Part {
        name: "logo",
        description: "a provider's logo (or monogram)",
    },
    Part {
        name: "search",
        description: "the search input",
    },
    Part {
        name: "form",
        description: "the credential, MFA and email forms",
    },
    Part {
        name: "input",
        description: "every input",
    },
    Part {
        name: "select",
        description: "the region select",
    },
    Part {
        name: "button",
        description: "every button",
    },
    Part {
        name: "submit",
        description: "a form's submit button",
    },
    Part {
        name: "back",
        description: "the way back",
    },
    Part {
        name: "retry",
        description: "\"Try again\"",
    },
    Part {
        name: "reveal",
        description: "show/hide password",
    },
    Part {
        name: "error",
        description: "error messages",
    },
    Part {
        name: "mark",
        description: "a provider's \"Connected\" or \"Reconnect\" label",
    },
    Part {
        name: "reconnect",
        description: "the \"Reconnect\" label (also `mark`)",
    },
    Part {
        name: "notice",
        description: "the form's \"This can take up to a minute\" note, after 5 s of waiting",
    },
    Part {
        name: "success",
        description: "the connected view",
    },
];

pub const CSS_PROPERTIES: &[CssProperty] = &[
    CssProperty {
        name: "--vl-accent",
        default: "#2f5bea",
        description: "primary buttons, focus rings, monograms",
    },
    CssProperty {
        name: "--vl-accent-text",
        default: "#fff",
        description: "text on the accent",
    },
    CssProperty {
        name: "--vl-text",
        default: "#1c2230",
        description: "text",
    },
    CssProperty {
        name: "--vl-muted",
        default: "#5b6474",
        description: "secondary text",
    },
    CssProperty {
        name: "--vl-background",
        default: "#fff",
        description: "panel and inputs",
    },
    CssProperty {
        name: "--vl-surface",
        default: "#f5f7fb",
        description: "hover, logo tiles",
    },
    CssProperty {
        name: "--vl-border",
        default: "#d5dae3",
        description: "borders",
    },
    CssProperty {
        name: "--vl-error",
        default: "#b3261e",
        description: "error text",
    },
    CssProperty {
        name: "--vl-error-background",
        default: "#fdecea",
        description: "behind error messages",
    },
    CssProperty {
        name: "--vl-success",
        default: "#1e7b45",
        description: "the connected title",
    },
    CssProperty {
        name: "--vl-font",
        default: "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif",
        description: "font family",
    },
    CssProperty {
        name: "--vl-radius",
        default: "10px",
        description: "corner radius",
    },
    CssProperty {
        name: "--vl-space",
        default: "12px",
        description: "spacing unit",
    },
];

/// The `auth_type`s a success reports (an SDK provider never connects in the widget).
pub const SUCCESS_AUTH_TYPES: [AuthKind; 3] =
    [AuthKind::OAuth, AuthKind::Password, AuthKind::Email];

/// `vital-link-event`'s names, as the flow fires them.
pub fn flow_event_names() -> Vec<&'static str> {
    EventName::ALL.iter().map(|e| e.as_str()).collect()
}

/// The DOM event each kind of host event is fired as, from the flow's own names.
pub fn fired_event_names() -> Vec<&'static str> {
    HostEvent::KINDS.iter().map(HostEvent::name).collect()
}
