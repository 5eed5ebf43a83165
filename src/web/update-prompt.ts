/**
 * Registers the service worker and shows `button` when a new one is waiting; the page reloads only when the
 * player presses it, never by itself (a reload mid-scene would lose their place).
 */
export function registerServiceWorker(button: HTMLButtonElement): void {
  if (!("serviceWorker" in navigator)) return;
  const offer = (worker: ServiceWorker) => {
    button.hidden = false;
    button.onclick = () => {
      navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
      worker.postMessage("skip-waiting");
    };
  };
  navigator.serviceWorker
    .register("/sw.js")
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const incoming = registration.installing;
        incoming?.addEventListener("statechange", () => {
          if (incoming.state === "installed" && navigator.serviceWorker.controller) offer(incoming);
        });
      });
    })
    .catch(() => {
      // Known limitation: without a service worker (plain http on another host, private mode) the app
      // still works, only not offline.
    });
}
