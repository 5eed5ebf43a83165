import { sceneEntity, scenePolicyAction } from "#core/game/scene-decider.ts";
import { createCedarPolicyEngine } from "#core/policy/cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "#core/policy/default-policies.ts";
import type { SceneDecider } from "../scene-permissions.ts";

/** Scene decisions by the default policies alone, for tests of scenes without a game. */
export function defaultSceneDecider(): SceneDecider {
  const engine = createCedarPolicyEngine({ schema: policySchema });
  engine.load(defaultPolicies());
  return async (who, scene, action) => {
    const principal = {
      uid: { type: "Character" as const, id: who.id },
      attrs: { role: who.role, flags: [], ageDays: 0 },
    };
    const resource = sceneEntity(scene);
    const request = { principal: principal.uid, action: scenePolicyAction[action], resource: resource.uid };
    return engine.decide({ ...request, entities: [principal, resource] }).allowed;
  };
}
