/** Who caused an event, as the renderer sees it. */
export interface EventActorView {
  readonly kind: "character" | "system" | "plugin" | "unknown";
  readonly id: string;
}

/** An event as the renderer reads it: free of the wire format, so the web client can share the renderer. */
export interface EventView {
  readonly type: string;
  readonly stream: string;
  readonly actor: EventActorView;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The global position (the cursor unit), as a number: positions stay far below 2^53. */
  readonly position: number;
}

/** Who is looking: the viewer's own character, to tell "You say" from "Alice says". */
export interface Viewer {
  readonly characterId: string;
}
