/** Where the queue writes: returns bytes accepted (maybe fewer than offered), or -1 when the socket is gone. */
export type WriteFn = (bytes: Uint8Array) => number;

/** Limits for one connection's output. */
export interface SendQueueConfig {
  /** Past this many queued bytes, queued text is dropped and "*** Output flushed ***" is sent once. */
  readonly softCap: number;
  /** Past this many queued bytes (control bytes included), the connection should be closed. */
  readonly hardCap: number;
  readonly flushNotice: Uint8Array;
  /**
   * When given, bytes offered while nothing is queued are held, and `atTurnEnd` runs the write of all of
   * them at once; without it every enqueue writes at once.
   */
  readonly atTurnEnd?: (write: () => void) => void;
}

/** The most bytes held for one write at the end of a turn; more are written at once. */
export const maxHeldBytes = 16 * 1024;

/** What happened to an enqueue. */
export type EnqueueResult = "sent" | "queued" | "dropped" | "overflow";

/** A bounded send queue with drain handling (Bun's socket write() may be partial). */
export interface SendQueue {
  /** Queues bytes. Text may be dropped under pressure; control bytes (telnet negotiation) never are. */
  enqueue(bytes: Uint8Array, kind: "text" | "control"): EnqueueResult;
  /** Runs `action` once every byte queued before it has been handed to `write` (a switch in the byte stream). */
  mark(action: () => void): void;
  /** Call from the socket's drain handler: writes as much as the socket takes. */
  drain(): void;
  readonly queuedBytes: number;
  /** Times the queue flushed text since the connection opened. */
  readonly flushes: number;
}

/** Creates a send queue over `write`. */
export function createSendQueue(write: WriteFn, config: SendQueueConfig): SendQueue {
  // Invariant: queued bytes never exceed hardCap plus one partly written message at the head.
  // A chunk with an action is a mark: empty, kept by a flush like control bytes, run when it reaches the head.
  let chunks: { bytes: Uint8Array; kind: "text" | "control"; action?: () => void }[] = [];
  let queued = 0;
  let flushing = false;
  let flushes = 0;
  // Invariant: bytes are held only while nothing is queued, so held bytes always go out before queued ones.
  let held: Uint8Array[] = [];
  let heldBytes = 0;

  const pump = (): void => {
    while (chunks.length > 0) {
      const head = chunks[0]!;
      if (head.action) {
        chunks.shift();
        head.action();
        continue;
      }
      const n = write(head.bytes);
      if (n < 0) return;
      if (n < head.bytes.length) {
        head.bytes = head.bytes.subarray(n);
        queued -= n;
        return;
      }
      chunks.shift();
      queued -= head.bytes.length;
    }
    // Fully drained: text flows again after a flush.
    flushing = false;
  };

  // One socket write for everything a turn produced for this connection: under fan-out that used to be one
  // write per line per connection, the largest item in the gateway's CPU profile.
  const writeHeld = (): void => {
    if (held.length === 0) return;
    const bytes = held.length === 1 ? (held[0] as Uint8Array) : concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    const n = write(bytes);
    if (n >= 0 && n < bytes.length) {
      // The partly written head: a flush keeps it whole, since it may hold control bytes.
      chunks.push({ bytes: bytes.subarray(n), kind: "control" });
      queued += bytes.length - n;
    }
  };

  const flush = (): void => {
    // Keep the partly written head (it may hold half a telnet command) and control bytes; drop queued text.
    const [head, ...rest] = chunks;
    chunks = head ? [head, ...rest.filter((c) => c.kind === "control")] : [];
    queued = chunks.reduce((a, c) => a + c.bytes.length, 0);
    chunks.push({ bytes: config.flushNotice, kind: "control" });
    queued += config.flushNotice.length;
    flushing = true;
    flushes++;
  };

  return {
    enqueue(bytes, kind) {
      if (bytes.length === 0) return "sent";
      if (kind === "text" && flushing) return "dropped";
      if (chunks.length === 0 && config.atTurnEnd) {
        if (held.length === 0) config.atTurnEnd(writeHeld);
        held.push(bytes);
        heldBytes += bytes.length;
        if (heldBytes >= maxHeldBytes) writeHeld();
        return "sent";
      }
      if (chunks.length === 0) {
        const n = write(bytes);
        if (n < 0 || n === bytes.length) return "sent";
        if (n > 0) {
          // A partly written message must finish, or the stream would be cut mid-character or mid-command.
          chunks.push({ bytes: bytes.subarray(n), kind });
          queued += bytes.length - n;
          return "queued";
        }
      }
      if (kind === "text" && queued + bytes.length > config.softCap) {
        flush();
        return "dropped";
      }
      if (queued + bytes.length > config.hardCap) return "overflow";
      chunks.push({ bytes, kind });
      queued += bytes.length;
      return "queued";
    },
    mark(action) {
      writeHeld();
      if (chunks.length === 0) action();
      else chunks.push({ bytes: new Uint8Array(0), kind: "control", action });
    },
    drain() {
      writeHeld();
      pump();
    },
    get queuedBytes() {
      return queued;
    },
    get flushes() {
      return flushes;
    },
  };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
