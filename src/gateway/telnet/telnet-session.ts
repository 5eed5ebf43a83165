import { applyGmcpFromClient } from "./gmcp-client.ts";
import { encodeGmcpFrame } from "./gmcp-frame.ts";
import {
  createLineAssembler,
  defaultMaxLine,
  type LineAssembler,
  type LineAssemblerSink,
} from "./line-assembler.ts";
import { parseMtts } from "./mtts.ts";
import {
  charsetReply,
  encodeMssp,
  type MsspValue,
  parseCharsetRequest,
  parseGmcp,
  parseNaws,
  parseTtypeIs,
} from "./option-codecs.ts";
import {
  createOptionNegotiator,
  type OptionNegotiator,
  type OptionNegotiatorDeps,
  type Side,
} from "./option-negotiator.ts";
import { createReplyBudget, type ReplyBudget, type ReplyLimits } from "./reply-budget.ts";
import {
  type CapabilityState,
  initialCapabilities,
  snapshotCapabilities,
  type TelnetCapabilities,
} from "./telnet-capabilities.ts";
import { Cmd, type NegotiationVerb, Opt, Sub } from "./telnet-constants.ts";
import { encodeCommand, encodeNegotiation, encodeSubnegotiation } from "./telnet-encoder.ts";
import { createTelnetParser, type TelnetEvent, type TelnetParser } from "./telnet-parser.ts";

/** A protocol event a session is about to act on, for the connection's per-connection budget. */
export type ProtocolEvent = "negotiate" | "command" | "subnegotiation";

/** Where a session sends bytes and reports what the client did. */
export interface TelnetSessionDeps {
  /** Protocol bytes to put on the wire, already encoded. */
  readonly write: (bytes: Uint8Array) => void;
  readonly line: (text: string) => void;
  readonly lineTooLong: (limit: number) => void;
  readonly resize: (width: number, height: number) => void;
  readonly gmcp: (pkg: string, data: unknown) => void;
  /** The MSSP table, built fresh each time it is sent. */
  readonly mssp: () => Readonly<Record<string, MsspValue>>;
  /** Milliseconds since the epoch, for the MSSP resend interval. */
  readonly now: () => number;
  /** Asked before each negotiation, command or subnegotiation is acted on; false ignores it. */
  readonly admit?: (event: ProtocolEvent, option: number) => boolean;
  readonly maxSubnegotiation?: number;
  readonly maxLine?: number;
  readonly replyLimits?: ReplyLimits;
  /**
   * MCCP2: output from the next byte written on is compressed (true), or the stream is finished (false).
   * Without it COMPRESS2 is not offered.
   */
  readonly compress?: (on: boolean) => void;
  /** Asked before MCCP2 starts; false refuses it with `WONT COMPRESS2` (a global bound on zlib streams). */
  readonly mayCompress?: () => boolean;
}

/** The telnet protocol state of one connection, without a socket: bytes in, events and bytes out. */
export interface TelnetSession {
  /** Sends the server's opening offers. */
  start(): void;
  receive(bytes: Uint8Array): void;
  /** What negotiation has told us; the same object until something changes, so reading it costs nothing. */
  readonly capabilities: TelnetCapabilities;
  /** WILL ECHO while on (the client stops echoing), WONT ECHO after. */
  setPasswordMode(on: boolean): void;
  /** The bytes that end a prompt: IAC EOR when EOR is on, IAC GA otherwise. */
  promptEnd(): Uint8Array;
  /** Sends a GMCP message; false when the client has not enabled GMCP. */
  sendGmcp(pkg: string, data?: unknown): boolean;
  /** Bytes held for a partial input line. */
  readonly pendingInput: number;
}

const localOffers = [Opt.SGA, Opt.EOR, Opt.MSSP, Opt.GMCP, Opt.CHARSET] as const;
const remoteOffers = [Opt.NAWS, Opt.TTYPE] as const;
/** Times a connection may start MCCP2; each start costs a new zlib stream, so DO/DONT cannot be farmed. */
export const maxCompressionStarts = 4;

/** Creates the protocol state for one connection. */
export function createTelnetSession(deps: TelnetSessionDeps): TelnetSession {
  return new Session(deps);
}

// A class, not closures: every connection holds one session for its life, so its methods are shared. It is
// also its negotiator's deps and its line assembler's sink, which saves objects of closures per connection.
class Session implements TelnetSession, OptionNegotiatorDeps, LineAssemblerSink {
  readonly #deps: TelnetSessionDeps;
  readonly #caps: CapabilityState = initialCapabilities();
  // Invariant: `snapshot` is the view of `caps`, or undefined after a change; every change goes through onEvent.
  #snapshot: TelnetCapabilities | undefined;
  #passwordMode = false;
  #compressionStarts = 0;
  readonly #budget: ReplyBudget;
  readonly #lines: LineAssembler;
  readonly #negotiator: OptionNegotiator;
  readonly #parser: TelnetParser;

  constructor(deps: TelnetSessionDeps) {
    this.#deps = deps;
    this.#budget = createReplyBudget(deps.replyLimits);
    this.#lines = createLineAssembler(this, deps.maxLine ?? defaultMaxLine);
    this.#negotiator = createOptionNegotiator(this);
    this.#parser = createTelnetParser(
      (event) => this.#onEvent(event),
      deps.maxSubnegotiation ? { maxSubnegotiation: deps.maxSubnegotiation } : {},
    );
  }

  get capabilities(): TelnetCapabilities {
    this.#snapshot ??= snapshotCapabilities(this.#caps);
    return this.#snapshot;
  }

  get pendingInput(): number {
    return this.#lines.pending;
  }

  start(): void {
    this.#snapshot = undefined;
    for (const o of localOffers) this.#negotiator.request("local", o, true);
    if (this.#deps.compress) this.#negotiator.request("local", Opt.COMPRESS2, true);
    for (const o of remoteOffers) this.#negotiator.request("remote", o, true);
  }

  receive(bytes: Uint8Array): void {
    this.#parser.push(bytes);
  }

  setPasswordMode(on: boolean): void {
    this.#passwordMode = on;
    this.#snapshot = undefined;
    this.#negotiator.request("local", Opt.ECHO, on);
  }

  promptEnd(): Uint8Array {
    return encodeCommand(this.#caps.eor ? Cmd.EOR : Cmd.GA);
  }

  sendGmcp(pkg: string, data?: unknown): boolean {
    if (!this.#caps.gmcp) return false;
    this.#deps.write(encodeGmcpFrame(pkg, data));
    return true;
  }

  /** LineAssemblerSink: a line the client typed. */
  line(text: string): void {
    this.#deps.line(text);
  }

  /** LineAssemblerSink: a line past the cap, discarded. */
  tooLong(limit: number): void {
    this.#deps.lineTooLong(limit);
  }

  /** OptionNegotiatorDeps: whether we agree to `option` on `side` when the client asks. */
  accepts(side: Side, option: number): boolean {
    if (side === "remote")
      return option === Opt.CHARSET || (remoteOffers as readonly number[]).includes(option);
    if (option === Opt.ECHO) return this.#passwordMode;
    if (option === Opt.COMPRESS2)
      return this.#deps.compress !== undefined && this.#compressionStarts < maxCompressionStarts;
    return (localOffers as readonly number[]).includes(option);
  }

  /** OptionNegotiatorDeps: puts a negotiation on the wire. */
  send(verb: NegotiationVerb, option: number): void {
    this.#deps.write(encodeNegotiation(verb, option));
  }

  /** OptionNegotiatorDeps: an option turned on or off. */
  changed(side: Side, option: number, on: boolean): void {
    const caps = this.#caps;
    const budget = this.#budget;
    if (side === "local") {
      if (option === Opt.EOR) caps.eor = on;
      else if (option === Opt.SGA) caps.sga = on;
      else if (option === Opt.GMCP) caps.gmcp = on;
      // The table is sent once, and again on a later DO MSSP only after the resend interval.
      else if (option === Opt.MSSP && on && budget.sendMssp(this.#deps.now()))
        this.#sub(Opt.MSSP, encodeMssp(this.#deps.mssp()));
      // RFC 2066: once either side agrees, the server offers UTF-8 (once); the client answers ACCEPTED or REJECTED.
      else if (option === Opt.CHARSET && on && budget.requestCharset())
        this.#sub(Opt.CHARSET, Uint8Array.of(Sub.CHARSET_REQUEST, 0x3b, 85, 84, 70, 45, 56));
      // The stream ends before our WONT, so the WONT reaches the client plain.
      else if (option === Opt.COMPRESS2 && !on) this.#deps.compress?.(false);
    } else if (option === Opt.NAWS) caps.naws = on;
    else if (option === Opt.TTYPE && on) this.#askTtype();
  }

  #sub(option: number, payload: Uint8Array | string): void {
    this.#deps.write(encodeSubnegotiation(option, payload));
  }

  #askTtype(): void {
    if (this.#budget.sendTtype()) this.#sub(Opt.TTYPE, Uint8Array.of(Sub.SEND));
  }

  // MCCP2: `IAC SB COMPRESS2 IAC SE` goes out plain and every byte after it compressed.
  #startCompression(): void {
    if (this.#deps.mayCompress?.() === false) {
      this.#negotiator.request("local", Opt.COMPRESS2, false);
      return;
    }
    this.#compressionStarts++;
    this.#sub(Opt.COMPRESS2, new Uint8Array(0));
    this.#deps.compress?.(true);
  }

  #onTtype(data: Uint8Array): void {
    const caps = this.#caps;
    const name = parseTtypeIs(data);
    // Invariant: only answers to our own SENDs are read, so at most maxTtypeRounds names are ever kept.
    if (name === undefined || !this.#budget.ttypeAnswered()) return;
    caps.ttypeAnswered = true;
    const repeated = caps.ttypes.includes(name);
    if (!repeated) caps.ttypes.push(name);
    const mtts = parseMtts(name);
    if (mtts !== undefined) caps.mttsSeen = mtts;
    // MTTS: the client cycles name, terminal, "MTTS n"; a repeated answer ends the cycle.
    if (!repeated) this.#askTtype();
  }

  #onSubnegotiation(option: number, data: Uint8Array): void {
    const caps = this.#caps;
    if (option === Opt.NAWS && this.#negotiator.enabled("remote", Opt.NAWS)) {
      const size = parseNaws(data);
      if (!size || size.width === 0 || size.height === 0) return;
      if (size.width === caps.width && size.height === caps.height) return;
      caps.width = size.width;
      caps.height = size.height;
      this.#deps.resize(size.width, size.height);
    } else if (option === Opt.TTYPE) this.#onTtype(data);
    else if (option === Opt.CHARSET) this.#onCharset(data);
    else if (option === Opt.GMCP && caps.gmcp) {
      const msg = parseGmcp(data);
      if (!msg) return;
      applyGmcpFromClient(caps, msg.pkg, msg.data);
      this.#deps.gmcp(msg.pkg, msg.data);
    }
  }

  #onCharset(data: Uint8Array): void {
    if (data[0] === Sub.CHARSET_ACCEPTED) {
      this.#caps.charsetUtf8 = /^UTF-?8$/i.test(new TextDecoder("latin1").decode(data.subarray(1)));
      return;
    }
    const offered = parseCharsetRequest(data);
    if (offered === undefined || !this.#budget.answerCharset()) return;
    const reply = charsetReply(offered);
    if (reply.accepted) this.#caps.charsetUtf8 = true;
    this.#sub(Opt.CHARSET, reply.payload);
  }

  #admit(event: ProtocolEvent, option: number): boolean {
    return this.#deps.admit?.(event, option) ?? true;
  }

  #onEvent(event: TelnetEvent): void {
    switch (event.kind) {
      case "data":
        this.#lines.push(event.bytes);
        return;
      case "negotiate":
        if (!this.#admit("negotiate", event.option)) return;
        this.#snapshot = undefined;
        if (event.option === Opt.COMPRESS2) {
          const was = this.#negotiator.enabled("local", Opt.COMPRESS2);
          this.#negotiator.receive(event.verb, event.option);
          // Started after the negotiator's reply, so a WILL answering an unprompted DO stays outside the stream.
          if (!was && this.#negotiator.enabled("local", Opt.COMPRESS2)) this.#startCompression();
        } else this.#negotiator.receive(event.verb, event.option);
        return;
      case "subnegotiation":
        if (!this.#admit("subnegotiation", event.option)) return;
        this.#snapshot = undefined;
        this.#onSubnegotiation(event.option, event.data);
        return;
      case "subnegotiation-overflow":
        // An oversized subnegotiation is dropped, but it still counts.
        this.#admit("subnegotiation", event.option);
        return;
      case "command":
        // AYT, IP, NOP and the rest carry nothing for a MUSH, but they still count.
        this.#admit("command", event.command);
        return;
    }
  }
}
