import { describe, expect, test } from "bun:test";
import { startTestGame } from "#core/game/test-support/game-harness.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => String((e as Error).message),
  );

describe("registration and password are not throttled", () => {
  test("registrations are limited per address and per hour overall, and come back as the hour passes", async () => {
    await using t = await startTestGame(undefined, { registrations: { perAddressPerHour: 2, perHour: 3 } });
    const register = (name: string, address: string) =>
      outcome(t.client.register({ name, password: "password1", clientAddress: address }));
    expect(await register("Ann", "10.0.0.1:1")).toBe("ok");
    expect(await register("Ben", "10.0.0.1:2")).toBe("ok");
    expect(await register("Cid", "10.0.0.1:3")).toContain("Too many new players have registered lately.");
    expect(await register("Dee", "10.0.0.2:1")).toBe("ok");
    expect(await register("Eve", "10.0.0.3:1")).toContain("Too many new players have registered lately.");
    // A refused name costs nothing.
    expect(await register("Adm1n", "10.0.0.4:1")).toContain("That name is reserved.");
    t.clock.advance(3_600_000);
    expect(await register("Eve", "10.0.0.3:1")).toBe("ok");
  });

  test("10 wrong old passwords in parallel: only the allowed tries are checked, then password is throttled", async () => {
    await using t = await startTestGame();
    const reg = await t.client.register({
      name: "Pat",
      password: "old-password",
      clientAddress: "10.0.0.1:1",
    });
    const picked = await t.client.selectCharacter({
      loginTicket: reg.loginTicket,
      characterName: "Pat",
      connectionId: "c1",
      clientAddress: "10.0.0.1:1",
    });
    const sessionId = picked.session?.sessionId ?? "";
    const outputs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.client.handleCommand({
          sessionId,
          connectionId: "c1",
          sequence: BigInt(i + 1),
          line: `password wrong-${i} = new-password`,
        }),
      ),
    );
    const lines = outputs.flatMap((o) => o.output);
    expect(lines.filter((l) => l === "That is not your current password.")).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith("Too many password attempts."))).toHaveLength(5);
  });
});

// Over the compiled binary: one IP may register 3 players an hour.
const suite = useTelnetGame({
  env: { HOLOMUSH_REGISTRATIONS_PER_IP_PER_HOUR: "3", HOLOMUSH_REGISTRATIONS_PER_HOUR: "100" },
});

describe("registration flood over sockets", () => {
  test("8 registrations at once from one IP: 3 players are made, the others are told to wait", async () => {
    const players = await Promise.all(Array.from({ length: 8 }, () => suite.connect()));
    players.forEach((p, i) => {
      p.send(`register Flood${String.fromCharCode(97 + i)} flood-pass-phrase`);
    });
    const answers = await Promise.all(
      players.map((p) =>
        p.waitForLine(/^(Welcome, Flood[a-h]\.|Too many new players have registered lately.*)$/),
      ),
    );
    expect(answers.filter((a) => a.startsWith("Welcome"))).toHaveLength(3);
    expect(answers.filter((a) => a.startsWith("Too many"))).toHaveLength(5);
  });
});
