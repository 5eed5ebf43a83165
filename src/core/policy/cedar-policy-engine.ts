import type { Context, DetailedError, EntityJson, PolicySet } from "@cedar-policy/cedar-wasm/web";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Cedar, loadCedar } from "./cedar-wasm.ts";
import {
  type AttrValue,
  type EntityRef,
  entityText,
  type PolicyDecision,
  type PolicyEngine,
  type PolicyEntity,
  type PolicyRequest,
  type PolicyTexts,
} from "./policy-engine.ts";

/** What the Cedar adapter needs: the schema (Cedar's schema syntax) every policy is validated against. */
export interface CedarPolicyEngineConfig {
  readonly schema: string;
}

/** Cedar's messages, one line each, with its hint when it has one. */
export function cedarMessages(errors: readonly DetailedError[]): string[] {
  return errors.map((e) => (e.help ? `${e.message} (${e.help})` : e.message));
}

const toCedarValue = (value: AttrValue | string): unknown =>
  Array.isArray(value)
    ? value.map((v: string | EntityRef) => toCedarValue(v))
    : typeof value === "object"
      ? { __entity: value as EntityRef }
      : value;

function toEntityJson(entity: PolicyEntity): EntityJson {
  const attrs = Object.fromEntries(Object.entries(entity.attrs).map(([k, v]) => [k, toCedarValue(v)]));
  const json: EntityJson = { uid: entity.uid, attrs: attrs as EntityJson["attrs"], parents: [] };
  return entity.tags === undefined ? json : { ...json, tags: entity.tags };
}

/** Refuses a text that is not exactly one static policy: each id names one policy. */
function onePolicy(cedar: Cedar, id: string, text: string): string | undefined {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === "failure") return `${id}: ${cedarMessages(parts.errors).join("; ")}`;
  if (parts.policies.length !== 1 || parts.policy_templates.length > 0)
    return `${id}: a policy id names exactly one policy (found ${parts.policies.length}).`;
  return undefined;
}

/** What a sound policy is known as: whether it is annotated `@audit`, and the one resource its scope pins. */
interface KnownPolicy {
  readonly audited: boolean;
  /** `Exit::"01…"` for a policy whose scope says `resource == Exit::"01…"` (a lock); else undefined. */
  readonly pinned: string | undefined;
}

function knownPolicy(cedar: Cedar, text: string): KnownPolicy {
  const json = cedar.policyToJson(text);
  if (json.type === "failure") return { audited: false, pinned: undefined };
  const scope = json.json.resource;
  const pinned = scope.op === "==" && "entity" in scope ? entityText(scope.entity as EntityRef) : undefined;
  return { audited: json.json.annotations !== undefined && "audit" in json.json.annotations, pinned };
}

/** How many sound policies (by id and text) an engine remembers, so a reload need not validate them again. */
const KNOWN_LIMIT = 20_000;
const knownKey = (id: string, text: string) => `${id}\n${text}`;

/** One Cedar answer, split into the permits and forbids that decided it, and the failures. */
interface Verdict {
  readonly permits: readonly string[];
  readonly forbids: readonly string[];
  readonly failed: readonly string[];
}

/** Two verdicts on one request as one decision, as Cedar would give on the union of their sets. */
function combine(verdicts: readonly Verdict[]): PolicyDecision {
  const forbids = verdicts.flatMap((v) => v.forbids).sort();
  const permits = verdicts.flatMap((v) => v.permits).sort();
  const failed = verdicts.flatMap((v) => v.failed);
  const allowed = forbids.length === 0 && permits.length > 0;
  const ids = allowed ? permits : forbids;
  const reason = allowed
    ? `permitted by ${ids.join(", ")}`
    : ids.length > 0
      ? `forbidden by ${ids.join(", ")}`
      : "no policy permits it";
  return { allowed, policyIds: ids, reason: [reason, ...failed].join("; ") };
}

/**
 * The policy engine on the official Cedar engine (WebAssembly). Policies are parsed once per load
 * (`preparsePolicySet`) and the schema once per engine, so a decision passes only the request's entities.
 * Cedar evaluates every policy of a set on every request, so policies pinned to one resource (locks) are
 * kept out of the main set: each resource's own set is asked only about that resource, and the two
 * answers combine as one set's would (deny wins, else any permit allows).
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
  /** The set of each pinned resource, with its content, so an unchanged one is not parsed again. */
  let pinnedSets = new Map<string, { readonly content: string; readonly setId: string }>();
  // Cedar validates each policy on its own against the schema, so a policy (id and text) found sound once is
  // sound in any set: a change validates only what is new. Validation is what a load of 1,000 policies
  // spends most on (bench/policy.ts).
  const known = new Map<string, KnownPolicy>();

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
    for (const [id, text] of fresh) known.set(knownKey(id, text), knownPolicy(cedar, text));
    return [];
  };

  const preparse = (policies: Iterable<[string, string]>): string => {
    const next = `${name}-${++generation}`;
    const answer = cedar.preparsePolicySet(next, { staticPolicies: Object.fromEntries(policies) });
    if (answer.type === "failure")
      throw new HoloError("invalid_argument", cedarMessages(answer.errors).join("\n"));
    return next;
  };

  const load = (policies: PolicyTexts) => {
    const problems = check(policies);
    if (problems.length > 0) throw new HoloError("invalid_argument", problems.join("\n"));
    const info = (id: string, text: string) => known.get(knownKey(id, text));
    const main: [string, string][] = [];
    const groups = new Map<string, [string, string][]>();
    for (const [id, text] of policies) {
      const pinned = info(id, text)?.pinned;
      if (pinned === undefined) main.push([id, text]);
      else groups.set(pinned, [...(groups.get(pinned) ?? []), [id, text]]);
    }
    const nextPinned = new Map<string, { content: string; setId: string }>();
    for (const [resource, group] of groups) {
      const content = JSON.stringify(group.sort(([a], [b]) => a.localeCompare(b)));
      const before = pinnedSets.get(resource);
      nextPinned.set(resource, before?.content === content ? before : { content, setId: preparse(group) });
    }
    setId = preparse(main);
    pinnedSets = nextPinned;
    audited = new Set([...policies].filter(([id, text]) => info(id, text)?.audited).map(([id]) => id));
  };
  load(new Map());

  const ask = (request: PolicyRequest, set: string): Verdict => {
    const answer = cedar.statefulIsAuthorized({
      principal: request.principal,
      action: { type: "Action", id: request.action },
      resource: request.resource,
      context: (request.context === undefined
        ? {}
        : Object.fromEntries(
            Object.entries(request.context).map(([k, v]) => [k, toCedarValue(v)]),
          )) as Context,
      preparsedPolicySetId: set,
      preparsedSchemaName: schemaName,
      validateRequest: true,
      entities: request.entities.map(toEntityJson),
    });
    if (answer.type === "failure")
      return { permits: [], forbids: [], failed: [`error: ${cedarMessages(answer.errors).join("; ")}`] };
    const { decision, diagnostics } = answer.response;
    const ids = [...diagnostics.reason];
    const failed = diagnostics.errors.map((e) => `${e.policyId} failed: ${e.error.message}`);
    return decision === "allow"
      ? { permits: ids, forbids: [], failed }
      : { permits: [], forbids: ids, failed };
  };

  return {
    decide(request): PolicyDecision {
      const verdict = ask(request, setId);
      const pinned = pinnedSets.get(entityText(request.resource));
      const decision = combine(pinned ? [verdict, ask(request, pinned.setId)] : [verdict]);
      // A request Cedar refuses (not the schema's shape) is denied with Cedar's message alone.
      const refused = verdict.failed.find((f) => f.startsWith("error: "));
      return refused ? { allowed: false, policyIds: [], reason: refused } : decision;
    },
    load,
    check,
    audited: () => audited,
  };
}
