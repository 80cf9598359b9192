// Trunk's post_build hook: on release builds, minifies the JavaScript that ships
// (the wasm-bindgen glue, its snippets and the loader) with terser. Trunk minifies its
// HTML and CSS itself but leaves the glue as wasm-bindgen wrote it, a third of which is
// comments and whitespace. (Trunk's SRI hashes are off: they would be of the
// unminified files.)
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { createRequire } from "node:module";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const { minify } = createRequire(path.join(tools, "node_modules/"))("terser");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk hook");

const shipped = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shipped(full);
    return entry.name.endsWith(".js") && entry.name !== "preview.js" ? [full] : [];
  });

for (const file of shipped(staging)) {
  const source = fs.readFileSync(file, "utf8");
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  fs.writeFileSync(file, code);
  console.log(`minified ${path.relative(staging, file)}: ${source.length} -> ${code.length} bytes`);
}
