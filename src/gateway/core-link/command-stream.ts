import { create } from "@bufbuild/protobuf";
import { type CallOptions, type Client, Code, ConnectError } from "@connectrpc/connect";
import {
  type CommandsRequest,
  CommandsRequestSchema,
  type CoreService,
  type HandleCommandResponse,
  HandleCommandResponseSchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import { describeError } from "#shared/errors/holo-error.ts";

/** A CoreService client whose HandleCommand calls travel on one Commands stream. */
export interface CommandStreamClient extends Disposable {
  readonly client: Client<typeof CoreService>;
}

interface Waiting {
  readonly resolve: (response: HandleCommandResponse) => void;
  readonly reject: (error: unknown) => void;
}

interface OpenStream {
  readonly push: (request: CommandsRequest) => void;
  readonly end: () => void;
  readonly waiting: Map<bigint, Waiting>;
  readonly abort: AbortController;
}

/**
 * Wraps `client` so that handleCommand sends each command on one long-lived Commands stream, opened at the
 * first command and again after a failure, and answers it from the response with its id. Every other method
 * is the client's own. A unary call per command cost the gateway about 15 % of its CPU under closed-loop load.
 * Invariant: when the stream fails, every command waiting on it fails as Unavailable, which the command
 * sender resends with its number; the core applies each number once, so nothing runs twice.
 */
export function createCommandStream(client: Client<typeof CoreService>): CommandStreamClient {
  let open: OpenStream | undefined;
  let nextId = 1n;

  const start = (): OpenStream => {
    const queue: CommandsRequest[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    async function* requests(): AsyncGenerator<CommandsRequest> {
      for (;;) {
        while (queue.length > 0) yield queue.shift() as CommandsRequest;
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
    const stream: OpenStream = {
      push: (request) => {
        queue.push(request);
        notify();
      },
      end: () => {
        ended = true;
        notify();
      },
      waiting: new Map(),
      abort: new AbortController(),
    };
    const fail = (error: unknown) => {
      if (open === stream) open = undefined;
      stream.end();
      const failure = new ConnectError(
        `The command stream to the core failed: ${describeError(error)}`,
        Code.Unavailable,
      );
      for (const w of stream.waiting.values()) w.reject(failure);
      stream.waiting.clear();
    };
    const read = async () => {
      try {
        for await (const res of client.commands(requests(), { signal: stream.abort.signal })) {
          const w = stream.waiting.get(res.id);
          if (!w) continue;
          stream.waiting.delete(res.id);
          if (res.errorCode !== 0) w.reject(new ConnectError(res.errorMessage, res.errorCode as Code));
          else w.resolve(res.result ?? create(HandleCommandResponseSchema));
        }
        fail(new Error("the stream ended"));
      } catch (error) {
        fail(error);
      }
    };
    void read();
    return stream;
  };

  const handleCommand = (
    command: Parameters<Client<typeof CoreService>["handleCommand"]>[0],
    options?: CallOptions,
  ): Promise<HandleCommandResponse> => {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    open ??= start();
    const stream = open;
    const id = nextId++;
    return new Promise<HandleCommandResponse>((resolve, reject) => {
      // The caller stopped waiting: its answer, when it comes, is dropped.
      const onAbort = () => {
        if (stream.waiting.delete(id)) reject(signal?.reason);
      };
      const settled = () => signal?.removeEventListener("abort", onAbort);
      stream.waiting.set(id, {
        resolve: (response) => {
          settled();
          resolve(response);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      stream.push(create(CommandsRequestSchema, { id, command }));
    });
  };

  return {
    client: { ...client, handleCommand },
    [Symbol.dispose]() {
      open?.abort.abort();
      open = undefined;
    },
  };
}
