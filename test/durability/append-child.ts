// A writer for the durability test: appends batches forever and prints "ack <id,id,…>" once each is acknowledged.
// Usage: bun test/durability/append-child.ts <embedded|postgres> <path-or-url> <tag>
import type { EventStore } from "#core/events/event-store.ts";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "#core/store/embedded/embedded-event-store.ts";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { openPostgresEventStore } from "#core/store/postgres/postgres-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";

const [kind, target, tag] = process.argv.slice(2);
if (!kind || !target || !tag) throw new Error("usage: append-child.ts <embedded|postgres> <target> <tag>");
const log = collectingLogger().logger;

async function open(): Promise<EventStore> {
  if (kind === "embedded") {
    const database = await openEmbeddedDatabase({ path: target as string, unsafeDurability: false, log });
    return createEmbeddedEventStore({ database, log });
  }
  const database = await openPostgresDatabase({ url: target as string, unsafeDurability: false, log });
  return openPostgresEventStore({ database, log });
}

const store = await open();
process.stdout.write("ready\n");

async function writer(w: number): Promise<never> {
  for (let n = 0; ; n++) {
    const batch = `${tag}w${w}n${n}`;
    const size = 1 + Math.floor(Math.random() * 5);
    const events = Array.from({ length: size }, (_, i) => ({
      id: `${batch}i${i}`,
      stream: `location:${w % 3}`,
      type: "test.batch",
      timestamp: Date.now(),
      actor: { kind: "system" as const, id: "durability" },
      payload: { batch, size },
    }));
    await store.append(events);
    process.stdout.write(`ack ${events.map((e) => e.id).join(",")}\n`);
  }
}

await Promise.all([1, 2, 3, 4].map(writer));
