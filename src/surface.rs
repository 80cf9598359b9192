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
    Property {
        name: "disconnectProvider",
        ts_type: "(slug: string) => Promise<unknown> | unknown",
        description: "Disconnects a provider instead of `disconnect-url` (for hosts with their own auth): called with the provider's slug; a rejection (or a throw) is shown as a failure, with a retry. It wins when both are set, and setting it starts a fresh session.",
    },
    Property {
        name: "fetchLinkCode",
        ts_type: "() => Promise<VitalLinkCode> | VitalLinkCode",
        description: "Supplies Apple HealthKit pairing codes instead of `link-code-url` (for hosts with their own auth): Vital's `{code, exchange_url, expires_at}` from `POST /v2/link/code/create`. Called each time a code is needed; a rejection (or a throw) is shown as a failure, with a retry. It wins when both are set, and setting it starts a fresh session.",
    },
    Property {
        name: "providerNotes",
        ts_type: "Record<string, string>",
        description: "Your own guidance per provider, slug to plain text (shown as text, never markup), on its form: it replaces the built-in note for that provider (MyFitnessPal's diary key, the LibreLink practice, LibreView's yearly password) or adds one. For example `{freestyle_libre: \"Our practice ID is 1234.\"}`. Read when a view opens.",
    },
];

const PROVIDER: Field = Field {
    name: "provider",
    ts_type: "string | null",
    description: "The provider's slug, or null when none is involved (or an OAuth return named no provider this tab left for).",
};

const SESSION_ID: Field = Field {
    name: "session_id",
    ts_type: "string",
    description: "Random, the same for every event of one session (a fresh one each time the widget starts over).",
};

const VIEW: Field = Field {
    name: "view",
    ts_type: "VitalLinkView",
    description: "The view shown when it fired.",
};

const ELAPSED: Field = Field {
    name: "elapsed_ms",
    ts_type: "number",
    description: "Whole milliseconds since the session's `OPEN`.",
};

/// The views, by the names events give them (`ViewKey::name`).
pub const VIEWS: &[&str] = &[
    "loading",
    "list",
    "form",
    "mfa",
    "oauth",
    "confirm_disconnect",
    "code",
    "connected",
    "failed",
];

pub const EVENTS: &[Event] = &[
    Event {
        name: "vital-link-ready",
        detail_type: "VitalLinkReadyDetail",
        detail: &[
            Field {
                name: "providers",
                ts_type: "number",
                description: "How many providers the list shows.",
            },
            SESSION_ID,
            VIEW,
            ELAPSED,
        ],
        description: "The providers are in and the widget is usable: the list is shown, or the provider `provider` names (or the only one offered) is open.",
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
            SESSION_ID,
            VIEW,
            ELAPSED,
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
                description: "A Vital Link error type, or one of the widget's own (`token_endpoint_error`, `disconnect_error`, `link_code_error`, `unsupported_browser`, ...).",
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
            SESSION_ID,
            VIEW,
            ELAPSED,
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
            Field {
                name: "results",
                ts_type: "number | undefined",
                description: "`SEARCH` only: how many providers match (the query itself is never sent).",
            },
            SESSION_ID,
            VIEW,
            ELAPSED,
        ],
        description: "Each step of the flow, for analytics: with `session_id`, `view` and `elapsed_ms`, enough to see where users stop. `SEARCH` fires once typing pauses (600 ms), `DISCONNECT` when a provider was disconnected, `LINK_CODE` each time an Apple HealthKit pairing code is shown (never the code itself).",
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
        description: "a short notice: the form's \"This can take up to a minute\" after 5 s of waiting, and the list's (a `provider` not offered, a provider disconnected)",
    },
    Part {
        name: "guide",
        description: "a provider's guidance on its form (built in, or from `providerNotes`)",
    },
    Part {
        name: "disconnect",
        description: "the Disconnect button beside a connected row, and the one that confirms it (also `button`)",
    },
    Part {
        name: "steps",
        description: "the pairing code's steps (Apple HealthKit)",
    },
    Part {
        name: "code",
        description: "the pairing code",
    },
    Part {
        name: "copy",
        description: "the pairing code's copy button (also `button`)",
    },
    Part {
        name: "expiry",
        description: "when the pairing code expires",
    },
    Part {
        name: "qr",
        description: "the pairing code's QR code (an inline SVG, `role=\"img\"`)",
    },
    Part {
        name: "open-app",
        description: "on iOS, the link that opens Junction Connect with the code (also `button`)",
    },
    Part {
        name: "new-code",
        description: "\"Get a new code\", once a pairing code expired (also `button`)",
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

/// The `auth_type`s a success reports (`sdk`: Apple HealthKit, paired by a code).
pub const SUCCESS_AUTH_TYPES: [AuthKind; 4] = [
    AuthKind::OAuth,
    AuthKind::Password,
    AuthKind::Email,
    AuthKind::Sdk,
];

/// `vital-link-event`'s names, as the flow fires them.
pub fn flow_event_names() -> Vec<&'static str> {
    EventName::ALL.iter().map(|e| e.as_str()).collect()
}

/// The DOM event each kind of host event is fired as, from the flow's own names.
pub fn fired_event_names() -> Vec<&'static str> {
    HostEvent::KINDS.iter().map(HostEvent::name).collect()
}
