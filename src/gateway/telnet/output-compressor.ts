import { constants, createDeflate, type Deflate } from "node:zlib";
import type { WriteFn } from "./send-queue.ts";

/**
 * The zlib settings of every MCCP2 stream. The runtime's deflate keeps a fixed hash table whatever memLevel says,
 * so a smaller window saves less than zlib's formula suggests; measured RSS per open stream under Bun 1.4.5:
 * windowBits 15 / memLevel 8 about 229 KiB, 12 / 5 about 173 KiB, 9 / 1 about 144 KiB. A 4 KiB window still holds
 * a screen of MUSH text, where the repeats are (names, room titles, colour codes).
 */
export const mccpZlibOptions = { level: 6, windowBits: 12, memLevel: 5, chunkSize: 4096 } as const;

/** Plain bytes handed to zlib but not yet compressed, at most, before the sink says "wait" (returns 0). */
export const defaultMaxInFlight = 16 * 1024;

/** Where compressed bytes go and whom to tell when the sink takes bytes again. */
export interface OutputCompressorDeps {
  /** The socket. */
  readonly write: WriteFn;
  /** The sink takes bytes again after it returned 0: pump the send queue. */
  readonly ready: () => void;
  readonly failed: (error: unknown) => void;
  /** A zlib stream has ended and its memory is given back. */
  readonly streamEnded?: () => void;
  readonly maxInFlight?: number;
}

/** The send queue's writer: plain bytes straight to the socket, or through one zlib stream (MCCP2). */
export interface OutputCompressor {
  /** Takes bytes for the socket: plain, some or all; compressing, all or none (0, then `ready` follows). */
  write(bytes: Uint8Array): number;
  /** From here on every byte is compressed; a new zlib stream begins (MCCP2 after `IAC SB COMPRESS2 IAC SE`). */
  start(): void;
  /** Finishes the zlib stream (Z_FINISH); bytes written after it go out plain once its end is on the socket. */
  stop(): void;
  /** Call from the socket's drain handler. */
  drain(): void;
  /** Finishes the stream if there is one, hands its end to the socket, then calls `done`. */
  close(done: () => void): void;
}

type SinkState =
  | { readonly kind: "plain" }
  | { readonly kind: "compressing"; readonly deflate: Deflate }
  | { readonly kind: "ending"; readonly deflate: Deflate };

/** Creates a sink that starts plain. */
export function createOutputCompressor(deps: OutputCompressorDeps): OutputCompressor {
  const maxInFlight = deps.maxInFlight ?? defaultMaxInFlight;
  let state: SinkState = { kind: "plain" };
  let out: Uint8Array[] = [];
  let inFlight = 0;
  let refused = false;
  // Plain bytes written to zlib since the last sync flush; the flush runs once per batch (a microtask later).
  let batch = 0;
  let gone = false;
  const whenEnded: (() => void)[] = [];

  const push = (): void => {
    while (out.length > 0) {
      const head = out[0]!;
      const n = gone ? -1 : deps.write(head);
      if (n < 0) {
        // The socket is gone: nothing will read these bytes.
        gone = true;
        out = [];
        return;
      }
      if (n < head.length) {
        out[0] = head.subarray(n);
        return;
      }
      out.shift();
    }
  };
  const takes = (): boolean =>
    out.length === 0 && (state.kind === "plain" || (state.kind === "compressing" && inFlight < maxInFlight));
  const maybeReady = (): void => {
    if (!refused || !takes()) return;
    refused = false;
    deps.ready();
  };

  const open = (): Deflate => {
    const deflate = createDeflate(mccpZlibOptions);
    deflate.on("data", (chunk: Uint8Array) => {
      out.push(chunk);
      push();
    });
    deflate.on("error", (error) => {
      deps.failed(error);
      gone = true;
      ended(deflate);
    });
    deflate.on("end", () => ended(deflate));
    return deflate;
  };
  // Invariant: a stream ends once; plain bytes wait (`takes`) until its last compressed byte is on the socket.
  const ended = (deflate: Deflate): void => {
    if (state.kind === "plain" || state.deflate !== deflate) return;
    state = { kind: "plain" };
    inFlight = 0;
    deflate.destroy();
    deps.streamEnded?.();
    for (const done of whenEnded.splice(0)) done();
    maybeReady();
  };
  // One sync flush per batch of writes (a fan-out, a command's output and its prompt): the client sees it at
  // once, and the flush's few bytes of overhead are paid once, not per line.
  const flushBatch = (at: SinkState): void => {
    const n = batch;
    batch = 0;
    // Stopped meanwhile: Z_FINISH flushes the batch, and the stream's end resets the count.
    if (at !== state || at.kind !== "compressing") return;
    at.deflate.flush(constants.Z_SYNC_FLUSH, () => {
      inFlight = Math.max(0, inFlight - n);
      maybeReady();
    });
  };
  const stop = (): void => {
    if (state.kind !== "compressing") return;
    state = { kind: "ending", deflate: state.deflate };
    state.deflate.end();
  };

  return {
    write(bytes) {
      if (!takes()) {
        refused = true;
        return gone ? -1 : 0;
      }
      if (state.kind === "plain") return deps.write(bytes);
      if (state.kind !== "compressing") return 0;
      inFlight += bytes.length;
      state.deflate.write(bytes);
      if (batch === 0) queueMicrotask(() => flushBatch(state));
      batch += bytes.length;
      return bytes.length;
    },
    start() {
      if (state.kind !== "plain") return;
      state = { kind: "compressing", deflate: open() };
    },
    stop,
    drain() {
      push();
      maybeReady();
    },
    close(done) {
      if (state.kind === "plain") return done();
      whenEnded.push(done);
      stop();
    },
  };
}
