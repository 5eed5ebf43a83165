import { describe, expect, test } from "bun:test";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { webHarness } from "./test-support/web-harness.ts";

const duel = {
  summary: {
    id: 1,
    title: "The Duel",
    state: "active",
    locationName: "Hall",
    ownerName: "Alice",
    participants: ["Alice", "Bob"],
    cast: ["Alice", "Bob"],
    warnings: ["violence"],
    startedAt: timestampFromMs(1_000),
    tookPart: true,
  },
  lines: [
    { at: timestampFromMs(2_000), kind: "pose", author: "Alice", text: "draws her sword." },
    { at: timestampFromMs(3_000), kind: "say", ooc: true, author: "Bob", redactedBy: "Bob" },
  ],
  readers: ["Alice", "Bob"],
};

describe("scenes over the web protocol", () => {
  test("a player lists the scenes they may read and reads one's log", async () => {
    await using web = webHarness();
    web.core.scenes.push(duel);
    const alice = await web.enter("Alice");
    alice.send({ type: "scenes" });
    expect(await alice.waitFor((f) => f.type === "scenes")).toEqual({
      type: "scenes",
      scenes: [
        {
          id: 1,
          title: "The Duel",
          summary: "",
          state: "active",
          private: false,
          location: "Hall",
          owner: "Alice",
          participants: ["Alice", "Bob"],
          cast: ["Alice", "Bob"],
          warnings: ["violence"],
          startedAt: 1_000,
          tookPart: true,
        },
      ],
    });
    alice.send({ type: "sceneLog", scene: 1 });
    const log = await alice.waitFor((f) => f.type === "sceneLog");
    expect(log).toMatchObject({ page: 1, pages: 1, firstLine: 1, scene: { id: 1 } });
    expect(log.lines).toEqual([
      { at: 2_000, kind: "pose", ooc: false, author: "Alice", text: "draws her sword.", semipose: false },
      { at: 3_000, kind: "say", ooc: true, author: "Bob", text: "", semipose: false, redactedBy: "Bob" },
    ]);
  });

  test("a scene the player may not read is refused with a line, and a bad request is a bad frame", async () => {
    await using web = webHarness();
    web.core.scenes.push(duel);
    const carol = await web.enter("Carol");
    carol.send({ type: "scenes" });
    expect(await carol.waitFor((f) => f.type === "scenes")).toEqual({ type: "scenes", scenes: [] });
    carol.send({ type: "sceneLog", scene: 1, page: 1 });
    expect(await carol.waitFor((f) => f.type === "sceneRefused")).toEqual({
      type: "sceneRefused",
      text: "There is no scene 1.",
    });
    carol.send({ type: "sceneLog", scene: 0 });
    expect(await carol.waitFor((f) => f.type === "error")).toMatchObject({ code: "bad_frame" });
  });

  test("a scene request before playing is refused", async () => {
    await using web = webHarness();
    const client = await web.open();
    client.send({ type: "hello" });
    await client.waitFor((f) => f.type === "welcome");
    client.send({ type: "scenes" });
    expect(await client.waitFor((f) => f.type === "sceneRefused")).toEqual({
      type: "sceneRefused",
      text: "You are not playing a character yet.",
    });
  });
});
