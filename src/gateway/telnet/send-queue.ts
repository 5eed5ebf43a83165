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
  return new Queue(write, config);
}

/** A queued message; one with an action is a mark: empty, kept by a flush like control bytes, run at the head. */
interface Chunk {
  bytes: Uint8Array;
  readonly kind: "text" | "control";
  readonly action?: () => void;
}

// A class, not a closure per method: every connection holds one queue for its life, so its methods are shared.
class Queue implements SendQueue {
  readonly #write: WriteFn;
  // The settings, copied into fields: the connection's settings object can go.
  readonly #softCap: number;
  readonly #hardCap: number;
  readonly #flushNotice: Uint8Array;
  readonly #atTurnEnd: ((write: () => void) => void) | undefined;
  // Invariant: queued bytes never exceed hardCap plus one partly written message at the head.
  #chunks: Chunk[] = [];
  #queued = 0;
  #flushing = false;
  #flushes = 0;
  // Invariant: bytes are held only while nothing is queued, so held bytes always go out before queued ones.
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  // Handed to atTurnEnd.
  readonly #writeHeldLater = (): void => this.#writeHeld();

  constructor(write: WriteFn, config: SendQueueConfig) {
    this.#write = write;
    this.#softCap = config.softCap;
    this.#hardCap = config.hardCap;
    this.#flushNotice = config.flushNotice;
    this.#atTurnEnd = config.atTurnEnd;
  }

  get queuedBytes(): number {
    return this.#queued;
  }

  get flushes(): number {
    return this.#flushes;
  }

  enqueue(bytes: Uint8Array, kind: "text" | "control"): EnqueueResult {
    if (bytes.length === 0) return "sent";
    if (kind === "text" && this.#flushing) return "dropped";
    const atTurnEnd = this.#atTurnEnd;
    if (this.#chunks.length === 0 && atTurnEnd) {
      if (this.#held.length === 0) atTurnEnd(this.#writeHeldLater);
      this.#held.push(bytes);
      this.#heldBytes += bytes.length;
      if (this.#heldBytes >= maxHeldBytes) this.#writeHeld();
      return "sent";
    }
    if (this.#chunks.length === 0) {
      const n = this.#write(bytes);
      if (n < 0 || n === bytes.length) return "sent";
      if (n > 0) {
        // A partly written message must finish, or the stream would be cut mid-character or mid-command.
        this.#chunks.push({ bytes: bytes.subarray(n), kind });
        this.#queued += bytes.length - n;
        return "queued";
      }
    }
    if (kind === "text" && this.#queued + bytes.length > this.#softCap) {
      this.#flush();
      return "dropped";
    }
    if (this.#queued + bytes.length > this.#hardCap) return "overflow";
    this.#chunks.push({ bytes, kind });
    this.#queued += bytes.length;
    return "queued";
  }

  mark(action: () => void): void {
    this.#writeHeld();
    if (this.#chunks.length === 0) action();
    else this.#chunks.push({ bytes: new Uint8Array(0), kind: "control", action });
  }

  drain(): void {
    this.#writeHeld();
    this.#pump();
  }

  #pump(): void {
    const chunks = this.#chunks;
    while (chunks.length > 0) {
      const head = chunks[0] as Chunk;
      if (head.action) {
        chunks.shift();
        head.action();
        continue;
      }
      const n = this.#write(head.bytes);
      if (n < 0) return;
      if (n < head.bytes.length) {
        head.bytes = head.bytes.subarray(n);
        this.#queued -= n;
        return;
      }
      chunks.shift();
      this.#queued -= head.bytes.length;
    }
    // Fully drained: text flows again after a flush.
    this.#flushing = false;
  }

  // One socket write for everything a turn produced for this connection: under fan-out that used to be one
  // write per line per connection, the largest item in the gateway's CPU profile.
  #writeHeld(): void {
    const held = this.#held;
    if (held.length === 0) return;
    const bytes = held.length === 1 ? (held[0] as Uint8Array) : concat(held, this.#heldBytes);
    held.length = 0;
    this.#heldBytes = 0;
    const n = this.#write(bytes);
    if (n >= 0 && n < bytes.length) {
      // The partly written head: a flush keeps it whole, since it may hold control bytes.
      this.#chunks.push({ bytes: bytes.subarray(n), kind: "control" });
      this.#queued += bytes.length - n;
    }
  }

  #flush(): void {
    // Keep the partly written head (it may hold half a telnet command) and control bytes; drop queued text.
    const [head, ...rest] = this.#chunks;
    this.#chunks = head ? [head, ...rest.filter((c) => c.kind === "control")] : [];
    this.#queued = this.#chunks.reduce((a, c) => a + c.bytes.length, 0);
    this.#chunks.push({ bytes: this.#flushNotice, kind: "control" });
    this.#queued += this.#flushNotice.length;
    this.#flushing = true;
    this.#flushes++;
  }
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
