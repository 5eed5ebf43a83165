import type { EventView, Viewer } from "#gateway/events/event-view.ts";
import { channelTextOf } from "#gateway/events/render-comms.ts";
import { renderEvent } from "#gateway/events/render-event.ts";
import type { ColorDepth } from "#gateway/render/color-depth.ts";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { wrapText } from "#gateway/render/wrap.ts";
import type { Event } from "#gen/holomush/core/v1/core_pb.ts";
import { eventFromProto } from "./event-from-proto.ts";
import { type RoomInfo, roomInfoFrom } from "./room-info.ts";

/** The renderers a shared event uses; tests pass counting ones. */
export interface SharedEventRenderers {
  /** Server markup of an event for one viewer (renderEvent). */
  readonly event: (event: EventView, viewer: Viewer) => string | undefined;
  /** ANSI text of markup for a colour depth (renderMarkup). */
  readonly markup: (markup: string, depth: ColorDepth) => string;
}

/** The default renderers. */
export const defaultRenderers: SharedEventRenderers = { event: renderEvent, markup: renderMarkup };

/**
 * One event from the feed, decoded once and rendered once per output variant (whether the viewer is named in
 * the event, colour depth, width) for all the connections it is for. Lives for the fan-out of one FeedEvent.
 */
export interface SharedEvent {
  readonly view: EventView;
  /** GMCP Room.Info when the event is a look; undefined otherwise. */
  readonly room: RoomInfo | undefined;
  /** The markup `viewer` sees, or undefined when they should see nothing. */
  markup(viewer: Viewer): string | undefined;
  /** The line `viewer` sees on a client of `depth` and `width`, rendered and wrapped; undefined for nothing. */
  text(viewer: Viewer, depth: ColorDepth, width: number): string | undefined;
  /** GMCP Comm.Channel.Text for `viewer` when the event is a channel message. */
  channelText(viewer: Viewer): { channel: string; talker: string; text: string } | undefined;
}

/** Every string in an event's actor and payload: the character ids the event can name. */
function namedIds(view: EventView): Set<string> {
  const ids = new Set<string>([view.actor.id]);
  const walk = (value: unknown): void => {
    if (typeof value === "string") ids.add(value);
    else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  walk(view.payload);
  return ids;
}

const none = Symbol("nothing");

/**
 * Decodes `event` once. Invariant: a renderer can only tell viewers apart by comparing their character id with
 * ids in the event (render-event.ts), so every viewer not named in the event sees the same markup; a named
 * viewer gets a variant of their own.
 */
export function createSharedEvent(
  event: Event,
  renderers: SharedEventRenderers = defaultRenderers,
): SharedEvent {
  const view = eventFromProto(event);
  let named: Set<string> | undefined;
  const markups = new Map<string, string | typeof none>();
  const texts = new Map<string, string>();
  const variantOf = (viewer: Viewer): string => {
    named ??= namedIds(view);
    return named.has(viewer.characterId) ? `@${viewer.characterId}` : "";
  };
  const markupOf = (variant: string, viewer: Viewer): string | undefined => {
    let found = markups.get(variant);
    if (found === undefined) {
      found = renderers.event(view, viewer) ?? none;
      markups.set(variant, found);
    }
    return found === none ? undefined : found;
  };
  /** The text `render` makes of `viewer`'s markup, rendered once per variant and `form`. */
  const textOf = (viewer: Viewer, form: string, render: (markup: string) => string): string | undefined => {
    const variant = variantOf(viewer);
    const markup = markupOf(variant, viewer);
    if (markup === undefined) return undefined;
    const key = `${variant}\u0000${form}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = render(markup);
      texts.set(key, text);
    }
    return text;
  };
  return {
    view,
    room: roomInfoFrom(view),
    markup: (viewer) => markupOf(variantOf(viewer), viewer),
    text: (viewer, depth, width) =>
      textOf(viewer, `${depth}\u0000${width}`, (markup) => wrapText(renderers.markup(markup, depth), width)),
    channelText(viewer) {
      const channel = channelTextOf(view);
      if (!channel) return undefined;
      const text = textOf(viewer, "gmcp", (markup) => renderers.markup(markup, "none"));
      return text === undefined ? undefined : { ...channel, text };
    },
  };
}
