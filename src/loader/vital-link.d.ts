// Types for <vital-link>, the element that vital-link.js defines. The attribute and
// event lists here and in custom-elements.json are compared with the running element
// by tests/e2e/package.test.mjs.

export type VitalLinkAuthType = "oauth" | "password" | "email";

export type VitalLinkFlowEventName =
  | "OPEN"
  | "SELECT_PROVIDER"
  | "SUBMIT_CREDENTIALS"
  | "SUBMIT_MFA"
  | "SUBMIT_EMAIL"
  | "OPEN_OAUTH"
  | "OAUTH_RETURN"
  | "TOKEN_REFRESH"
  | "BACK"
  | "ERROR"
  | "SUCCESS";

export interface VitalLinkReadyDetail {
  /** How many providers the list shows. */
  providers: number;
}

export interface VitalLinkSuccessDetail {
  /** The provider's slug; null after an OAuth return that named no provider this tab left for. */
  provider: string | null;
  auth_type: VitalLinkAuthType;
  state: "success";
}

export interface VitalLinkErrorDetail {
  /** The provider's slug, or null when none was involved. */
  provider: string | null;
  /** A Vital Link error type, or one of the widget's own (`token_endpoint_error`, `unsupported_browser`, ...). */
  error_type: string;
  /** A message fit to show a person. */
  message: string;
  /** The HTTP status when a response came back, else null. */
  status: number | null;
}

export interface VitalLinkFlowEventDetail {
  name: VitalLinkFlowEventName;
  provider: string | null;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** The events `<vital-link>` fires (bubbling and composed). */
export interface VitalLinkEventMap {
  "vital-link-ready": CustomEvent<VitalLinkReadyDetail>;
  "vital-link-success": CustomEvent<VitalLinkSuccessDetail>;
  "vital-link-error": CustomEvent<VitalLinkErrorDetail>;
  "vital-link-event": CustomEvent<VitalLinkFlowEventDetail>;
}

/** The element's attributes, as strings in HTML. */
export interface VitalLinkAttributes {
  "token-url"?: string;
  environment?: "sandbox" | "production";
  region?: "us" | "eu";
  "api-base"?: string;
  providers?: string;
  "timeout-ms"?: number | string;
  locale?: string;
  theme?: "light" | "dark" | "auto";
  "oauth-mode"?: "redirect" | "popup";
  /** Present: SDK-only providers (Apple HealthKit, Health Connect) are listed, not selectable, with a note that they connect from your mobile app. */
  "show-sdk-providers"?: boolean | "";
  /** Your endpoint for the user's connections (GET, same-origin credentials), answering as Vital's user providers endpoint does (`VitalLinkConnections`). */
  "connections-url"?: string;
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

export interface VitalLinkElement extends HTMLElement {
  /** Supplies link tokens instead of `token-url`; wins when both are set. */
  fetchLinkToken?: () => Promise<string> | string;
  /** The user's connections: the list marks them. Wins over `connections-url`; set it again to update the marks. */
  connections?: VitalLinkConnections;
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
