import { describe, expect, test } from "bun:test";
import type { Role } from "#core/accounts/account-rules.ts";
import type { Scene } from "./scene.ts";
import { type SceneAction, sceneAllows } from "./scene-permissions.ts";

const scene = (isPrivate: boolean): Scene => ({
  id: 1,
  title: "",
  summary: "",
  warnings: [],
  locationId: "lobby",
  locationName: "The Lobby",
  ownerId: "owner",
  ownerName: "Olive",
  state: "active",
  private: isPrivate,
  participants: new Map([
    ["owner", "Olive"],
    ["member", "Mia"],
  ]),
  cast: new Map([
    ["owner", "Olive"],
    ["member", "Mia"],
    ["former", "Fay"],
  ]),
  invited: new Set(["guest"]),
  joinedAt: new Map(),
  redactions: new Map(),
  nudge: false,
  idleMinutes: 30,
  startedAt: 0,
  startPosition: 1,
});

const actions: SceneAction[] = ["read", "join", "edit", "run"];
const decide = (who: string, role: Role, isPrivate: boolean) =>
  actions.filter((a) => sceneAllows({ characterId: who, role }, scene(isPrivate), a));

describe("who may do what to a scene (the one check the policy engine will replace)", () => {
  test.each([
    ["owner", "player", false, ["read", "join", "edit", "run"]],
    ["member", "player", false, ["read", "join", "edit"]],
    ["stranger", "player", false, ["read", "join"]],
    ["stranger", "admin", false, ["read", "join", "edit", "run"]],
    ["owner", "player", true, ["read", "join", "edit", "run"]],
    ["member", "player", true, ["read", "edit"]],
    ["former", "player", true, ["read"]],
    ["guest", "player", true, ["read", "join"]],
    ["stranger", "player", true, []],
    ["stranger", "guest", true, []],
    ["stranger", "admin", true, ["read", "join", "edit", "run"]],
  ] as const)("%s (%s) in a scene that is private=%p may %p", (who, role, isPrivate, allowed) => {
    expect(decide(who, role, isPrivate)).toEqual([...allowed]);
  });
});
