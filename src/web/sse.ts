/**
 * Server-sent events for long jobs: a page opens `new EventSource(url)` (or the shared script's
 * `stream()`), the server sends `progress` events while the job runs and one `result` or `error` event
 * at the end. Raw page endpoints use {@link sendEvents}.
 * @module
 */
import type { ServerResponse } from "node:http";
import { userMessage } from "../core/errors.js";

/** An open event stream. */
export interface EventStream {
  /** Sends one event; `data` is sent as JSON. Does nothing once the client has gone. */
  send(event: string, data: unknown): void;
  /** Ends the stream. */
  close(): void;
  /** True once the client disconnected or {@link close} was called. */
  readonly closed: boolean;
}

/** Starts a `text/event-stream` answer on `res`. */
export function sendEvents(res: ServerResponse): EventStream {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-accel-buffering": "no",
  });
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  return {
    send(event, data) {
      if (closed) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      res.end();
    },
    get closed() {
      return closed;
    },
  };
}

/**
 * Runs `job` and streams it: each `progress(value)` call becomes a `progress` event, the returned value a
 * `result` event, a user error an `error` event with its one-line message.
 */
export async function streamJob<T>(res: ServerResponse, job: (progress: (value: unknown) => void) => Promise<T>): Promise<void> {
  const events = sendEvents(res);
  try {
    const result = await job((value) => events.send("progress", value));
    events.send("result", result);
  } catch (err) {
    const message = userMessage(err);
    if (message === null) process.stderr.write(`yomikai serve: internal error in a stream: ${(err as Error)?.stack ?? String(err)}\n`);
    events.send("error", { error: message ?? "Internal error; see the server log." });
  } finally {
    events.close();
  }
}
