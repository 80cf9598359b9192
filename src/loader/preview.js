// The preview page's own script (a host app would do the same): listen first, then
// load the widget, so no event is missed. An external file, so a strict CSP allows it.
for (const name of ["vital-link-ready", "vital-link-success", "vital-link-error", "vital-link-event"]) {
  document.addEventListener(name, (event) => {
    const item = document.createElement("li");
    item.textContent = `${name} ${JSON.stringify(event.detail)}`;
    document.getElementById("events").append(item);
  });
}
await import("./vital-link.js");
