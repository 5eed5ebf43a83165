import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { StructuredClient } from "#gateway/structured-client.ts";
import type { SceneLine, SceneSummary } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { SceneLineView, SceneRequest, SceneView } from "#shared/scenes/scene-view.ts";
import type { CoreClient } from "./play-link.ts";
import { playerErrorText } from "./player-error-text.ts";

/** The answer to a scene request from a connection that plays no character (or no longer). */
export const notPlayingText = "You are not playing a character yet.";

/** The answer to a scene request sent while the last one is still out. */
export const oneAtATimeText = "Your last scene request is still being answered.";

const states = new Set<SceneView["state"]>(["active", "paused", "stopped"]);
const kinds = new Set<SceneLineView["kind"]>(["say", "pose", "emit"]);

/** A proto SceneSummary as the client's SceneView. */
export function toSceneView(s: SceneSummary): SceneView {
  return {
    id: s.id,
    title: s.title,
    summary: s.summary,
    state: states.has(s.state as SceneView["state"]) ? (s.state as SceneView["state"]) : "stopped",
    private: s.private,
    location: s.locationName,
    owner: s.ownerName,
    participants: [...s.participants],
    cast: [...s.cast],
    warnings: [...s.warnings],
    startedAt: s.startedAt ? timestampMs(s.startedAt) : 0,
    ...(s.stoppedAt ? { stoppedAt: timestampMs(s.stoppedAt) } : {}),
    tookPart: s.tookPart,
  };
}

/** A proto SceneLine as the client's SceneLineView. */
export function toSceneLineView(l: SceneLine): SceneLineView {
  return {
    at: l.at ? timestampMs(l.at) : 0,
    kind: kinds.has(l.kind as SceneLineView["kind"]) ? (l.kind as SceneLineView["kind"]) : "emit",
    ooc: l.ooc,
    author: l.author,
    text: l.text,
    semipose: l.semipose,
    ...(l.redactedBy === "" ? {} : { redactedBy: l.redactedBy }),
  };
}

/** What answering a connection's scene requests needs. */
export interface SceneQueriesDeps {
  readonly client: CoreClient;
  readonly structured: StructuredClient;
  readonly connectionId: string;
  readonly log: Logger;
}

/** A connection's scene requests, answered one at a time; `ask` never throws. */
export interface SceneQueries {
  ask(sessionId: string, request: SceneRequest): void;
}

/** Creates the scene requests of one connection. A second request while one is out is refused, not queued. */
export function createSceneQueries(deps: SceneQueriesDeps): SceneQueries {
  const { client, structured, connectionId } = deps;
  let busy = false;
  /** Asks the core; resolves to the answer's sending, so the request is over before the client hears it. */
  const run = async (sessionId: string, request: SceneRequest): Promise<() => void> => {
    const ids = { sessionId, connectionId };
    switch (request.kind) {
      case "list": {
        const res = await client.listScenes(ids);
        return () => structured.scenes(res.scenes.map(toSceneView));
      }
      case "log": {
        const res = await client.readScene({ ...ids, sceneId: request.scene, page: request.page });
        const scene = res.scene;
        if (!scene) return () => structured.sceneRefused(`There is no scene ${request.scene}.`);
        return () =>
          structured.sceneLog({
            scene: toSceneView(scene),
            page: res.page,
            pages: res.pages,
            firstLine: res.firstLine,
            lines: res.lines.map(toSceneLineView),
          });
      }
    }
  };
  return {
    ask(sessionId, request) {
      if (busy) return structured.sceneRefused(oneAtATimeText);
      busy = true;
      run(sessionId, request).then(
        (send) => {
          busy = false;
          send();
        },
        (error: unknown) => {
          busy = false;
          const code = fromConnectError(error).code;
          if (code === "internal") deps.log.warn(`scene request on ${connectionId} failed`, error as Error);
          structured.sceneRefused(code === "unauthenticated" ? notPlayingText : playerErrorText(error));
        },
      );
    },
  };
}
