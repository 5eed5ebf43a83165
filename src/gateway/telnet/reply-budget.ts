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
  let ttypeSent = 0;
  let ttypeOutstanding = 0;
  let msspSentAt: number | undefined;
  let charsetRequested = false;
  let charsetAnswers = 0;
  return {
    sendTtype() {
      if (ttypeSent >= limits.maxTtypeRounds) return false;
      ttypeSent++;
      ttypeOutstanding++;
      return true;
    },
    ttypeAnswered() {
      if (ttypeOutstanding === 0) return false;
      ttypeOutstanding--;
      return true;
    },
    sendMssp(now) {
      if (msspSentAt !== undefined && now - msspSentAt < limits.msspResendMs) return false;
      msspSentAt = now;
      return true;
    },
    requestCharset() {
      if (charsetRequested) return false;
      charsetRequested = true;
      return true;
    },
    answerCharset() {
      if (charsetAnswers >= limits.maxCharsetReplies) return false;
      charsetAnswers++;
      return true;
    },
  };
}
