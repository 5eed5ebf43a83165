import { describe, expect, test } from "bun:test";
import { collectingLogger } from "#shared/log/logger.ts";
import type { ControlHandlers } from "./control-routes.ts";
import { createControlRoutes } from "./control-routes.ts";

const base: ControlHandlers = {
  health: () => ({ ok: true }),
  ready: () => true,
  status: () => ({}),
  metrics: () => "",
  shutdown: () => {},
};
const post = (routes: ReturnType<typeof createControlRoutes>) =>
  routes.fetch(new Request("http://localhost/reload", { method: "POST" }));
const routesWith = (handlers: ControlHandlers) =>
  createControlRoutes({ service: "core", handlers, log: collectingLogger().logger });

describe("POST /reload", () => {
  test("answers the reload handler's JSON", async () => {
    const response = await post(
      routesWith({ ...base, reload: async () => ({ plugins: [{ name: "dice" }] }) }),
    );
    expect([response.status, await response.json()]).toEqual([200, { plugins: [{ name: "dice" }] }]);
  });

  test("is 404 for a service with nothing to reload", async () => {
    expect((await post(routesWith(base))).status).toBe(404);
  });

  test("a refused reload is 409 with its reason", async () => {
    const response = await post(
      routesWith({
        ...base,
        reload: async () => {
          throw new Error("dice: no declared maximum");
        },
      }),
    );
    expect([response.status, await response.json()]).toEqual([409, { error: "dice: no declared maximum" }]);
  });

  test("GET is not allowed", async () => {
    const response = await routesWith(base).fetch(new Request("http://localhost/reload"));
    expect(response.status).toBe(405);
  });
});
