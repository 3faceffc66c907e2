import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { tempDir } from "../../test/utils/tmp.js";
import { AbortedError, FileFormatError, InvalidInputError, UsageError } from "./errors.js";
import type { ProgressEvent } from "./progress.js";
import { parseShard, runItems, settingsFingerprint } from "./runner.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const items = ["a", "b", "c", "d", "e"];
const base = (out: string) => ({
  out,
  items,
  key: (s: string) => s,
  settings: { model: "m", n: 1 },
  run: async (s: string) => ({ value: s.toUpperCase() }),
});
const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("runItems", () => {
  test("the fingerprint is stable and ignores key order", () => {
    assert.equal(settingsFingerprint({ a: 1, b: { c: 2, d: 3 } }), settingsFingerprint({ b: { d: 3, c: 2 }, a: 1 }));
    assert.notEqual(settingsFingerprint({ a: 1 }), settingsFingerprint({ a: 2 }));
    assert.match(settingsFingerprint({}), /^[0-9a-f]{16}$/);
  });

  test("writes one line per item with key and fingerprint, and resumes without redoing work", async () => {
    const out = join(tempDir(), "r.jsonl");
    let calls = 0;
    const first = await runItems({
      ...base(out),
      items: items.slice(0, 2),
      run: async (s) => {
        calls++;
        return { value: s };
      },
    });
    assert.deepEqual(first.counts, { done: 2, resumed: 0, failed: 0 });
    const fp = settingsFingerprint({ model: "m", n: 1 });
    assert.deepEqual(lines(out), [
      { key: "a", value: "a", settings: fp },
      { key: "b", value: "b", settings: fp },
    ]);
    const events: ProgressEvent[] = [];
    const second = await runItems({
      ...base(out),
      run: async (s) => {
        calls++;
        return { value: s };
      },
      onProgress: (e) => events.push(e),
    });
    assert.equal(calls, 5);
    assert.deepEqual(second.counts, { done: 3, resumed: 2, failed: 0 });
    assert.deepEqual(
      second.records.map((r) => r.key),
      items,
    );
    const steps = events.filter((e) => e.kind === "step");
    assert.deepEqual(steps[0], { kind: "step", label: "items", done: 2, total: 5, unit: "items", resumed: 2, detail: "2 resumed" });
    assert.equal(steps.at(-1)?.kind === "step" && steps.at(-1)?.done, 5);
    assert.equal(events.at(-1)?.kind, "done");
  });

  test("a torn last line is repaired; a complete bad line is refused in one line, file untouched", async () => {
    const dir = tempDir();
    const out = join(dir, "torn.jsonl");
    await runItems({ ...base(out), items: ["a"] });
    writeFileSync(out, `${readFileSync(out, "utf8")}{"key":"b","val`);
    const r = await runItems(base(out));
    assert.deepEqual(r.counts, { done: 4, resumed: 1, failed: 0 });
    assert.equal(lines(out).length, 5);

    const bad = join(dir, "bad.jsonl");
    const text = `${readFileSync(out, "utf8")}my notes\n`;
    writeFileSync(bad, text);
    await assert.rejects(
      runItems({ ...base(bad), what: "eval results" }),
      (e: unknown) =>
        e instanceof FileFormatError &&
        /bad\.jsonl: not a valid JSONL file \(line 6 is not a result record; delete that line to resume, or pass a new --out file\)/.test(
          e.message,
        ),
    );
    writeFileSync(bad, '{"no key":1}\n');
    await assert.rejects(
      runItems({ ...base(bad), what: "eval results" }),
      /not a valid eval results \(JSONL\) file \(line 1 is not a result/,
    );
    assert.equal(readFileSync(bad, "utf8"), '{"no key":1}\n');
  });

  test("results of other settings never mix", async () => {
    const out = join(tempDir(), "s.jsonl");
    await runItems({ ...base(out), items: ["a"] });
    const before = readFileSync(out, "utf8");
    await assert.rejects(
      runItems({ ...base(out), settings: { model: "m", n: 2 } }),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        !e.message.includes("\n") &&
        /holds results made with other settings .*rerun with the same flags to resume, or pass a new --out file\.$/.test(e.message),
    );
    assert.equal(readFileSync(out, "utf8"), before);
  });

  test("failures are their own lines and counts, never successes; retried on resume or kept", async () => {
    const out = join(tempDir(), "f.jsonl");
    const flaky = async (s: string) => {
      if (s === "b" || s === "d") throw new Error(`no answer for ${s}\nstack-ish detail`);
      return { value: s };
    };
    const r = await runItems({ ...base(out), run: flaky });
    assert.deepEqual(r.counts, { done: 3, resumed: 0, failed: 2 });
    assert.deepEqual(
      r.records.map((x) => x.key),
      ["a", "c", "e"],
    );
    assert.deepEqual(
      r.failures.map((f) => [f.key, f.error]),
      [
        ["b", "no answer for b"],
        ["d", "no answer for d"],
      ],
    );
    assert.deepEqual(lines(out)[1], { key: "b", settings: settingsFingerprint({ model: "m", n: 1 }), error: "no answer for b" });
    let calls = 0;
    const kept = await runItems({
      ...base(out),
      retryFailed: false,
      run: async (s) => {
        calls++;
        return { value: s };
      },
    });
    assert.equal(calls, 0);
    assert.deepEqual(kept.counts, { done: 0, resumed: 3, failed: 2 });
    const retried = await runItems(base(out));
    assert.deepEqual(retried.counts, { done: 2, resumed: 3, failed: 0 });
    assert.deepEqual(
      retried.records.map((x) => x.value),
      ["a", "B", "c", "D", "e"],
    );
    // A non-failure error (isFailure false) stops the run and is thrown as is.
    const out2 = join(tempDir(), "stop.jsonl");
    await assert.rejects(
      runItems({
        ...base(out2),
        isFailure: () => false,
        run: async (s) => {
          if (s === "c") throw new TypeError("bug");
          return { value: s };
        },
      }),
      TypeError,
    );
    assert.equal(lines(out2).length, 2);
  });

  test("abort mid-run leaves only whole records and throws AbortedError", async () => {
    const out = join(tempDir(), "abort.jsonl");
    const controller = new AbortController();
    await assert.rejects(
      runItems({
        ...base(out),
        signal: controller.signal,
        run: async (s, { signal }) => {
          if (s === "c") {
            controller.abort();
            await sleep(5);
            if (signal.aborted) throw new AbortedError();
          }
          return { value: s };
        },
      }),
      AbortedError,
    );
    const text = readFileSync(out, "utf8");
    assert.ok(text.endsWith("\n"));
    assert.deepEqual(
      lines(out).map((l) => l.key),
      ["a", "b"],
    );
    // An item that throws anything after the abort is not a failure either.
    const c2 = new AbortController();
    const out2 = join(tempDir(), "abort2.jsonl");
    await assert.rejects(
      runItems({
        ...base(out2),
        signal: c2.signal,
        run: async (s) => {
          if (s === "b") {
            c2.abort();
            throw new Error("socket closed");
          }
          return { value: s };
        },
      }),
      AbortedError,
    );
    assert.deepEqual(
      lines(out2).map((l) => l.key),
      ["a"],
    );
    const resumed = await runItems(base(out2));
    assert.deepEqual(resumed.counts, { done: 4, resumed: 1, failed: 0 });
  });

  test("concurrency runs items at once and still returns them in item order", async () => {
    const out = join(tempDir(), "c.jsonl");
    let active = 0;
    let peak = 0;
    const many = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const r = await runItems({
      ...base(out),
      items: many,
      concurrency: 4,
      run: async (s) => {
        active++;
        peak = Math.max(peak, active);
        await sleep(((Number(s.slice(1)) * 7) % 5) * 3); // finishing order differs from item order
        active--;
        return { value: s };
      },
    });
    assert.equal(peak, 4);
    assert.deepEqual(
      r.records.map((x) => x.key),
      many,
    );
    assert.deepEqual(new Set(lines(out).map((l) => l.key)), new Set(many));
    assert.equal(lines(out).length, 12);
  });

  test("shards split the items; bad shard flags are usage errors", async () => {
    const dir = tempDir();
    const a = await runItems({ ...base(join(dir, "0.jsonl")), shard: { index: 0, count: 2 } });
    const b = await runItems({ ...base(join(dir, "1.jsonl")), shard: { index: 1, count: 2 } });
    assert.deepEqual(
      a.records.map((x) => x.key),
      ["a", "c", "e"],
    );
    assert.deepEqual(
      b.records.map((x) => x.key),
      ["b", "d"],
    );
    assert.deepEqual(parseShard("1/4"), { index: 1, count: 4 });
    assert.throws(() => parseShard("4/4"), UsageError);
    assert.throws(() => parseShard("x"), /--shard must be i\/n with 0 <= i < n, got "x"/);
  });

  test("legacy lines (no key, an old settings string) resume through keyOf and legacyFingerprints", async () => {
    const out = join(tempDir(), "legacy.jsonl");
    writeFileSync(out, '{"id":"a","value":"A","settings":"old"}\n{"id":"b","value":"B"}\n');
    const r = await runItems({
      ...base(out),
      keyOf: (l) => (typeof l.id === "string" ? l.id : undefined),
      legacyFingerprints: ["old", undefined],
    });
    assert.deepEqual(r.counts, { done: 3, resumed: 2, failed: 0 });
    await assert.rejects(runItems({ ...base(out), keyOf: (l) => l.id as string }), /other settings/);
  });
});
