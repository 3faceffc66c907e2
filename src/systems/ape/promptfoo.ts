/**
 * Export of a search's winning instruction as a promptfoo configuration (`promptfooconfig.yaml`): the
 * instruction in the evaluation template as the prompt, the task's test examples as tests, each graded
 * by a JavaScript assertion that applies the same normalisation and metric as the search.
 * @module
 */
import type { MetricName } from "./metrics.js";
import type { Example } from "./tasks.js";

/** The JavaScript of a promptfoo assertion grading `output` against `context.vars.answers` with `metric`. */
function assertionSource(metric: MetricName): string {
  const norm = `const norm = (t) => { let s = String(t).split(" and ").join(" ").split("Sentence 1:").join(" ").split("Sentence 2:").join(" ").trim(); s = s.split("\\n")[0].split(".")[0].toLowerCase().split("-").join(" "); return s.replace(/[!"#$%&'()*+,\\-./:;<=>?@[\\\\\\]^_\`{|}~]/g, ""); };`;
  const words = `const words = (t) => norm(t).split(/\\s+/).filter(Boolean);`;
  const body: Record<MetricName, string> = {
    em: "return answers.some((a) => norm(output) === norm(a));",
    es: "return answers.some((a) => { const p = new Set(words(output)), r = new Set(words(a)); return p.size === r.size && [...p].every((w) => r.has(w)); });",
    contains:
      'return answers.some((a) => new RegExp("\\\\b(" + norm(a).replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&") + ")\\\\b").test(norm(output)));',
    f1: "const f1 = (p, r) => { const c = new Map(); r.forEach((w) => c.set(w, (c.get(w) || 0) + 1)); let same = 0; p.forEach((w) => { if ((c.get(w) || 0) > 0) { same++; c.set(w, c.get(w) - 1); } }); if (!same) return 0; const pr = same / p.length, rc = same / r.length; return (2 * pr * rc) / (pr + rc); }; return Math.max(...answers.map((a) => f1(words(output), words(a))));",
  };
  return `${norm} ${words} const answers = context.vars.answers; ${body[metric]}`;
}

/** Options of {@link toPromptfooConfig}. */
export interface PromptfooExport {
  task: string;
  instruction: string;
  metric: MetricName;
  /** The evaluation template the search used (with `[PROMPT]`, `[INPUT]`, `[OUTPUT]`). */
  template: string;
  tests: readonly Example[];
  /** promptfoo provider ids. Defaults to `["openai:completion:gpt-3.5-turbo-instruct"]`; edit to taste. */
  providers?: readonly string[];
}

/** The configuration as YAML text (JSON syntax, which YAML 1.2 reads as it is), with a comment header. */
export function toPromptfooConfig(e: PromptfooExport): string {
  const prompt = e.template
    .replace("[PROMPT]", () => e.instruction)
    .replace("[INPUT]", "{{input}}")
    .replace(/\s*\[OUTPUT\]\s*$/, "")
    .replace("[full_DEMO]", "");
  const config = {
    description: `APE winning instruction for ${e.task} (metric: ${e.metric})`,
    prompts: [prompt],
    providers: e.providers ?? ["openai:completion:gpt-3.5-turbo-instruct"],
    defaultTest: { assert: [{ type: "javascript", value: assertionSource(e.metric) }] },
    tests: e.tests.map((t) => ({ vars: { input: t.input, answers: t.answers } })),
  };
  return `# promptfoo configuration written by \`yomikai ape export\`: the instruction APE found for "${e.task}".\n# Run it with: npx promptfoo eval -c <this file>\n${JSON.stringify(config, null, 2)}\n`;
}
