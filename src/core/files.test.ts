import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { tempDir } from "../../test/utils/tmp.js";
import { MissingFileError, YomikaiError } from "./errors.js";
import { JsonlAppender, readFileOrThrow, readJsonFile, readJsonl, writeFileAtomic } from "./files.js";

describe("atomic files", () => {
  test("writeFileAtomic creates folders, replaces the file and leaves no temp files", async () => {
    const dir = tempDir();
    const path = join(dir, "a", "b", "out.txt");
    await writeFileAtomic(path, "one");
    await writeFileAtomic(path, "two");
    assert.equal(readFileSync(path, "utf8"), "two");
    assert.deepEqual(readdirSync(join(dir, "a", "b")), ["out.txt"]);
  });

  test("a failed write leaves the old file intact", async () => {
    const dir = tempDir();
    const path = join(dir, "out.txt");
    writeFileSync(path, "old");
    // Writing into a path whose parent is a file fails.
    await assert.rejects(writeFileAtomic(join(path, "child.txt"), "new"), YomikaiError);
    assert.equal(readFileSync(path, "utf8"), "old");
  });

  test("missing files give a one-line MissingFileError", async () => {
    await assert.rejects(
      readFileOrThrow("/definitely/not/here.gguf", "Model file"),
      (e: unknown) => e instanceof MissingFileError && e.message === "Model file not found: /definitely/not/here.gguf",
    );
  });

  test("bad JSON gives a FileFormatError", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "x.json"), "{nope");
    await assert.rejects(readJsonFile(join(dir, "x.json")), /not a valid JSON file/);
  });

  test("JsonlAppender resumes and repairs a torn last line", async () => {
    const dir = tempDir();
    const path = join(dir, "runs.jsonl");
    const first = await JsonlAppender.open<{ i: number }>(path);
    assert.equal(first.records.length, 0);
    await first.append({ i: 1 });
    await first.append({ i: 2 });
    writeFileSync(path, `${readFileSync(path, "utf8")}{"i": 3`); // simulated crash mid-line
    const resumed = await JsonlAppender.open<{ i: number }>(path);
    assert.deepEqual(resumed.records, [{ i: 1 }, { i: 2 }]);
    await resumed.append({ i: 3 });
    assert.deepEqual(await readJsonl(path), [{ i: 1 }, { i: 2 }, { i: 3 }]);
  });

  test("a bad complete line is an error that names it, and the file is left untouched", async () => {
    const dir = tempDir();
    const path = join(dir, "notes.jsonl");
    const text = '{"i": 1}\nnot json\n{"i": 2}\n';
    writeFileSync(path, text);
    await assert.rejects(JsonlAppender.open(path), /notes\.jsonl: not a valid JSONL file \(line 2 is not valid JSON/);
    assert.equal(readFileSync(path, "utf8"), text);
  });
});
