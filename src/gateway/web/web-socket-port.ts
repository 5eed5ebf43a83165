/** The part of a server WebSocket (Bun's ServerWebSocket) a web connection writes to. */
export interface WebSocketPort {
  /** Sends a text frame: -1 queued behind backpressure, 0 dropped, else the bytes sent (Bun's contract). */
  send(text: string): number;
  close(code: number, reason: string): void;
  /** Bytes queued in the socket and not yet sent. */
  getBufferedAmount(): number;
}

/** Close codes the gateway uses (RFC 6455 section 7.4.1). */
export const closeCodes = {
  normal: 1000,
  goingAway: 1001,
  unsupported: 1003,
  policy: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
} as const;
