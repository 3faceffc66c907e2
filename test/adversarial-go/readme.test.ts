// The README and docs name SGF files that `go attack --sgf-dir` really writes (issue 18 item 8: the
// README said games/game-001.sgf, a name attack never writes).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { test } from "node:test";
import { attackSgfName } from "../../src/systems/adversarial-go/index.js";

test("every `go score <dir>/game-…sgf` in the README and docs is a name go attack writes", () => {
  let checked = 0;
  for (const file of ["README.md", "docs/adversarial-go.md"]) {
    for (const m of readFileSync(file, "utf8").matchAll(/go score (\S+\/game-\S+\.sgf)/g)) {
      const name = basename(m[1] as string);
      const n = Number(/^game-(\d+)/.exec(name)?.[1]);
      assert.ok(n >= 1, `${file}: ${name} has no game number`);
      // Game n is played with the adversary as Black when n is odd (colours alternate from Black).
      assert.equal(name, attackSgfName(n, n % 2 === 1 ? "B" : "W"), `${file} names ${name}`);
      checked++;
    }
  }
  assert.ok(checked >= 2, `checked ${checked} names`);
});
