import type { Role } from "#core/accounts/account-rules.ts";
import { characterActor, commEvent, type Speaker, SYSTEM_ACTOR } from "#core/comms/comm-event.ts";
import { charStream, locationStream, type NewEvent, type StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { createKeyedQueue } from "#core/sessions/keyed-queue.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import {
  MAX_IDLE_MINUTES,
  MAX_SCENE_TEXT,
  MAX_SCENE_WARNINGS,
  type Scene,
  type SceneState,
  sceneStream,
} from "./scene.ts";
import { catchUpScenes } from "./scene-catch-up.ts";
import { readSceneEvents, type SceneLogEntry, sceneLogEntries } from "./scene-log.ts";
import { createSceneNudges } from "./scene-nudge.ts";
import {
  type SceneAction,
  type SceneDecider,
  type SceneSubject,
  sceneDeniedText,
} from "./scene-permissions.ts";
import { createSceneProjection } from "./scene-projection.ts";
import { lineToRedact } from "./scene-redaction.ts";
import { sceneReturnLine } from "./scene-return.ts";

/** Who acts on a scene: a speaker, where they stand, and their role (for scene-permissions.ts). */
export interface SceneActor extends Speaker {
  readonly locationId: string;
  readonly role: Role;
}

/** Who reads a scene: a character, their role and where they stand, as the policy engine weighs them. */
export type SceneReader = SceneSubject;

/** What the scene service needs. */
export interface ScenesDeps {
  readonly events: EventStore;
  readonly append: AppendEvents;
  readonly clock: Clock;
  /** Ids of the core's own events (pose nudges). */
  readonly newId: NewId;
  /** Who may read, join, edit or run a scene: the policy engine. */
  readonly allows: SceneDecider;
  /** A location's name now, for the scene's header. */
  readonly locationName: (id: string) => Promise<string | undefined>;
  /** A character starts (`following`) or stops following `stream` after `position`. */
  readonly followScene: (
    characterId: string,
    stream: string,
    following: boolean,
    position: number,
  ) => Promise<void>;
}

/** The fields `scene title|summary|warning` set. */
export type SceneField = EventPayloads["scene.set"]["field"];

/** Scenes: commands on them, speech through them, and their logs. Refusals throw HoloError and append nothing. */
export interface Scenes {
  /** Rebuilds the projection from the `scene:` streams. */
  start(): Promise<void>;
  get(id: number): Scene | undefined;
  /** Every scene, newest first. */
  list(): Scene[];
  /** The scene not yet stopped in a location, if any (for `where`). */
  liveIn(locationId: string): Scene | undefined;
  /** The scene `typed` names (a number), or without one the actor's live scene, or the live one in their room. */
  resolve(who: SceneActor, typed: string): Scene;
  /** The actor's live scene, or failing that the newest they took part in; for `scene export` with no number. */
  latestOf(who: SceneActor): Scene | undefined;
  begin(who: SceneActor, title: string): Promise<Scene>;
  join(who: SceneActor, typed: string): Promise<Scene>;
  leave(who: SceneActor): Promise<Scene>;
  invite(who: SceneActor, invitee: { id: string; name: string }): Promise<Scene>;
  set(who: SceneActor, field: SceneField, text: string): Promise<Scene>;
  setState(who: SceneActor, state: SceneState): Promise<Scene>;
  setPrivate(who: SceneActor, isPrivate: boolean): Promise<Scene>;
  /** Turns the pose nudge of the actor's scene on or off. */
  setNudge(who: SceneActor, nudge: boolean): Promise<Scene>;
  /** Sets the idle limit of the actor's scene, in minutes (0: none). */
  setIdle(who: SceneActor, minutes: number): Promise<Scene>;
  /**
   * Redacts line `typed` (a number in the log, or `last`) of `scene`: a `scene.redact` event; the line's own
   * event stays in the store. Returns the line's number.
   */
  redact(who: SceneActor, scene: Scene, typed: string): Promise<number>;
  /**
   * Writes a character's say, pose or emit: to their private scene's stream when they take part in one in their
   * room, else to the room. `build` makes the event for the stream chosen. `guard` (the `speak` decision) runs
   * once the audience is chosen, before anything is written; it throws to refuse.
   */
  speak(
    who: { id: string; locationId: string },
    build: (stream: string) => NewEvent,
    guard?: () => Promise<void>,
  ): Promise<StoredEvent[]>;
  /** Whether `who` may read the scene, decided without writing a denial (the listing hides a private title). */
  readable(who: SceneReader, scene: Scene): Promise<boolean>;
  /** The scene's log, when `who` may read it. */
  log(who: SceneReader, scene: Scene): Promise<SceneLogEntry[]>;
  /**
   * Where a character left off in the live scene they take part in: the header shown when they return, in
   * trusted markup; undefined when they are in none.
   */
  leftOff(characterId: string): Promise<Markup | undefined>;
  /** The `scene:` streams a character follows: those of the live scenes they take part in. */
  streamsOf(characterId: string): string[];
}

const cleanText = (what: string, text: string): string => {
  const trimmed = text.trim();
  if (trimmed === "") throw new HoloError("invalid_argument", `The ${what} cannot be empty.`);
  if ([...trimmed].length > MAX_SCENE_TEXT)
    throw new HoloError(
      "invalid_argument",
      `That ${what} is too long: at most ${MAX_SCENE_TEXT} characters.`,
    );
  return trimmed;
};

/** Creates the scene service. Invariant: every change and every speech in a scene runs one at a time, in order. */
export function createScenes(deps: ScenesDeps): Scenes {
  const check = async (who: SceneReader, scene: Scene, action: SceneAction) => {
    if (!(await deps.allows(who, scene, action)))
      throw new HoloError("permission_denied", sceneDeniedText(scene, action));
  };
  const projection = createSceneProjection();
  const queue = createKeyedQueue();
  const serial = <T>(task: () => Promise<T>) => queue.run("scenes", task);
  const event = <T extends keyof EventPayloads>(
    who: SceneActor,
    id: number,
    type: T,
    payload: EventPayloads[T],
  ) => commEvent(deps.clock, who.newId, characterActor(who), sceneStream(id), type, payload);
  const record = async (events: NewEvent[]) => {
    const stored = await deps.append(events);
    for (const e of stored) projection.apply(e);
    return stored;
  };
  const readLog = async (scene: Scene) => sceneLogEntries(scene, await readSceneEvents(deps.events, scene));
  const nudges = createSceneNudges(readLog);
  const at = (stored: readonly StoredEvent[]) => Math.max(0, ...stored.map((e) => e.position));
  const mustGet = (id: number) => {
    const scene = projection.get(id);
    if (!scene) throw new HoloError("not_found", `There is no scene ${id}.`);
    return scene;
  };
  const current = (who: SceneActor) => {
    const scene = projection.liveOf(who.id);
    if (!scene) throw new HoloError("failed_precondition", "You are in no scene.");
    return scene;
  };
  const resolve = (who: SceneActor, typed: string) => {
    const text = typed.trim().replace(/^#/, "");
    if (text === "") {
      const scene = projection.liveOf(who.id) ?? projection.liveIn(who.locationId);
      if (!scene)
        throw new HoloError("failed_precondition", "You are in no scene, and none is running here.");
      return scene;
    }
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id < 1)
      throw new HoloError("invalid_argument", `"${text}" is not a scene number.`);
    return mustGet(id);
  };
  const inCharacter = new Set(["say", "pose", "emit"]);
  /**
   * Writes `line` in the running scene `scene`; when the scene nudges and the line counts in its log, the next
   * poser's nudge goes in the same append, so neither is written without the other.
   */
  const writeLine = async (scene: Scene, line: NewEvent, counts: boolean) => {
    if (!scene.nudge || !counts || !inCharacter.has(line.type) || line.actor.kind !== "character")
      return deps.append([line]);
    const turn = await nudges.turnAfter(scene, line.actor.id, line.timestamp);
    const nudge =
      turn.nudge === undefined
        ? []
        : [
            commEvent(deps.clock, deps.newId, SYSTEM_ACTOR, charStream(turn.nudge), "system", {
              text: markup`%[magenta][Scene ${scene.id}]%[/] It is your turn to pose.`,
            }),
          ];
    const stored = await deps.append([line, ...nudge]);
    turn.settle(stored[0]?.position ?? 0);
    return stored;
  };
  const change = (who: SceneActor, action: SceneAction, build: (scene: Scene) => NewEvent) =>
    serial(async () => {
      const scene = current(who);
      await check(who, scene, action);
      if (scene.state === "stopped")
        throw new HoloError("failed_precondition", `Scene ${scene.id} has stopped.`);
      await record([build(scene)]);
      return mustGet(scene.id);
    });

  return {
    async start() {
      await catchUpScenes(deps.events, projection);
    },
    get: (id) => projection.get(id),
    list: () => projection.list(),
    liveIn: (locationId) => projection.liveIn(locationId),
    resolve,
    latestOf: (who) => projection.liveOf(who.id) ?? projection.list().find((s) => s.cast.has(who.id)),
    begin: (who, typed) =>
      serial(async () => {
        const title = typed.trim() === "" ? "" : cleanText("title", typed);
        const here = projection.liveIn(who.locationId);
        if (here)
          throw new HoloError(
            "already_exists",
            `Scene ${here.id} is already running here; join it with "scene join ${here.id}".`,
          );
        const mine = projection.liveOf(who.id);
        if (mine)
          throw new HoloError("failed_precondition", `You are in scene ${mine.id}; "scene leave" it first.`);
        const id = projection.lastId() + 1;
        const locationName = (await deps.locationName(who.locationId)) ?? who.locationId;
        const stored = await record([
          event(who, id, "scene.start", {
            scene: id,
            name: who.name,
            title,
            location: who.locationId,
            locationName,
            characterId: who.id,
          }),
          // A scene starts open: the room is told, in the same atomic append.
          commEvent(
            deps.clock,
            who.newId,
            characterActor(who),
            locationStream(who.locationId),
            "scene.announce",
            {
              scene: id,
              name: who.name,
              title,
            },
          ),
        ]);
        await deps.followScene(who.id, sceneStream(id), true, at(stored));
        return mustGet(id);
      }),
    join: (who, typed) =>
      serial(async () => {
        const scene = resolve(who, typed);
        if (scene.state === "stopped")
          throw new HoloError("failed_precondition", `Scene ${scene.id} has stopped.`);
        if (scene.participants.has(who.id))
          throw new HoloError("already_exists", `You are already in scene ${scene.id}.`);
        const mine = projection.liveOf(who.id);
        if (mine)
          throw new HoloError("failed_precondition", `You are in scene ${mine.id}; "scene leave" it first.`);
        await check(who, scene, "join");
        const stored = await record([
          event(who, scene.id, "scene.join", { scene: scene.id, name: who.name, characterId: who.id }),
        ]);
        await deps.followScene(who.id, sceneStream(scene.id), true, at(stored));
        return mustGet(scene.id);
      }),
    leave: (who) =>
      serial(async () => {
        const scene = current(who);
        const stored = await record([
          event(who, scene.id, "scene.leave", { scene: scene.id, name: who.name, characterId: who.id }),
        ]);
        await deps.followScene(who.id, sceneStream(scene.id), false, at(stored));
        return mustGet(scene.id);
      }),
    invite: (who, invitee) =>
      change(who, "edit", (scene) => {
        if (scene.participants.has(invitee.id))
          throw new HoloError("already_exists", `${invitee.name} is already in scene ${scene.id}.`);
        if (scene.invited.has(invitee.id))
          throw new HoloError("already_exists", `${invitee.name} is already invited to scene ${scene.id}.`);
        return event(who, scene.id, "scene.invite", {
          scene: scene.id,
          name: who.name,
          characterId: invitee.id,
          invitee: invitee.name,
        });
      }),
    set: (who, field, typed) =>
      change(who, "edit", (scene) => {
        const text = cleanText(field, typed);
        if (field === "warning" && scene.warnings.length >= MAX_SCENE_WARNINGS)
          throw new HoloError(
            "resource_exhausted",
            `A scene keeps at most ${MAX_SCENE_WARNINGS} content warnings.`,
          );
        return event(who, scene.id, "scene.set", { scene: scene.id, name: who.name, field, text });
      }),
    setState: (who, state) =>
      serial(async () => {
        const scene = current(who);
        await check(who, scene, "run");
        if (scene.state === state)
          throw new HoloError("failed_precondition", `Scene ${scene.id} is already ${state}.`);
        const stored = await record([
          event(who, scene.id, "scene.state", { scene: scene.id, name: who.name, state }),
        ]);
        if (state === "stopped") {
          nudges.forget(scene.id);
          for (const id of scene.participants.keys())
            await deps.followScene(id, sceneStream(scene.id), false, at(stored));
        }
        return mustGet(scene.id);
      }),
    setPrivate: (who, isPrivate) =>
      change(who, "run", (scene) => {
        if (scene.private === isPrivate)
          throw new HoloError(
            "failed_precondition",
            `Scene ${scene.id} is already ${isPrivate ? "private" : "open"}.`,
          );
        return event(who, scene.id, "scene.privacy", { scene: scene.id, name: who.name, private: isPrivate });
      }),
    setNudge: (who, nudge) =>
      change(who, "run", (scene) => {
        if (scene.nudge === nudge)
          throw new HoloError("failed_precondition", `Pose nudges are already ${nudge ? "on" : "off"}.`);
        if (!nudge) nudges.forget(scene.id);
        return event(who, scene.id, "scene.nudge", { scene: scene.id, name: who.name, nudge });
      }),
    setIdle: (who, minutes) =>
      change(who, "run", (scene) => {
        if (!Number.isSafeInteger(minutes) || minutes < 0 || minutes > MAX_IDLE_MINUTES)
          throw new HoloError(
            "invalid_argument",
            `The idle limit is a number of minutes from 1 to ${MAX_IDLE_MINUTES}, or "off".`,
          );
        return event(who, scene.id, "scene.idle", { scene: scene.id, name: who.name, minutes });
      }),
    redact: (who, chosen, typed) =>
      serial(async () => {
        const scene = mustGet(chosen.id);
        await check(who, scene, "read");
        const entries = await readLog(scene);
        const line = lineToRedact(who, scene, entries, typed);
        await record([
          event(who, scene.id, "scene.redact", {
            scene: scene.id,
            name: who.name,
            characterId: who.id,
            position: line.position,
            author: line.name,
          }),
        ]);
        return entries.indexOf(line) + 1;
      }),
    async speak(who, build, guard) {
      const room = locationStream(who.locationId);
      const before = projection.liveIn(who.locationId);
      const wasPrivate = before?.private === true && before.participants.has(who.id);
      // Invariant: the audience was chosen above, before any await, so a private line stays private.
      await guard?.();
      // Most rooms have no scene: their speech needs no queue. A scene starting meanwhile is harmless: the line
      // is the room's, before or after the start, and the log places it by position.
      if (!before) return deps.append([build(room)]);
      return serial(async () => {
        const scene = projection.liveIn(who.locationId);
        const inPrivate = scene?.private === true && scene.participants.has(who.id);
        // A private line that lost a race with the stop (or the scene opening, or the speaker leaving) is not
        // shown to the room: it was meant for the scene's participants alone.
        if (wasPrivate && !inPrivate)
          throw new HoloError(
            "failed_precondition",
            `Scene ${before.id} changed before your line was sent, so nobody saw it. Type it again to send it now.`,
          );
        const line = build(inPrivate ? sceneStream(scene.id) : room);
        const counts = scene?.state === "active" && (inPrivate || !scene.private);
        const stored = scene ? await writeLine(scene, line, counts) : await deps.append([line]);
        for (const e of stored) projection.apply(e);
        return stored;
      });
    },
    readable: (who, scene) => deps.allows(who, scene, "read", true),
    async log(who, scene) {
      await check(who, scene, "read");
      return sceneLogEntries(scene, await readSceneEvents(deps.events, scene));
    },
    async leftOff(characterId) {
      const scene = projection.liveOf(characterId);
      return scene && sceneReturnLine(scene, characterId, await readLog(scene));
    },
    streamsOf: (characterId) => {
      const scene = projection.liveOf(characterId);
      return scene ? [sceneStream(scene.id)] : [];
    },
  };
}
