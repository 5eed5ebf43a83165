/** The kinds of entity policies speak of (the Cedar schema, holomush.cedarschema, defines their attributes). */
export type EntityType =
  | "Character"
  | "Room"
  | "Exit"
  | "Thing"
  | "Channel"
  | "Plugin"
  | "Capability"
  | "Game"
  | "Scene";

/** The actions policies decide. */
export type PolicyAction =
  | "play"
  | "look"
  | "enter"
  | "build"
  | "modify"
  | "examine"
  | "destroy"
  | "link"
  | "chown"
  | "flag"
  | "take"
  | "lock"
  | "teleport"
  | "speak"
  | "emit"
  | "page"
  | "join"
  | "moderate"
  | "own_account"
  | "use_mail"
  | "manage_players"
  | "manage_boards"
  | "configure"
  | "manage_policies"
  | "sitelock"
  | "wall"
  | "shutdown"
  | "read_audit"
  | "run"
  | "read"
  | "use_capability";

/** One entity by type and id: `Character::"01J…"`. */
export interface EntityRef {
  readonly type: EntityType;
  readonly id: string;
}

/** An attribute value: a string, a whole number, a boolean, another entity, or a set of strings or entities. */
export type AttrValue = string | number | boolean | EntityRef | readonly string[] | readonly EntityRef[];

/** An entity with the attributes a decision may read. */
export interface PolicyEntity {
  readonly uid: EntityRef;
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** Plugin-contributed attributes (`DICE.LASTROLL`), read by policies with `hasTag` and `getTag`. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One question: may `principal` do `action` to `resource`, given `entities` (the slice the policies may read)? */
export interface PolicyRequest {
  readonly principal: EntityRef;
  readonly action: PolicyAction;
  readonly resource: EntityRef;
  /** The principal, the resource and any entity their attributes name that policies may read; keep it small. */
  readonly entities: readonly PolicyEntity[];
  /** The action's context, as the schema declares it (`use_capability` has `granted`); none for most. */
  readonly context?: Readonly<Record<string, AttrValue>>;
}

/** An answer: allowed or not, the ids of the policies that decided it (none for a default deny), and why. */
export interface PolicyDecision {
  readonly allowed: boolean;
  readonly policyIds: readonly string[];
  readonly reason: string;
}

/** Policies by id; each text is one Cedar policy. */
export type PolicyTexts = ReadonlyMap<string, string>;

/**
 * The one permission engine. Deny wins: a forbid that applies denies whatever permits; anything no policy
 * permits is denied. An evaluation error in a policy denies too (it is reported in the reason), never throws.
 */
export interface PolicyEngine {
  /** Decides one request against the policies loaded now. */
  decide(request: PolicyRequest): PolicyDecision;
  /**
   * Replaces the policies, after checking them: a set that does not parse or fails the schema throws
   * HoloError("invalid_argument") with the engine's messages, and the policies loaded before stay.
   */
  load(policies: PolicyTexts): void;
  /** The engine's messages for a set that does not parse or fails the schema; empty when it is sound. */
  check(policies: PolicyTexts): readonly string[];
  /** The ids of the loaded policies annotated `@audit` (admin-level powers whose allows are kept). */
  audited(): ReadonlySet<string>;
}

/** `Character::"id"`, as policies and reasons write an entity. */
export function entityText(ref: EntityRef): string {
  return `${ref.type}::${JSON.stringify(ref.id)}`;
}
