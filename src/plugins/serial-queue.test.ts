import { expect, test } from "bun:test";
import { createSerialQueue } from "./serial-queue.ts";

test("tasks run one at a time in the order they were queued", async () => {
  const q = createSerialQueue(10);
  const order: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const first = q.run(async () => {
    order.push("first starts");
    await gate;
    order.push("first ends");
  });
  const second = q.run(async () => {
    order.push("second");
  });
  release();
  await Promise.all([first, second]);
  expect(order).toEqual(["first starts", "first ends", "second"]);
});

test("a full queue refuses with resource_exhausted and a failed task does not block the next", async () => {
  const q = createSerialQueue(1);
  const failing = q.run(async () => {
    throw new Error("boom");
  });
  await expect(q.run(async () => 1)).rejects.toMatchObject({ code: "resource_exhausted" });
  await expect(failing).rejects.toThrow("boom");
  expect(await q.run(async () => 2)).toBe(2);
});
