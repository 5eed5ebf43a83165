import net from "node:net";
import tls from "node:tls";

// A bare loopback client that records what the server sends, from a chosen loopback source address (node:net,
// since Bun.connect cannot pick one), over plain TCP or TLS. Waits are on conditions, with a guard deadline.

/** One raw connection. */
export interface RawClient {
  readonly text: () => string;
  readonly closed: boolean;
  until(check: (c: RawClient) => boolean, what: string): Promise<void>;
  end(): void;
}

/** Connects to 127.0.0.1:`port` from `from` (default 127.0.0.1), over TLS (any certificate) when asked. */
export function connectRaw(port: number, options: { tls?: boolean; from?: string } = {}): RawClient {
  const chunks: Buffer[] = [];
  const waiters = new Set<() => void>();
  let closed = false;
  const common = { host: "127.0.0.1", port, localAddress: options.from ?? "127.0.0.1" };
  const socket = options.tls ? tls.connect({ ...common, rejectUnauthorized: false }) : net.connect(common);
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  socket.on("data", (d: Buffer) => {
    chunks.push(d);
    poke();
  });
  socket.on("close", () => {
    closed = true;
    poke();
  });
  socket.on("error", () => undefined);
  const client: RawClient = {
    text: () => Buffer.concat(chunks).toString("latin1"),
    get closed() {
      return closed;
    },
    until: (check, what) =>
      new Promise((resolve, reject) => {
        const guard = setTimeout(() => {
          waiters.delete(attempt);
          reject(new Error(`gave up waiting for ${what}; got ${JSON.stringify(client.text().slice(-300))}`));
        }, 30_000);
        const attempt = () => {
          if (!check(client)) return;
          waiters.delete(attempt);
          clearTimeout(guard);
          resolve();
        };
        waiters.add(attempt);
        attempt();
      }),
    end: () => socket.destroy(),
  };
  return client;
}
