/**
 * Flags and helpers shared by the `plan` commands: model and hardware by name or JSON file.
 * @module
 */
import { readJsonFile } from "../../../core/index.js";
import {
  HARDWARE_NAMES,
  type HardwareProfile,
  MODEL_NAMES,
  type ModelConfig,
  parseHardwareProfile,
  parseModelConfig,
  resolveHardware,
  resolveModel,
} from "../../../systems/inference-planner/index.js";

/** `--model` and `--hardware`. */
export const targetFlags = {
  model: {
    type: "string",
    description: `Model name (${MODEL_NAMES.join(", ")}) or a JSON config file.`,
    required: true,
    placeholder: "NAME|FILE.json",
  },
  hardware: {
    type: "string",
    description: `Hardware profile (${HARDWARE_NAMES.join(", ")}) or a JSON profile file.`,
    default: "tpu-v4",
    placeholder: "NAME|FILE.json",
  },
} as const;

/** A model by name, or from a JSON file when the value ends in `.json`. */
export async function loadModel(value: string): Promise<ModelConfig> {
  if (value.toLowerCase().endsWith(".json")) return parseModelConfig(await readJsonFile(value, "Model config"), value);
  return resolveModel(value);
}

/** A hardware profile by name, or from a JSON file when the value ends in `.json`. */
export async function loadHardware(value: string): Promise<HardwareProfile> {
  if (value.toLowerCase().endsWith(".json")) return parseHardwareProfile(await readJsonFile(value, "Hardware profile"), value);
  return resolveHardware(value);
}

/** `1.234 s` / `12.3 ms`. */
export function seconds(s: number): string {
  return s >= 1 ? `${s.toFixed(3)} s` : `${(s * 1000).toFixed(1)} ms`;
}

/** Percent with one decimal. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
