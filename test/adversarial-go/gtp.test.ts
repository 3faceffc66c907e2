import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { GtpServer } from "../../src/systems/adversarial-go/index.js";
import { runYomikai } from "../utils/cli.js";

const dir = fileURLToPath(new URL("./gtp/", import.meta.url));
const transcripts = readdirSync(dir).filter((f) => f.endsWith(".gtp"));

describe("GTP server golden transcripts", () => {
  for (const file of transcripts) {
    it(`answers ${file} exactly as recorded`, async () => {
      const input = readFileSync(join(dir, file), "utf8");
      const expected = readFileSync(join(dir, file.replace(/\.gtp$/, ".expected")), "utf8");
      const server = new GtpServer({ visits: 50, seed: 1 });
      let out = "";
      for (const line of input.split("\n")) {
        out += await server.handle(line);
        if (server.done) break;
      }
      assert.equal(out, expected);
    });
  }

  it("speaks the same transcript through the built CLI (yomikai go gtp)", async () => {
    const input = readFileSync(join(dir, "pass-rule.gtp"), "utf8");
    const res = await runYomikai(["go", "gtp", "--visits", "50"], { input });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, readFileSync(join(dir, "pass-rule.expected"), "utf8"));
  });
});
