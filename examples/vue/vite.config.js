import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// Served at /examples/vue/ beside the widget (the end-to-end test maps that path to
// examples/vue/dist/); /api and the sandbox come from the host's own server.
export default defineConfig({
  base: "/examples/vue/",
  plugins: [
    vue({
      // <vital-link> is a custom element, not a Vue component: Vue renders it as is.
      template: { compilerOptions: { isCustomElement: (tag) => tag === "vital-link" } },
    }),
  ],
});
