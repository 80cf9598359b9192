// The preview page's own script (a host app would do the same): it runs before the
// loader (index.html lists it first), so no event of the widget is missed. An external
// file, so a strict CSP allows it.
for (const name of ["vital-link-ready", "vital-link-success", "vital-link-error", "vital-link-event"]) {
  document.addEventListener(name, (event) => {
    const item = document.createElement("li");
    item.textContent = `${name} ${JSON.stringify(event.detail)}`;
    document.getElementById("events").append(item);
  });
}
