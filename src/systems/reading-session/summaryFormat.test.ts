import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { papers } from "../../papers.js";
import { checkLines, checkTranslation, LINE_KEYS, linesPrompt } from "./summaryFormat.js";

const FOUR = ["aim", "result", "method", "names"] as const;

describe("checkLines", () => {
  test("accepts the deck's own lines, with full-width colons, bullets and なし", () => {
    const r = checkLines("- 目的:画像を編集する\n・成果：数秒で編集できる\n\n方法: 拡散モデルを学習する\n固有名: なし\n", "ja", FOUR);
    assert.deepEqual(r, {
      ok: true,
      lines: { aim: "画像を編集する", result: "数秒で編集できる", method: "拡散モデルを学習する", names: "" },
    });
  });

  test("accepts every seed-deck paper's transcribed lines in both languages", () => {
    for (const p of papers)
      for (const lang of ["ja", "en"] as const) {
        const labels =
          lang === "ja"
            ? ["目的", "成果", "方法", "固有名", "著者所属"]
            : ["Purpose", "Results", "Method", "Named systems", "Affiliations"];
        const text = LINE_KEYS.map((k, i) => `${labels[i]}: ${p[lang][k] || "-"}`).join("\n");
        const r = checkLines(text, lang, LINE_KEYS);
        assert.ok(r.ok, `${p.arxiv} ${lang}: ${r.ok ? "" : r.reason}`);
      }
  });

  test("refuses answers off the format, saying why", () => {
    const cases: [string, RegExp][] = [
      ["目的: 画像を編集する\n成果: 速い\n方法: 学習", /"固有名:" line is missing/],
      ["Sure! Here it is:\n目的: 画像を編集する", /a line that is not in the format: "Sure! Here it is:"/],
      ["目的: 画像\n目的: 画像\n成果: 速い\n方法: 学習\n固有名: X", /"目的" appears twice/],
      ["目的:\n成果: 速い\n方法: 学習\n固有名: X", /"目的:" line is empty/],
      ["目的: tion- so2 sooc2\n成果: 速い\n方法: 学習\n固有名: X", /"目的:" line is not Japanese text/],
      [`目的: ${"長".repeat(401)}\n成果: 速い\n方法: 学習\n固有名: X`, /longer than 400 characters/],
    ];
    for (const [answer, reason] of cases) {
      const r = checkLines(answer, "ja", FOUR);
      assert.equal(r.ok, false, answer);
      if (!r.ok) assert.match(r.reason, reason);
    }
    const en = checkLines("Purpose: 画像を編集する\nResults: x y z\nMethod: abc\nNamed systems: none", "en", FOUR);
    assert.ok(!en.ok && /not English text/.test(en.reason));
  });
});

describe("checkTranslation", () => {
  const source = "We teach a diffusion model to edit a picture from a written instruction, in seconds.";
  test("accepts Japanese of a plausible length and drops a leading label", () => {
    assert.deepEqual(checkTranslation("翻訳: 文章の指示から画像を編集する拡散モデルを学習する。", source), {
      ok: true,
      text: "文章の指示から画像を編集する拡散モデルを学習する。",
    });
  });
  test("refuses empty, non-Japanese, too short and too long answers", () => {
    assert.match((checkTranslation("  ", source) as { reason: string }).reason, /empty/);
    assert.match((checkTranslation(source, source) as { reason: string }).reason, /not Japanese/);
    assert.match((checkTranslation("画像", source) as { reason: string }).reason, /too short/);
    assert.match((checkTranslation("画像".repeat(100), source) as { reason: string }).reason, /too long/);
  });
});

describe("linesPrompt", () => {
  test("asks for exactly the requested labels, the affiliations only when asked, and says what was wrong on retry", () => {
    const p = linesPrompt({ lang: "ja", title: "T", abstract: "A", keys: FOUR, previousProblem: 'the "成果:" line is missing' });
    assert.match(p, /次の4行だけを/);
    assert.match(p, /^目的: …\n成果: …\n方法: …\n固有名: …$/m);
    assert.doesNotMatch(p, /著者所属: …/);
    assert.match(p, /前の回答は形式に合いませんでした\(the "成果:" line is missing\)/);
    assert.match(p, /題名: T\n概要: A\n$/);
    const en = linesPrompt({ lang: "en", title: "T", abstract: "A", keys: LINE_KEYS });
    assert.match(en, /^Purpose: …\nResults: …\nMethod: …\nNamed systems: …\nAffiliations: …$/m);
  });
});
