import { UsageError } from "../../../core/index.js";
import {
  engineSettings,
  gib,
  HARDWARE_NAMES,
  planInference,
  resolveHardware,
  resolveModel,
  type WeightDtype,
} from "../../../systems/inference-planner/index.js";
import { defineCommand } from "../../framework.js";

/** Published BLOOM-176B serving numbers (transformers-bloom-inference README; HF blog), ms per token, greedy 100 tokens on 8×A100-80GB. */
const PUBLISHED = [
  { system: "DeepSpeed-Inference fp16", batch1: 44.02, batch8: 5.7 },
  { system: "accelerate bf16", batch1: 230.38, batch8: 31.78 },
  { system: "accelerate int8", batch1: 286.56, batch8: 40.92 },
  { system: "DeepSpeed-ZeRO", batch1: 283, batch8: 34.88 },
];

/** `yomikai bloom serve-plan`: how to serve a big BLOOM across GPUs, via the inference planner. */
export const ServePlanCommand = defineCommand({
  name: "serve-plan",
  summary: "Plan serving BLOOM-176B across GPUs: how many, which parallelism, vLLM/TGI flags, vs the published DS-inference numbers.",
  description:
    "Runs the inference planner's cost model on the BLOOM-176B preset for decoding and prints the layout, latency per token, memory per GPU and the serving-engine settings (vLLM, TGI) for the tensor-parallel degree; then compares with BigScience's published measurements.",
  usage: "[--gpus N] [--hardware a100-80gb] [--batch B] [--weights bf16|int8]",
  flags: {
    gpus: {
      type: "number",
      description: "GPUs to serve on (a multiple of a node's 8 above 8).",
      integer: true,
      min: 1,
      max: 1024,
      default: 8,
    },
    hardware: {
      type: "string",
      description: `GPU profile (${HARDWARE_NAMES.filter((h) => !h.startsWith("tpu")).join(", ")}).`,
      default: "a100-80gb",
    },
    batch: { type: "number", description: "Sequences decoded together.", integer: true, min: 1, max: 4096, default: 1 },
    weights: { type: "string", description: "Weight dtype.", choices: ["bf16", "int8"], default: "bf16" },
    context: { type: "number", description: "Prompt tokens before decoding.", integer: true, min: 0, max: 2048, default: 512 },
    "output-tokens": { type: "number", description: "Tokens generated.", integer: true, min: 1, max: 2048, default: 100 },
  },
  examples: [
    "yomikai bloom serve-plan   # 8× A100-80GB, batch 1, bf16",
    "yomikai bloom serve-plan --gpus 16 --batch 8 --hardware a100-40gb",
    "yomikai bloom serve-plan --hardware h100 --weights int8 --batch 32 --json",
  ],
  docs: "docs/bloom.md",
  async run({ flags, print, printJson }) {
    const hardware = resolveHardware(flags.hardware);
    if (!hardware.gpu)
      throw new UsageError(`--hardware ${flags.hardware} is not a GPU profile; choose a100-80gb, a100-40gb, h100 or h200.`);
    const model = resolveModel("bloom-176b");
    const result = planInference({
      model,
      hardware,
      chips: flags.gpus,
      batch: flags.batch,
      phase: "decode",
      context: flags.context,
      outputTokens: flags.outputTokens,
      weights: flags.weights as WeightDtype,
    });
    const best = result.best;
    const engines = engineSettings(best, model, hardware, flags.context + flags.outputTokens);
    const tgi = `text-generation-launcher --model-id bigscience/bloom --num-shard ${engines.tensorParallel}${flags.weights === "int8" ? " --quantize bitsandbytes" : ""} --max-batch-size ${flags.batch} --max-total-tokens ${flags.context + flags.outputTokens}`;
    if (flags.json) {
      printJson({
        model: "bloom-176b",
        hardware: hardware.name,
        gpus: best.chips,
        layout: best.layout,
        mesh: best.mesh,
        msPerToken: best.msPerToken,
        memoryPerGpuBytes: best.memoryPerChipBytes,
        tensorParallel: engines.tensorParallel,
        pipelineParallel: engines.pipelineParallel,
        vllm: engines.vllm,
        tgi,
        notes: engines.notes,
        published: PUBLISHED,
      });
      return;
    }
    print(
      `BLOOM-176B on ${best.chips}× ${hardware.name}, batch ${best.batch}, ${best.weights} weights, decode ${flags.outputTokens} tokens after ${flags.context}`,
    );
    print(
      `Parallelism: tensor ${engines.tensorParallel} × pipeline ${engines.pipelineParallel} (planner layout: FFN ${best.layout.ffn}, attention over ${best.layout.attention})`,
    );
    print(
      `Predicted:   ${best.msPerToken !== null ? `${best.msPerToken.toFixed(1)} ms/token` : "–"}, ${gib(best.memoryPerChipBytes)} of ${gib(best.memory.capacity)} per GPU`,
    );
    print(`vLLM:        ${engines.vllm.replace("<bloom-176b checkpoint>", "bigscience/bloom")}`);
    print(`TGI:         ${tgi}`);
    for (const n of engines.notes) print(`Note:        ${n.replace("--layout", "yomikai plan --model bloom-176b --layout")}`);
    print("Published (8× A100-80GB, greedy 100 tokens, ms/token at batch 1 / 8):");
    for (const p of PUBLISHED) print(`  ${p.system.padEnd(26)} ${String(p.batch1).padStart(7)} / ${p.batch8}`);
    print("Then: yomikai bloom eval --model openai:http://<host>:8000/v1#bigscience/bloom --tasks xcopa --concurrency 8");
  },
});
