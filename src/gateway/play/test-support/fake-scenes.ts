import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type {
  ListScenesRequest,
  ListScenesResponseSchema,
  ReadSceneRequest,
  ReadSceneResponseSchema,
  SceneLineSchema,
  SceneSummarySchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import type { FakeSession } from "./fake-world.ts";

/** A scripted scene: its facts, its whole log, and the names of the characters who may read it. */
export interface FakeScene {
  readonly summary: MessageInitShape<typeof SceneSummarySchema> & { readonly id: number };
  readonly lines: readonly MessageInitShape<typeof SceneLineSchema>[];
  readonly readers: readonly string[];
}

/** The fake core's ListScenes and ReadScene over scripted scenes: one page holds every line. */
export function createFakeScenes(session: (id: string) => FakeSession, guard: () => void) {
  const scenes: FakeScene[] = [];
  const readable = (req: { sessionId: string }) => {
    const who = session(req.sessionId).character.name;
    return scenes.filter((s) => s.readers.includes(who));
  };
  return {
    scenes,
    listScenes(req: ListScenesRequest): MessageInitShape<typeof ListScenesResponseSchema> {
      guard();
      return { scenes: readable(req).map((s) => s.summary) };
    },
    readScene(req: ReadSceneRequest): MessageInitShape<typeof ReadSceneResponseSchema> {
      guard();
      const scene = readable(req).find((s) => s.summary.id === req.sceneId);
      if (!scene) throw new ConnectError(`There is no scene ${req.sceneId}.`, Code.NotFound);
      return { scene: scene.summary, page: 1, pages: 1, firstLine: 1, lines: [...scene.lines] };
    },
  };
}
