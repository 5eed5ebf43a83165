import { HoloError } from "#shared/errors/holo-error.ts";
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

/** The names of the example plugins compiled into the binary. */
export const builtinPluginNames: readonly string[] = builtins.map((b) => b.name);

/**
 * The example plugins compiled into the binary, those named in `names` (all by default). A game loads the
 * ones `--builtin-plugins` names (dice by default: echo, which repeats every say, is a demo). An unknown
 * name is refused, so a typo does not start a game silently missing a plugin.
 */
export async function builtinPlugins(names: readonly string[] = builtinPluginNames): Promise<PluginSource[]> {
  const unknown = names.filter((n) => !builtinPluginNames.includes(n));
  if (unknown.length > 0)
    throw new HoloError(
      "invalid_argument",
      `--builtin-plugins: there is no built-in plugin called ${unknown.map((n) => `"${n}"`).join(", ")} (there are ${builtinPluginNames.join(", ")}, or none)`,
    );
  return Promise.all(
    builtins
      .filter((b) => names.includes(b.name))
      .map(async (b) => ({
        manifest: parseManifest(b.manifest, `builtin:${b.name}`),
        wasm: await Bun.file(b.wasm).bytes(),
        origin: `builtin:${b.name}`,
      })),
  );
}
