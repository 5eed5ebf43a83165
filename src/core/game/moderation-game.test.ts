import { describe, expect, test } from "bun:test";
import type { Client } from "@connectrpc/connect";
import type { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { watchConnection } from "./test-support/connection-reader.ts";
import { enter, startTestGame, typist } from "./test-support/game-harness.ts";

/** The admin, logged in from `address` on `connectionId`; returns a typist. */
async function adminFrom(client: Client<typeof CoreService>, address: string, connectionId = "x1") {
  const login = await client.authenticate({
    name: "admin",
    password: "admin-password",
    clientAddress: address,
  });
  const { session } = await client.selectCharacter({
    loginTicket: login.loginTicket,
    connectionId,
    clientAddress: address,
  });
  return typist(client, session?.sessionId ?? "", connectionId);
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
    return "allowed";
  } catch (error) {
    const e = fromConnectError(error);
    return `${e.code}: ${e.message}`;
  }
};

describe("site bans", () => {
  test("a banned block is refused at login with the reason, gateways are given it, and unban lifts it", async () => {
    await using t = await startTestGame();
    await enter(t.client, "Alice", "a1");
    const asAdmin = await adminFrom(t.client, "10.0.0.1");
    expect((await asAdmin("ban 203.0.113.0/24 = spam bots")).output).toEqual([
      "Banned 203.0.113.0/24 (permanent): spam bots.",
    ]);
    const login = { name: "Alice", password: "password1", clientAddress: "203.0.113.9" };
    expect(await refusal(t.client.authenticate(login))).toBe(
      "permission_denied: You are banned from this game: spam bots",
    );
    expect(await refusal(t.client.register({ ...login, name: "Mallory" }))).toStartWith("permission_denied");
    const listed = await t.client.listSiteBans({ knownVersion: 0n });
    expect(listed.bans.map((b) => [b.target, b.reason])).toEqual([["203.0.113.0/24", "spam bots"]]);
    expect((await t.client.listSiteBans({ knownVersion: listed.version })).changed).toBe(false);
    await asAdmin("unban 203.0.113.0/24");
    expect(await refusal(t.client.authenticate(login))).toBe("allowed");
  });

  test("a banned account cannot log in from anywhere until the ban runs out", async () => {
    await using t = await startTestGame();
    await enter(t.client, "Mallory", "m1");
    const asAdmin = await adminFrom(t.client, "10.0.0.1");
    const banned = await asAdmin("ban mallory for 1h = griefing");
    expect(banned.output[0]).toStartWith("Banned mallory (until ");
    const login = { name: "Mallory", password: "password1", clientAddress: "192.0.2.4" };
    expect(await refusal(t.client.authenticate(login))).toMatch(
      /^permission_denied: You are banned .*: griefing$/,
    );
    t.clock.advance(3_600_000);
    expect(await refusal(t.client.authenticate(login))).toBe("allowed");
  });

  test("a ban that would lock out an admin, and a non-admin's ban, are refused and change nothing", async () => {
    await using t = await startTestGame();
    await enter(t.client, "Alice", "a1");
    const asAdmin = await adminFrom(t.client, "2001:db8::7");
    expect((await asAdmin("ban ::/0 = everyone")).output[0]).toStartWith(
      "Refused: that ban would lock out admin, an admin",
    );
    expect((await asAdmin("ban admin = oops")).output).toEqual([
      "admin is an admin: change their role before banning them.",
    ]);
    expect((await asAdmin("ban 10.0.0.300 = typo")).output).toEqual([
      '"10.0.0.300" is not an IP address or a CIDR block.',
    ]);
    const asAlice = typist(t.client, (await enter(t.client, "Bob", "b1")).sessionId, "b1");
    expect((await asAlice("ban 198.51.100.1 = nope")).output).toEqual(["Only admins may ban or unban."]);
    expect((await asAdmin("ban/list")).output).toEqual(["No bans are in force."]);
  });
});

describe("@wall, @shutdown and audit", () => {
  test("@wall reaches every connection once, a character on two connections on each of them", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const login = await t.client.authenticate({ name: "Alice", password: "password1", clientAddress: "h:2" });
    await t.client.selectCharacter({ loginTicket: login.loginTicket, connectionId: "a2" });
    const bob = await enter(t.client, "Bob", "b1");
    const asAdmin = await adminFrom(t.client, "10.0.0.1");
    const outs = [
      await watchConnection(t.client, alice.sessionId, "a1"),
      await watchConnection(t.client, alice.sessionId, "a2"),
      await watchConnection(t.client, bob.sessionId, "b1"),
    ];
    for (const out of outs) await out.skipReplay();
    await asAdmin("@wall The game restarts at noon.");
    await asAdmin("@wall/pose waves goodbye.");
    for (const out of outs) {
      const seen = (await out.take(2)).map((i) =>
        i.item.case === "event" ? eventPayload(i.item.value).text : i.item.case,
      );
      expect(seen).toEqual(["The game restarts at noon.", "waves goodbye."]);
    }
    for (const out of outs) await out.close();
  });

  test("@shutdown by a non-admin is refused; an admin's is announced and can be cancelled, and audit shows it", async () => {
    await using t = await startTestGame();
    const bob = await enter(t.client, "Bob", "b1");
    const asBob = typist(t.client, bob.sessionId, "b1");
    expect((await asBob("@shutdown")).output).toEqual(["Only admins may shut down or restart the game."]);
    expect((await asBob("@reboot")).output).toEqual(["Only admins may shut down or restart the game."]);
    const asAdmin = await adminFrom(t.client, "10.0.0.1");
    const scheduled = await asAdmin("@shutdown 120 = upgrade");
    expect(scheduled.output).toEqual([]);
    expect(scheduled.lastPosition).toBeGreaterThan(0n);
    expect((await asAdmin("@shutdown/cancel")).output).toEqual([]);
    expect((await asAdmin("@shutdown/cancel")).output).toEqual(["No shutdown is pending."]);
    const audit = (await asAdmin("audit")).output;
    expect(audit[0]).toBe("Audit, newest first (2):");
    expect(audit.slice(1).map((l) => l.replace(/^\S+ \S+ /, ""))).toEqual([
      "admin: shutdown/cancel",
      "admin: shutdown 120 = upgrade",
    ]);
    expect((await asBob("audit")).output).toEqual(["Only admins may read the audit record."]);
  });
});
