import diceWasm from "../../plugins/dice/build/dice.wasm" with { type: "file" };
import diceManifest from "../../plugins/dice/plugin.yaml" with { type: "text" };
import echoWasm from "../../plugins/echo/build/echo.wasm" with { type: "file" };
import echoManifest from "../../plugins/echo/plugin.yaml" with { type: "text" };
import { parseManifest } from "./manifest.ts";
import type { PluginSource } from "./plugin-source.ts";

// Invariant: these imports make `bun build --compile` embed the example plugins; run
// `bun scripts/build-plugins.ts` first. The C example (coin) is not embedded, since building it needs clang.
const builtins: readonly { manifest: string; wasm: string; name: string }[] = [
  { name: "echo", manifest: echoManifest as string, wasm: echoWasm },
  { name: "dice", manifest: diceManifest as string, wasm: diceWasm },
];

/** The example plugins compiled into the binary, loaded by default. */
export async function builtinPlugins(): Promise<PluginSource[]> {
  return Promise.all(
    builtins.map(async (b) => ({
      manifest: parseManifest(b.manifest, `builtin:${b.name}`),
      wasm: await Bun.file(b.wasm).bytes(),
      origin: `builtin:${b.name}`,
    })),
  );
}
