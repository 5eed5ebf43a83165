import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import type { SessionRecord, SessionStore } from "./session-store.ts";

let n = 0;
/** A fresh session record for contract tests. */
export function testSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  n += 1;
  return {
    id: `S${n}`,
    characterId: `C${n}`,
    createdAt: 1000,
    detachedAt: undefined,
    tokenHash: `hash${n}`,
    cursors: {},
    connections: [],
    ...overrides,
  };
}

/** The behaviour every SessionStore adapter must show; `open` gives an empty store each time. */
export function sessionStoreContract(
  name: string,
  open: () => Promise<SessionStore & AsyncDisposable>,
): void {
  describe(`${name} session store`, () => {
    test("a created session is found by id, character and token hash", async () => {
      await using store = await open();
      const session = testSession({ cursors: { "location:lobby": 3 }, detachedAt: 77 });
      await store.create(session);
      expect(await store.get(session.id)).toEqual(session);
      expect(await store.findByCharacter(session.characterId)).toEqual(session);
      expect(await store.findByTokenHash(session.tokenHash)).toEqual(session);
      expect(await store.list()).toEqual([session]);
      expect(await store.get("nope")).toBeUndefined();
      expect(await store.findByTokenHash("nope")).toBeUndefined();
    });

    test("a character has at most one session", async () => {
      await using store = await open();
      const session = testSession();
      await store.create(session);
      const again = store.create(testSession({ characterId: session.characterId }));
      expect(
        await again.then(
          () => "ok",
          (e) => (isHoloError(e) ? e.code : String(e)),
        ),
      ).toBe("already_exists");
    });

    test("a token is replaced only from its current value", async () => {
      await using store = await open();
      const session = testSession();
      await store.create(session);
      expect(await store.replaceToken(session.id, session.tokenHash, "next")).toBe(true);
      expect(await store.replaceToken(session.id, session.tokenHash, "other")).toBe(false);
      expect((await store.get(session.id))?.tokenHash).toBe("next");
      expect(await store.findByTokenHash(session.tokenHash)).toBeUndefined();
    });

    test("connections attach once, detach, and attaching clears detachedAt", async () => {
      await using store = await open();
      const session = testSession({ detachedAt: 5 });
      await store.create(session);
      expect(await store.addConnection(session.id, "a")).toEqual(["a"]);
      expect(await store.addConnection(session.id, "b")).toEqual(["a", "b"]);
      expect(await store.addConnection(session.id, "a")).toEqual(["a", "b"]);
      expect((await store.get(session.id))?.detachedAt).toBeUndefined();
      expect(await store.removeConnection(session.id, "a")).toEqual(["b"]);
      expect(await store.removeConnection(session.id, "zzz")).toEqual(["b"]);
      await store.setDetachedAt(session.id, 99);
      expect(await store.get(session.id)).toMatchObject({ connections: ["b"], detachedAt: 99 });
    });

    test("cursors only move forward, per stream", async () => {
      await using store = await open();
      const session = testSession({ cursors: { "location:lobby": 5 } });
      await store.create(session);
      await store.advanceCursors(session.id, { "location:lobby": 3, "char:C1": 9 });
      await store.advanceCursors(session.id, { "char:C1": 12 });
      expect((await store.get(session.id))?.cursors).toEqual({ "location:lobby": 5, "char:C1": 12 });
    });

    test("a followed stream starts at its position and an ended one is kept until its cursor reaches the end", async () => {
      await using store = await open();
      const session = testSession({ cursors: { "location:lobby": 5, "char:C": 5 } });
      await store.create(session);
      await store.followStreams(
        session.id,
        { "location:garden": 20 },
        { "location:lobby": 20, "location:none": 20 },
      );
      const moved = await store.get(session.id);
      expect(moved?.cursors).toEqual({ "location:lobby": 5, "char:C": 5, "location:garden": 20 });
      expect(moved?.ends).toEqual({ "location:lobby": 20 });
      await store.advanceCursors(session.id, { "location:lobby": 12, "char:C": 12 });
      expect((await store.get(session.id))?.ends).toEqual({ "location:lobby": 20 });
      await store.advanceCursors(session.id, { "location:lobby": 20 });
      const caughtUp = await store.get(session.id);
      expect(caughtUp?.cursors).toEqual({ "char:C": 12, "location:garden": 20 });
      expect(caughtUp?.ends).toBeUndefined();
      await store.followStreams(session.id, { "location:lobby": 30 }, { "location:garden": 25 });
      await store.followStreams(session.id, { "location:garden": 40 }, {});
      const back = await store.get(session.id);
      expect(back?.cursors).toEqual({ "char:C": 12, "location:lobby": 30, "location:garden": 40 });
      expect(back?.ends).toBeUndefined();
      await store.followStreams("nope", { "location:x": 1 }, {});
    });

    test("a command's first recorded result is kept, with its seed", async () => {
      await using store = await open();
      const session = testSession();
      await store.create(session);
      const key = { sessionId: session.id, connectionId: "a", sequence: 1 };
      expect(await store.findCommand(key)).toBeUndefined();
      const result = { output: ["Hi"], lastPosition: 4, detach: false };
      await store.completeCommand(key, "seed1", result, 10);
      expect(await store.findCommand(key)).toEqual({ idSeed: "seed1", result });
      await store.completeCommand(key, "seed2", { output: ["again"], lastPosition: 9, detach: true }, 11);
      expect(await store.findCommand(key)).toEqual({ idSeed: "seed1", result });
      expect(await store.findCommand({ ...key, sequence: 2 })).toBeUndefined();
      expect(await store.findCommand({ ...key, connectionId: "b" })).toBeUndefined();
    });

    test("commands and cursors written together are each stored once every write resolved", async () => {
      await using store = await open();
      const sessions = [testSession(), testSession(), testSession()];
      for (const s of sessions) await store.create(s);
      const result = (n: number) => ({ output: [`line ${n}`], lastPosition: n, detach: false });
      await Promise.all(
        sessions.flatMap((s, i) => [
          ...[1, 2, 3].map((n) =>
            store.completeCommand(
              { sessionId: s.id, connectionId: "a", sequence: n },
              `seed${n}`,
              result(n),
              5,
            ),
          ),
          store.advanceCursors(s.id, { "location:lobby": 10 + i }),
          store.completeCommand({ sessionId: "gone", connectionId: "a", sequence: 1 }, "x", result(0), 5),
        ]),
      );
      for (const [i, s] of sessions.entries()) {
        for (const n of [1, 2, 3]) {
          const key = { sessionId: s.id, connectionId: "a", sequence: n };
          expect(await store.findCommand(key)).toEqual({ idSeed: `seed${n}`, result: result(n) });
        }
        expect((await store.get(s.id))?.cursors).toEqual({ "location:lobby": 10 + i });
      }
      expect(await store.findCommand({ sessionId: "gone", connectionId: "a", sequence: 1 })).toBeUndefined();
    });

    test("deleting a session forgets it and its commands", async () => {
      await using store = await open();
      const session = testSession();
      await store.create(session);
      await store.addConnection(session.id, "a");
      const key = { sessionId: session.id, connectionId: "a", sequence: 1 };
      await store.completeCommand(key, "seed1", { output: [], lastPosition: 1, detach: false }, 10);
      await store.delete(session.id);
      expect(await store.get(session.id)).toBeUndefined();
      await store.create({ ...session, connections: [] });
      expect(await store.get(session.id)).toEqual({ ...session, connections: [] });
      expect(await store.findCommand(key)).toBeUndefined();
    });
  });
}
