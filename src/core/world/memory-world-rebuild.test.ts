import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMemoryWorldCheckpointStore } from "./world-checkpoint-store.ts";
import { worldRebuildContract } from "./world-rebuild.contract.ts";

worldRebuildContract("memory", async () => ({
  events: createMemoryEventStore({ log: collectingLogger().logger }),
  checkpoints: createMemoryWorldCheckpointStore(),
}));
