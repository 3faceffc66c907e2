import { UsageError } from "../../../core/index.js";
import {
  CD_CHOICES,
  CD_DEFAULTS,
  CD_LIMITS,
  type ContrastiveOptions,
  checkPair,
  contrastiveDecode,
  generateContrastive,
  PRESETS,
} from "../../../systems/contrastive-decoding/index.js";
import { defineCommand } from "../../framework.js";
import { checkModelRefs, modelFlags, openPair } from "./shared.js";

/** `yomikai cd generate`: contrastive decoding of one prompt, streamed. */
export const GenerateCommand = defineCommand({
  name: "generate",
  summary: "Generate a continuation with contrastive decoding (expert − amateur), streamed to the terminal.",
  description:
    "Each token maximises log p_expert − c · log p_amateur(τ) among the expert's plausible tokens (p ≥ α · max p). Unset flags take the preset's value, else the default shown.",
  usage: "--expert M --amateur M --prompt TEXT [flags]",
  flags: {
    ...modelFlags,
    prompt: { type: "string", description: "The prompt to continue.", required: true, placeholder: "TEXT" },
    "max-tokens": { type: "number", description: `Tokens to generate (default ${CD_DEFAULTS.maxTokens}).`, ...CD_LIMITS.maxTokens },
    alpha: {
      type: "number",
      description: `Plausibility threshold α in (0, 1] (default ${CD_DEFAULTS.alpha}; 1 = the expert's greedy choice).`,
      ...CD_LIMITS.alpha,
    },
    "amateur-temperature": {
      type: "number",
      description: `Amateur temperature τ, > 0 (default ${CD_DEFAULTS.amateurTemperature}).`,
      ...CD_LIMITS.amateurTemperature,
    },
    coefficient: {
      type: "number",
      description: `Amateur coefficient c, the paper's st_coef (default ${CD_DEFAULTS.coefficient}).`,
      ...CD_LIMITS.coefficient,
    },
    form: {
      type: "string",
      description: "Objective: log-prob (Li et al. 2022) or logit (O'Brien & Lewis 2023) (default log-prob).",
      choices: CD_CHOICES.form,
    },
    beta: { type: "number", description: `β of the logit form (default ${CD_DEFAULTS.beta}).`, ...CD_LIMITS.beta },
    beams: {
      type: "number",
      description: `Beam width; > 1 selects beam search (default ${CD_DEFAULTS.beams}; the paper uses 5).`,
      ...CD_LIMITS.beams,
    },
    search: {
      type: "string",
      description: "greedy, beam or sample (default greedy, or beam when --beams > 1).",
      choices: CD_CHOICES.search,
    },
    temperature: {
      type: "number",
      description: `Temperature on CD scores when --search sample (default ${CD_DEFAULTS.temperature}).`,
      ...CD_LIMITS.temperature,
    },
    seed: { type: "number", description: `Sampling seed (default ${CD_DEFAULTS.seed}).`, ...CD_LIMITS.seed },
    "amateur-context": {
      type: "string",
      description: "What the amateur sees: full prompt, or last-token only (the paper's main setting) (default full).",
      choices: CD_CHOICES.amateurContext,
    },
    distribution: {
      type: "string",
      description:
        "full: both whole distributions, log-probs over the vocabulary (default). plausible-set: only the expert's head and the amateur on V_head — same tokens, much cheaper on big vocabularies, but --json log-probs and scores are renormalised over V_head (greedy and sample only).",
      choices: CD_CHOICES.distribution,
    },
    "fixed-length": { type: "boolean", description: "Ban EOS and always produce --max-tokens tokens, as in the paper." },
    preset: {
      type: "string",
      description: "Named settings: li2022 (beam 5, τ 0.5, last-token, 256 fixed) or obrien2023 (logit form, β 0.5).",
      choices: ["li2022", "obrien2023"],
    },
  },
  examples: [
    'yomikai cd demo-models && yomikai cd generate --expert ~/.cache/yomikai/models/demo/kjv-expert.gguf --amateur ~/.cache/yomikai/models/demo/kjv-amateur.gguf --prompt "And Moses said unto the people," --max-tokens 48',
    'yomikai cd generate --expert gpt2-xl.Q8_0.gguf --amateur gpt2.Q8_0.gguf --prompt "The city of Kyoto" --max-tokens 64',
    'yomikai cd generate --expert hf:ddh0/GPT-2-XL-GGUF/GPT-2-XL-q8_0.gguf --amateur hf:ddh0/GPT-2-GGUF/GPT-2-q8_0.gguf --prompt "A version of Sonic" --preset li2022',
    'yomikai cd generate --expert big.gguf --amateur small.gguf --prompt "Once" --alpha 0.2 --amateur-temperature 1 --json',
    'yomikai cd generate --expert bloom-7b1.Q8_0.gguf --amateur bloom-560m.Q8_0.gguf --prompt "The river" --distribution plausible-set',
  ],
  docs: "docs/contrastive-decoding.md",
  async run({ flags, print, printJson, progress, signal, log }) {
    checkModelRefs([flags.expert, flags.amateur]);
    if (flags.prompt.trim() === "")
      throw new UsageError('--prompt is empty; pass the text to continue, e.g. --prompt "The city of Kyoto".');
    const preset: ContrastiveOptions = flags.preset ? PRESETS[flags.preset as keyof typeof PRESETS] : {};
    const pick = <T>(v: T | undefined, k: keyof ContrastiveOptions) => (v !== undefined ? { [k]: v } : {});
    const options: ContrastiveOptions = {
      ...preset,
      ...pick(flags.maxTokens, "maxTokens"),
      ...pick(flags.alpha, "alpha"),
      ...pick(flags.amateurTemperature, "amateurTemperature"),
      ...pick(flags.coefficient, "coefficient"),
      ...pick(flags.form, "form"),
      ...pick(flags.beta, "beta"),
      ...pick(flags.beams, "beams"),
      ...pick(flags.search, "search"),
      ...pick(flags.temperature, "temperature"),
      ...pick(flags.seed, "seed"),
      ...pick(flags.amateurContext, "amateurContext"),
      ...pick(flags.distribution, "distribution"),
      ...(flags.fixedLength ? { stopAtEos: false } : {}),
      signal,
    };
    const beams = options.beams ?? 1;
    const [expert, amateur] = await openPair(flags, beams, progress, signal);
    try {
      checkPair(expert, amateur);
      if (flags.json) {
        const r = await generateContrastive(expert, amateur, flags.prompt, options);
        printJson({
          text: r.text,
          tokens: r.tokens,
          // With --distribution plausible-set, a step's log-probs are over V_head (normalisedOver says which).
          steps: r.steps.map((s) => ({
            token: s.token,
            expertLogProb: s.expertLogProb,
            amateurLogProb: s.amateurLogProb,
            score: s.score,
            ...(s.normalisedOver === "plausible-set" ? { normalisedOver: s.normalisedOver } : {}),
          })),
          settings: { ...r.settings, expert: expert.name, amateur: amateur.name },
        });
        return;
      }
      let n = 0;
      for await (const step of contrastiveDecode(expert, amateur, flags.prompt, options)) {
        if (n === 0) process.stdout.write(flags.prompt); // after the checks, so an error prints alone
        process.stdout.write(step.text);
        n++;
      }
      if (n === 0) process.stdout.write(flags.prompt);
      print("");
      log(`${n} tokens by contrastive decoding (${expert.name} − ${amateur.name}).`);
    } finally {
      await amateur.close();
      await expert.close();
    }
  },
});
