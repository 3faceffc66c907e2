import { papers } from "../../papers.js";
import { findSystem, papersJson } from "../../registry.js";
import { defineCommand } from "../framework.js";

/** `yomikai papers`: the reading session's ten papers. */
export const PapersCommand = defineCommand({
  name: "papers",
  summary: "List the ten papers of the reading session (deck order), with their systems.",
  flags: {
    lang: { type: "string", description: "Language of the summary lines.", choices: ["ja", "en"], default: "en" },
  },
  examples: ["yomikai papers", "yomikai papers --lang ja", "yomikai papers --json"],
  docs: "README.md",
  async run({ flags, print, printJson }) {
    if (flags.json) {
      printJson(papersJson());
      return;
    }
    for (const p of papers) {
      const s = flags.lang === "ja" ? p.ja : p.en;
      const system = findSystem(p.slug);
      const run = system?.status === "available" ? `yomikai ${system.cli}` : flags.lang === "ja" ? "実装予定" : "planned";
      print(`${String(p.number).padStart(2)}. ${flags.lang === "ja" ? p.titleJa : p.titleEn}  [arXiv:${p.arxiv}]  → ${p.slug} (${run})`);
      print(`    ${flags.lang === "ja" ? "目的" : "Aim"}: ${s.aim}`);
      print(`    ${flags.lang === "ja" ? "成果" : "Result"}: ${s.result}`);
    }
  },
});
