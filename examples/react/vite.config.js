import { defineConfig } from "vite";

// Served at /examples/react/ beside the widget (the end-to-end test maps that path to
// examples/react/dist/); /vital-link.js and /api come from the host's own server.
export default defineConfig({
  base: "/examples/react/",
});
