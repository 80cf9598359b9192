// Types for <vital-link>, the element that vital-link.js defines. Generated from src/config.rs and src/surface.rs by tests/surface.rs:
// edit those, then run `UPDATE_SURFACE=1 cargo test --test surface`.

export type VitalLinkAuthType = "oauth" | "password" | "email" | "sdk";

export type VitalLinkFlowEventName = "OPEN" | "SELECT_PROVIDER" | "SUBMIT_CREDENTIALS" | "SUBMIT_MFA" | "SUBMIT_EMAIL" | "OPEN_OAUTH" | "OAUTH_RETURN" | "TOKEN_REFRESH" | "BACK" | "ERROR" | "SUCCESS" | "SEARCH" | "DISCONNECT" | "LINK_CODE";

export type VitalLinkView = "loading" | "list" | "form" | "mfa" | "oauth" | "confirm_disconnect" | "code" | "connected" | "failed";

export interface VitalLinkReadyDetail {
  /** How many providers the list shows. */
  providers: number;
  /** Random, the same for every event of one session (a fresh one each time the widget starts over). */
  session_id: string;
  /** The view shown when it fired. */
  view: VitalLinkView;
  /** Whole milliseconds since the session's `OPEN`. */
  elapsed_ms: number;
}

export interface VitalLinkSuccessDetail {
  /** The provider's slug, or null when none is involved (or an OAuth return named no provider this tab left for). */
  provider: string | null;
  /** How the provider connected. */
  auth_type: VitalLinkAuthType;
  /** Always `success`. */
  state: "success";
  /** Random, the same for every event of one session (a fresh one each time the widget starts over). */
  session_id: string;
  /** The view shown when it fired. */
  view: VitalLinkView;
  /** Whole milliseconds since the session's `OPEN`. */
  elapsed_ms: number;
}

export interface VitalLinkErrorDetail {
  /** The provider's slug, or null when none is involved (or an OAuth return named no provider this tab left for). */
  provider: string | null;
  /** A Vital Link error type, or one of the widget's own (`token_endpoint_error`, `disconnect_error`, `link_code_error`, `unsupported_browser`, ...). */
  error_type: string;
  /** What went wrong, in English, with the detail behind it. */
  message: string;
  /** The HTTP status when a response came back, else null. */
  status: number | null;
  /** Random, the same for every event of one session (a fresh one each time the widget starts over). */
  session_id: string;
  /** The view shown when it fired. */
  view: VitalLinkView;
  /** Whole milliseconds since the session's `OPEN`. */
  elapsed_ms: number;
}

export interface VitalLinkFlowEventDetail {
  /** The step of the flow. */
  name: VitalLinkFlowEventName;
  /** The provider's slug, or null when none is involved (or an OAuth return named no provider this tab left for). */
  provider: string | null;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** `SEARCH` only: how many providers match (the query itself is never sent). */
  results: number | undefined;
  /** Random, the same for every event of one session (a fresh one each time the widget starts over). */
  session_id: string;
  /** The view shown when it fired. */
  view: VitalLinkView;
  /** Whole milliseconds since the session's `OPEN`. */
  elapsed_ms: number;
}

/** The events `<vital-link>` fires (bubbling and composed). */
export interface VitalLinkEventMap {
  /** The providers are in and the widget is usable: the list is shown, or the provider `provider` names (or the only one offered) is open. */
  "vital-link-ready": CustomEvent<VitalLinkReadyDetail>;
  /** A provider was connected (a hint for your UI: confirm it on your server). */
  "vital-link-success": CustomEvent<VitalLinkSuccessDetail>;
  /** Something failed; the widget shows a message and a way to retry. */
  "vital-link-error": CustomEvent<VitalLinkErrorDetail>;
  /** Each step of the flow, for analytics: with `session_id`, `view` and `elapsed_ms`, enough to see where users stop. `SEARCH` fires once typing pauses (600 ms), `DISCONNECT` when a provider was disconnected, `LINK_CODE` each time an Apple HealthKit pairing code is shown (never the code itself). */
  "vital-link-event": CustomEvent<VitalLinkFlowEventDetail>;
}

/** The element's attributes, as strings in HTML. */
export interface VitalLinkAttributes {
  /** Your endpoint for link tokens. The widget sends `POST`, `Content-Type: application/json`, body `{}`, `credentials: "same-origin"`, and expects `200 {"link_token": "..."}`. Default: required unless `fetchLinkToken` is set. */
  "token-url"?: string;
  /** The Vital environment: `sandbox` or `production`. Default: `sandbox`. */
  environment?: "sandbox" | "production";
  /** The Vital region: `us` or `eu`. Default: `us`. */
  region?: "us" | "eu";
  /** Base URL of the Vital API (e.g. a local sandbox), where the link token goes: an `https` URL, an `http` URL only to `localhost`/`127.x.x.x`/`[::1]` (the rule OAuth URLs follow too), or a path on the page's origin (no backslashes or whitespace). Overrides the two above. Default: from environment and region. */
  "api-base"?: string;
  /** Comma-separated slugs: only these, in this order (within their group). Default: all the token allows. */
  providers?: string;
  /** How long one action may take, all its requests together (token, call, a fresh token and its retry): 100 to 120000, for every action. Without it a form gets 65 s, since Vital documents up to 60 s for some password providers (Abbott LibreView); after 5 s of waiting the form says so ("This can take up to a minute"). Default: `15000` for the list and OAuth, `65000` for a submitted form. */
  "timeout-ms"?: number | string;
  /** `en`, `de`, `es`, `fr`, `it`, `pt`, `nl` or `ja` (region subtags like `de-AT` or `pt-BR` work). English is built in; each other language is a catalogue (`i18n/{tag}.json`, about 1 KB gzip) fetched from beside the loader only by widgets in that language, so languages cost the wasm nothing; a missing message falls back to English. The layout follows the page's direction (`dir="rtl"`): it mirrors, and is tested so. Default: the page's `<html lang>`, else `en`. */
  locale?: string;
  /** `light`, `dark`, or `auto` (follows `prefers-color-scheme`). Restyles without starting over. Default: `light`. */
  theme?: "light" | "dark" | "auto";
  /** `redirect` (the page goes to the provider and comes back) or `popup` (the provider opens in a popup, opened in the click so blockers allow it; the result comes back by same-origin `postMessage`; a blocked popup falls back to `redirect`; closing the popup ends the flow with `user_cancelled`). Default: `redirect`. */
  "oauth-mode"?: "redirect" | "popup";
  /** Your endpoint for the user's connections. The widget sends `GET` with `credentials: "same-origin"` while the list loads and expects `200` with Vital's `GET /v2/user/providers/{user_id}` answer, `{"providers": [{"slug": ..., "status": "connected" | "error", ...}]}` (the reference backend's `GET /api/vital/connections`). The list then marks providers with status `connected` as "Connected" and those with `error` (for a password provider, also an expired password) as "Reconnect"; both can still be chosen. A connection made in the widget is marked at once. Connections only mark the list: an answer that cannot be read leaves it unmarked, with a console warning. The `connections` property wins over it. Default: none. */
  "connections-url"?: string;
  /** A provider's slug (`fitbit`, `oura`...): the widget opens it directly once the list is in: its form, or for an OAuth provider a step naming it with one button that continues (the popup opens in that click; in redirect mode the page leaves only then). Back leads to the whole list. A slug the token does not offer shows the list with a short notice. A token that offers exactly one provider opens it the same way, as Vital's hosted Link does. Default: none. */
  provider?: string;
  /** Your endpoint that disconnects a provider (the reference backend's `POST /api/vital/disconnect`, which calls Vital's `DELETE /v2/user/{user_id}/{provider}`). The widget sends `POST`, `Content-Type: application/json`, body `{"provider": "<slug>"}`, `credentials: "same-origin"`, and treats any `2xx` as done. With it (or the `disconnectProvider` property), each provider marked "Connected" or "Reconnect" gets a Disconnect button beside its row (`part="disconnect"`), which asks for confirmation first. Default: none. */
  "disconnect-url"?: string;
  /** Your endpoint for a pairing code for Vital's Junction Connect iOS app, which connects Apple HealthKit (the reference backend's `POST /api/vital/link-code`, which calls Vital's `POST /v2/link/code/create`). The widget sends `POST`, `Content-Type: application/json`, body `{}`, `credentials: "same-origin"`, and expects `200` with Vital's answer, `{"code": ..., "exchange_url": "tryvital://...", "expires_at": ...}`. With it (or the `fetchLinkCode` property) and `show-sdk-providers`, Apple HealthKit can be chosen: the widget shows the steps, the code with a copy button, when it expires (then "Get a new code"), a QR code of `exchange_url` (`part="qr"`) that an iPhone's camera opens the app with, and on iOS a link that opens it. While the code is shown, the widget reads the user's connections (`connections-url` every 5 s and when the page is shown again, or the `connections` property as you set it) and reports success (`auth_type: "sdk"`) once they show Apple HealthKit connected. Default: none. */
  "link-code-url"?: string;
  /** Present (a boolean attribute): SDK-only providers (`auth_type` `sdk`, such as Apple HealthKit and Health Connect) are listed last, under "From the mobile app", with a note that they connect from your mobile app; they cannot be selected, except Apple HealthKit when `link-code-url` or `fetchLinkCode` is set (it then pairs by a code). For hosts that have such an app: someone searching for "Apple" then finds guidance instead of nothing. Absent: they are not shown. Default: absent. */
  "show-sdk-providers"?: boolean | "";
}

/** One of the user's connections, as Vital's `GET /v2/user/providers/{user_id}` lists it. The widget reads `slug` and `status`. */
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

export interface VitalLinkElement extends HTMLElement {
  /** Supplies link tokens instead of `token-url` (for hosts that need their own headers, CSRF or bearer auth). It wins when both are set, and may be set before or after the element is inserted. */
  fetchLinkToken?: () => Promise<string> | string;
  /** The user's connections, in the shape `connections-url` answers (Vital's answer as it comes, or just its list; only `slug` and `status` are read). It wins over `connections-url`, may be set before or after the element is inserted, and setting it again updates the marks where the widget is, without starting over. */
  connections?: VitalLinkConnections;
  /** Disconnects a provider instead of `disconnect-url` (for hosts with their own auth): called with the provider's slug; a rejection (or a throw) is shown as a failure, with a retry. It wins when both are set, and setting it starts a fresh session. */
  disconnectProvider?: (slug: string) => Promise<unknown> | unknown;
  /** Supplies Apple HealthKit pairing codes instead of `link-code-url` (for hosts with their own auth): Vital's `{code, exchange_url, expires_at}` from `POST /v2/link/code/create`. Called each time a code is needed; a rejection (or a throw) is shown as a failure, with a retry. It wins when both are set, and setting it starts a fresh session. */
  fetchLinkCode?: () => Promise<VitalLinkCode> | VitalLinkCode;
  /** Your own guidance per provider, slug to plain text (shown as text, never markup), on its form: it replaces the built-in note for that provider (MyFitnessPal's diary key, the LibreLink practice, LibreView's yearly password) or adds one. For example `{freestyle_libre: "Our practice ID is 1234."}`. Read when a view opens. */
  providerNotes?: Record<string, string>;
  addEventListener<K extends keyof VitalLinkEventMap>(
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
