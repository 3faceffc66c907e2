import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { cacheDir } from "./cache.js";

test("cacheDir: $YOMIKAI_CACHE when set, else ~/.cache/yomikai; read on every call", () => {
  const saved = process.env.YOMIKAI_CACHE;
  try {
    delete process.env.YOMIKAI_CACHE;
    assert.equal(cacheDir(), join(homedir(), ".cache", "yomikai"));
    assert.equal(cacheDir("models", "demo"), join(homedir(), ".cache", "yomikai", "models", "demo"));
    process.env.YOMIKAI_CACHE = "/tmp/yc";
    assert.equal(cacheDir("openalex"), "/tmp/yc/openalex");
  } finally {
    if (saved === undefined) delete process.env.YOMIKAI_CACHE;
    else process.env.YOMIKAI_CACHE = saved;
  }
});
