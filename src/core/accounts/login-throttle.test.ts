import { expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { clientHost, createLoginThrottle } from "./login-throttle.ts";
import { createSemaphore } from "./semaphore.ts";

test("one address is throttled across names and ports, and recovers with time", () => {
  const clock = manualClock();
  const throttle = createLoginThrottle(clock, {
    perAddress: { burst: 3, refillMs: 1000 },
    perAccount: { burst: 100, refillMs: 1000 },
  });
  for (const name of ["a1x", "b2x", "c3x"]) throttle.failed("10.0.0.1:5000", name);
  expect(() => throttle.check("10.0.0.1:6000", "d4x")).toThrow("Too many failed logins");
  expect(() => throttle.check("10.0.0.2:6000", "d4x")).not.toThrow();
  clock.advance(1000);
  expect(() => throttle.check("10.0.0.1:6000", "d4x")).not.toThrow();
});

test("a name drained from many addresses is only delayed, not locked out for long", () => {
  const clock = manualClock();
  const throttle = createLoginThrottle(clock, {
    perAddress: { burst: 100, refillMs: 1000 },
    perAccount: { burst: 2, refillMs: 5000 },
  });
  throttle.failed("1.1.1.1:1", "Alice");
  throttle.failed("2.2.2.2:1", "alice");
  expect(() => throttle.check("3.3.3.3:1", "ALICE")).toThrow("Try again in 5 seconds");
  clock.advance(5000);
  expect(() => throttle.check("3.3.3.3:1", "alice")).not.toThrow();
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
