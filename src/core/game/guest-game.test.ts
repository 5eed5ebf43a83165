import { describe, expect, test } from "bun:test";
import type { Client } from "@connectrpc/connect";
import { GUESTS_DISABLED } from "#core/accounts/guest-accounts.ts";
import type { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { watchConnection } from "./test-support/connection-reader.ts";
import { startTestGame } from "./test-support/game-harness.ts";

type CoreClient = Client<typeof CoreService>;

async function guest(client: CoreClient, connectionId: string) {
  const login = await client.authenticate({ name: "guest", password: "", clientAddress: "127.0.0.1:1" });
  const { session } = await client.selectCharacter({ loginTicket: login.loginTicket, connectionId });
  if (!session) throw new Error("no session");
  let sequence = 0n;
  const type = async (line: string) =>
    (await client.handleCommand({ sessionId: session.sessionId, connectionId, sequence: ++sequence, line }))
      .output;
  return { session, type, name: session.character?.name };
}

describe("guests over the Core service", () => {
  test("with guests off, connect guest is refused with a clear line and creates nothing", async () => {
    await using t = await startTestGame();
    const refused = await t.client.authenticate({ name: "Guest", password: "", clientAddress: "h:1" }).then(
      () => "ok",
      (e: Error) => e.message,
    );
    expect(refused).toBe(`[permission_denied] ${GUESTS_DISABLED}`);
    expect(t.game.status().sessions).toBe(0);
  });

  test("a guest gets a free Guest-N, may look, talk, page and use Public, but not build or change an account", async () => {
    await using t = await startTestGame(undefined, { guests: true });
    const one = await guest(t.client, "g1");
    const two = await guest(t.client, "g2");
    expect([one.name, two.name]).toEqual(["Guest-1", "Guest-2"]);
    expect(await one.type("look")).toEqual([]);
    expect(await one.type("say hello")).toEqual([]);
    expect(await one.type("page Guest-2 = hi")).toEqual([]);
    expect(await one.type("pub hello, Public")).toEqual([]);
    expect(await one.type("dig Attic")).toEqual(["Only builders and admins may build."]);
    expect(await one.type("character create Tom")).toEqual([
      "Guests have no account to change. Register to keep a character.",
    ]);
    expect(await one.type("password a = b")).toEqual([
      "Guests have no account to change. Register to keep a character.",
    ]);
    const registered = await t.client
      .register({ name: "Guest-3", password: "password1", clientAddress: "h:1" })
      .then(
        () => "ok",
        (e: Error) => e.message,
      );
    expect(registered).toBe("[invalid_argument] That name is reserved for guests.");
  });

  test("a guest who disconnects is gone: its session, its name and its channel membership", async () => {
    await using t = await startTestGame(undefined, { guests: true });
    const one = await guest(t.client, "g1");
    const out = await watchConnection(t.client, one.session.sessionId, "g1");
    await out.skipReplay();
    expect(await one.type("channel who Public")).toEqual(["On Public: admin (away), Guest-1."]);
    await t.client.disconnect({ sessionId: one.session.sessionId, connectionId: "g1" });
    await out.close();
    expect(t.game.status()).toMatchObject({ sessions: 0, connections: 0 });
    const again = await guest(t.client, "g2");
    expect(again.name).toBe("Guest-1");
    expect(await again.type("channel who Public")).toEqual(["On Public: admin (away), Guest-1."]);
    const resumed = await t.client
      .resumeSession({ resumeToken: one.session.resumeToken, connectionId: "g3" })
      .then(
        () => "ok",
        (e: Error) => e.message.startsWith("[unauthenticated]"),
      );
    expect(resumed).toBe(true);
  });
});
