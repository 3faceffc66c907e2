/**
 * Entry of one attack worker process (forked by `attackWorkers.ts`): plays the games it is sent with
 * {@link playAttackGame} and reports moves and finished games over IPC.
 * @module
 */
import { YomikaiError } from "../../core/index.js";
import { playAttackGame } from "./attack.js";
import type { WorkerReply, WorkerRequest } from "./attackWorkers.js";
import { GtpFailure } from "./GtpEngine.js";

const send = (msg: WorkerReply) => process.send?.(msg);

// The parent gone (or done): exit; the engines see their stdin close and exit too.
process.on("disconnect", () => process.exit(0));
process.on("message", (msg: WorkerRequest) => {
  if (msg.type === "stop") {
    process.exit(0);
  }
  playAttackGame(msg.resolved, msg.index, { onMove: (event) => send({ type: "move", event }) }).then(
    (game) => send({ type: "game", index: msg.index, game }),
    (err: Error) =>
      send({
        type: "error",
        index: msg.index,
        name: err.name,
        message: err.message,
        ...(err instanceof GtpFailure ? { reason: err.reason } : {}),
        ...(err instanceof YomikaiError ? { exitCode: err.exitCode } : {}),
      }),
  );
});
