import { expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { createSemaphore } from "#shared/util/semaphore.ts";
import { clientHost, createLoginThrottle, type LoginThrottle } from "./login-throttle.ts";
import { createTokenBuckets } from "./token-buckets.ts";

const refused = (throttle: LoginThrottle, address: string, name: string) => {
  try {
    throttle.begin(address, name);
    return "taken";
  } catch (error) {
    return (error as Error).message;
  }
};

test("one address is throttled across names and ports, and recovers with time", () => {
  const clock = manualClock();
  const throttle = createLoginThrottle(clock, {
    perAddress: { burst: 3, refillMs: 1000 },
    perAccount: { burst: 100, refillMs: 1000 },
  });
  for (const name of ["a1x", "b2x", "c3x"]) throttle.begin("10.0.0.1:5000", name);
  expect(refused(throttle, "10.0.0.1:6000", "d4x")).toBe("Too many failed logins. Try again in 1 second.");
  expect(refused(throttle, "10.0.0.2:6000", "d4x")).toBe("taken");
  clock.advance(1000);
  expect(refused(throttle, "10.0.0.1:6000", "d4x")).toBe("taken");
});

test("a token is taken before the verify, so attempts in flight count, and a success gives it back", () => {
  const throttle = createLoginThrottle(manualClock(), { perPair: { burst: 2, refillMs: 60_000 } });
  const first = throttle.begin("1.1.1.1:1", "Alice");
  throttle.begin("1.1.1.1:2", "alice");
  expect(refused(throttle, "1.1.1.1:3", "ALICE")).toStartWith("Too many failed logins.");
  first.succeeded();
  expect(refused(throttle, "1.1.1.1:3", "Alice")).toBe("taken");
});

test("a stranger draining a name from one address does not lock out the player on another", () => {
  const throttle = createLoginThrottle(manualClock());
  for (let i = 0; i < 20; i++) refused(throttle, "6.6.6.6:1", "Alice");
  expect(refused(throttle, "6.6.6.6:1", "Alice")).toStartWith("Too many failed logins.");
  expect(refused(throttle, "7.7.7.7:1", "Alice")).toBe("taken");
});

test("the per-name backstop stops many addresses, but not an address that logged in to the name before", () => {
  const clock = manualClock();
  const throttle = createLoginThrottle(clock, { perAccount: { burst: 3, refillMs: 5000 } });
  throttle.begin("9.9.9.9:1", "Alice").succeeded();
  for (const host of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) throttle.begin(`${host}:1`, "alice");
  expect(refused(throttle, "4.4.4.4:1", "ALICE")).toBe("Too many failed logins. Try again in 5 seconds.");
  expect(refused(throttle, "9.9.9.9:2", "Alice")).toBe("taken");
  clock.advance(5000);
  expect(refused(throttle, "4.4.4.4:1", "alice")).toBe("taken");
});

test("the remembered addresses are bounded: the oldest is forgotten first", () => {
  const throttle = createLoginThrottle(manualClock(), {
    perAccount: { burst: 1, refillMs: 60_000 },
    maxKnownAddresses: 2,
  });
  for (const host of ["1.0.0.1", "1.0.0.2", "1.0.0.3"]) throttle.begin(`${host}:1`, "Alice").succeeded();
  throttle.begin("5.5.5.5:1", "Alice");
  expect([
    refused(throttle, "1.0.0.1:1", "Alice"),
    refused(throttle, "1.0.0.2:1", "Alice"),
    refused(throttle, "1.0.0.3:1", "Alice"),
  ]).toEqual(["Too many failed logins. Try again in 60 seconds.", "taken", "taken"]);
});

test("token buckets track a bounded number of keys", () => {
  const clock = manualClock();
  const buckets = createTokenBuckets({ burst: 2, refillMs: 1000, maxKeys: 50 }, clock);
  for (let i = 0; i < 1000; i++) buckets.take(`k${i}`);
  expect(buckets.size).toBeLessThanOrEqual(50);
  buckets.take("x");
  buckets.give("x");
  expect(buckets.waitMs("x")).toBe(0);
});

test("client hosts drop the port for IPv4 and IPv6", () => {
  expect([clientHost("1.2.3.4:55"), clientHost("[::1]:80"), clientHost("unix")]).toEqual([
    "1.2.3.4",
    "::1",
    "unix",
  ]);
});

test("the semaphore never runs more than its limit at once", async () => {
  const semaphore = createSemaphore(2);
  let running = 0;
  let peak = 0;
  const gates: (() => void)[] = [];
  const tasks = Array.from({ length: 5 }, () =>
    semaphore.run(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
    }),
  );
  while (gates.length > 0 || semaphore.active > 0) {
    const gate = gates.shift();
    if (gate) gate();
    else await Promise.resolve();
  }
  await Promise.all(tasks);
  expect([peak, semaphore.waiting]).toEqual([2, 0]);
});

test("20 logins at a time from one address, as a benchmark's, are never refused while each succeeds", () => {
  const throttle = createLoginThrottle(manualClock());
  for (let round = 0; round < 50; round++) {
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      throttle.begin(`127.0.0.1:${4000 + i}`, `Lg${round}x${i}`),
    );
    for (const attempt of inFlight) attempt.succeeded();
  }
  expect(refused(throttle, "127.0.0.1:5000", "Lg999")).toBe("taken");
});

test("a larger per-address burst lets as many logins from one address be in flight at once", () => {
  const throttle = createLoginThrottle(manualClock(), { perAddress: { burst: 50, refillMs: 6000 } });
  for (let i = 0; i < 50; i++) throttle.begin(`127.0.0.1:${4000 + i}`, `Lg${i}`);
  expect(refused(throttle, "127.0.0.1:5000", "Lg99")).toStartWith("Too many failed logins.");
});
