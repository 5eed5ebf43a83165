import { formatAddress, type ListenAddress } from "#shared/config/listen-address.ts";
import { HoloError } from "#shared/errors/holo-error.ts";

/** What the web listener shows until the web client arrives. */
export interface WebServerInfo {
  readonly gameName: string;
  readonly telnetPort: number;
  readonly tlsPort: number;
}

/** The web listener, as a disposable with its bound address. */
export interface WebServer extends AsyncDisposable {
  readonly address: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Serves a small page telling players how to connect, and `/healthz`. Known limitation: no web client yet. */
export function startWebServer(addr: ListenAddress, info: WebServerInfo): WebServer {
  const page = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(info.gameName)}</title>
<h1>${escapeHtml(info.gameName)}</h1>
<p>Connect with a MUD client or telnet to port ${info.telnetPort} (telnet over TLS: port ${info.tlsPort}).</p>
<p>The web client is not available yet.</p>`;
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({
      hostname: addr.host,
      port: addr.port,
      fetch(request) {
        const path = new URL(request.url).pathname;
        if (path === "/healthz") return new Response("ok\n");
        if (path === "/")
          return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
        return new Response("Not found\n", { status: 404 });
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? "is already in use" : `cannot be used (${code ?? String(error)})`;
    throw new HoloError("unavailable", `--web-addr ${formatAddress(addr)} ${reason}`, { cause: error });
  }
  return {
    address: formatAddress({ host: addr.host, port: server.port ?? addr.port }),
    [Symbol.asyncDispose]: async () => {
      await server.stop(true);
    },
  };
}
