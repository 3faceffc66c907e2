import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "../../../test/utils/tmp.js";
import { loadPrompts, parseCsv, promptsFromCsv } from "./prompts.js";

describe("prompt sets", () => {
  it("parses quoted CSV fields with commas, quotes and newlines, and a byte-order mark", () => {
    assert.deepEqual(parseCsv('\ufeffa,b\n"x, y","say ""hi""\nthere"\r\n'), [
      ["a", "b"],
      ["x, y", 'say "hi"\nthere'],
    ]);
  });

  it("reads the ViLG-300 columns (Prompt, 文本, 类别, 来源)", () => {
    // Two rows written for this test in the file's format (not rows of ViLG-300).
    const csv =
      'Prompt,文本,类别,来源\nA green apple.,一个青苹果。,颜色,TestSet\n"A cup, and a spoon.",一个杯子和一把勺子。,计数,TestSet\n';
    assert.deepEqual(promptsFromCsv(csv), [
      { key: "1", prompt: "A green apple.", zh: "一个青苹果。", category: "颜色", source: "TestSet" },
      { key: "2", prompt: "A cup, and a spoon.", zh: "一个杯子和一把勺子。", category: "计数", source: "TestSet" },
    ]);
  });

  it("loads text files, COCO captions JSON, and says where ViLG-300 must go when it cannot be fetched", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "p.txt"), "# comment\na cat\n\na dog\n");
    assert.deepEqual(
      (await loadPrompts(join(dir, "p.txt"))).map((p) => p.prompt),
      ["a cat", "a dog"],
    );
    writeFileSync(join(dir, "c.json"), JSON.stringify({ annotations: [{ id: 7, image_id: 3, caption: " A man surfing. " }] }));
    assert.deepEqual(await loadPrompts(join(dir, "c.json")), [{ key: "coco-7", prompt: "A man surfing.", imageId: 3 }]);
    await assert.rejects(loadPrompts(join(dir, "none.txt")), /Prompt file not found/);
    const cache = process.env.YOMIKAI_CACHE;
    process.env.YOMIKAI_CACHE = dir;
    try {
      await assert.rejects(loadPrompts("vilg-300", { download: false }), /ViLG-300 prompt file not found: .*datasets\/ViLG-300.csv/);
    } finally {
      if (cache === undefined) delete process.env.YOMIKAI_CACHE;
      else process.env.YOMIKAI_CACHE = cache;
    }
  });
});
