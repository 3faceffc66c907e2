import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { createCliProgress, ProgressEmitter, type ProgressEvent, progressTask } from "./progress.js";

describe("progress", () => {
  test("progressTask emits start, monotone steps and done", () => {
    const events: ProgressEvent[] = [];
    const p = progressTask((e) => events.push(e), "games", 3);
    p.tick();
    p.set(1); // never goes backwards
    p.tick(2);
    p.done();
    assert.equal(events[0]?.kind, "start");
    const steps = events.filter((e) => e.kind === "step").map((e) => (e as { done: number }).done);
    assert.deepEqual(steps, [1, 1, 3]);
    assert.equal(events.at(-1)?.kind, "done");
  });

  test("ProgressEmitter fans out to subscribers and unsubscribes", () => {
    const emitter = new ProgressEmitter();
    const a: string[] = [];
    const off = emitter.on((e) => a.push(e.kind));
    emitter.callback({ kind: "done", label: "x" });
    off();
    emitter.emit({ kind: "done", label: "x" });
    assert.deepEqual(a, ["done"]);
  });

  test("the CLI renderer is silent under --json and line-based off a TTY", () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d) => (text += d));
    const silent = createCliProgress({ stream: out as unknown as NodeJS.WriteStream, silent: true });
    silent({ kind: "start", label: "x", total: 2 });
    assert.equal(text, "");
    const render = createCliProgress({ stream: out as unknown as NodeJS.WriteStream });
    render({ kind: "start", label: "games", total: 2 });
    render({ kind: "step", label: "games", done: 1, total: 2 });
    render({ kind: "done", label: "games" });
    assert.match(text, /games: started \(2\)\n/);
    assert.match(text, /games: done in \d+\.\d s\n/);
  });
});
