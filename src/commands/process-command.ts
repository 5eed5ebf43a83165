import { type ArgsDef, defineCommand } from "citty";
import type { SettingScope } from "#shared/config/settings.ts";
import { flagArgs } from "./flag-args.ts";
import type { ProcessName } from "./process-paths.ts";
import { assertKnownArgs } from "./strict-args.ts";

const verbs = ["run", "start", "stop", "restart", "status"] as const;

/** `holomush core|gateway [run|start|stop|restart|status]`; `run` is the default, for systemd. */
export function processCommand(name: ProcessName, description: string) {
  const scope: SettingScope = name;
  const runArgs: ArgsDef = flagArgs("common", scope);
  const dirArgs: ArgsDef = flagArgs("common");
  const jsonArg: ArgsDef = { json: { type: "boolean", description: "Print JSON instead of a table" } };
  const lifecycle = () => import("./lifecycle.ts");
  const subCommands = {
    run: defineCommand({
      meta: { name: "run", description: `Run the ${name} in the foreground (what systemd runs)` },
      args: runArgs,
      run: async ({ rawArgs, args }) => {
        assertKnownArgs(rawArgs, runArgs);
        await (await lifecycle()).runInForeground(name, args);
      },
    }),
    start: defineCommand({
      meta: { name: "start", description: `Start the ${name} in the background and wait until it is ready` },
      args: runArgs,
      run: async ({ rawArgs, args }) => {
        assertKnownArgs(rawArgs, runArgs);
        await (await lifecycle()).startDetached(name, args, rawArgs);
      },
    }),
    stop: defineCommand({
      meta: { name: "stop", description: `Stop the running ${name} through its control socket` },
      args: dirArgs,
      run: async ({ rawArgs, args }) => {
        assertKnownArgs(rawArgs, dirArgs);
        await (await lifecycle()).stopRunning(name, args);
      },
    }),
    restart: defineCommand({
      meta: { name: "restart", description: `Stop the ${name} if it runs, then start it` },
      args: runArgs,
      run: async ({ rawArgs, args }) => {
        assertKnownArgs(rawArgs, runArgs);
        await (await lifecycle()).restartDetached(name, args, rawArgs);
      },
    }),
    status: defineCommand({
      meta: { name: "status", description: `Show the ${name}'s state, pid, uptime, version and addresses` },
      args: { ...dirArgs, ...jsonArg },
      run: async ({ rawArgs, args }) => {
        assertKnownArgs(rawArgs, { ...dirArgs, ...jsonArg });
        process.exitCode = await (await lifecycle()).printStatus([name], args);
      },
    }),
  } satisfies Record<(typeof verbs)[number], unknown>;
  const reload = defineCommand({
    meta: {
      name: "reload",
      description: "Reload plugins, help topics and the motd file in the running core without restarting it",
    },
    args: dirArgs,
    run: async ({ rawArgs, args }) => {
      assertKnownArgs(rawArgs, dirArgs);
      await (await lifecycle()).reloadRunning(name, args);
    },
  });
  return defineCommand({
    meta: { name, description },
    args: runArgs,
    subCommands: name === "core" ? { ...subCommands, reload } : subCommands,
    default: "run",
  });
}
