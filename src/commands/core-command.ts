import { processCommand } from "./process-command.ts";

/** `holomush core …`. */
export const coreCommand = processCommand(
  "core",
  "The game core: engine, event store, sessions, plugins, gRPC server",
);
