import { expect, test } from "bun:test";
import type { StructuredClient } from "#gateway/structured-client.ts";
import type { ListScenesResponse } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import type { CoreClient } from "./play-link.ts";
import { createSceneQueries, oneAtATimeText } from "./scene-queries.ts";

test("a second scene request while the first is out is refused, and the next one after it is answered", async () => {
  let answer = Promise.withResolvers<ListScenesResponse>();
  const client = { listScenes: () => answer.promise } as unknown as CoreClient;
  const said: unknown[] = [];
  let heard = Promise.withResolvers<void>();
  const structured = {
    scenes: (scenes) => {
      said.push({ scenes });
      heard.resolve();
    },
    sceneRefused: (text) => said.push({ refused: text }),
  } as Partial<StructuredClient> as StructuredClient;
  const queries = createSceneQueries({
    client,
    structured,
    connectionId: "c1",
    log: collectingLogger().logger,
  });
  queries.ask("s1", { kind: "list" });
  queries.ask("s1", { kind: "list" });
  expect(said).toEqual([{ refused: oneAtATimeText }]);
  answer.resolve({ scenes: [] } as unknown as ListScenesResponse);
  await heard.promise;
  answer = Promise.withResolvers<ListScenesResponse>();
  heard = Promise.withResolvers<void>();
  queries.ask("s1", { kind: "list" });
  answer.resolve({ scenes: [] } as unknown as ListScenesResponse);
  await heard.promise;
  expect(said).toEqual([{ refused: oneAtATimeText }, { scenes: [] }, { scenes: [] }]);
});
