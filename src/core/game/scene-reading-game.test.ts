import { describe, expect, test } from "bun:test";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { ConnectError } from "@connectrpc/connect";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import { enter, startTestGame, type TestGame, typist } from "./test-support/game-harness.ts";

async function player(t: TestGame, name: string) {
  const connectionId = `${name}-1`;
  const session = await enter(t.client, name, connectionId);
  const ask = { sessionId: session.sessionId, connectionId };
  return { type: typist(t.client, session.sessionId, connectionId), ask };
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof ConnectError) return fromConnectError(error).code;
  }
  return "ok";
};

describe("ListScenes and ReadScene", () => {
  test("participants list their scene and read its log in order, redacted and OOC lines marked", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice");
    const bob = await player(t, "Bob");
    await alice.type("scene start The Duel");
    await bob.type("scene join 1");
    await alice.type("scene warning violence");
    await alice.type("pose draws her sword.");
    await bob.type(":parries.");
    await bob.type("ooc brb");
    await bob.type("scene redact last");
    const listed = await t.client.listScenes(alice.ask);
    expect(listed.scenes.map((s) => [s.id, s.title, s.state, s.private, s.tookPart])).toEqual([
      [1, "The Duel", "active", false, true],
    ]);
    expect(listed.scenes[0]?.warnings).toEqual(["violence"]);
    expect(listed.scenes[0]?.participants).toEqual(["Alice", "Bob"]);
    const read = await t.client.readScene({ ...bob.ask, sceneId: 1, page: 0 });
    expect([read.page, read.pages, read.firstLine]).toEqual([1, 1, 1]);
    expect(read.lines.map((l) => [l.author, l.kind, l.ooc, l.text, l.redactedBy])).toEqual([
      ["Alice", "pose", false, "draws her sword.", ""],
      ["Bob", "pose", false, "parries.", ""],
      ["Bob", "say", true, "", "Bob"],
    ]);
    expect(read.lines.every((l) => l.at !== undefined && timestampMs(l.at) > 0)).toBe(true);
  });

  test("a private scene is neither listed to nor readable by a non-participant", async () => {
    await using t = await startTestGame();
    const alice = await player(t, "Alice");
    const carol = await player(t, "Carol");
    await alice.type("scene start Secrets");
    await alice.type("scene private");
    await alice.type("pose whispers.");
    expect((await t.client.listScenes(carol.ask)).scenes).toEqual([]);
    expect((await t.client.listScenes(alice.ask)).scenes.map((s) => s.id)).toEqual([1]);
    expect(await codeOf(t.client.readScene({ ...carol.ask, sceneId: 1, page: 1 }))).toBe("permission_denied");
    expect(await codeOf(t.client.readScene({ ...alice.ask, sceneId: 2, page: 1 }))).toBe("not_found");
    expect(await codeOf(t.client.readScene({ ...alice.ask, sceneId: 1, page: 2 }))).toBe("invalid_argument");
    expect(await codeOf(t.client.listScenes({ ...alice.ask, connectionId: "other" }))).toBe(
      "unauthenticated",
    );
  });
});
