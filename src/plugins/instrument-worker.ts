// The worker that runs binaryen for module-instrumenter.ts. Binaryen keeps about 60 MiB resident once loaded
// (its own 16 MiB memory, its 9 MiB wasm and the code compiled from it); in a worker that is terminated after
// one module, all of it is given back instead of staying in the core for its whole life.
import { isHoloError } from "#shared/errors/holo-error.ts";
import type { ModuleLimits } from "./module-cache.ts";
import { instrumentWithBinaryen } from "./module-instrument.ts";

/** What the core sends: one module to check and instrument. */
export interface InstrumentRequest {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly limits: ModuleLimits;
}

/** What the worker answers. */
export type InstrumentReply =
  | { readonly kind: "done"; readonly instrumented: Uint8Array; readonly maxMemoryBytes: number }
  | { readonly kind: "refused"; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };

declare const self: Worker;

self.onmessage = async (event: MessageEvent<InstrumentRequest>) => {
  const { name, bytes, limits } = event.data;
  let reply: InstrumentReply;
  try {
    const b = (await import("binaryen")).default;
    const done = instrumentWithBinaryen(b, name, bytes, limits);
    reply = { kind: "done", ...done };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply = isHoloError(error, "failed_precondition")
      ? { kind: "refused", message }
      : { kind: "failed", message };
  }
  self.postMessage(reply);
};
