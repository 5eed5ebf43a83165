import { collectingLogger } from "#shared/log/logger.ts";
import { eventStoreContract } from "./event-store.contract.ts";
import { createMemoryEventStore } from "./memory-event-store.ts";

eventStoreContract("memory", async () => createMemoryEventStore({ log: collectingLogger().logger }));
