import { describe, expect, test } from "bun:test";
import { createLoginGuard, describeDuration, type LoginGuardLimits } from "./login-guard.ts";
import { Cmd, Opt } from "./telnet-constants.ts";

const limits: LoginGuardLimits = {
  loginTimeoutMs: 5 * 60_000,
  maxProtocolEventsBeforeLogin: 10,
  maxGmcpBeforeLogin: 2,
  maxLinesBeforeLogin: 3,
};

describe("the login guard", () => {
  test("negotiation before login is acted on up to the cap, then the connection is closed with a line", () => {
    const guard = createLoginGuard(limits, 0);
    const verdicts = Array.from({ length: 11 }, () => guard.protocol("subnegotiation", Opt.TTYPE));
    expect(verdicts.slice(0, 10).every((v) => v === "act")).toBe(true);
    expect(verdicts[10]).toEqual({ close: "Too much telnet negotiation before login. Goodbye." });
  });

  test("GMCP messages before login past their cap are ignored, and still count toward the negotiation cap", () => {
    const guard = createLoginGuard(limits, 0);
    const gmcp = Array.from({ length: 4 }, () => guard.protocol("subnegotiation", Opt.GMCP));
    expect(gmcp).toEqual(["act", "act", "ignore", "ignore"]);
    expect(guard.protocol("negotiate", Opt.NAWS)).toBe("act");
    for (let i = 0; i < 5; i++) guard.protocol("command", Cmd.NOP);
    expect(guard.protocol("command", Cmd.NOP)).toHaveProperty("close");
  });

  test("lines before login past the cap close the connection with a line", () => {
    const guard = createLoginGuard(limits, 0);
    expect([guard.line(), guard.line(), guard.line()]).toEqual(["act", "act", "act"]);
    expect(guard.line()).toEqual({ close: "Too many lines before login. Goodbye." });
  });

  test("the login deadline counts from connect, whatever is sent meanwhile", () => {
    const guard = createLoginGuard(limits, 1000);
    guard.line();
    expect(guard.expired(1000 + 5 * 60_000 - 1)).toBeUndefined();
    expect(guard.expired(1000 + 5 * 60_000)).toBe("You did not log in within 5 minutes. Goodbye.");
  });

  test("an authenticated connection is never limited; losing its session starts a fresh budget and deadline", () => {
    const guard = createLoginGuard(limits, 0);
    guard.setAuthenticated(true, 10);
    for (let i = 0; i < 100; i++) {
      expect(guard.protocol("subnegotiation", Opt.GMCP)).toBe("act");
      expect(guard.line()).toBe("act");
    }
    expect(guard.expired(60 * 60_000)).toBeUndefined();
    guard.setAuthenticated(false, 60 * 60_000);
    expect(guard.expired(60 * 60_000 + 1)).toBeUndefined();
    expect(guard.expired(65 * 60_000)).toContain("5 minutes");
    expect(guard.line()).toBe("act");
  });

  test.each([
    [5 * 60_000, "5 minutes"],
    [60_000, "1 minute"],
    [90_000, "90 seconds"],
    [1000, "1 second"],
  ])("%p ms reads as %s", (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});
