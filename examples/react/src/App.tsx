import { useEffect, useRef, useState } from "react";
import type { VitalLinkElement, VitalLinkEventMap } from "vital-link-widget";

const EVENTS: (keyof VitalLinkEventMap)[] = ["vital-link-ready", "vital-link-success", "vital-link-error", "vital-link-event"];

/// The host supplies tokens itself, e.g. to add its CSRF header.
async function fetchLinkToken(): Promise<string> {
  const response = await fetch("/api/link-token", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": "example" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.json()).link_token;
}

export function App() {
  const widget = useRef<VitalLinkElement>(null);
  const [connected, setConnected] = useState<string[]>([]);
  const [log, setLog] = useState<string[]>([]);

  useEffect(() => {
    const el = widget.current;
    if (!el) return;
    const onAny = (event: Event) =>
      setLog((lines) => [...lines, `${event.type} ${JSON.stringify((event as CustomEvent).detail)}`]);
    // Typed by vital-link.d.ts: `detail` is a VitalLinkSuccessDetail. (A success event is
    // a hint for the page; the server confirms connections with Vital.)
    const onSuccess = (event: VitalLinkEventMap["vital-link-success"]) =>
      setConnected((list) => [...list, event.detail.provider ?? "a provider"]);
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
