/**
 * Streams lines into a temporary file beside the target and renames it into place at the end, so a
 * large JSONL output is never seen half-written (the core's `writeFileAtomic` needs the whole text).
 * @module
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { makeFolder, tempPathFor, trackTemp, YomikaiError } from "../../core/index.js";

/** An open atomic line writer. */
export class AtomicLineWriter {
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly stream: WriteStream,
    private readonly untrack: () => void,
  ) {}

  /** Opens a writer for `path` (creates the folder). */
  static async open(path: string): Promise<AtomicLineWriter> {
    makeFolder(dirname(path));
    const tmp = tempPathFor(path);
    const untrack = trackTemp(tmp);
    const stream = createWriteStream(tmp, { highWaterMark: 1 << 20 });
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", (err) => {
        untrack();
        reject(
          new YomikaiError(
            `Cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? err.message}): check that the folder is writable.`,
            { cause: err },
          ),
        );
      });
    });
    return new AtomicLineWriter(path, tmp, stream, untrack);
  }

  /** Writes one line (a newline is added); waits when the buffer is full. */
  async write(line: string): Promise<void> {
    if (!this.stream.write(`${line}\n`)) await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()));
  }

  /** Flushes, fsyncs and renames into place. */
  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    try {
      const fh = await open(this.tmp, "r+");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(this.tmp, this.path);
    } catch (err) {
      await rm(this.tmp, { force: true });
      throw new YomikaiError(`Cannot write ${this.path} (${(err as NodeJS.ErrnoException).code ?? err}).`, { cause: err });
    } finally {
      this.untrack();
    }
  }

  /** Drops the temporary file (the target is left untouched). */
  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
    this.untrack();
  }
}
