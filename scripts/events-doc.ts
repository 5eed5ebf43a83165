// Rewrites docs/events.md from the event schema (src/shared/events/event-schema.ts).
import { join } from "node:path";
import { renderEventsDoc } from "#shared/events/events-doc.ts";

const path = join(import.meta.dir, "..", "docs", "events.md");
await Bun.write(path, renderEventsDoc());
console.log(`wrote ${path}`);
