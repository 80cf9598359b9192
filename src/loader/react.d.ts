// React 19's JSX for <vital-link>, so that in TSX its attributes and properties
// type-check like any element's. Opt in once, in any file:
//   import type {} from "vital-link-widget/react";
// (The main types, vital-link.d.ts, stay free of React.) Generated from src/config.rs and src/surface.rs by tests/surface.rs:
// edit those, then run `UPDATE_SURFACE=1 cargo test --test surface`.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { VitalLinkAttributes, VitalLinkElement } from "./vital-link.js";

/** What JSX accepts on <vital-link>: an element's usual props, its attributes, and the properties. */
export type VitalLinkProps = DetailedHTMLProps<HTMLAttributes<VitalLinkElement>, VitalLinkElement> &
  VitalLinkAttributes & {
    /** Set as a property (React 19 does so for a defined custom element). */
    fetchLinkToken?: VitalLinkElement["fetchLinkToken"];
    /** Set as a property (React 19 does so for a defined custom element). */
    connections?: VitalLinkElement["connections"];
    /** Set as a property (React 19 does so for a defined custom element). */
    disconnectProvider?: VitalLinkElement["disconnectProvider"];
    /** Set as a property (React 19 does so for a defined custom element). */
    fetchLinkCode?: VitalLinkElement["fetchLinkCode"];
    /** Set as a property (React 19 does so for a defined custom element). */
    providerNotes?: VitalLinkElement["providerNotes"];
  };

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "vital-link": VitalLinkProps;
    }
  }
}
