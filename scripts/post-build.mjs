// Trunk's post_build hook, on release builds:
// 1. bundles the widget's own JavaScript (src/browser.js, which wasm-bindgen writes as
//    a snippet module the glue imports) into the glue, with esbuild: one module fewer
//    on the way to the wasm's start, and no second round trip that only begins once
//    the glue has arrived and named it. dist/ keeps no snippets/ folder (so none of
//    an earlier build either);
// 2. minifies the JavaScript that ships (the glue and the loader) with terser. Trunk
//    minifies its HTML and CSS itself but leaves the glue as wasm-bindgen wrote it, a
//    third of which is comments and whitespace. (Trunk's SRI hashes are off: they
//    would be of the unminified files.)
// 3. versions what the loader loads: the glue and the wasm are asked for as
//    `name?v=<hash of this build>`, by the loader and the preview page's hints alike.
//    Their names stay stable (hosts and docs use them), and a browser can never pair
//    a cached file of the last build with one of this build. (WebKit even
//    reuses a preloaded module from its memory cache without revalidating it.) Only
//    vital-link.js itself keeps a plain URL, which is why nothing preloads it.
// 4. writes a .br (quality 11) and a .gz (level 9) beside each file a page loads, so
//    a server sends them compressed at no cost per request (vital-link-server does).
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import zlib from "node:zlib";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";

const tools = process.env.VITAL_LINK_TOOLS || path.join(os.homedir(), ".cache/vital-link-tools");
const requireTool = createRequire(path.join(tools, "node_modules/"));
const esbuild = requireTool("esbuild");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk hook");

// Every build (`trunk serve` too): the pairing code's panel, fetched by widgets only when
// they show a code, is bundled with its QR encoder (@paulmillr/qr, from the tools' npm
// folder) into vital-link-pairing.js beside the loader.
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pairing = path.join(root, "src/loader/vital-link-pairing.js");
if (fs.existsSync(path.join(staging, "vital-link.js"))) {
  esbuild.buildSync({
    entryPoints: [pairing],
    outfile: path.join(staging, "vital-link-pairing.js"),
    bundle: true,
    format: "esm",
    nodePaths: [path.join(tools, "node_modules")],
    logLevel: "error",
  });
  console.log("bundled vital-link-pairing.js");
}

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
const { minify } = requireTool("terser");

const files = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });

const glueFile = path.join(staging, "vital-link-widget.js");

// The widget's build only (the benchmark's floor shares this hook): the glue and the
// snippets it imports become one module (esbuild reads only those it imports; the
// snippets of earlier builds that wasm-bindgen's output folder still holds go with the
// folder). The paths of the catalogues and the pairing panel in src/browser.js are
// relative to the snippet's folder; from the glue they are ./i18n/ and ./.
if (fs.existsSync(path.join(staging, "vital-link.js")) && fs.existsSync(glueFile)) {
  const [bundle] = esbuild.buildSync({ entryPoints: [glueFile], bundle: true, format: "esm", write: false, logLevel: "error" }).outputFiles;
  let text = bundle.text;
  for (const [fromSnippet, fromGlue] of [["`../../../i18n/${", "`./i18n/${"], ['"../../../vital-link-pairing.js"', '"./vital-link-pairing.js"']]) {
    const parts = text.split(fromSnippet);
    if (parts.length !== 2) throw new Error(`the bundle names ${fromSnippet} ${parts.length - 1} times, not once`);
    text = parts.join(fromGlue);
  }
  fs.writeFileSync(glueFile, text);
  fs.rmSync(path.join(staging, "snippets"), { recursive: true, force: true });
  console.log("bundled the snippets into vital-link-widget.js");
}

for (const file of files(staging).filter((f) => f.endsWith(".js") && !f.endsWith("preview.js"))) {
  const source = fs.readFileSync(file, "utf8");
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  fs.writeFileSync(file, code);
  console.log(`minified ${path.relative(staging, file)}: ${source.length} -> ${code.length} bytes`);
}

// Rewrites `file` in place: each name where it is loaded (an import, a URL, an href)
// gets the version, and nowhere else. Every name must occur, so a renamed file fails
// the build instead of shipping unversioned.
function versionNames(file, names, version) {
  const full = path.join(staging, file);
  let text = fs.readFileSync(full, "utf8");
  for (const name of names) {
    const escaped = name.replace(/[.?]/g, "\\$&");
    const loaded = new RegExp(`((?:from|import\\(|URL\\(|href=)\\s*)(["'\`])${escaped}\\2`, "g");
    if (!loaded.test(text)) throw new Error(`${file} does not load ${name}`);
    text = text.replace(loaded, `$1$2${name}${version}$2`);
  }
  fs.writeFileSync(full, text);
}

// The widget's build only (the benchmark's floor shares this hook).
if (fs.existsSync(path.join(staging, "vital-link.js"))) {
  const glue = "./vital-link-widget.js";
  const wasm = "./vital-link-widget_bg.wasm";
  const panel = "./vital-link-pairing.js";
  const hash = createHash("sha256");
  for (const file of [glue, wasm, panel]) hash.update(file).update(fs.readFileSync(path.join(staging, file)));
  const version = `?v=${hash.digest("hex").slice(0, 12)}`;

  versionNames("vital-link.js", [glue, wasm], version);
  versionNames("vital-link-widget.js", [panel], version);
  const page = path.join(staging, "index.html");
  if (fs.existsSync(page)) versionNames("index.html", [glue, wasm], version);
}

for (const file of files(staging).filter((f) => /\.(wasm|js|json|css|html)$/.test(f))) {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}
