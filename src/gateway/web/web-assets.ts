import { stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

/** One file of the built web client. */
export interface WebAsset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  /** True for a file whose name carries its content hash: it may be cached for good. */
  readonly immutable: boolean;
}

/** Where the built web client's files come from: a directory on disk, or the files embedded in the binary. */
export interface WebAssets {
  /** The file at `path` (a URL path such as `/app-1a2b3c4d.js`), or undefined. */
  get(path: string): Promise<WebAsset | undefined>;
  /** Whether a client is there at all (its index.html). */
  available(): Promise<boolean>;
}

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

/** The content type of a file name; unknown kinds are bytes, never guessed as HTML. */
export const contentTypeOf = (name: string): string =>
  contentTypes[extname(name).toLowerCase()] ?? "application/octet-stream";

/** Files that must be checked on every load: the shell, the service worker, the manifest. */
const shellFiles = new Set(["index.html", "sw.js", "manifest.webmanifest"]);

/**
 * True for a file named with its content hash as Bun's bundler writes it (`app-1a2b3c4d.js`): its contents
 * never change under that name.
 */
export function isHashedName(path: string): boolean {
  const base = path.split("/").pop() ?? "";
  return !shellFiles.has(base) && /-[A-Za-z0-9]{8,}\.[A-Za-z0-9]+$/.test(base);
}

/** A URL path as a relative file path, or undefined when it leaves the root or names a hidden file. */
export function relativeAssetPath(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const path = normalize(decoded).replace(/^\/+/, "");
  if (path === "" || path === ".") return "index.html";
  if (path.split("/").some((part) => part === ".." || part.startsWith("."))) return undefined;
  return path;
}

/** The web client built into `root` (dist/web/ when running from source). Files are read on each request. */
export function directoryWebAssets(root: string): WebAssets {
  const get = async (urlPath: string): Promise<WebAsset | undefined> => {
    const path = relativeAssetPath(urlPath);
    if (path === undefined) return undefined;
    const file = join(root, path);
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
    try {
      if (!(await stat(file)).isFile()) return undefined;
      return {
        body: await Bun.file(file).bytes(),
        contentType: contentTypeOf(path),
        immutable: isHashedName(path),
      };
    } catch {
      return undefined;
    }
  };
  return { get, available: async () => (await get("/index.html")) !== undefined };
}

/** The marker of an embedded web file's name: scripts/build-binary.ts stages them as `web-embed/<path>.asset`. */
const embedPattern = /(?:^|\/)web-embed\/(.+)\.asset$/;

/** The web client embedded in the compiled binary (`Bun.embeddedFiles`), read once into memory. */
export function embeddedWebAssets(files: readonly Blob[]): WebAssets {
  const byPath = new Map<string, Blob>();
  for (const file of files) {
    const match = embedPattern.exec((file as Blob & { name?: string }).name ?? "");
    if (match?.[1]) byPath.set(match[1], file);
  }
  const cache = new Map<string, WebAsset>();
  const get = async (urlPath: string): Promise<WebAsset | undefined> => {
    const path = relativeAssetPath(urlPath);
    if (path === undefined) return undefined;
    const cached = cache.get(path);
    if (cached) return cached;
    const blob = byPath.get(path);
    if (!blob) return undefined;
    const asset = {
      body: new Uint8Array(await blob.arrayBuffer()),
      contentType: contentTypeOf(path),
      immutable: isHashedName(path),
    };
    cache.set(path, asset);
    return asset;
  };
  return { get, available: async () => byPath.has("index.html") };
}
