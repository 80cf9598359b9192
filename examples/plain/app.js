// A host page's whole integration: react to the widget's events.
const status = document.getElementById("status");
document.addEventListener("vital-link-success", (event) => {
  status.textContent = `Connected ${event.detail.provider}.`;
});
document.addEventListener("vital-link-error", (event) => {
  console.info("vital-link error", event.detail.error_type);
});
