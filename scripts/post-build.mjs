// Trunk's post_build hook, on release builds:
// 1. minifies the JavaScript that ships (the wasm-bindgen glue, its snippets and the
//    loader) with terser. Trunk minifies its HTML and CSS itself but leaves the glue as
//    wasm-bindgen wrote it, a third of which is comments and whitespace. (Trunk's SRI
//    hashes are off: they would be of the unminified files.)
// 2. adds a modulepreload hint to the preview page for each wasm-bindgen snippet (their
//    folder names carry a hash, so index.html cannot name them itself);
// 3. writes a .br (quality 11) and a .gz (level 9) beside each file a page loads, so
//    a server sends them compressed at no cost per request (vital-link-server does).
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import zlib from "node:zlib";
import { createRequire } from "node:module";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const { minify } = createRequire(path.join(tools, "node_modules/"))("terser");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk hook");

const files = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });

for (const file of files(staging).filter((f) => f.endsWith(".js") && !f.endsWith("preview.js"))) {
  const source = fs.readFileSync(file, "utf8");
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  fs.writeFileSync(file, code);
  console.log(`minified ${path.relative(staging, file)}: ${source.length} -> ${code.length} bytes`);
}

const page = path.join(staging, "index.html");
if (fs.existsSync(page)) {
  const hints = files(staging)
    .filter((f) => f.includes(`${path.sep}snippets${path.sep}`) && f.endsWith(".js"))
    .map((f) => `<link rel="modulepreload" href="./${path.relative(staging, f).split(path.sep).join("/")}" />`)
    .join("\n    ");
  const html = fs.readFileSync(page, "utf8");
  if (hints && !html.includes(hints)) fs.writeFileSync(page, html.replace("</head>", `  ${hints}\n  </head>`));
}

for (const file of files(staging).filter((f) => /\.(wasm|js|json|css|html)$/.test(f))) {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}
