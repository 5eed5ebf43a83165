import type { Role } from "#core/accounts/account-rules.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import {
  type CapabilityQuestion,
  capabilityAuditEvent,
  createCapabilityDecider,
} from "./plugin-capabilities.ts";
import type { PolicyEngine } from "./policy-engine.ts";
import {
  type EntityRef,
  entityText,
  type PolicyAction,
  type PolicyDecision,
  type PolicyEntity,
  type PolicyRequest,
} from "./policy-engine.ts";
import {
  characterEntity,
  GAME,
  type PolicyPrincipal,
  type PolicyResource,
  resourceEntities,
  withPluginTags,
} from "./policy-entities.ts";
import type { PolicyGuard, PolicyLibrary } from "./policy-library.ts";

/** The stream of the permission decisions kept for audit. */
export const AUDIT_STREAM = "audit";

/** Who asks: the acting character, its role, and the ids its events get (a command's context). */
export interface Asker {
  readonly character: { readonly id: string; readonly createdAt: number; readonly locationId: string };
  readonly role: Role;
  readonly newId: NewId;
}

/** What the permission checks need. */
export interface PermissionsDeps {
  readonly engine: PolicyEngine;
  readonly library: PolicyLibrary;
  /** The world projection now (owners, flags, locations). */
  readonly world: () => WorldState;
  /** A character by id, with its player's role; undefined when there is none. */
  readonly characterOf: (id: string) => Promise<PolicyPrincipal | undefined>;
  /** The characters whose pages and whispers `id` refuses (page/block); sent as `blocks` on a `page`. */
  readonly blocksOf?: (id: string) => Promise<readonly string[]>;
  /** The admin's character id: the owner of what no character made (the starting area). */
  readonly admin: () => Promise<string>;
  readonly append: AppendEvents;
  readonly clock: Clock;
  /** The attribute namespaces of the plugins loaded (`DICE`): their attributes are Cedar tags. None by default. */
  readonly pluginNamespaces?: () => ReadonlySet<string>;
  /** Moves on whenever the engine loads policies; capability decisions are cached until it does. */
  readonly policyGeneration?: () => number;
}

/** Every permission check of the game, through the one policy engine. */
export interface Permissions {
  /** Decides, and writes the decision to the audit stream when it is a denial or an admin-level allow. */
  decide(asker: Asker, action: PolicyAction, resource: PolicyResource): Promise<PolicyDecision>;
  /** Decides; on a denial throws HoloError("permission_denied", line), which the player reads. */
  require(asker: Asker, action: PolicyAction, resource: PolicyResource, line: string): Promise<void>;
  /** A character as a principal, with its player's role; a missing one is a plain player. */
  principal(id: string): Promise<PolicyPrincipal>;
  /** Decides for any character, writing nothing: `policy test`. */
  explain(who: PolicyPrincipal, action: PolicyAction, resource: PolicyResource): Promise<PolicyDecision>;
  /** Refuses a policy set under which neither `asker` nor a plain admin may still manage the policies. */
  keepsAnAdmin(asker: Asker): PolicyGuard;
  /**
   * A plugin's capability check (`use_capability`): synchronous, for host calls, and cached until the policies
   * change. Writes nothing: the caller audits a denial with `auditCapability`.
   */
  pluginCapability(question: CapabilityQuestion): PolicyDecision;
  /** Appends a refused capability to the audit stream, by the plugin, with event id `id`. */
  auditCapability(question: CapabilityQuestion, decision: PolicyDecision, id: string): Promise<void>;
  /** The attribute namespaces plugins own now (`DICE`): nobody else may set or clear attributes in them. */
  pluginNamespaces(): ReadonlySet<string>;
  readonly library: PolicyLibrary;
}

const noNamespaces: ReadonlySet<string> = new Set();

const principalOf = (asker: Asker): PolicyPrincipal => ({
  id: asker.character.id,
  role: asker.role,
  createdAt: asker.character.createdAt,
  locationId: asker.character.locationId,
});

/** Creates the permission checks. */
export function createPermissions(deps: PermissionsDeps): Permissions {
  const { engine, clock } = deps;
  const namespaces = deps.pluginNamespaces ?? (() => noNamespaces);
  // Without a generation to follow, every question goes to the engine (whose own cache empties on load).
  let uncached = 0;
  const capability = createCapabilityDecider(engine, deps.policyGeneration ?? (() => uncached++));

  async function request(
    who: PolicyPrincipal,
    action: PolicyAction,
    resource: PolicyResource,
  ): Promise<PolicyRequest> {
    const state = deps.world();
    const principal = characterEntity(state, who, clock.now());
    const entities: PolicyEntity[] = [principal];
    let target: EntityRef;
    if (resource.kind === "game") target = GAME;
    else if (resource.kind === "entity") {
      target = resource.entity.uid;
      entities.push(resource.entity);
    } else if (resource.kind === "character") {
      target = { type: "Character", id: resource.id };
      if (resource.id !== who.id) {
        const other = (await deps.characterOf(resource.id)) ?? {
          id: resource.id,
          role: "player",
          createdAt: 0,
        };
        const entity = characterEntity(state, other, clock.now());
        // Only a page reads blocks: other decisions on a character keep their slice (and cache key) small.
        const blocks = action === "page" && deps.blocksOf ? await deps.blocksOf(resource.id) : [];
        const blockRefs = blocks.map((id) => ({ type: "Character" as const, id }));
        entities.push(
          blockRefs.length > 0 ? { ...entity, attrs: { ...entity.attrs, blocks: blockRefs } } : entity,
        );
      }
    } else {
      const slice = resourceEntities(state, resource, await deps.admin());
      const first = slice[0];
      // A thing that is gone is no request at all: deny, as Cedar would an unknown entity.
      if (!first) return { principal: principal.uid, action, resource: GAME, entities: [] };
      target = first.uid;
      entities.push(...slice);
    }
    const tagged = namespaces();
    return {
      principal: principal.uid,
      action,
      resource: target,
      entities: tagged.size === 0 ? entities : entities.map((e) => withPluginTags(state, e, tagged)),
    };
  }

  async function decide(asker: Asker, action: PolicyAction, resource: PolicyResource) {
    const req = await request(principalOf(asker), action, resource);
    const decision = req.entities.length === 0 ? gone : engine.decide(req);
    const audited = engine.audited();
    const adminLevel =
      decision.allowed && decision.policyIds.length > 0 && decision.policyIds.every((id) => audited.has(id));
    if (!decision.allowed || adminLevel) {
      const payload = {
        principal: entityText(req.principal),
        action,
        resource: entityText(req.resource),
        allowed: decision.allowed,
        policies: [...decision.policyIds],
        reason: decision.reason,
      };
      const id = asker.newId();
      const actor = { kind: "character" as const, id: asker.character.id };
      await deps.append([
        { id, stream: AUDIT_STREAM, type: "policy_decided", timestamp: clock.now(), actor, payload },
      ]);
    }
    return decision;
  }

  return {
    decide,
    async require(asker, action, resource, line) {
      if (!(await decide(asker, action, resource)).allowed) throw new HoloError("permission_denied", line);
    },
    principal: async (id) => (await deps.characterOf(id)) ?? { id, role: "player", createdAt: 0 },
    async explain(who, action, resource) {
      const req = await request(who, action, resource);
      return req.entities.length === 0 ? gone : engine.decide(req);
    },
    keepsAnAdmin(asker) {
      const plainAdmin = { id: "policy-check-admin", role: "admin" as const, createdAt: 0 };
      return (candidate) => {
        const state = deps.world();
        const able = [principalOf(asker), plainAdmin].some((who) => {
          const me = characterEntity(state, who, clock.now());
          return candidate.decide({
            principal: me.uid,
            action: "manage_policies",
            resource: GAME,
            entities: [me],
          }).allowed;
        });
        if (!able)
          throw new HoloError(
            "failed_precondition",
            "Refused: after that change no admin could change the policies any more.",
          );
      };
    },
    pluginCapability: capability,
    async auditCapability(question, decision, id) {
      await deps.append([capabilityAuditEvent(question, decision, id, clock.now(), AUDIT_STREAM)]);
    },
    pluginNamespaces: namespaces,
    library: deps.library,
  };
}

const gone: PolicyDecision = { allowed: false, policyIds: [], reason: "there is no such thing" };
