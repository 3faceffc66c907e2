/**
 * Flags and helpers shared by the `plan` commands: model and hardware by name or JSON file.
 * @module
 */
import { readJsonFile } from "../../../core/index.js";
import {
  checkChipCount,
  checkMesh,
  HARDWARE_NAMES,
  type HardwareProfile,
  MODEL_NAMES,
  type ModelConfig,
  parseHardwareProfile,
  parseMesh,
  parseModelConfig,
  resolveHardware,
  resolveModel,
} from "../../../systems/inference-planner/index.js";
import { flagValue } from "../../framework.js";

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

/** A model by name (an unknown name is a wrong command line, exit 2), or from a JSON file when the value ends in `.json`. */
export async function loadModel(value: string): Promise<ModelConfig> {
  if (value.toLowerCase().endsWith(".json")) return parseModelConfig(await readJsonFile(value, "Model config"), value);
  return flagValue(() => resolveModel(value));
}

/** A hardware profile by name (unknown: exit 2), or from a JSON file when the value ends in `.json`. */
export async function loadHardware(value: string): Promise<HardwareProfile> {
  if (value.toLowerCase().endsWith(".json")) return parseHardwareProfile(await readJsonFile(value, "Hardware profile"), value);
  return flagValue(() => resolveHardware(value));
}

/**
 * Checks chip counts (and a forced `--mesh`) against the hardware's topology before planning: a count
 * or mesh that does not fit is a wrong command line (exit 2).
 */
export function checkChips(hardware: HardwareProfile, chips: number | readonly number[], mesh?: string): void {
  flagValue(() => {
    for (const c of typeof chips === "number" ? [chips] : chips) checkChipCount(hardware, c);
    if (mesh !== undefined && typeof chips === "number") checkMesh(hardware, chips, parseMesh(mesh));
  });
}

/** `1.234 s` / `12.3 ms`. */
export function seconds(s: number): string {
  return s >= 1 ? `${s.toFixed(3)} s` : `${(s * 1000).toFixed(1)} ms`;
}

/** Percent with one decimal. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
