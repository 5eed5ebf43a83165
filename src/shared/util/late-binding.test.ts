import { describe, expect, test } from "bun:test";
import { HoloError } from "#shared/errors/holo-error.ts";
import { lateBinding } from "./late-binding.ts";

describe("a late binding", () => {
  test("gives the value it was bound to", () => {
    const engine = lateBinding<{ name: string }>("engine");
    engine.set({ name: "e" });
    expect(engine.get()).toEqual({ name: "e" });
  });

  test("used before it is bound throws an internal error naming it, instead of a silent fallback", () => {
    const sessions = lateBinding<number>("session manager");
    let caught: unknown;
    try {
      sessions.get();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HoloError);
    expect((caught as HoloError).code).toBe("internal");
    expect((caught as HoloError).message).toBe("The session manager was used before it was built.");
  });

  test("peeked before it is bound is undefined, and after it the value", () => {
    const sessions = lateBinding<number>("session manager");
    expect(sessions.peek()).toBeUndefined();
    sessions.set(3);
    expect(sessions.peek()).toBe(3);
  });

  test("bound twice throws", () => {
    const engine = lateBinding<number>("engine");
    engine.set(1);
    expect(() => engine.set(2)).toThrow("The engine was bound twice.");
    expect(engine.get()).toBe(1);
  });
});
