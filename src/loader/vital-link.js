// The one file a host page loads: <script type="module" src=".../vital-link.js">.
// It initialises the WebAssembly next to it (resolved from this module's own URL, not
// the page's), which defines <vital-link>. Loading it twice defines the element once.
import init from "./vital-link-widget.js";

await init({ module_or_path: new URL("./vital-link-widget_bg.wasm", import.meta.url) });
