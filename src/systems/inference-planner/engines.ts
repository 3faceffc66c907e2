/**
 * Serving-engine settings for GPU plans: the vLLM and TensorRT-LLM flags that match a plan's chip
 * count, batch, context and weight dtype. Both engines implement 1-D (Megatron) tensor parallelism
 * inside a node and pipeline parallelism across nodes, so a plan's 2-D or weight-gathered layout maps
 * to the nearest thing they offer.
 * @module
 */
import type { Plan } from "./costModel.js";
import type { HardwareProfile } from "./hardware.js";
import type { ModelConfig } from "./models.js";

/** Engine settings for one plan. */
export interface EngineSettings {
  tensorParallel: number;
  pipelineParallel: number;
  /** `vllm serve` command line. */
  vllm: string;
  /** TensorRT-LLM checkpoint conversion and engine build. */
  tensorrtLlm: string[];
  /** Caveats (layout mismatch, quantized checkpoints). */
  notes: string[];
}

/** The tensor-parallel degree engines accept: divides the GPUs of a node and the model's heads. */
export function engineTensorParallel(model: ModelConfig, hw: HardwareProfile, chips: number): number {
  const nodeSize = hw.topology.kind === "switched" ? hw.topology.nodeSize : chips;
  let tp = Math.min(chips, nodeSize);
  while (tp > 1 && (model.heads % tp !== 0 || (model.kvHeads % tp !== 0 && tp % model.kvHeads !== 0) || chips % tp !== 0)) tp /= 2;
  return Math.max(1, Math.floor(tp));
}

/** vLLM and TensorRT-LLM settings for a GPU plan. */
export function engineSettings(plan: Plan, model: ModelConfig, hw: HardwareProfile, maxModelLen: number): EngineSettings {
  const tp = engineTensorParallel(model, hw, plan.chips);
  const pp = plan.chips / tp;
  const notes: string[] = [];
  if (plan.layout.ffn !== "1d-weight-stationary") {
    notes.push(
      `the plan's ${plan.layout.ffn} layout has no engine switch; both engines run 1D tensor parallelism (compare with --layout 1d-weight-stationary)`,
    );
  }
  if (plan.layout.attention === "batch" && model.kvHeads < tp) {
    notes.push("KV sharded over batch (attention data parallelism) is not what TP does: TP replicates the KV heads when tp > kv heads");
  }
  if (pp > 1) notes.push(`${pp} pipeline stages across nodes: the planner's cost model does not model pipeline bubbles`);
  if (plan.weights === "int8")
    notes.push("int8 weights: serve an int8 weight-only (W8A16) checkpoint; vLLM reads its quantization from the checkpoint config");
  const hfName = model.name;
  const vllm = [
    `vllm serve <${hfName} checkpoint>`,
    `--tensor-parallel-size ${tp}`,
    ...(pp > 1 ? [`--pipeline-parallel-size ${pp}`] : []),
    `--max-num-seqs ${plan.batch}`,
    `--max-model-len ${maxModelLen}`,
    "--dtype bfloat16",
  ].join(" ");
  const tensorrtLlm = [
    `python convert_checkpoint.py --model_dir <${hfName} checkpoint> --output_dir ckpt --dtype bfloat16 --tp_size ${tp} --pp_size ${pp}${plan.weights === "int8" ? " --use_weight_only --weight_only_precision int8" : ""}`,
    `trtllm-build --checkpoint_dir ckpt --output_dir engine --max_batch_size ${plan.batch} --max_seq_len ${maxModelLen}`,
  ];
  return { tensorParallel: tp, pipelineParallel: pp, vllm, tensorrtLlm, notes };
}
