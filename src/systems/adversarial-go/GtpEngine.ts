/**
 * A GTP (Go Text Protocol v2) client: spawns an engine command, sends one command at a time with a
 * timeout, and turns a crash, a hang or a protocol error into a {@link GtpFailure} with a reason, so a
 * match can end that game and go on.
 * @module
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { ExternalError, InvalidInputError } from "../../core/index.js";

/** Why a GTP engine failed. */
export type GtpFailureReason = "not-found" | "crashed" | "timeout" | "refused" | "illegal-move" | "protocol";

/** An engine that failed: crashed, hung, refused a command, or answered an illegal move. */
export class GtpFailure extends ExternalError {
  readonly reason: GtpFailureReason;
  constructor(reason: GtpFailureReason, message: string) {
    super(message);
    this.name = "GtpFailure";
    this.reason = reason;
  }
}

/** Splits a command line into words, honouring single and double quotes and backslash escapes. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < command.length) cur += command[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (ch === "\\" && i + 1 < command.length) {
      cur += command[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) words.push(cur);
      cur = "";
      has = false;
    } else cur += ch;
  }
  if (quote) throw new InvalidInputError(`Unbalanced ${quote} quote in engine command: ${command}`);
  if (has || cur) words.push(cur);
  return words;
}

/** Options of {@link GtpEngine.start}. */
export interface GtpEngineOptions {
  /** Default per-command timeout in milliseconds. Defaults to `30000`. */
  timeoutMs?: number;
  /** Timeout for the engine's first answer (start-up). Defaults to `20000`. */
  startTimeoutMs?: number;
  /** Working directory. */
  cwd?: string;
}

/** One running GTP engine process. */
export class GtpEngine {
  readonly command: string;
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = "";
  private pending: { resolve: (s: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  private exited: string | null = null;
  private stderrTail = "";
  private readonly timeoutMs: number;
  private commands: Set<string> | null = null;
  /** True until the engine's first answer: a non-GTP line then fails at once instead of at the timeout. */
  private starting = true;

  private constructor(command: string, child: ChildProcessWithoutNullStreams, timeoutMs: number) {
    this.command = command;
    this.child = child;
    this.timeoutMs = timeoutMs;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      this.buffer += d;
      this.drain();
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-400);
    });
    child.stdin.on("error", () => {});
    child.on("error", () => {});
    child.on("exit", (code, sig) => {
      this.exited = sig ? `killed by ${sig}` : `exit code ${code}`;
      const p = this.pending;
      if (p) {
        this.pending = null;
        clearTimeout(p.timer);
        p.reject(
          new GtpFailure(
            "crashed",
            `GTP engine "${this.command}" stopped (${this.exited})${this.stderrTail ? `: ${this.stderrTail.trim().split("\n").pop()}` : ""}.`,
          ),
        );
      }
    });
  }

  /**
   * Starts `command` (a shell-like command line, no shell) and checks that it speaks GTP. Throws a
   * {@link GtpFailure} with reason `not-found` when the program does not exist.
   */
  static async start(command: string, options: GtpEngineOptions = {}): Promise<GtpEngine> {
    const words = splitCommand(command);
    const program = words[0];
    if (!program) throw new InvalidInputError('Empty engine command: give a GTP engine command line, e.g. "/usr/games/gnugo --mode gtp".');
    if (program.includes("/") && !existsSync(program)) {
      throw new GtpFailure(
        "not-found",
        `GTP engine not found: ${program}. Check the path (GNU Go is /usr/games/gnugo: apt-get install gnugo).`,
      );
    }
    // Its own process group: a Ctrl-C in the terminal reaches yomikai (which cancels cleanly and closes the
    // engine), not the engine, so an interrupted game is never recorded as the engine crashing.
    const child = spawn(program, words.slice(1), { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const spawnError = new Promise<never>((_, reject) =>
      child.once("error", (err: NodeJS.ErrnoException) => {
        reject(
          err.code === "ENOENT"
            ? new GtpFailure(
                "not-found",
                `GTP engine not found: "${program}" is not on PATH. Give the full path (GNU Go is /usr/games/gnugo: apt-get install gnugo).`,
              )
            : new GtpFailure("crashed", `Could not start GTP engine "${command}": ${err.message}`),
        );
      }),
    );
    const engine = new GtpEngine(command, child, options.timeoutMs ?? 30_000);
    try {
      await Promise.race([engine.send("protocol_version", options.startTimeoutMs ?? 20_000), spawnError]);
    } catch (err) {
      if (err instanceof GtpFailure && err.reason === "refused") return engine; // GTP v1 engines
      engine.kill();
      // A spawn error leaves protocol_version pending: drop its timer, or it holds the process open.
      if (engine.pending) {
        clearTimeout(engine.pending.timer);
        engine.pending = null;
      }
      if (err instanceof GtpFailure && (err.reason === "crashed" || err.reason === "timeout" || err.reason === "protocol")) {
        // Say why the command is probably not a GTP engine, in the same one line.
        throw new GtpFailure(
          err.reason,
          `${err.message.replace(/\.$/, "")}; it does not look like a GTP engine: give the command line that starts its GTP mode (GNU Go: "/usr/games/gnugo --mode gtp").`,
        );
      }
      throw err;
    } finally {
      engine.starting = false;
    }
    return engine;
  }

  private drain(): void {
    if (this.starting && this.pending) {
      // GTP answers start with "=" or "?": any other first line means this is not a GTP engine (e.g.
      // `cat` echoes the command, GNU Go without --mode gtp prints a board).
      const first = this.buffer
        .replace(/\r/g, "")
        .split("\n")
        .slice(0, -1)
        .find((l) => l.trim() !== "");
      if (first !== undefined && !/^\s*[=?]/.test(first)) {
        const p = this.pending;
        this.pending = null;
        clearTimeout(p.timer);
        this.buffer = "";
        p.reject(
          new GtpFailure("protocol", `GTP engine "${this.command}" answered "protocol_version" with "${first.trim().slice(0, 60)}"`),
        );
        return;
      }
    }
    // A response ends with an empty line.
    const text = this.buffer.replace(/\r/g, "");
    const end = text.search(/\n\n/);
    if (end < 0) return;
    const raw = text.slice(0, end);
    this.buffer = text.slice(end + 2);
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    const body = raw.replace(/^\s+/, "");
    if (body.startsWith("=")) p.resolve(body.replace(/^=\d*\s?/, "").trim());
    else if (body.startsWith("?"))
      p.reject(new GtpFailure("refused", `GTP engine refused the command: ${body.replace(/^\?\d*\s?/, "").trim()}`));
    else p.reject(new GtpFailure("protocol", `GTP engine sent a malformed response: ${body.slice(0, 80)}`));
    if (this.buffer.includes("\n\n")) this.drain();
  }

  /** Sends one command and resolves with the response text (without `=`). */
  send(command: string, timeoutMs = this.timeoutMs): Promise<string> {
    if (this.exited) return Promise.reject(new GtpFailure("crashed", `GTP engine "${this.command}" is not running (${this.exited}).`));
    if (this.pending) return Promise.reject(new GtpFailure("protocol", "GTP commands must be sent one at a time."));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        this.kill();
        reject(new GtpFailure("timeout", `GTP engine "${this.command}" did not answer "${command}" within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending = { resolve, reject, timer };
      this.child.stdin.write(`${command}\n`);
    });
  }

  /** Whether the engine lists `name` in `list_commands` (asked once). */
  async supports(name: string): Promise<boolean> {
    if (!this.commands) {
      try {
        this.commands = new Set((await this.send("list_commands")).split(/\s+/));
      } catch (err) {
        if (err instanceof GtpFailure && err.reason === "refused") this.commands = new Set();
        else throw err;
      }
    }
    return this.commands.has(name);
  }

  /** True while the process runs. */
  get alive(): boolean {
    return this.exited === null;
  }

  /** Kills the process at once. */
  kill(): void {
    if (this.exited === null) this.child.kill("SIGKILL");
  }

  /** Sends `quit` (briefly) and then makes sure the process is gone. */
  async close(): Promise<void> {
    if (this.exited !== null) return;
    try {
      await this.send("quit", 2000);
    } catch {
      // already dead or hung: killed below
    }
    this.kill();
  }
}
