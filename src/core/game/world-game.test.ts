import { describe, expect, test } from "bun:test";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { type OutputItem, watchConnection } from "./test-support/connection-reader.ts";
import { enter, enterAsAdmin, startTestGame, typist } from "./test-support/game-harness.ts";

const said = (items: readonly OutputItem[]) =>
  items.flatMap((r) =>
    r.item.case === "event" && ["say", "arrive", "leave", "look"].includes(r.item.value.type)
      ? [
          r.item.value.type === "look"
            ? "look"
            : `${r.item.value.type} ${r.item.value.stream} ${String(eventPayload(r.item.value).text ?? "")}`.trim(),
        ]
      : [],
  );

describe("the world over the Core service", () => {
  test("a live output follows its character into the next room at the move", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const out = await watchConnection(t.client, alice.sessionId, "a1");
    await out.skipReplay();
    const asAlice = typist(t.client, alice.sessionId, "a1");
    const asBob = typist(t.client, bob.sessionId, "b1");
    await asBob("say before");
    await asAlice("garden");
    await asBob("say after");
    await asBob("garden");
    await asBob("say in the garden");
    const items = await out.take(6);
    expect(said(items)).toEqual([
      "say location:lobby before",
      "leave location:lobby",
      "arrive location:garden",
      "look",
      "arrive location:garden",
      "say location:garden in the garden",
    ]);
  });

  test("a detached character teleported by an admin replays the old room up to the move and the new one after", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const asBob = typist(t.client, bob.sessionId, "b1");
    const adminSession = await enterAsAdmin(t.client, "x1");
    const asAdmin = typist(t.client, adminSession?.sessionId ?? "", "x1");
    const first = await watchConnection(t.client, alice.sessionId, "a1");
    await first.skipReplay();
    // Her connection drops (quit would end the session's resume token).
    await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    await first.close();
    await asBob("say one");
    expect((await asAdmin("teleport alice = library")).output).toEqual(["Teleported Alice to The Library."]);
    await asBob("say two");
    await asBob("library");
    await asBob("say three");
    const again = await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    const out = await watchConnection(t.client, again.session?.sessionId ?? "", "a2");
    const replay = await out.skipReplay();
    expect(said(replay)).toEqual([
      "say location:lobby one",
      "leave location:lobby",
      "arrive location:library",
      "look",
      "arrive location:library",
      "say location:library three",
    ]);
  });
});
