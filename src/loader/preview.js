// The preview page's own script (a host app would do the same): load the widget and
// log its events. An external file, so the page runs under a strict CSP too.
import "./vital-link.js";

const log = document.getElementById("events");
for (const name of ["vital-link-ready", "vital-link-success", "vital-link-error", "vital-link-event"]) {
  document.addEventListener(name, (event) => {
    const item = document.createElement("li");
    item.textContent = `${name} ${JSON.stringify(event.detail)}`;
    log.append(item);
  });
}
