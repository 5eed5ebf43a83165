import { createPlugin, type ExtismPluginOptions, type Plugin } from "@extism/extism";
import type { Logger } from "#shared/log/logger.ts";
import type { PreparedModule } from "./module-guard.ts";
import { sanitizePluginText } from "./sanitize-plugin-text.ts";

/** A console-like sink for the Extism kernel's log_* calls, with a per-call line quota and control characters stripped. */
export function kernelLogger(log: Logger, allow: () => boolean): Console {
  const line =
    (level: "info" | "warn" | "error" | "debug") =>
    (...args: unknown[]) => {
      if (!allow()) return;
      log[level](sanitizePluginText(String(args[0] ?? ""), 1000));
    };
  return {
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    debug: line("debug"),
  } as unknown as Console;
}

/**
 * Creates one Extism instance of a prepared module on the main thread. Start-up code (the wasm start
 * function and a reactor's `_initialize`) runs here, metered like a call, so the caller must have an
 * active "start" call with a deadline in place.
 */
export async function instantiatePlugin(
  prepared: PreparedModule,
  functions: Record<string, Record<string, unknown>>,
  logger: Console,
): Promise<Plugin> {
  const plugin = await createPlugin(
    { wasm: [{ module: prepared.module }] },
    {
      useWasi: false,
      runInWorker: false,
      logger,
      functions: functions as NonNullable<ExtismPluginOptions["functions"]>,
    },
  );
  try {
    // Invariant: without WASI the SDK never runs `_initialize`; C reactors need it for their constructors.
    const init = (await plugin.getInstance()).exports._initialize;
    if (typeof init === "function") init();
    return plugin;
  } catch (error) {
    await plugin.close();
    throw error;
  }
}
