import { defineCommand } from "citty";
import { flagArgs } from "./flag-args.ts";
import { assertKnownArgs } from "./strict-args.ts";

const args = {
  ...flagArgs("common"),
  json: { type: "boolean", description: "Print JSON instead of a table" },
} as const;

/** `holomush status`: both processes; exits non-zero when either is down. */
export const statusCommand = defineCommand({
  meta: { name: "status", description: "Show core and gateway status; exits 1 when either is down" },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { printStatus } = await import("./lifecycle.ts");
    process.exitCode = await printStatus(["core", "gateway"], given);
  },
});
