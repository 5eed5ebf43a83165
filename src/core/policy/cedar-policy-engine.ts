import type { DetailedError, EntityJson, PolicySet } from "@cedar-policy/cedar-wasm/web";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Cedar, loadCedar } from "./cedar-wasm.ts";
import type {
  AttrValue,
  EntityRef,
  PolicyDecision,
  PolicyEngine,
  PolicyEntity,
  PolicyTexts,
} from "./policy-engine.ts";

/** What the Cedar adapter needs: the schema (Cedar's schema syntax) every policy is validated against. */
export interface CedarPolicyEngineConfig {
  readonly schema: string;
}

/** Cedar's messages, one line each, with its hint when it has one. */
export function cedarMessages(errors: readonly DetailedError[]): string[] {
  return errors.map((e) => (e.help ? `${e.message} (${e.help})` : e.message));
}

const toCedarValue = (value: AttrValue): unknown =>
  typeof value === "object" && !Array.isArray(value) ? { __entity: value as EntityRef } : value;

function toEntityJson(entity: PolicyEntity): EntityJson {
  const attrs = Object.fromEntries(Object.entries(entity.attrs).map(([k, v]) => [k, toCedarValue(v)]));
  return { uid: entity.uid, attrs: attrs as EntityJson["attrs"], parents: [] };
}

/** Refuses a text that is not exactly one static policy: each id names one policy. */
function onePolicy(cedar: Cedar, id: string, text: string): string | undefined {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === "failure") return `${id}: ${cedarMessages(parts.errors).join("; ")}`;
  if (parts.policies.length !== 1 || parts.policy_templates.length > 0)
    return `${id}: a policy id names exactly one policy (found ${parts.policies.length}).`;
  return undefined;
}

/** Whether a policy is annotated `@audit`. */
function isAudited(cedar: Cedar, text: string): boolean {
  const json = cedar.policyToJson(text);
  return json.type === "success" && json.json.annotations !== undefined && "audit" in json.json.annotations;
}

/** How many sound policies (by id and text) an engine remembers, so a reload need not validate them again. */
const KNOWN_LIMIT = 20_000;
const knownKey = (id: string, text: string) => `${id}\n${text}`;

/**
 * The policy engine on the official Cedar engine (WebAssembly). Policies are parsed once per load
 * (`preparsePolicySet`) and the schema once per engine, so a decision passes only the request's entities.
 */
export function createCedarPolicyEngine(config: CedarPolicyEngineConfig): PolicyEngine {
  const cedar = loadCedar();
  // Invariant: Cedar keeps pre-parsed sets in its module state by name, so each engine gets its own names.
  const name = `holomush-${crypto.randomUUID()}`;
  const schemaName = `${name}-schema`;
  const parsed = cedar.preparseSchema(schemaName, config.schema);
  if (parsed.type === "failure")
    throw new HoloError("invalid_argument", `The policy schema is invalid: ${cedarMessages(parsed.errors)}`);
  let generation = 0;
  let setId = "";
  let audited = new Set<string>();
  // Cedar validates each policy on its own against the schema, so a policy (id and text) found sound once is
  // sound in any set: a change validates only what is new. Validation is what a load of 1,000 policies
  // spends most on (bench/policy.ts). The value says whether the policy is annotated @audit.
  const known = new Map<string, boolean>();

  const check = (policies: PolicyTexts): string[] => {
    const fresh = [...policies].filter(([id, text]) => !known.has(knownKey(id, text)));
    if (fresh.length === 0) return [];
    // Invariant: after a check every policy of the set is known, so a full memory starts again with this set.
    if (known.size > 0 && known.size + fresh.length > KNOWN_LIMIT) {
      known.clear();
      return check(policies);
    }
    const shape = fresh.map(([id, text]) => onePolicy(cedar, id, text));
    const bad = shape.filter((m): m is string => m !== undefined);
    if (bad.length > 0) return bad;
    const set: PolicySet = { staticPolicies: Object.fromEntries(fresh) };
    const answer = cedar.validate({ schema: config.schema, policies: set });
    if (answer.type === "failure") return cedarMessages(answer.errors);
    const problems = answer.validationErrors.map((e) => cedarMessages([e.error])[0] ?? e.policyId);
    if (problems.length > 0) return problems;
    for (const [id, text] of fresh) known.set(knownKey(id, text), isAudited(cedar, text));
    return [];
  };

  const load = (policies: PolicyTexts) => {
    const problems = check(policies);
    if (problems.length > 0) throw new HoloError("invalid_argument", problems.join("\n"));
    const next = `${name}-${++generation}`;
    const answer = cedar.preparsePolicySet(next, { staticPolicies: Object.fromEntries(policies) });
    if (answer.type === "failure")
      throw new HoloError("invalid_argument", cedarMessages(answer.errors).join("\n"));
    setId = next;
    audited = new Set([...policies].filter(([id, text]) => known.get(knownKey(id, text))).map(([id]) => id));
  };
  load(new Map());

  return {
    decide(request): PolicyDecision {
      const answer = cedar.statefulIsAuthorized({
        principal: request.principal,
        action: { type: "Action", id: request.action },
        resource: request.resource,
        context: {},
        preparsedPolicySetId: setId,
        preparsedSchemaName: schemaName,
        validateRequest: true,
        entities: request.entities.map(toEntityJson),
      });
      if (answer.type === "failure")
        return { allowed: false, policyIds: [], reason: `error: ${cedarMessages(answer.errors).join("; ")}` };
      const { decision, diagnostics } = answer.response;
      const ids = [...diagnostics.reason].sort();
      const failed = diagnostics.errors.map((e) => `${e.policyId} failed: ${e.error.message}`);
      const allowed = decision === "allow";
      const reason = allowed
        ? `permitted by ${ids.join(", ")}`
        : ids.length > 0
          ? `forbidden by ${ids.join(", ")}`
          : "no policy permits it";
      return { allowed, policyIds: ids, reason: [reason, ...failed].join("; ") };
    },
    load,
    check,
    audited: () => audited,
  };
}
