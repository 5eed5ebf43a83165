import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { AccountStore } from "#core/accounts/account-store.ts";
import type { Scene } from "#core/scenes/scene.ts";
import type { SceneLogEntry } from "#core/scenes/scene-log.ts";
import { readableScenes, sceneLogPage } from "#core/scenes/scene-reading.ts";
import type { SceneReader, Scenes } from "#core/scenes/scenes.ts";
import type { SessionManager } from "#core/sessions/session-manager.ts";
import {
  type ListScenesRequest,
  type ListScenesResponse,
  ListScenesResponseSchema,
  type ReadSceneRequest,
  type ReadSceneResponse,
  ReadSceneResponseSchema,
  type SceneLine,
  SceneLineSchema,
  type SceneSummary,
  SceneSummarySchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { NewId } from "#shared/util/ids.ts";

/** What the scene methods read: the sessions (who asks), the players (their role), and the scenes. */
export interface SceneHandlersDeps {
  readonly sessions: Pick<SessionManager, "require">;
  readonly accountStore: Pick<AccountStore, "getPlayer">;
  readonly scenes: Scenes;
  /** Ids of the audit events a refused read writes. */
  readonly newId: NewId;
}

/** The ListScenes and ReadScene methods, before the caller's error mapping. */
export interface SceneHandlers {
  listScenes(req: ListScenesRequest): Promise<ListScenesResponse>;
  readScene(req: ReadSceneRequest): Promise<ReadSceneResponse>;
}

/** A scene's facts as the proto's SceneSummary; `reader` decides `tookPart`. */
export function toSceneSummary(scene: Scene, readerId: string): SceneSummary {
  return create(SceneSummarySchema, {
    id: scene.id,
    title: scene.title,
    summary: scene.summary,
    state: scene.state,
    private: scene.private,
    locationName: scene.locationName,
    ownerName: scene.ownerName,
    participants: [...scene.participants.values()],
    cast: [...scene.cast.values()],
    warnings: [...scene.warnings],
    startedAt: timestampFromMs(scene.startedAt),
    ...(scene.stoppedAt === undefined ? {} : { stoppedAt: timestampFromMs(scene.stoppedAt) }),
    tookPart: scene.cast.has(readerId),
  });
}

/** A log line as the proto's SceneLine. Invariant: a redacted line's text never leaves the core. */
export function toSceneLine(entry: SceneLogEntry): SceneLine {
  return create(SceneLineSchema, {
    at: timestampFromMs(entry.at),
    kind: entry.kind,
    ooc: entry.ooc,
    author: entry.name,
    text: entry.redactedBy === undefined ? entry.text : "",
    semipose: entry.semipose,
    redactedBy: entry.redactedBy ?? "",
  });
}

/** Creates the scene methods: each asks the session who reads, and scene-permissions.ts what they may read. */
export function createSceneHandlers(deps: SceneHandlersDeps): SceneHandlers {
  const reader = async (sessionId: string, connectionId: string): Promise<SceneReader> => {
    const { character } = await deps.sessions.require(sessionId, connectionId);
    const player = await deps.accountStore.getPlayer(character.playerId);
    return {
      id: character.id,
      role: player?.role ?? "player",
      locationId: character.locationId,
      newId: deps.newId,
    };
  };
  return {
    async listScenes(req) {
      const who = await reader(req.sessionId, req.connectionId);
      const scenes = await readableScenes(deps.scenes.list(), (scene) => deps.scenes.readable(who, scene));
      return create(ListScenesResponseSchema, { scenes: scenes.map((s) => toSceneSummary(s, who.id)) });
    },
    async readScene(req) {
      const who = await reader(req.sessionId, req.connectionId);
      const scene = deps.scenes.get(req.sceneId);
      if (!scene) throw new HoloError("not_found", `There is no scene ${req.sceneId}.`);
      const entries = await deps.scenes.log(who, scene);
      const page = sceneLogPage(entries, req.page);
      if (!page)
        throw new HoloError("invalid_argument", `Scene ${scene.id}'s log has fewer than ${req.page} pages.`);
      return create(ReadSceneResponseSchema, {
        scene: toSceneSummary(scene, who.id),
        page: page.page,
        pages: page.pages,
        firstLine: page.from + 1,
        lines: page.lines.map(toSceneLine),
      });
    },
  };
}
