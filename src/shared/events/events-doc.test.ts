import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { eventSchema } from "./event-schema.ts";
import { renderEventsDoc } from "./events-doc.ts";

describe("docs/events.md", () => {
  test("is the event schema as generated (run scripts/events-doc.ts after changing the schema)", async () => {
    const doc = await Bun.file(join(import.meta.dir, "../../../docs/events.md")).text();
    expect(doc).toBe(renderEventsDoc());
  });

  test("lists every event type once, with its payload", () => {
    const doc = renderEventsDoc();
    for (const [type, spec] of Object.entries(eventSchema)) {
      expect(doc.split(`| \`${type}\` |`).length - 1).toBe(1);
      expect(doc).toContain(spec.payload.doc.replaceAll("|", "\\|"));
    }
  });
});
