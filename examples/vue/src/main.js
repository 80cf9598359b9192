import { createApp } from "vue";
import App from "./App.vue";

// The package defines <vital-link> when imported (and does nothing on a server). Import
// it before Vue mounts, so `.fetchLinkToken` is set on an element that already knows
// it. Vite emits the wasm and the catalogues as assets.
import "vital-link-widget";

createApp(App).mount("#app");
