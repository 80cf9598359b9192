// Packs the release build (dist/) as the npm package `vital-link-widget`:
//   target/npm/package/            the package folder (`npm publish` runs here)
//   target/npm/vital-link-widget.tgz   what `npm pack` makes of it, under a stable
//                                  name so the examples can depend on it (`file:`).
// The package is the loader and what it loads, the catalogues, the types and the Custom
// Elements Manifest. Bundlers fingerprint file names themselves, so the `?v=<build>`
// that scripts/post-build.mjs puts on URLs for plain hosting comes off here: Vite and
// webpack 5 see `new URL("./vital-link-widget_bg.wasm", import.meta.url)` and emit the
// wasm as an asset, and the catalogues through their template-literal URL.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dist = path.join(root, "dist");
const out = path.join(root, "target/npm");
const pkg = path.join(out, "package");

const cargo = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, "m"))[1];
const version = field("version");

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(pkg, { recursive: true });

const shipped = [
  "vital-link.js",
  "vital-link-widget.js",
  "vital-link-widget_bg.wasm",
  "vital-link-pairing.js",
  "vital-link.d.ts",
  "react.d.ts",
  "custom-elements.json",
];
for (const file of shipped) fs.copyFileSync(path.join(dist, file), path.join(pkg, file));
fs.cpSync(path.join(dist, "i18n"), path.join(pkg, "i18n"), {
  recursive: true,
  filter: (src) => !/\.(br|gz)$/.test(src),
});
const unversion = (file) => {
  const text = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, text.replace(/\?v=[0-9a-f]{12}(?=["'`])/g, ""));
};
unversion(path.join(pkg, "vital-link.js"));
unversion(path.join(pkg, "vital-link-widget.js"));

const manifest = {
  name: "vital-link-widget",
  version,
  description: field("description"),
  license: field("license"),
  type: "module",
  exports: {
    ".": { types: "./vital-link.d.ts", default: "./vital-link.js" },
    // Types only: React 19 JSX for <vital-link> (`import type {} from "vital-link-widget/react"`).
    "./react": { types: "./react.d.ts" },
    "./custom-elements.json": "./custom-elements.json",
    "./package.json": "./package.json",
  },
  types: "./vital-link.d.ts",
  customElements: "custom-elements.json",
  files: [...shipped, "i18n/"],
  // Importing the package defines <vital-link>: bundlers must keep that import.
  sideEffects: ["./vital-link.js", "./vital-link-widget.js"],
  keywords: ["vital", "junction", "health", "wearables", "web-component", "custom-element", "webassembly"],
};
fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
fs.writeFileSync(
  path.join(pkg, "README.md"),
  `# vital-link-widget

\`<vital-link>\`: a Vital (Junction) Link widget as a custom element, in Rust and
WebAssembly. Link tokens come from your own backend; the Vital API key never reaches
the browser.

\`\`\`js
import "vital-link-widget"; // defines <vital-link> in the browser; does nothing on a server
\`\`\`

\`\`\`html
<vital-link token-url="/api/vital/link-token"></vital-link>
\`\`\`

Attributes, the \`fetchLinkToken\` property, events, styling and browser support are in
the project's README. Types: \`vital-link.d.ts\`, and for React 19's JSX
\`import type {} from "vital-link-widget/react"\`; Custom Elements Manifest:
\`custom-elements.json\`.
`,
);

const [packed] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: pkg, encoding: "utf8" }),
);
fs.renameSync(path.join(out, packed.filename), path.join(out, "vital-link-widget.tgz"));
console.log(`packed ${packed.name}@${packed.version}: ${packed.size} B tarball, ${packed.unpackedSize} B unpacked`);
for (const f of packed.files) console.log(`  ${String(f.size).padStart(7)}  ${f.path}`);
