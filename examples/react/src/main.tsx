import { createRoot } from "react-dom/client";
import { App } from "./App";

// The package defines <vital-link> when imported (and does nothing on a server). Import
// it before React renders, so React 19 sets `fetchLinkToken` as a property on an
// element that already knows it. Vite emits the wasm and the catalogues as assets.
import "vital-link-widget";
// React 19's JSX types for <vital-link> (types only; nothing is imported at run time).
import type {} from "vital-link-widget/react";

createRoot(document.getElementById("root")!).render(<App />);
