/**
 * A small, typed command framework: each command declares its flags once; parsing, `--help`, `--json`,
 * "did you mean" errors and exit codes come from here, so every command behaves the same.
 * @module
 */
import { extname, resolve } from "node:path";
import { closest, fileSystemError, InvalidInputError, UsageError, YomikaiError } from "../core/errors.js";
import { checkOutputPath } from "../core/outputPath.js";
import { createCliProgress, type OnProgress } from "../core/progress.js";

/** One flag of a command. Names are kebab-case without dashes (`"max-tokens"`). */
export type FlagSpec =
  | {
      type: "string";
      description: string;
      default?: string;
      choices?: readonly string[];
      required?: boolean;
      placeholder?: string;
      short?: string;
    }
  | {
      type: "number";
      description: string;
      default?: number;
      integer?: boolean;
      min?: number;
      max?: number;
      /** `min` itself is refused (values must be greater), as in a `NumberLimit`. */
      exclusiveMin?: boolean;
      required?: boolean;
      placeholder?: string;
      short?: string;
    }
  | { type: "boolean"; description: string; default?: boolean; short?: string }
  | { type: "strings"; description: string; default?: readonly string[]; placeholder?: string; short?: string };

export type FlagSpecs = Record<string, FlagSpec>;

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

type FlagValue<F extends FlagSpec> = F extends { type: "string" }
  ? F extends { default: string } | { required: true }
    ? string
    : string | undefined
  : F extends { type: "number" }
    ? F extends { default: number } | { required: true }
      ? number
      : number | undefined
    : F extends { type: "boolean" }
      ? boolean
      : readonly string[];

/** Parsed flag values, keyed by camelCase name, typed from the specs. */
export type ParsedFlags<F extends FlagSpecs> = { [K in keyof F & string as CamelCase<K>]: FlagValue<F[K]> } & {
  json: boolean;
};

/** What a command's `run` receives. */
export interface CommandContext<F extends FlagSpecs> {
  flags: ParsedFlags<F>;
  /** Positional arguments after the command path. */
  args: string[];
  /** A progress renderer: a bar on stderr, silent under `--json`. */
  progress: OnProgress;
  /** Writes a line to stdout. */
  print(text: string): void;
  /** Writes a line to stderr (status, warnings): never mixed into `--json` output. */
  log(text: string): void;
  /** Prints `value` as JSON on stdout. */
  printJson(value: unknown): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** A command, or a group of commands (`go attack`, `plan frontier`). */
export interface Command<F extends FlagSpecs = FlagSpecs> {
  name: string;
  /** One line for listings. */
  summary: string;
  /** Longer help text (optional). */
  description?: string;
  /** Usage line after `yomikai <path>`, e.g. `"--model M --prompt TEXT"`. */
  usage?: string;
  flags?: F;
  /** Names of positional arguments, for help; extra positionals are an error unless `variadic`. */
  positionals?: { name: string; description: string; required?: boolean; variadic?: boolean }[];
  /** Worked examples shown in `--help`. */
  examples?: string[];
  /** Doc page, e.g. `"docs/inference-planner.md"`. */
  docs?: string;
  subcommands?: Command<any>[];
  /** Returns the exit code (default 0). Absent for pure groups. */
  run?(ctx: CommandContext<F>): Promise<number | undefined> | Promise<void>;
}

/** Quotes an argument for a POSIX shell when it needs it (for the ready-to-run command lines we print). */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * Checks an output file flag before any work starts: its extension when `format` is given (exit 2),
 * then the path (see {@link checkOutputPath}: not a folder, its folder writable or creatable, not on a
 * kernel pseudo-filesystem; exit 1). Returns `path` unchanged.
 */
export function outputFile(path: string, flag = "--out", format?: { extension: string; what: string }): string {
  if (format && extname(path).toLowerCase() !== format.extension)
    throw new UsageError(
      `${flag} must be a ${format.extension} file (${format.what} is written as ${format.extension.slice(1).toUpperCase()}); got "${path}".`,
    );
  return checkOutputPath(path, { kind: "file", flag });
}

/** Checks an output folder flag before any work starts (created later by the writer); returns the absolute path. */
export function outputFolder(path: string, flag = "--out"): string {
  return resolve(checkOutputPath(path, { kind: "folder", flag }));
}

/**
 * Runs a check or parse of a flag's value that the library does (a mesh, a model name): the library's
 * {@link InvalidInputError} becomes a {@link UsageError}, so a bad value exits 2 like any wrong command line.
 * Errors about files the value names (a missing or malformed JSON file) keep their own exit code.
 */
export function flagValue<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InvalidInputError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}

/** Declares a command with typed flags. */
export function defineCommand<const F extends FlagSpecs>(command: Command<F> & { flags?: F }): Command<F> {
  return command;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const JSON_FLAG: FlagSpec = { type: "boolean", description: "Machine-readable JSON on stdout (progress and logs stay on stderr)." };
const HELP_FLAG: FlagSpec = { type: "boolean", description: "Show this help.", short: "h" };

function allFlags(command: Command<any>): FlagSpecs {
  return { ...(command.flags ?? {}), json: command.flags?.json ?? JSON_FLAG, help: HELP_FLAG };
}

/** Parses `argv` (after the command path) against the command's flags. */
export function parseFlags(
  command: Command<any>,
  argv: string[],
  path: string,
): { flags: Record<string, unknown>; args: string[]; help: boolean } {
  const specs = allFlags(command);
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);
  const values: Record<string, unknown> = {};
  const args: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (onlyPositionals || !token.startsWith("-") || token === "-" || /^-\d/.test(token)) {
      args.push(token);
      continue;
    }
    if (token === "--") {
      onlyPositionals = true;
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
      inline = eq >= 0 ? token.slice(eq + 1) : undefined;
    } else {
      const short = token.slice(1);
      const long = byShort.get(short);
      if (!long) throw new UsageError(`Unknown flag ${token} for "${path}". Run "${path} --help" for its flags.`);
      name = long;
    }
    let spec = specs[name];
    let negated = false;
    if (!spec && name.startsWith("no-") && specs[name.slice(3)]?.type === "boolean") {
      spec = specs[name.slice(3)];
      name = name.slice(3);
      negated = true;
    }
    if (!spec) {
      const guess = closest(name, Object.keys(specs));
      throw new UsageError(
        `Unknown flag --${name} for "${path}"${guess ? ` (did you mean --${guess}?)` : ""}. Run "${path} --help" for its flags.`,
      );
    }
    if (spec.type === "boolean") {
      if (inline !== undefined && !/^(true|false|1|0)$/.test(inline)) throw new UsageError(`--${name} takes no value (got "${inline}").`);
      values[name] = negated ? false : inline === undefined ? true : inline === "true" || inline === "1";
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2))
        throw new UsageError(`--${name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ""}.`);
      raw = next;
      i++;
    }
    values[name] = convert(name, spec, raw, values[name]);
  }
  const help = values.help === true;
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (name === "help") continue;
    let v = values[name];
    if (v === undefined) {
      if ("required" in spec && spec.required && !help) throw new UsageError(`Missing --${name}: ${spec.description}`);
      v = spec.default ?? (spec.type === "boolean" ? false : spec.type === "strings" ? [] : undefined);
    }
    flags[camel(name)] = v;
  }
  const maxPositionals = command.positionals?.some((p) => p.variadic) ? Number.POSITIVE_INFINITY : (command.positionals?.length ?? 0);
  if (!help && args.length > maxPositionals) {
    const extra = args[maxPositionals] as string;
    const subs = command.subcommands?.map((s) => s.name) ?? [];
    const guess = subs.length ? closest(extra, subs) : undefined;
    throw new UsageError(
      guess
        ? `Unknown command "${path} ${extra}" (did you mean "${path} ${guess}"?).`
        : `Unexpected argument "${extra}" for "${path}". Run "${path} --help" for usage.`,
    );
  }
  const missing = command.positionals?.filter((p, i) => p.required && args[i] === undefined) ?? [];
  if (!help && missing.length) throw new UsageError(`Missing <${missing[0]?.name}>: ${missing[0]?.description}`);
  return { flags, args, help };
}

function convert(name: string, spec: FlagSpec, raw: string, previous: unknown): unknown {
  switch (spec.type) {
    case "string":
      if (spec.choices && !spec.choices.includes(raw)) {
        const guess = closest(raw, spec.choices);
        throw new UsageError(
          `--${name} must be one of ${spec.choices.join(", ")}; got "${raw}"${guess ? ` (did you mean "${guess}"?)` : ""}.`,
        );
      }
      return raw;
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} needs a number; got "${raw}".`);
      if (spec.integer && !Number.isInteger(n)) throw new UsageError(`--${name} needs a whole number; got "${raw}".`);
      if (spec.min !== undefined && spec.exclusiveMin && n <= spec.min)
        throw new UsageError(`--${name} must be > ${spec.min}, got ${raw}.`);
      if (spec.min !== undefined && n < spec.min) throw new UsageError(`--${name} must be at least ${spec.min}; got ${raw}.`);
      if (spec.max !== undefined && n > spec.max) throw new UsageError(`--${name} must be at most ${spec.max}; got ${raw}.`);
      return n;
    }
    case "strings":
      return [...((previous as string[] | undefined) ?? []), ...raw.split(",").filter(Boolean)];
    default:
      return raw;
  }
}

function flagLine(name: string, spec: FlagSpec): [string, string] {
  const left = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.type === "boolean" ? "" : ` ${"placeholder" in spec && spec.placeholder ? spec.placeholder : spec.type === "number" ? "N" : spec.type === "strings" ? "A,B" : "TEXT"}`}`;
  let right = spec.description;
  if ("choices" in spec && spec.choices) right += ` One of: ${spec.choices.join(", ")}.`;
  if (spec.default !== undefined && spec.default !== false && !(Array.isArray(spec.default) && spec.default.length === 0))
    right += ` Default: ${Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default)}.`;
  if ("required" in spec && spec.required) right += " Required.";
  return [left, right];
}

/** The `--help` text of a command. */
export function renderHelp(command: Command<any>, path: string): string {
  const lines: string[] = [];
  lines.push(`${path}${command.usage ? ` ${command.usage}` : ""}`, "", command.summary);
  if (command.description) lines.push("", command.description);
  if (command.subcommands?.length) {
    lines.push("", "Commands:");
    const w = Math.max(...command.subcommands.map((s) => s.name.length));
    for (const s of command.subcommands) lines.push(`  ${s.name.padEnd(w)}  ${s.summary}`);
  }
  if (command.positionals?.length) {
    lines.push("", "Arguments:");
    for (const p of command.positionals) lines.push(`  <${p.name}>${p.variadic ? "..." : ""}  ${p.description}`);
  }
  const specs = allFlags(command);
  const rows = Object.entries(specs).map(([n, s]) => flagLine(n, s));
  if (rows.length) {
    lines.push("", "Flags:");
    const w = Math.min(34, Math.max(...rows.map((r) => r[0].length)));
    for (const [l, r] of rows) lines.push(l.length > w ? `  ${l}\n  ${" ".repeat(w)}  ${r}` : `  ${l.padEnd(w)}  ${r}`);
  }
  if (command.examples?.length) {
    lines.push("", "Examples:");
    for (const e of command.examples) lines.push(`  ${e}`);
  }
  if (command.docs) lines.push("", `Docs: ${command.docs}`);
  return `${lines.join("\n")}\n`;
}

/** Resolves the command path in `argv` (`["go", "attack", "--size", "9"]`) to a command and the rest. */
export function resolveCommand(root: Command<any>, argv: string[]): { command: Command<any>; path: string; rest: string[] } {
  let command = root;
  let path = root.name;
  let i = 0;
  while (i < argv.length && command.subcommands?.length) {
    const token = argv[i] as string;
    if (token.startsWith("-")) break;
    const next = command.subcommands.find((s) => s.name === token);
    if (!next) {
      if (command.run && command.positionals?.length) break;
      const guess = closest(
        token,
        command.subcommands.map((s) => s.name),
      );
      throw new UsageError(
        `Unknown command "${path} ${token}"${guess ? ` (did you mean "${path} ${guess}"?)` : ""}. Run "${path} --help" for the list.`,
      );
    }
    command = next;
    path = `${path} ${token}`;
    i++;
  }
  return { command, path, rest: argv.slice(i) };
}

/** Runs a command line against the tree under `root`. Returns the exit code; never throws for user errors. */
export async function runCli(
  root: Command<any>,
  argv: string[],
  io: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  // First Ctrl-C aborts the running command (it finishes cleanly and exits 130); a second one exits at
  // once. The listener stays for the whole run: some native libraries re-raise SIGINT when they see no
  // listener, which would kill the process without a word.
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const { command, path, rest } = resolveCommand(root, argv);
    const { flags, args, help } = parseFlags(command, rest, path);
    if (help || !command.run) {
      stdout.write(renderHelp(command, path));
      return help || command === root ? 0 : 2;
    }
    const json = flags.json === true;
    const ctx: CommandContext<any> = {
      flags: flags as ParsedFlags<any>,
      args,
      progress: createCliProgress({ stream: stderr, silent: json }),
      print: (text) => stdout.write(`${text}\n`),
      log: (text) => stderr.write(`${text}\n`),
      printJson: (value) => stdout.write(`${JSON.stringify(value, null, 2)}\n`),
      signal: controller.signal,
    };
    const code = await command.run(ctx);
    return typeof code === "number" ? code : 0;
  } catch (err) {
    const known = err instanceof YomikaiError ? err : fileSystemError(err);
    if (known) {
      stderr.write(`yomikai: ${known.message}\n`);
      if (process.env.YOMIKAI_DEBUG && known.cause) stderr.write(`${(known.cause as Error)?.stack ?? String(known.cause)}\n`);
      return known.exitCode;
    }
    stderr.write(`yomikai: internal error — please report it with the command you ran.\n${(err as Error)?.stack ?? String(err)}\n`);
    return 70;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}
