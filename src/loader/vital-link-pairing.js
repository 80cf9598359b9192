// The panel of Apple HealthKit's pairing code, fetched only when the code view opens
// (`view_shown` in src/browser.js calls `show`). The flow (src/flow/pairing.rs) decides
// when the pairing is done; this panel does the rest, and only pages that show it pay
// for it:
// - it asks the host for a code (its `fetchLinkCode`, else a POST of `{}` to its
//   `link-code-url`, which answers Vital's `{code, exchange_url, expires_at}`), checks it,
//   and says what failed with a way to try again;
// - it shows the steps, the code with a copy button, when it expires (then "Get a new
//   code"), a QR code of `exchange_url`, and on iOS a link that opens the app;
// - while the code is shown it has the host's connections read again every 5 s and when
//   the page is shown again (the user comes back from the app): the flow then sees Apple
//   HealthKit connected and shows success;
// - it fires `LINK_CODE` (never the code) and, on a failure, `vital-link-error` with
//   `error_type: "link_code_error"`.
//
// The QR code is drawn by @paulmillr/qr (maintained, no dependencies), which the build
// bundles into this file (scripts/post-build.mjs). Its texts live here for the same
// reason, in every language of the widget (tests/i18n.rs checks them against English).
import { encodeQR } from "@paulmillr/qr";

// prettier-ignore
const TEXTS = {
  "en": {
    "install": "Install Junction Connect from the App Store on your iPhone.",
    "open": "Open it and go to its settings.",
    "enter": "Enter this code there, or scan the QR code with your iPhone's camera.",
    "copy": "Copy code",
    "copied": "Copied",
    "copy_failed": "Couldn't copy. Select the code and copy it yourself.",
    "expires": "The code works until {time}.",
    "qr": "QR code that opens Junction Connect with this code",
    "open_app": "Open Junction Connect",
    "loading": "Getting a pairing code…",
    "expired": "This code has expired.",
    "new_code": "Get a new code",
    "failed": "This app couldn't get a pairing code. Please try again.",
    "retry": "Try again"
  },
  "de": {
    "install": "Installieren Sie Junction Connect aus dem App Store auf Ihrem iPhone.",
    "open": "Öffnen Sie die App und gehen Sie zu den Einstellungen.",
    "enter": "Geben Sie dort diesen Code ein oder scannen Sie den QR-Code mit der Kamera Ihres iPhones.",
    "copy": "Code kopieren",
    "copied": "Kopiert",
    "copy_failed": "Kopieren nicht möglich. Markieren Sie den Code und kopieren Sie ihn selbst.",
    "expires": "Der Code gilt bis {time}.",
    "qr": "QR-Code, der Junction Connect mit diesem Code öffnet",
    "open_app": "Junction Connect öffnen",
    "loading": "Kopplungscode wird angefordert…",
    "expired": "Dieser Code ist abgelaufen.",
    "new_code": "Neuen Code anfordern",
    "failed": "Diese App konnte keinen Kopplungscode abrufen. Bitte versuchen Sie es erneut.",
    "retry": "Erneut versuchen"
  },
  "es": {
    "install": "Instala Junction Connect desde la App Store en tu iPhone.",
    "open": "Ábrela y ve a sus ajustes.",
    "enter": "Introduce allí este código o escanea el código QR con la cámara de tu iPhone.",
    "copy": "Copiar código",
    "copied": "Copiado",
    "copy_failed": "No se pudo copiar. Selecciona el código y cópialo tú.",
    "expires": "El código vale hasta las {time}.",
    "qr": "Código QR que abre Junction Connect con este código",
    "open_app": "Abrir Junction Connect",
    "loading": "Obteniendo un código de vinculación…",
    "expired": "Este código ha caducado.",
    "new_code": "Obtener un código nuevo",
    "failed": "Esta app no pudo obtener un código de vinculación. Inténtalo de nuevo.",
    "retry": "Reintentar"
  },
  "fr": {
    "install": "Installez Junction Connect depuis l'App Store sur votre iPhone.",
    "open": "Ouvrez-la et allez dans ses réglages.",
    "enter": "Saisissez-y ce code, ou scannez le code QR avec l'appareil photo de votre iPhone.",
    "copy": "Copier le code",
    "copied": "Copié",
    "copy_failed": "Impossible de copier. Sélectionnez le code et copiez-le vous-même.",
    "expires": "Le code est valable jusqu'à {time}.",
    "qr": "Code QR qui ouvre Junction Connect avec ce code",
    "open_app": "Ouvrir Junction Connect",
    "loading": "Obtention d'un code d'association…",
    "expired": "Ce code a expiré.",
    "new_code": "Obtenir un nouveau code",
    "failed": "Cette application n'a pas pu obtenir de code d'association. Veuillez réessayer.",
    "retry": "Réessayer"
  },
  "it": {
    "install": "Installa Junction Connect dall'App Store sul tuo iPhone.",
    "open": "Aprila e vai nelle sue impostazioni.",
    "enter": "Inserisci lì questo codice, oppure inquadra il codice QR con la fotocamera dell'iPhone.",
    "copy": "Copia codice",
    "copied": "Copiato",
    "copy_failed": "Impossibile copiare. Seleziona il codice e copialo tu.",
    "expires": "Il codice vale fino alle {time}.",
    "qr": "Codice QR che apre Junction Connect con questo codice",
    "open_app": "Apri Junction Connect",
    "loading": "Richiesta del codice di abbinamento…",
    "expired": "Questo codice è scaduto.",
    "new_code": "Ottieni un nuovo codice",
    "failed": "Questa app non è riuscita a ottenere un codice di abbinamento. Riprova.",
    "retry": "Riprova"
  },
  "pt": {
    "install": "Instale o Junction Connect pela App Store no seu iPhone.",
    "open": "Abra o app e vá aos ajustes dele.",
    "enter": "Digite este código lá ou escaneie o código QR com a câmera do iPhone.",
    "copy": "Copiar código",
    "copied": "Copiado",
    "copy_failed": "Não foi possível copiar. Selecione o código e copie-o você mesmo.",
    "expires": "O código vale até {time}.",
    "qr": "Código QR que abre o Junction Connect com este código",
    "open_app": "Abrir o Junction Connect",
    "loading": "Obtendo um código de pareamento…",
    "expired": "Este código expirou.",
    "new_code": "Obter um novo código",
    "failed": "Este app não conseguiu obter um código de pareamento. Tente novamente.",
    "retry": "Tentar novamente"
  },
  "nl": {
    "install": "Installeer Junction Connect uit de App Store op je iPhone.",
    "open": "Open de app en ga naar de instellingen.",
    "enter": "Voer daar deze code in, of scan de QR-code met de camera van je iPhone.",
    "copy": "Code kopiëren",
    "copied": "Gekopieerd",
    "copy_failed": "Kopiëren lukte niet. Selecteer de code en kopieer hem zelf.",
    "expires": "De code werkt tot {time}.",
    "qr": "QR-code die Junction Connect met deze code opent",
    "open_app": "Junction Connect openen",
    "loading": "Koppelcode ophalen…",
    "expired": "Deze code is verlopen.",
    "new_code": "Nieuwe code aanvragen",
    "failed": "Deze app kon geen koppelcode ophalen. Probeer het opnieuw.",
    "retry": "Opnieuw proberen"
  },
  "ja": {
    "install": "iPhone の App Store から Junction Connect をインストールします。",
    "open": "アプリを開き、設定に進みます。",
    "enter": "そこでこのコードを入力するか、iPhone のカメラで QR コードを読み取ります。",
    "copy": "コードをコピー",
    "copied": "コピーしました",
    "copy_failed": "コピーできませんでした。コードを選択してコピーしてください。",
    "expires": "このコードは {time} まで有効です。",
    "qr": "このコードで Junction Connect を開く QR コード",
    "open_app": "Junction Connect を開く",
    "loading": "ペアリングコードを取得しています…",
    "expired": "このコードは有効期限が切れました。",
    "new_code": "新しいコードを取得",
    "failed": "このアプリはペアリングコードを取得できませんでした。もう一度お試しください。",
    "retry": "再試行"
  }
};

// The panel's own styles, adopted beside the widget's (one sheet for every panel).
const CSS = `
.vl-pairing { display: grid; gap: var(--vl-space, 12px); justify-items: start; }
.vl-pairing .vl-steps { margin: 0; padding-inline-start: 1.4em; display: grid; gap: 4px; }
.vl-pairing .vl-code-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
.vl-pairing .vl-code { margin: 0; font: 600 1.6em/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  letter-spacing: 0.08em; user-select: all; overflow-wrap: anywhere; }
.vl-pairing .vl-expiry { margin: 0; color: var(--vl-muted, #5b6474); }
.vl-pairing .vl-qr { width: 168px; height: 168px; min-width: 96px; max-width: 100%;
  border-radius: 6px; background: #fff; }
`;
let sheet;

const IOS = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
const PROVIDER = "apple_health_kit";
// How often the connections are read while a code is shown: gently, since the user is
// busy on their phone meanwhile (and at once when the page is shown again).
const POLL_MS = 5000;
const showing = new WeakSet();

// Puts the panel in the code view of `host`'s widget and runs it until that view goes:
// `dispatch` fires the session's events (src/browser.js).
export function show(host, session, dispatch) {
  const root = host.shadowRoot;
  if (!root || showing.has(host)) return;
  showing.add(host);
  const lang = (host.getAttribute("locale") || host.ownerDocument.documentElement.lang || "en").toLowerCase().split("-")[0];
  const t = { ...TEXTS.en, ...TEXTS[lang] };
  if (root.adoptedStyleSheets && !root.adoptedStyleSheets.includes((sheet ??= sheetOf(CSS)))) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  const panel = make("div", { class: "vl-pairing" });
  const emit = (name, values) => dispatch(host, name, values, session, "code");
  let timers = [];
  let stopped = false;
  const clear = () => (timers.forEach(clearTimeout), (timers = []));
  const later = (ms, then) => timers.push(setTimeout(then, Math.min(ms, 2 ** 31 - 1)));
  // The user's connections, read again (the widget's `connections` setter has them
  // read, from the property or `connections-url`): the flow notices the pairing.
  const refresh = () => (host.connections = host.connections);
  const poll = () => later(POLL_MS, () => (document.hidden || refresh(), poll()));
  const shown = () => document.visibilityState === "visible" && timers.length && refresh();

  // The panel stays in the code view while it is on screen (a view rebuilt in another
  // language gets it back), and stops when the view goes.
  const place = () => {
    const view = root.querySelector(".vl-pairing-view");
    if (!view) return stop();
    if (!view.contains(panel)) view.querySelector("[role=status]")?.after(panel);
  };
  const watch = new MutationObserver(place);
  const stop = () => {
    stopped = true;
    clear();
    watch.disconnect();
    document.removeEventListener("visibilitychange", shown);
    showing.delete(host);
  };
  watch.observe(root, { childList: true, subtree: true });
  document.addEventListener("visibilitychange", shown);
  session.ended.signal.addEventListener("abort", stop, { once: true });
  place();

  // A state without a code: asking for one, a failure, or a code that expired.
  const state = (text, alert, button) => {
    clear();
    const said = alert
      ? make("p", { class: "vl-error", role: "alert", part: "error" }, text)
      : make("p", { class: "vl-status", role: "status" }, text);
    const parts = [said];
    if (button) {
      const part = alert ? "button retry" : "button new-code";
      const go = make("button", { type: "button", class: "vl-button vl-primary", part }, button);
      go.addEventListener("click", ask);
      parts.push(go);
    }
    panel.replaceChildren(...parts);
    return parts.at(-1);
  };
  async function ask() {
    const focus = panel.contains(root.activeElement);
    state(t.loading, false);
    try {
      const { code, url, expires } = await request(host, session);
      if (stopped) return;
      draw(panel, code, url, expires, t, lang);
      emit("vital-link-event", ["LINK_CODE", PROVIDER]);
      if (focus) panel.querySelector("button")?.focus();
      poll();
      later(Date.parse(expires) - Date.now(), () => {
        const focused = panel.contains(root.activeElement);
        const button = state(t.expired, false, t.new_code);
        if (focused) button.focus();
      });
    } catch (error) {
      if (stopped) return;
      const button = state(t.failed, true, t.retry);
      if (focus) button.focus();
      emit("vital-link-error", [PROVIDER, "link_code_error", error.message, error.status ?? null]);
      emit("vital-link-event", ["ERROR", PROVIDER]);
    }
  }
  ask();
}

// A code from the host, checked: its `fetchLinkCode()`, else its `link-code-url`
// (POST `{}` as JSON, same-origin credentials), under the widget's time limit and ended
// with its session. A failure is an Error with the HTTP `status` where there was one.
async function request(host, session) {
  const callback = host.fetchLinkCode;
  const limit = Number(host.getAttribute("timeout-ms"));
  const ms = limit >= 100 && limit <= 120000 ? limit : 15000;
  const controller = new AbortController();
  const end = () => controller.abort();
  const timer = setTimeout(end, ms);
  session.ended.signal.addEventListener("abort", end, { once: true });
  const fail = (message, status) => Object.assign(new Error(message), { status });
  const given = typeof callback === "function";
  try {
    let answer;
    if (given) {
      const late = new Promise((_, reject) => controller.signal.addEventListener("abort", () => reject(fail("fetchLinkCode timed out"))));
      answer = await Promise.race([new Promise((done) => done(callback())), late]).catch((error) => {
        throw error?.message === "fetchLinkCode timed out" ? error : fail(`fetchLinkCode rejected: ${error?.message ?? error}`);
      });
    } else {
      const url = host.getAttribute("link-code-url");
      if (!url) throw fail("set the link-code-url attribute or the fetchLinkCode property");
      const headers = { "Content-Type": "application/json", Accept: "application/json" };
      const response = await fetch(url, { method: "POST", headers, body: "{}", credentials: "same-origin", signal: controller.signal }).catch(() => {
        throw fail(controller.signal.aborted ? "link-code-url timed out" : "link-code-url could not be reached");
      });
      if (!response.ok) throw fail("link-code-url answered with an error", response.status);
      answer = await response.json().catch(() => {
        throw fail("link-code-url answered with something other than JSON", response.status);
      });
    }
    return checked(answer, fail);
  } finally {
    clearTimeout(timer);
    session.ended.signal.removeEventListener("abort", end);
  }
}

// Vital's `{code, exchange_url, expires_at}`, or why it cannot be shown. The URL becomes
// a link and a QR code: only the app's own scheme is taken.
function checked(answer, fail) {
  const { code, exchange_url: url, expires_at: expires } = answer ?? {};
  if (typeof code !== "string" || !/^[A-Za-z0-9]{1,64}$/.test(code)) throw fail("expected {code, exchange_url, expires_at}: code is not a pairing code");
  if (typeof url !== "string" || !/^tryvital:\/\/[!#-~]+$/.test(url)) throw fail("exchange_url is not a tryvital:// URL");
  if (typeof expires !== "string" || Number.isNaN(Date.parse(expires))) throw fail("expires_at is not a date and time");
  return { code, url, expires };
}

// The panel with a code: the steps, the code and its copy button, its expiry, its QR
// code and, on iOS, the link that opens the app.
function draw(panel, code, url, expires, t, lang) {
  const steps = make("ol", { class: "vl-steps", part: "steps" }, ...[t.install, t.open, t.enter].map((s) => make("li", {}, s)));
  const shown = make("p", { class: "vl-code", part: "code" }, code);
  const said = make("p", { class: "vl-sr-only", role: "status" });
  const copy = make("button", { type: "button", class: "vl-button", part: "button copy" }, t.copy);
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code);
      copy.textContent = said.textContent = t.copied;
    } catch {
      // (No clipboard on a plain-http page, or refused.) The code is selected instead.
      getSelection()?.selectAllChildren(shown);
      said.textContent = t.copy_failed;
    }
  });
  const parts = [steps, make("div", { class: "vl-code-row" }, shown, copy), said];
  const until = expiry(expires, lang);
  if (until) parts.push(make("p", { class: "vl-expiry", part: "expiry" }, t.expires.replace("{time}", until)));
  parts.push(qr(url, t.qr));
  if (IOS) parts.push(make("a", { class: "vl-button vl-primary", part: "button open-app", href: url }, t.open_app));
  panel.replaceChildren(...parts);
}

// The QR code of `text` as an inline SVG: one path of dark modules on white (a camera
// needs dark on light whatever the theme), with its quiet zone.
function qr(text, label) {
  const rows = encodeQR(text, "raw", { ecc: "medium", border: 2 });
  let d = "";
  rows.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  const svg = svgOf("svg", { class: "vl-qr", part: "qr", role: "img", "aria-label": label, viewBox: `0 0 ${rows.length} ${rows.length}`, "shape-rendering": "crispEdges" });
  svg.append(svgOf("rect", { width: "100%", height: "100%", fill: "#fff" }), svgOf("path", { d, fill: "#000" }));
  return svg;
}

// When the code stops working, as the user's clock shows it (undefined if unreadable).
function expiry(text, lang) {
  const at = new Date(text ?? "");
  if (Number.isNaN(at.getTime())) return;
  try {
    return new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" }).format(at);
  } catch {
    return at.toLocaleTimeString();
  }
}

function make(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function svgOf(tag, attributes) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function sheetOf(css) {
  const made = new CSSStyleSheet();
  made.replaceSync(css);
  return made;
}
