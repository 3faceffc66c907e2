import { AbortedError, ExternalError, UsageError } from "../../../core/index.js";
import {
  AUDIT_DEFAULTS,
  AUDIT_LIMITS,
  type AuditPrompt,
  occupationPrompts,
  PERCEIVED_NOTE,
  PROMPT_SETS,
  parseBackend,
  promptSet,
  readPromptFile,
  resolveAttributes,
  runAudit,
} from "../../../systems/stereotype-audit/index.js";
import { defineCommand, flagValue, outputFolder } from "../../framework.js";
import { timeoutFlag, timeoutMs } from "../../networkFlags.js";

/** `yomikai audit run`: generate and assess N images per prompt. */
export const RunCommand = defineCommand({
  name: "run",
  summary: "Generate N images per prompt with a backend and record each image's perceived attributes (resumable).",
  description: `Writes DIR/images/<prompt>/NN.png and DIR/manifest.jsonl, one row per image: { prompt, occupation?, image, seed, attributes: { skinTone: 1..10|null, gender?, race? }, face: "not checked" }. Skin tone (Monk scale, from pixels) is always assessed; gender and race need --clip (CLIP zero-shot with the DALL-Eval/HEIM prompts). A rerun with the same flags resumes; more --images extend the run. onnx:demo and --clip demo are tiny random-weight models (no download): their images are noise and their labels mean nothing. ${PERCEIVED_NOTE}`,
  usage:
    '--backend B (--occupations "software developer,nurse,…" | --prompt-set occupations|descriptors|objects | --prompts FILE) --images N [--attributes skin-tone,gender,race] [--clip DIR] [--seed S] --out DIR',
  flags: {
    backend: {
      type: "string",
      description:
        "onnx:<model folder> (onnx:demo = tiny random model), openai-images:<baseUrl>#<model> (POST /v1/images/generations, b64_json; OPENAI_API_KEY is sent when set) or a1111:<baseUrl> (/sdapi/v1/txt2img).",
      placeholder: "B",
    },
    occupations: {
      type: "string",
      description: 'Comma-separated occupations, each as "a photo of the face of a/an X".',
      placeholder: "LIST",
    },
    "prompt-set": { type: "string", description: "A bundled prompt set (HELM's Bianchi + DALL-Eval lists).", choices: PROMPT_SETS },
    prompts: { type: "string", description: "A prompt file: one prompt per line, or occupation: NAME; # comments.", placeholder: "FILE" },
    images: {
      type: "number",
      description: "Images per prompt.",
      default: AUDIT_DEFAULTS.images,
      integer: true,
      ...AUDIT_LIMITS.images,
      placeholder: "N",
    },
    attributes: {
      type: "string",
      description: "Comma-separated: skin-tone, gender, race (default: skin-tone, plus gender,race with --clip).",
      placeholder: "LIST",
    },
    clip: {
      type: "string",
      description: "CLIP ONNX folder for gender and race (e.g. Xenova/clip-vit-base-patch32 exported; demo = tiny random CLIP).",
      placeholder: "DIR",
    },
    seed: {
      type: "number",
      description: "Image k of every prompt uses seed S + k.",
      default: AUDIT_DEFAULTS.seed,
      integer: true,
      min: 0,
      placeholder: "S",
    },
    size: {
      type: "number",
      description: "Image side in pixels (default 512; 64 for onnx:demo).",
      integer: true,
      ...AUDIT_LIMITS.size,
      placeholder: "PX",
    },
    steps: {
      type: "number",
      description: "Denoising steps for onnx and a1111 (default 20; 4 for onnx:demo).",
      integer: true,
      ...AUDIT_LIMITS.steps,
    },
    guidance: { type: "number", description: "Guidance scale for onnx and a1111.", default: AUDIT_DEFAULTS.guidance, min: 0, max: 100 },
    margin: {
      type: "number",
      description: "CLIP cosine margin: labels whose best two prompts are this close are unknown.",
      default: AUDIT_DEFAULTS.margin,
      min: 0,
      max: 2,
    },
    concurrency: {
      type: "number",
      description: "Images requested at once (HTTP backends).",
      default: 1,
      integer: true,
      ...AUDIT_LIMITS.concurrency,
    },
    ...timeoutFlag,
    out: { type: "string", description: "Run folder (created; an existing run with the same flags is resumed).", placeholder: "DIR" },
  },
  examples: [
    'yomikai audit run --backend onnx:demo --occupations "software developer,nurse" --images 4 --clip demo --out audit-demo   # tiny random models, no download, seconds',
    "yomikai audit run --backend onnx:models/sd-v1-4-onnx --prompt-set occupations --images 10 --clip models/clip-vit-base-patch32 --out audit-sd14",
    "yomikai audit run --backend openai-images:https://api.openai.com#dall-e-2 --prompt-set descriptors --images 10 --size 256 --concurrency 4 --out audit-dalle2",
    "yomikai audit run --backend a1111:http://127.0.0.1:7860 --prompts my-prompts.txt --images 20 --attributes skin-tone --out audit-a1111",
  ],
  docs: "docs/stereotype-audit.md",
  async run({ flags, progress, print, printJson, log, signal }) {
    if (!flags.backend) throw new UsageError("Missing --backend: e.g. --backend onnx:demo (tiny random model, no download).");
    if (!flags.out) throw new UsageError("Missing --out DIR: the run folder.");
    const given = [flags.occupations, flags.promptSet, flags.prompts].filter((v) => v !== undefined).length;
    if (given !== 1)
      throw new UsageError('Give exactly one of --occupations "a,b", --prompt-set occupations|descriptors|objects or --prompts FILE.');
    const backend = flagValue(() => parseBackend(flags.backend as string));
    const attributes = flagValue(() =>
      resolveAttributes(
        flags.attributes
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        flags.clip,
      ),
    );
    const out = outputFolder(flags.out);
    let prompts: AuditPrompt[];
    if (flags.occupations !== undefined) prompts = flagValue(() => occupationPrompts((flags.occupations as string).split(",")));
    else if (flags.promptSet !== undefined) prompts = promptSet(flags.promptSet);
    else prompts = await readPromptFile(flags.prompts as string);
    const demo = backend.kind === "onnx" && backend.demo;
    let r: Awaited<ReturnType<typeof runAudit>>;
    try {
      r = await runAudit({
        backend,
        prompts,
        images: flags.images,
        attributes,
        ...(flags.clip ? { clip: flags.clip } : {}),
        seed: flags.seed,
        size: flags.size ?? (demo ? 64 : AUDIT_DEFAULTS.size),
        steps: flags.steps ?? (demo ? 4 : AUDIT_DEFAULTS.steps),
        guidance: flags.guidance,
        margin: flags.margin,
        concurrency: flags.concurrency,
        timeoutMs: timeoutMs(flags),
        out,
        onProgress: progress,
        signal,
      });
    } catch (err) {
      if (err instanceof AbortedError) log(`Stopped: finished images are in ${out}/manifest.jsonl; rerun the same command to resume.`);
      throw err;
    }
    if (r.images === 0) throw new ExternalError(`No image was made (${r.failures.length} failed; first: ${r.failures[0]?.error ?? "?"}).`);
    if (flags.json) printJson({ ...r, note: PERCEIVED_NOTE });
    else {
      print(
        `${r.images} images in ${out}/images (${r.counts.done} new, ${r.counts.resumed} resumed, ${r.counts.failed} failed); manifest ${r.manifest}.`,
      );
      print(`  backend ${r.backend}; attributes ${r.attributes.join(", ")}; face: not checked.`);
      print(`  Next: yomikai audit report ${out}`);
      for (const f of r.failures.slice(0, 5)) log(`failed: ${f.key}: ${f.error}`);
      if (demo || flags.clip === "demo") log("Demo models have random weights: the images are noise and the attributes mean nothing.");
      log(PERCEIVED_NOTE);
    }
    return r.failures.length > 0 ? 1 : 0;
  },
});
