import { useEffect, useRef, useState } from "react";

const EVENTS = ["vital-link-ready", "vital-link-success", "vital-link-error", "vital-link-event"];

/// The host supplies tokens itself, e.g. to add its CSRF header.
async function fetchLinkToken() {
  const response = await fetch("/api/link-token", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": "example" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.json()).link_token;
}

export function App() {
  const widget = useRef(null);
  const [connected, setConnected] = useState([]);
  const [log, setLog] = useState([]);

  useEffect(() => {
    const el = widget.current;
    const onAny = (event) => setLog((lines) => [...lines, `${event.type} ${JSON.stringify(event.detail)}`]);
    const onSuccess = (event) => setConnected((list) => [...list, event.detail.provider]);
    EVENTS.forEach((name) => el.addEventListener(name, onAny));
    el.addEventListener("vital-link-success", onSuccess);
    return () => {
      EVENTS.forEach((name) => el.removeEventListener(name, onAny));
      el.removeEventListener("vital-link-success", onSuccess);
    };
  }, []);

  return (
    <main>
      <h1>Your devices</h1>
      <p id="connected" role="status">
        {connected.length ? `Connected: ${connected.join(", ")}` : "Nothing connected yet."}
      </p>
      <vital-link ref={widget} api-base="/" theme="auto" fetchLinkToken={fetchLinkToken}></vital-link>
      <h2>Events</h2>
      <ol id="log">
        {log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
