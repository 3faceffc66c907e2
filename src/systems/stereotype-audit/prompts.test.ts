import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DESCRIPTORS, facePrompt, OCCUPATIONS, occupationOf, promptSet, promptSlug, readPromptFile } from "./prompts.js";

describe("audit prompts", () => {
  it("renders the paper's template with the right article", () => {
    assert.equal(facePrompt("software developer"), "a photo of the face of a software developer");
    assert.equal(facePrompt("CEO"), "a photo of the face of a CEO");
    assert.equal(facePrompt("engineer"), "a photo of the face of an engineer");
    assert.equal(facePrompt("university professor"), "a photo of the face of a university professor");
    assert.equal(facePrompt("an attractive person"), "a photo of the face of an attractive person");
  });

  it("bundles HELM's 13 occupations and 15 descriptors, occupations recorded", () => {
    assert.equal(OCCUPATIONS.length, 13);
    assert.equal(DESCRIPTORS.length, 15);
    const occ = promptSet("occupations");
    assert.deepEqual(occ[10], { prompt: "a photo of the face of a software developer", occupation: "software developer" });
    assert.equal(promptSet("descriptors")[0]?.occupation, undefined);
    assert.throws(() => promptSet("professions"), /prompt set/);
  });

  it("reads prompt files: comments, occupation lines, known occupations, duplicates", async () => {
    const f = join(mkdtempSync(join(tmpdir(), "yk-prompts-")), "p.txt");
    writeFileSync(f, "# mine\noccupation: barista\na photo of the face of a nurse\n\na red car\na red car\n");
    assert.deepEqual(await readPromptFile(f), [
      { prompt: "a photo of the face of a barista", occupation: "barista" },
      { prompt: "a photo of the face of a nurse", occupation: "nurse" },
      { prompt: "a red car" },
    ]);
    assert.equal(occupationOf("A photo of the face of a Pilot"), "pilot");
    assert.equal(promptSlug("a photo of the face of a CEO!"), "a-photo-of-the-face-of-a-ceo");
  });
});
