import type { Permissions } from "#core/policy/permissions.ts";
import type { PolicyAction, PolicyEntity } from "#core/policy/policy-engine.ts";
import type { Scene } from "#core/scenes/scene.ts";
import type { SceneAction, SceneDecider } from "#core/scenes/scene-permissions.ts";

/** The policy action each scene action asks on the scene's `Scene` entity. */
export const scenePolicyAction: Readonly<Record<SceneAction, PolicyAction>> = {
  read: "read",
  join: "join",
  edit: "modify",
  run: "moderate",
};

const character = (id: string) => ({ type: "Character" as const, id });

/** A scene as the policies read it: `Scene::"<n>"` with its owner, participants, cast, invitations, privacy, room. */
export function sceneEntity(scene: Scene): PolicyEntity {
  return {
    uid: { type: "Scene", id: String(scene.id) },
    attrs: {
      owner: character(scene.ownerId),
      participants: [...scene.participants.keys()].map(character),
      cast: [...scene.cast.keys()].map(character),
      invited: [...scene.invited].map(character),
      private: scene.private,
      room: { type: "Room", id: scene.locationId },
    },
  };
}

/** Scene permissions through the game's policy engine: one decision on the scene's `Scene` entity. */
export function sceneDecider(permissions: Permissions): SceneDecider {
  return async (who, scene, action, quiet = false) => {
    const principal = await permissions.principal(who.id);
    const resource = { kind: "entity", entity: sceneEntity(scene) } as const;
    const policyAction = scenePolicyAction[action];
    // The command's role wins over the stored one: it is what every other check of the command used.
    if (quiet)
      return (await permissions.explain({ ...principal, role: who.role }, policyAction, resource)).allowed;
    const asker = {
      character: { id: who.id, createdAt: principal.createdAt, locationId: who.locationId },
      role: who.role,
      newId: who.newId,
    };
    return (await permissions.decide(asker, policyAction, resource)).allowed;
  };
}
