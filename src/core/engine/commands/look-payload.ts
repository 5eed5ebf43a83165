import type { WorldState } from "#core/world/world-state.ts";
import { clipDescription, clipName, MAX_ALIASES } from "#core/world/world-text-rules.ts";
import { firstSorted } from "#shared/util/first-sorted.ts";
import { exitsIn, objectsIn } from "./world-kit.ts";

/** The locale's collation, as `localeCompare` without arguments; one collator instead of one per comparison. */
const byCollation = new Intl.Collator().compare;

/** The most entries each list of a look (exits, present, contents) shows; the rest are counted in `omitted`. */
export const LOOK_LIST_LIMIT = 50;

/**
 * The largest look payload built, in bytes of UTF-8 JSON. A move appends its look with it, so a look that could
 * not be stored would make the room impossible to enter: it is built to fit, well below MAX_PAYLOAD_BYTES.
 */
export const LOOK_PAYLOAD_BYTES = 12 * 1024;

/** The lists a look holds, each in the order shown. */
interface LookLists {
  readonly exits: readonly {
    readonly name: string;
    readonly aliases: readonly string[];
    readonly to: string;
  }[];
  readonly present: readonly string[];
  readonly contents: readonly string[];
}

const listKeys = ["exits", "present", "contents"] as const;
const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), "utf8");
// Room for `omitted` at its largest, so the counts never push a full look over the limit.
const omittedReserve = bytes({ omitted: { exits: 1e9, present: 1e9, contents: 1e9 } });

/**
 * The look payload for a location, its description passed through `format` (the looker's %-substitutions), at most LOOK_PAYLOAD_BYTES by construction: names and the description are
 * clipped (stored ones may predate the caps), and the lists are filled in turns, one entry of each at a time,
 * while they fit and up to LOOK_LIST_LIMIT; what is left out is counted in `omitted` ("and 3 more").
 * The shape is the `look` payload of the event schema (src/shared/events/activity-event-schema.ts).
 */
export function lookPayload(
  state: WorldState,
  locationId: string,
  present: readonly string[],
  format: (text: string) => string = (text) => text,
) {
  const location = state.locations.get(locationId);
  const head = {
    location: { id: locationId, name: clipName(location?.name ?? "Nowhere") },
    // Substituted (for the looker), then clipped: substitutions may lengthen the text.
    description: clipDescription(location ? format(location.description) : "You are nowhere at all."),
  };
  // Only the first LOOK_LIST_LIMIT names can be shown: a crowded room's names are not all sorted.
  const shownPresent = firstSorted(present, LOOK_LIST_LIMIT, byCollation);
  const all: LookLists = {
    exits: exitsIn(state, locationId)
      .sort((a, b) => byCollation(a.name, b.name))
      .map((x) => ({
        name: clipName(x.name),
        aliases: x.aliases.slice(0, MAX_ALIASES).map(clipName),
        to: x.to ?? "",
      })),
    present: shownPresent.first.map(clipName),
    contents: objectsIn(state, { location: locationId })
      .map((o) => o.name)
      .sort(byCollation)
      .map(clipName),
  };
  const presentBeyondLimit = shownPresent.distinct - shownPresent.first.length;
  const kept = fitLists(all, LOOK_PAYLOAD_BYTES - bytes({ ...head, exits: [], present: [], contents: [] }));
  const omitted: Partial<Record<keyof LookLists, number>> = Object.fromEntries(
    listKeys
      .map((k) => [k, all[k].length - kept[k].length + (k === "present" ? presentBeyondLimit : 0)] as const)
      .filter(([, n]) => n > 0),
  );
  return { ...head, ...kept, ...(Object.keys(omitted).length > 0 ? { omitted } : {}) };
}

/** The entries of `all` that fit in `budget` bytes (besides the empty lists), taken one of each list in turn. */
function fitLists(all: LookLists, budget: number): LookLists {
  const kept: { [K in keyof LookLists]: LookLists[K][number][] } = { exits: [], present: [], contents: [] };
  const open = new Set<keyof LookLists>(listKeys);
  let left = budget - omittedReserve;
  for (let i = 0; open.size > 0; i++) {
    for (const key of listKeys) {
      if (!open.has(key)) continue;
      const entry = all[key][i];
      // A comma before every entry but the first.
      const cost = entry === undefined ? 0 : bytes(entry) + (i > 0 ? 1 : 0);
      if (entry === undefined || i >= LOOK_LIST_LIMIT || cost > left) {
        open.delete(key);
        continue;
      }
      (kept[key] as unknown[]).push(entry);
      left -= cost;
    }
  }
  return kept;
}
