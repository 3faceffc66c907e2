/**
 * The inference planner — "Efficiently Scaling Transformer Inference" (Pope et al., arXiv 2211.05102)
 * as a tool: an analytical cost model of Transformer inference (compute, weight and KV loads,
 * collectives with calibrated latency and efficiency), the paper's partitioning layouts (1D/2D
 * weight-stationary, weight-gathered over X/XY/XYZ; attention over heads or batch), memory per chip,
 * and a search that picks the layout for a model, chip count, batch and phase, plus the latency/cost
 * Pareto frontier.
 *
 * @example
 * import { planInference, maxContext } from "yomikai/inference-planner";
 * const { best } = planInference({ model: "palm-540b", hardware: "tpu-v4", chips: 64, batch: 64, phase: "decode", weights: "int8" });
 * best.layout;     // { ffn: "2d-weight-stationary", attention: "batch" }
 * best.msPerToken; // ≈ 28.7 (the paper: 28.4)
 * maxContext({ model: "palm-540b", hardware: "tpu-v4", chips: 64, batch: 128, attention: "multiquery-batch", kvFraction: 0.3 }).maxContext; // 42653
 * @module
 */

// Calibration and the paper's numbers.
export {
  type CalibrationResult,
  calibrate,
  calibrateOnTable2,
  checkHeldOut,
  checkTable1,
  checkTable2,
  type FittableTerm,
  type HeldOutCheck,
  requestOf,
  type Table1Check,
  type Table2Check,
  TERM_BOUNDS,
} from "./calibration.js";
export {
  type CostBreakdown,
  type Dominant,
  estimatePlan,
  gib,
  type MemoryPerChip,
  memoryPerChip,
  type Phase,
  type Plan,
  type WeightDtype,
  type Workload,
  weightBytes,
} from "./costModel.js";
export { type EngineSettings, engineSettings, engineTensorParallel } from "./engines.js";
export { frontierSvg } from "./frontierSvg.js";
export {
  type Efficiency,
  HARDWARE,
  HARDWARE_NAMES,
  type HardwareProfile,
  parseHardwareProfile,
  resolveHardware,
  type Topology,
  TPU_V4_EFFICIENCY,
} from "./hardware.js";
// Layouts and the cost model.
export {
  ATTENTION_LAYOUTS,
  type AttentionLayout,
  type CollectiveOp,
  FFN_LAYOUTS,
  type FfnLayout,
  type KvSharding,
  kvSharding,
  type Layout,
  layerCollectives,
} from "./layouts.js";
export { MAX_CONTEXT_ATTENTIONS, type MaxContextAttention, type MaxContextRequest, type MaxContextResult, maxContext } from "./memory.js";
// Meshes and collectives.
export {
  AXES,
  type Axis,
  type CollectiveKind,
  type CollectiveTime,
  type Conventions,
  checkChipCount,
  checkMesh,
  chipCountProblem,
  collectiveTime,
  DEFAULT_CONVENTIONS,
  type Mesh,
  meshLabel,
  meshShapes,
  meshSize,
  parseMesh,
} from "./mesh.js";
// Configurations: models and hardware.
export {
  embeddingParams,
  kvBytesPerTokenLayer,
  layerParams,
  MODEL_NAMES,
  MODELS,
  type ModelConfig,
  parseModelConfig,
  resolveModel,
  totalParams,
} from "./models.js";
export { PLAN_CHOICES, PLAN_DEFAULTS, PLAN_LIMITS } from "./options.js";
export { HELD_OUT, type HeldOutClaim, type PaperPoint, TABLE1, TABLE2, type Table1Row } from "./paperData.js";
// Search.
export {
  enumeratePlans,
  type FrontierPoint,
  type FrontierRequest,
  layoutsForStorage,
  type Objective,
  type PlanRequest,
  type PlanResult,
  paretoFrontier,
  paretoOf,
  planInference,
  toWorkload,
  type WeightStorage,
} from "./search.js";
