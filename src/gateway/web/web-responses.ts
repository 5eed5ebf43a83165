import type { WebAsset } from "./web-assets.ts";

/**
 * The content security policy: scripts, styles and connections from this origin only. `connect-src 'self'`
 * covers the same origin's ws: and wss: in current browsers, so no other host can be reached from the page.
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Headers on every HTTP answer of the web listener. */
export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const compressible = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;

/** True when the request's Accept-Encoding takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(",").some((part) => {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    if (name !== "gzip" && name !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Answers with a built client file: cached for good when hashed, revalidated otherwise; gzip when taken. */
export function assetResponse(
  asset: WebAsset,
  gzip: boolean,
  compress: (asset: WebAsset) => Uint8Array<ArrayBuffer>,
  head = false,
): Response {
  const headers: Record<string, string> = {
    ...securityHeaders,
    "content-type": asset.contentType,
    "cache-control": asset.immutable ? "public, max-age=31536000, immutable" : "no-cache",
  };
  let body = asset.body;
  if (compressible.test(asset.contentType)) {
    headers.vary = "Accept-Encoding";
    if (gzip) {
      body = compress(asset);
      headers["content-encoding"] = "gzip";
    }
  }
  return new Response(head ? null : body, { headers });
}

/** A plain answer (page, health, not found) with the security headers and no caching. */
export function plainResponse(body: string, contentType: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { ...securityHeaders, "content-type": contentType, "cache-control": "no-cache" },
  });
}

/** Gzips assets, keeping the result of the immutable ones (their bytes never change under their name). */
export function createCompressor(): (asset: WebAsset) => Uint8Array<ArrayBuffer> {
  const kept = new WeakMap<Uint8Array, Uint8Array<ArrayBuffer>>();
  return (asset) => {
    const found = kept.get(asset.body);
    if (found) return found;
    const gz = Bun.gzipSync(asset.body);
    if (asset.immutable) kept.set(asset.body, gz);
    return gz;
  };
}
