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
  channelText(viewer: Viewer): ChannelText | undefined;
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
  // Invariant: nothing here allocates per viewer once a variant's text exists. A fan-out calls these once per
  // connection, and garbage made between two logins of a burst is what scatters each connection's long-lived
  // objects over the heap's blocks, which then stay resident for as long as the connection does.
  let everyone: Rendered | undefined;
  let namedVariants: Map<string, Rendered> | undefined;
  const variantOf = (viewer: Viewer): Rendered => {
    named ??= namedIds(view);
    if (!named.has(viewer.characterId)) {
      everyone ??= rendered(renderers.event(view, viewer));
      return everyone;
    }
    namedVariants ??= new Map();
    let found = namedVariants.get(viewer.characterId);
    if (!found) {
      found = rendered(renderers.event(view, viewer));
      namedVariants.set(viewer.characterId, found);
    }
    return found;
  };
  // A variant's text for a form is made once; later calls find it with one Map lookup and make no closure.
  const text = (viewer: Viewer, depth: ColorDepth, width: number): string | undefined => {
    const variant = variantOf(viewer);
    const { markup, texts } = variant;
    if (markup === undefined) return undefined;
    const form = depthCodes[depth] * widthCodes + width;
    let found = texts.get(form);
    if (found === undefined) {
      found = wrapText(renderers.markup(markup, depth), width);
      texts.set(form, found);
    }
    return found;
  };
  // Computed once per event: undefined for anything but a channel message, so most events pay nothing more.
  let channel: { channel: string; talker: string } | undefined | null = null;
  const channelText = (viewer: Viewer): ChannelText | undefined => {
    if (channel === null) channel = channelTextOf(view);
    if (!channel) return undefined;
    const variant = variantOf(viewer);
    if (variant.markup === undefined) return undefined;
    variant.channel ??= { ...channel, text: renderers.markup(variant.markup, "none") };
    return variant.channel;
  };
  return { view, room: roomInfoFrom(view), markup: (viewer) => variantOf(viewer).markup, text, channelText };
}

/** GMCP Comm.Channel.Text: the channel, the talker and the line as plain text. */
type ChannelText = { readonly channel: string; readonly talker: string; readonly text: string };

/** One variant's markup (undefined: that viewer sees nothing) and its texts by form (depth and width). */
interface Rendered {
  readonly markup: string | undefined;
  readonly texts: Map<number, string>;
  /** Its GMCP Comm.Channel.Text, made on the first ask (channel messages only). */
  channel: ChannelText | undefined;
}

const rendered = (markup: string | undefined): Rendered => ({ markup, texts: new Map(), channel: undefined });

// A form is a number, so finding a text makes no key string: depth code times widthCodes plus the width.
const depthCodes: Readonly<Record<ColorDepth, number>> = { none: 0, "16": 1, "256": 2, truecolor: 3 };
const widthCodes = 1 << 20;
