// The service worker: the shell network-first (a new deploy shows at once when online), hashed assets
// cache-first (their names change with their content). The build prepends `const VERSION` and `ASSETS`.

declare const VERSION: string;
declare const ASSETS: readonly string[];
const sw = self as unknown as ServiceWorkerGlobalScope;

const cacheName = `holomush-${VERSION}`;
const shell = ["/", "/manifest.webmanifest", "/icon.svg", "/icon-192.png", "/icon-512.png"];

sw.addEventListener("install", (event) => {
  // No skipWaiting: the page offers "Update available — reload" and the player chooses when.
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll([...shell, ...ASSETS])));
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith("holomush-") && n !== cacheName).map((n) => caches.delete(n)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") void sw.skipWaiting();
});

const hashed = (path: string) => ASSETS.includes(path);

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  return cached ?? fetch(request);
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    if (request.mode === "navigate") {
      const page = await caches.match("/");
      if (page) return page;
    }
    throw error;
  }
}

sw.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== sw.location.origin || url.pathname === "/ws") return;
  event.respondWith(hashed(url.pathname) ? cacheFirst(event.request) : networkFirst(event.request));
});
