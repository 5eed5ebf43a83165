import { describe, expect, test } from "bun:test";
import type { Role } from "#core/accounts/account-rules.ts";
import type { Scene } from "./scene.ts";
import type { SceneAction } from "./scene-permissions.ts";
import { defaultSceneDecider } from "./test-support/default-scene-decider.ts";

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
const allows = defaultSceneDecider();
const decide = async (who: string, role: Role, isPrivate: boolean) => {
  const subject = { id: who, role, locationId: "lobby", newId: () => "id" };
  const answers = await Promise.all(actions.map((a) => allows(subject, scene(isPrivate), a)));
  return actions.filter((_a, i) => answers[i]);
};

describe("who may do what to a scene, by the default policies (scenes.cedar)", () => {
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
  ] as const)("%s (%s) in a scene that is private=%p may %p", async (who, role, isPrivate, allowed) => {
    expect(await decide(who, role, isPrivate)).toEqual([...allowed]);
  });
});
