import type { Socket } from "bun";

/** A raw loopback telnet client for tests: it records every byte and waits for conditions, never for time. */
export interface TestClient {
  readonly bytes: () => Uint8Array;
  readonly text: () => string;
  readonly closed: boolean;
  write(data: Uint8Array | string | number[]): number;
  /** Writes everything, queueing what the socket does not take and sending it on drain. */
  writeAll(data: Uint8Array | string): void;
  /** Bytes writeAll still holds. */
  readonly unsent: number;
  /** Resolves when `check` holds for the bytes received so far (checked on every event). */
  until(check: (c: TestClient) => boolean, what: string): Promise<void>;
  pause(): void;
  resume(): void;
  end(): void;
}

/** Connects to `port` on 127.0.0.1, optionally over TLS (accepting any certificate) and starting paused. */
export async function connectTestClient(
  port: number,
  options: { tls?: boolean; paused?: boolean } = {},
): Promise<TestClient> {
  const chunks: number[] = [];
  const pending: Uint8Array[] = [];
  const pump = (): void => {
    while (pending.length > 0) {
      const head = pending[0]!;
      const n = socket.write(head);
      if (n < head.length) {
        pending[0] = head.subarray(Math.max(0, n));
        return;
      }
      pending.shift();
    }
  };
  let closed = false;
  const waiters = new Set<() => void>();
  const poke = (): void => {
    for (const w of [...waiters]) w();
  };
  const socket: Socket<undefined> = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    ...(options.tls ? { tls: { rejectUnauthorized: false } } : {}),
    socket: {
      binaryType: "uint8array",
      open: (s) => {
        if (options.paused) s.pause();
      },
      data: (_s, d: Uint8Array) => {
        for (const b of d) chunks.push(b);
        poke();
      },
      close: () => {
        closed = true;
        poke();
      },
      drain: () => {
        pump();
        poke();
      },
    },
  });
  const client: TestClient = {
    bytes: () => Uint8Array.from(chunks),
    text: () => new TextDecoder().decode(Uint8Array.from(chunks)),
    get closed() {
      return closed;
    },
    write: (data) => socket.write(Array.isArray(data) ? Uint8Array.from(data) : data),
    writeAll(data) {
      pending.push(typeof data === "string" ? new TextEncoder().encode(data) : data);
      if (pending.length === 1) pump();
    },
    get unsent() {
      return pending.reduce((a, p) => a + p.length, 0);
    },
    until(check, what) {
      return new Promise((resolve, reject) => {
        const attempt = (): void => {
          if (check(client)) {
            waiters.delete(attempt);
            resolve();
          } else if (closed) {
            waiters.delete(attempt);
            if (check(client)) resolve();
            else reject(new Error(`connection closed before: ${what}`));
          }
        };
        waiters.add(attempt);
        attempt();
      });
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    end: () => socket.end(),
  };
  return client;
}

/** True when `needle` occurs in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Yields to the event loop until `check` holds; fails after `guardMs` as a safety net, not as a wait. */
export async function waitFor(check: () => boolean, what: string, guardMs = 4000): Promise<void> {
  const giveUp = performance.now() + guardMs;
  while (!check()) {
    if (performance.now() > giveUp) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
