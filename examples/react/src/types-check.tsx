// Type-checked by `tsc --noEmit` (the test command), never bundled: what the
// declarations accept and refuse. Each @ts-expect-error fails the check if its line
// becomes valid, so declarations that stopped typing <vital-link> are caught.
import type { VitalLinkElement } from "vital-link-widget";
import type {} from "vital-link-widget/react";

export const accepted = (
  <vital-link
    token-url="/api/link-token"
    environment="production"
    region="eu"
    api-base="/"
    providers="oura,fitbit"
    timeout-ms={65000}
    locale="de"
    theme="dark"
    oauth-mode="popup"
    fetchLinkToken={async () => "token"}
    connections-url="/api/vital/connections"
    connections={{ providers: [{ slug: "oura", status: "connected" }] }}
  />
);

// @ts-expect-error: a connection names its provider by slug
export const badConnections = <vital-link connections={[{ status: "connected" }]} />;

// @ts-expect-error: not a theme
export const badTheme = <vital-link theme="purple" />;
// @ts-expect-error: not a region
export const badRegion = <vital-link region="asia" />;
// @ts-expect-error: fetchLinkToken returns the token, not a number
export const badToken = <vital-link fetchLinkToken={() => 42} />;

export function listen(el: VitalLinkElement) {
  el.addEventListener("vital-link-error", (event) => {
    const status: number | null = event.detail.status;
    // @ts-expect-error: error_type is a string
    const wrong: number = event.detail.error_type;
    return [status, wrong];
  });
  // The element type comes from the tag name.
  const found: VitalLinkElement | null = document.querySelector("vital-link");
  return found;
}
