import { expect, test } from "bun:test";
import { createPluginHost } from "#plugins/plugin-host.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { guest, lit } from "./guest-modules.ts";
import { createTestHost, go, testSource } from "./plugin-test-host.ts";

// A plugin command's events and notices take their ids from the id source the core hands in with the
// command (derived from the command's seed), so a re-run of the command re-appends the same ids.

const emit = { at: 0, text: '{"stream":"location:l1","type":"rolled","payload":{}}' };
const notify = { at: 256, text: '{"characterId":"c2","text":"psst"}' };
const body = `(drop (call $emit (call $block ${lit(emit)}))) (drop (call $notify (call $block ${lit(notify)})))`;
const source = testSource("ids", guest(body, { data: [emit, notify] }), {
  capabilities: ["events.emit.location:*", "char.notify"],
});

test("a command's events and notices take their ids, in order, from the command's id source", async () => {
  const t = createTestHost();
  const noticeIds: string[] = [];
  await using host = createPluginHost({
    ...t.deps,
    notify: async (_characterId, _text, _plugin, id) => {
      noticeIds.push(id);
    },
  });
  await host.load(source);
  const run = () => host.runCommand({ ...go("ids"), newId: sequentialIds("cmd") });
  await run();
  await run();
  // The first id seeds the call; then the emit, then the notice. The host's own source is never drawn.
  const ids = { events: t.events.map((e) => e.id), notices: noticeIds };
  expect(ids).toEqual({ events: ["cmd000002", "cmd000002"], notices: ["cmd000003", "cmd000003"] });
});

test("without an id source a command's events get fresh ids from the host", async () => {
  const t = createTestHost();
  await using host = createPluginHost(t.deps);
  await host.load(source);
  await host.runCommand(go("ids"));
  await host.runCommand(go("ids"));
  const [a, b] = t.events.map((e) => e.id);
  expect(a).not.toBe(b);
});
