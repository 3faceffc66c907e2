/**
 * Parallel attack games: {@link runInWorkers} forks worker processes (`attackWorker`), hands each the
 * next game number, and collects the finished games. Each game is played by {@link playAttackGame} with
 * its own seeded engines, so the games are the same as in a serial run.
 * @module
 */
import { type ChildProcess, fork } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { AbortedError, YomikaiError } from "../../core/index.js";
import type { AttackGame, AttackMoveEvent, ResolvedAttack } from "./attack.js";
import { GtpFailure, type GtpFailureReason } from "./GtpEngine.js";

/** Parent → worker. */
export type WorkerRequest = { type: "game"; resolved: ResolvedAttack; index: number } | { type: "stop" };
/** Worker → parent. */
export type WorkerReply =
  | { type: "move"; event: AttackMoveEvent }
  | { type: "game"; index: number; game: AttackGame }
  | { type: "error"; index: number; message: string; name: string; reason?: GtpFailureReason; exitCode?: number };

/** The worker's entry file beside this one (`.ts` under tsx, `.js` when built). */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/attackWorkers(\.[cm]?[jt]s)$/, `attackWorker${extname(here)}`);
}

/** Plays the games `indices` (0-based) in `n` worker processes; `onGame` gets each game as it finishes. */
export async function runInWorkers(
  resolved: ResolvedAttack,
  indices: readonly number[],
  n: number,
  hooks: { onMove?: (e: AttackMoveEvent) => void; onGame: (g: AttackGame) => Promise<void>; signal?: AbortSignal },
): Promise<void> {
  const queue = [...indices];
  const workers: ChildProcess[] = [];
  let failure: Error | null = null;
  const stopAll = () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGTERM");
  };
  const onAbort = () => {
    failure ??= new AbortedError();
    stopAll();
  };
  hooks.signal?.addEventListener("abort", onAbort, { once: true });
  const runWorker = () =>
    new Promise<void>((resolve) => {
      // Own process group: Ctrl-C reaches the parent, which stops the workers; a game cut short is never sent.
      const child = fork(workerPath(), [], { stdio: ["ignore", "ignore", "inherit", "ipc"], detached: true });
      workers.push(child);
      let current: number | undefined;
      let chain = Promise.resolve();
      const next = () => {
        const index = failure ? undefined : queue.shift();
        current = index;
        if (index === undefined) child.send({ type: "stop" } satisfies WorkerRequest);
        else child.send({ type: "game", resolved, index } satisfies WorkerRequest);
      };
      child.on("message", (msg: WorkerReply) => {
        if (msg.type === "move") hooks.onMove?.(msg.event);
        else if (msg.type === "game") {
          chain = chain
            .then(() => hooks.onGame(msg.game))
            .then(next, (err: Error) => {
              failure ??= err;
              next();
            });
        } else {
          failure ??=
            msg.reason !== undefined
              ? new GtpFailure(msg.reason, msg.message)
              : new YomikaiError(msg.message, msg.exitCode !== undefined ? { exitCode: msg.exitCode } : {});
          stopAll();
        }
      });
      child.on("exit", (code, signal) => {
        if (current !== undefined && !failure)
          failure = new YomikaiError(`An attack worker stopped while playing game ${current + 1} (${signal ?? `exit code ${code}`}).`);
        void chain.then(() => resolve());
      });
      next();
    });
  try {
    await Promise.all(Array.from({ length: n }, runWorker));
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
    stopAll();
  }
  if (failure) throw failure;
}
