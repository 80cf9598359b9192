import { createRoot } from "react-dom/client";
import { App } from "./App.jsx";

// Define <vital-link> before React renders it, so React 19 sets `fetchLinkToken` as a
// property (not an attribute) on an element that already knows it. The widget is
// served by your backend, not bundled: one module, loaded from its own URL.
await import(/* @vite-ignore */ "/vital-link.js");

createRoot(document.getElementById("root")).render(<App />);
