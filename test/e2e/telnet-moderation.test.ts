import { describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { waitUntil } from "../support/holomush-binary.ts";
import { typeAndSee, useTelnetGame } from "../support/telnet-game-suite.ts";

// Staff moderation over the compiled binary: a banned address is refused by the gateway as soon as it connects,
// with the ban's reason; @wall reaches every connection once; @reboot restarts the core and drops no one.
const ADMIN_PASSWORD = "admin-pass-phrase";
const suite = useTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });

/**
 * What a telnet client from `localAddress` is shown first: the text up to the gateway closing the connection,
 * or up to the login screen's last line (then this client hangs up).
 */
function firstScreenFrom(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = connect({ host: "127.0.0.1", port, localAddress });
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (/quit +to leave/.test(text)) socket.destroy();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(text));
  });
}

describe("moderation over telnet", () => {
  test("a banned address is refused before login with the reason; others still get the login screen", async () => {
    const admin = await suite.join("admin", "connect", ADMIN_PASSWORD);
    await typeAndSee(admin, "ban 127.0.0.2 = griefing", "Banned 127.0.0.2 (permanent): griefing.");
    const port = suite.game().telnetPort;
    // The gateway learns of the ban on its next poll of the core: connect until it refuses.
    const seen = await waitUntil(async () => {
      const screen = await firstScreenFrom(port, "127.0.0.2");
      return screen.includes("banned") ? screen : undefined;
    }, "the gateway to refuse the banned address");
    expect(seen).toContain("You are banned from this game: griefing");
    expect(seen).not.toContain("quit");
    expect(await firstScreenFrom(port, "127.0.0.3")).toContain("quit");
    await typeAndSee(admin, "ban 127.0.0.1 = oops", /^Refused: that ban would lock out admin, an admin/);
    await typeAndSee(admin, "unban 127.0.0.2", "127.0.0.2 is no longer banned.");
  }, 30_000);

  test("@wall reaches every connection once, and @reboot restarts the core with everyone still connected", async () => {
    const admin = await suite.join("admin", "connect", ADMIN_PASSWORD);
    const alice = await suite.join("Alice");
    const bob = await suite.join("Bob");
    const everyone = [admin, alice, bob];
    const marks = everyone.map((p) => p.lines.length);
    admin.send("@wall Restart at noon.");
    await Promise.all(
      everyone.map((p, i) => p.waitForLine("[Announcement] admin: Restart at noon.", marks[i])),
    );
    admin.send("@reboot back in a moment");
    await Promise.all(everyone.map((p, i) => p.waitForLine("[Reconnected.]", marks[i])));
    for (const [i, p] of everyone.entries()) {
      const seen = p.lines.slice(marks[i]);
      expect(seen.filter((l) => l === "[Announcement] admin: Restart at noon.")).toHaveLength(1);
      expect(seen).toContain("[Reboot] The game is restarting now; you stay connected. back in a moment");
    }
    expect(everyone.filter((p) => p.closed)).toHaveLength(0);
    await typeAndSee(bob, "say still here", 'You say, "still here"');
    await alice.waitForLine('Bob says, "still here"');
  }, 60_000);
});
