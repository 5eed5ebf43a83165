import { describe, expect, test } from "bun:test";
import net from "node:net";
import { createAccounts } from "#core/accounts/accounts.ts";
import { createLoginThrottle, defaultLoginThrottle } from "#core/accounts/login-throttle.ts";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createPasswordHasher, type PasswordHasher } from "#core/accounts/password-hasher.ts";
import { createRegistrationThrottle } from "#core/accounts/registration-throttle.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

/** A real argon2id hasher that counts the verifies it runs. */
function countingHasher(): PasswordHasher & { readonly verifies: number } {
  const real = createPasswordHasher({ memoryCost: 1024, timeCost: 1 });
  let verifies = 0;
  return {
    hash: (password) => real.hash(password),
    needsRehash: (hash) => real.needsRehash(hash),
    async verify(password, hash) {
      verifies += 1;
      return real.verify(password, hash);
    },
    async burn(password) {
      verifies += 1;
      return real.burn(password);
    },
    get verifies() {
      return verifies;
    },
  };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? e.code : String(e)),
  );

describe("the login throttle is bypassed in parallel", () => {
  test("20 parallel wrong passwords from one IP: at most the allowed number are verified, and the real player on another address still logs in", async () => {
    const clock = manualClock();
    const hasher = countingHasher();
    const accounts = createAccounts({
      store: createMemoryAccountStore(),
      hasher,
      throttle: createLoginThrottle(clock),
      registrations: createRegistrationThrottle(clock),
      clock,
      newId: sequentialIds("A"),
      log: collectingLogger().logger,
      startLocationId: "lobby",
    });
    await accounts.register("Bob", "bobs-real-password", "198.51.100.2:4000");
    const before = hasher.verifies;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcome(accounts.authenticate("Bob", `wrong${i}`, `203.0.113.7:${5000 + i}`)),
      ),
    );
    const allowed = defaultLoginThrottle.perPair.burst;
    expect(hasher.verifies - before).toBe(allowed);
    expect(outcomes.filter((o) => o === "unauthenticated")).toHaveLength(allowed);
    expect(outcomes.filter((o) => o === "resource_exhausted")).toHaveLength(20 - allowed);
    const { player } = await accounts.authenticate("Bob", "bobs-real-password", "198.51.100.9:4001");
    expect(player.name).toBe("Bob");
  });
});

// Over the compiled binary: twenty connections from 127.0.0.1 at once, and Bob from 127.0.0.2.
const suite = useTelnetGame({ gatewayFlags: ["--max-connections-per-ip=40"] });

/** Logs in from `localAddress` over a raw socket and resolves with everything received once `until` shows. */
function rawLogin(port: number, localAddress: string, line: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("quit                         to leave") && !text.includes("\u0000sent")) {
        text += "\u0000sent";
        socket.write(`${line}\r\n`);
      }
      if (until.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`closed before ${until}: ${text.slice(-200)}`)));
  });
}

describe("the login throttle over sockets", () => {
  test("20 connections sending connect Bob wrongN at once get at most the allowed failures; the rest are throttled", async () => {
    await suite.join("Bob");
    const players = await Promise.all(Array.from({ length: 20 }, () => suite.connect()));
    players.forEach((p, i) => {
      p.send(`connect Bob wrong${i}`);
    });
    const answers = await Promise.all(
      players.map((p) =>
        p.waitForLine(
          /^(Either that player does not exist, or the password is wrong\.|Too many failed logins.*)$/,
        ),
      ),
    );
    const failed = answers.filter((a) => !a.startsWith("Too many"));
    expect(failed.length).toBeLessThanOrEqual(defaultLoginThrottle.perPair.burst);
    expect(answers.length - failed.length).toBeGreaterThanOrEqual(20 - defaultLoginThrottle.perPair.burst);
    const seen = await rawLogin(
      suite.game().telnetPort,
      "127.0.0.2",
      "connect Bob bob-pass-phrase",
      /Welcome back, Bob\./,
    );
    expect(seen).toContain("Welcome back, Bob.");
  });
});
