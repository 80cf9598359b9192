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

// The demo app's sign-in (vital-link-server's /demo/*): the token endpoint answers only
// a signed-in person, as a real app's would. Show who that is; switching signs the
// other person in and reloads, so the widget starts over for them.
const form = document.querySelector("form.demo-user");
const signIn = (user) =>
  fetch("/demo/sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user }),
  });
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  await signIn(new FormData(form).get("user"));
  location.reload();
});
// Only the sandbox has the demo sign-in: elsewhere (a real key, behind a sign-in proxy)
// the form goes away.
fetch("/demo/me")
  .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
  .then(async (me) => {
    if (!me.user && !sessionStorage.getItem("vital-link-demo-signed-in")) {
      // First visit: sign in as the first demo person, once per tab, and start over.
      sessionStorage.setItem("vital-link-demo-signed-in", "1");
      await signIn(me.users[0].id);
      location.reload();
      return;
    }
    const select = document.getElementById("demo-user");
    if (me.user) select.value = me.user;
    document.getElementById("demo-status").textContent = me.user ? "" : "Nobody is signed in: choose someone.";
  })
  .catch(() => {
    form.hidden = true;
  });
