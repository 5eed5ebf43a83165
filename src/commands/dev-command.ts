import { defineCommand } from "citty";
import { flagArgs } from "./flag-args.ts";
import { assertKnownArgs } from "./strict-args.ts";

const args = flagArgs("common", "core", "gateway");

/** `holomush dev`: core and gateway together for local play; Ctrl-C stops both. */
export const devCommand = defineCommand({
  meta: {
    name: "dev",
    alias: "up",
    description:
      "Run core and gateway together for a local game (Ctrl-C stops both; a crashed core is restarted)",
  },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { runDev } = await import("./run-dev.ts");
    process.exitCode = await runDev(given, rawArgs);
  },
});
