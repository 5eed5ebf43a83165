import type { Socket } from "bun";

// A raw loopback client that streams the same kind of bytes until told to stop, reconnecting whenever the server
// closes it, as an attacker would. Bytes are written as the socket takes them (drain), never faster.

/** What a flood did. */
export interface FloodStats {
  /** Connections opened (each reconnect counts). */
  connections: number;
  /** Bytes the sockets took. */
  bytesSent: number;
  /** Bytes the server sent back. */
  bytesReceived: number;
}

/** Options of one flood. */
export interface FloodOptions {
  readonly port: number;
  /** The next chunk to send on a connection; `n` counts chunks over the whole flood, so names stay unique. */
  readonly chunk: (n: number) => Uint8Array;
  /** Stop once this returns true (checked before each chunk and before each reconnect). */
  readonly stop: () => boolean;
  /** Most connections to open, so the flood is bounded even if `stop` never comes. */
  readonly maxConnections: number;
}

/** Floods until `stop()` or `maxConnections`; resolves with what was sent and received. */
export async function flood(options: FloodOptions): Promise<FloodStats> {
  const stats: FloodStats = { connections: 0, bytesSent: 0, bytesReceived: 0 };
  let n = 0;
  while (!options.stop() && stats.connections < options.maxConnections) {
    stats.connections++;
    await new Promise<void>((resolve) => {
      let pending: Uint8Array | undefined;
      let ended = false;
      const finish = () => {
        if (ended) return;
        ended = true;
        resolve();
      };
      const pump = (socket: Socket<undefined>): void => {
        // A bounded batch per turn, so the test's own event loop (the player's look) keeps running.
        for (let i = 0; i < 16; i++) {
          if (options.stop()) return void socket.end();
          const bytes = pending ?? options.chunk(n++);
          const took = socket.write(bytes);
          if (took < 0) return;
          stats.bytesSent += took;
          pending = took < bytes.length ? bytes.subarray(took) : undefined;
          if (pending) return; // wait for drain
        }
        setImmediate(() => !ended && pump(socket));
      };
      Bun.connect({
        hostname: "127.0.0.1",
        port: options.port,
        socket: {
          binaryType: "uint8array",
          open: pump,
          drain: pump,
          data: (_s, d: Uint8Array) => {
            stats.bytesReceived += d.length;
          },
          close: finish,
          error: finish,
          connectError: finish,
        },
      }).catch(finish);
    });
  }
  return stats;
}
