import { expect, test } from "bun:test";
import type { PluginSource } from "#plugins/plugin-source.ts";
import { startLiveGame } from "./live-game.ts";
import { testSource } from "./plugin-test-host.ts";
import { worldProbe } from "./world-probe.ts";

// A plugin's world reads inside a live core come from the world projection, not only from who is online.

test("a plugin reads a location nobody is in and a character who is offline", async () => {
  const queries = [
    { query: "location", locationId: "library" },
    { query: "character_by_name", name: "bob" },
    { query: "location_of", characterId: "" },
    { query: "characters_in", locationId: "garden" },
  ];
  // The location_of query needs Bob's id, known only once he exists: the probe is loaded after he does.
  const sources: PluginSource[] = [];
  await using live = await startLiveGame(sources);
  const alice = await live.enter("Alice");
  const bob = await live.enter("Bob");
  await bob.command("south");
  await bob.command("quit");
  queries[2] = { query: "location_of", characterId: bob.characterId };
  const probe = testSource("probe", worldProbe("location:lobby", queries), {
    capabilities: ["world.read", "events.emit.location:*"],
  });
  sources.push(probe);
  await live.plugins.reload();

  expect(await alice.command("probe-go")).toEqual([]);
  const seen = (await live.store.events.replay("location:lobby", 0, 1000)).filter((e) => e.type === "probe");
  expect(seen.map((e) => e.payload)).toEqual([
    {
      ok: true,
      location: {
        id: "library",
        name: "The Library",
        description: "Shelves climb into the dark above, and a reading lamp glows on a long oak table.",
      },
    },
    { ok: true, character: { id: bob.characterId, name: "Bob", locationId: "garden", online: false } },
    { ok: true, locationId: "garden" },
    { ok: true, characters: [] },
  ]);
});
