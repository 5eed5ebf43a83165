import type { JsonObject } from "@bufbuild/protobuf";
import { ActorKind } from "#gen/holomush/core/v1/core_pb.ts";

/** One event in the fake core's log. */
export interface FakeEvent {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly actor: { readonly kind: ActorKind; readonly id: string };
  readonly payload: JsonObject;
}

/** A character in the fake world; every character stands in `location:hall`. */
export interface FakeCharacter {
  readonly id: string;
  readonly name: string;
}

/** A player and their characters. */
export interface FakePlayer {
  readonly name: string;
  readonly password: string;
  readonly characters: FakeCharacter[];
}

/** A session: a character's presence, with its cursor (the last position handed to a connection). */
export interface FakeSession {
  readonly id: string;
  readonly character: FakeCharacter;
  resumeToken: string;
  cursor: number;
  readonly connections: Set<string>;
}

/** The fake core's state: players, sessions and the event log, with a listener per live stream. */
export interface FakeWorld {
  readonly players: Map<string, FakePlayer>;
  readonly sessions: Map<string, FakeSession>;
  readonly events: FakeEvent[];
  readonly listeners: Set<(event: FakeEvent) => void>;
  addPlayer(name: string, password: string, characterNames?: readonly string[]): FakePlayer;
  append(stream: string, type: string, actor: FakeEvent["actor"], payload: JsonObject): FakeEvent;
  /** True when `session` follows `stream`. */
  follows(session: FakeSession, stream: string): boolean;
}

/** The one room of the fake world. */
export const hallStream = "location:hall";

/** A character actor. */
export const characterActor = (id: string) => ({ kind: ActorKind.CHARACTER, id });

/** Creates an empty world. */
export function createFakeWorld(): FakeWorld {
  let nextCharacter = 0;
  const world: FakeWorld = {
    players: new Map(),
    sessions: new Map(),
    events: [],
    listeners: new Set(),
    addPlayer(name, password, characterNames = [name]) {
      const characters = characterNames.map((n) => ({ id: `char-${++nextCharacter}`, name: n }));
      const player = { name, password, characters };
      world.players.set(name.toLowerCase(), player);
      return player;
    },
    append(stream, type, actor, payload) {
      const event = { position: world.events.length + 1, stream, type, actor, payload };
      world.events.push(event);
      for (const listener of [...world.listeners]) listener(event);
      return event;
    },
    follows: (session, stream) => stream === hallStream || stream === `char:${session.character.id}`,
  };
  return world;
}
