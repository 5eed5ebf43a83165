/**
 * How often a session answers the client with more bytes than the client sent. Each answer here is a
 * subnegotiation the server writes in reply to a few bytes of negotiation, so a client toggling an option
 * could otherwise farm them (RFC 1143 bounds only the WILL/WONT/DO/DONT replies themselves).
 */
export interface ReplyLimits {
  /** TTYPE SENDs per connection: MTTS needs three rounds, and a repeated name ends the cycle. */
  readonly maxTtypeRounds: number;
  /** The MSSP table goes out on the first DO MSSP; a later DO MSSP gets it again only after this long. */
  readonly msspResendMs: number;
  /** CHARSET REQUESTs from the client that are answered; later ones are ignored. */
  readonly maxCharsetReplies: number;
}

/** The defaults: generous for every client seen, fixed per connection. */
export const defaultReplyLimits: ReplyLimits = {
  maxTtypeRounds: 6,
  msspResendMs: 60_000,
  maxCharsetReplies: 4,
};

/** One connection's reply allowance. */
export interface ReplyBudget {
  /** True (and counted) when another TTYPE SEND may go out. */
  sendTtype(): boolean;
  /** True when a TTYPE IS answers a SEND still outstanding; it takes that SEND off. Unsolicited ones are false. */
  ttypeAnswered(): boolean;
  /** True (and noted) when the MSSP table may go out at `now`. */
  sendMssp(now: number): boolean;
  /** True (and noted) the first time only: the server's own CHARSET REQUEST. */
  requestCharset(): boolean;
  /** True (and counted) while client CHARSET REQUESTs are still answered. */
  answerCharset(): boolean;
}

/** Creates a fresh allowance. */
export function createReplyBudget(limits: ReplyLimits = defaultReplyLimits): ReplyBudget {
  return new Budget(limits);
}

// A class, not a closure per method: every connection holds one budget for its life, so its methods are shared.
class Budget implements ReplyBudget {
  readonly #limits: ReplyLimits;
  #ttypeSent = 0;
  #ttypeOutstanding = 0;
  #msspSentAt: number | undefined;
  #charsetRequested = false;
  #charsetAnswers = 0;

  constructor(limits: ReplyLimits) {
    this.#limits = limits;
  }

  sendTtype(): boolean {
    if (this.#ttypeSent >= this.#limits.maxTtypeRounds) return false;
    this.#ttypeSent++;
    this.#ttypeOutstanding++;
    return true;
  }

  ttypeAnswered(): boolean {
    if (this.#ttypeOutstanding === 0) return false;
    this.#ttypeOutstanding--;
    return true;
  }

  sendMssp(now: number): boolean {
    if (this.#msspSentAt !== undefined && now - this.#msspSentAt < this.#limits.msspResendMs) return false;
    this.#msspSentAt = now;
    return true;
  }

  requestCharset(): boolean {
    if (this.#charsetRequested) return false;
    this.#charsetRequested = true;
    return true;
  }

  answerCharset(): boolean {
    if (this.#charsetAnswers >= this.#limits.maxCharsetReplies) return false;
    this.#charsetAnswers++;
    return true;
  }
}
