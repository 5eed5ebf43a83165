import { HoloError } from "#shared/errors/holo-error.ts";
import type { InstrumentReply, InstrumentRequest } from "./instrument-worker.ts";
import type { ModuleLimits } from "./module-cache.ts";
import type { InstrumentedModule } from "./module-instrument.ts";

/**
 * Where the worker's code is. From source it sits next to this file. In the compiled binary every module shares
 * the entry's `import.meta.url`, and the worker is its own entry point, stored at its path from the repository
 * root (scripts/build-binary.ts sets that root).
 */
export function instrumentWorkerUrl(main: string = Bun.main, here: string = import.meta.url): string {
  if (main.startsWith("/$bunfs/")) return "/$bunfs/root/src/plugins/instrument-worker.ts";
  return new URL("./instrument-worker.ts", here).href;
}

/**
 * Checks and instruments a module with binaryen in a worker that ends with the call, so binaryen's memory is
 * given back to the system afterwards. A refusal comes back as the same `failed_precondition` error.
 */
export async function instrumentInWorker(
  name: string,
  bytes: Uint8Array,
  limits: ModuleLimits,
): Promise<InstrumentedModule> {
  const worker = new Worker(instrumentWorkerUrl());
  try {
    const reply = await new Promise<InstrumentReply>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<InstrumentReply>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(`the instrumenting worker failed: ${event.message}`));
      const request: InstrumentRequest = { name, bytes, limits };
      worker.postMessage(request);
    });
    if (reply.kind === "done")
      return { instrumented: reply.instrumented, maxMemoryBytes: reply.maxMemoryBytes };
    if (reply.kind === "refused") throw new HoloError("failed_precondition", reply.message);
    throw new Error(`instrumenting plugin "${name}" failed: ${reply.message}`);
  } finally {
    worker.terminate();
  }
}
