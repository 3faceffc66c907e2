/**
 * A Stable-Diffusion-family model folder in the Hugging Face ONNX export layout (what
 * `optimum-cli export onnx` writes and the ONNX repos on the hub ship):
 *
 * ```
 * DIR/text_encoder/model.onnx   input_ids → last_hidden_state
 * DIR/unet/model.onnx           sample, timestep, encoder_hidden_states → out_sample
 * DIR/vae_encoder/model.onnx    sample → latent_sample (or latent_parameters: mean ‖ logvar)
 * DIR/vae_decoder/model.onnx    latent_sample → sample
 * DIR/tokenizer/vocab.json, merges.txt
 * DIR/scheduler/scheduler_config.json
 * ```
 *
 * Each part is one onnxruntime session; dtypes and shapes are read from the sessions, so fp32 and
 * fp16 exports, float or int64 timesteps and int32 or int64 ids all work.
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  FileFormatError,
  InvalidInputError,
  MissingFileError,
  type OnProgress,
  pathExists,
  readJsonFile,
  throwIfAborted,
} from "../core/index.js";
import { ClipTokenizer } from "./ClipTokenizer.js";
import { OnnxComponent, type OnnxSessionOptions, type OnnxValueInfo } from "./OnnxComponent.js";
import { checkSchedulerConfig, type SchedulerConfig, STABLE_DIFFUSION_SCHEDULER_CONFIG } from "./schedulers/SchedulerConfig.js";
import { concatBatch, type FloatTensor, scale, sliceBatch, sliceChannels } from "./tensor.js";

/** The ONNX parts of a diffusion model folder. */
export type DiffusionPart = "textEncoder" | "unet" | "vaeEncoder" | "vaeDecoder";

const FOLDERS: Record<DiffusionPart, { folder: string; what: string }> = {
  textEncoder: { folder: "text_encoder", what: "text encoder" },
  unet: { folder: "unet", what: "UNet" },
  vaeEncoder: { folder: "vae_encoder", what: "VAE encoder" },
  vaeDecoder: { folder: "vae_decoder", what: "VAE decoder" },
};

/** Hint appended to "not found" errors about model folders. */
export const MODEL_FOLDER_HINT =
  "A model folder in the Hugging Face ONNX layout has text_encoder/, unet/, vae_encoder/, vae_decoder/ (each with model.onnx), tokenizer/ and scheduler/; export one with: optimum-cli export onnx --model timbrooks/instruct-pix2pix DIR";

/** Options of {@link DiffusionModel.load}. */
export interface LoadDiffusionModelOptions extends OnnxSessionOptions {
  /** Which ONNX parts to load, in this order. Defaults to all four, UNet first (so a wrong UNet fails fast). */
  parts?: readonly DiffusionPart[];
  /**
   * Called as soon as each part is loaded, before the next one; throw to stop early (e.g. a pipeline
   * that rejects a UNet with the wrong channel count need not wait for the other parts). Loaded
   * sessions are released when it throws.
   */
  checkPart?: (part: DiffusionPart, component: OnnxComponent) => void;
  /** Load progress (one step per part). */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Reads a JSON file that must hold an object (a `config.json`). */
async function readJsonObject(path: string, what: string): Promise<Record<string, unknown>> {
  const v = await readJsonFile(path, what);
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new FileFormatError(what, path, "expected a JSON object");
  return v as Record<string, unknown>;
}

const signature = (vs: readonly OnnxValueInfo[]) => vs.map((v) => `${v.name} ${v.type}[${v.shape.join(",")}]`).join(", ") || "none";

/**
 * Checks that a loaded part has the interface of what its folder says it is (a UNet file copied into
 * text_encoder/ would otherwise fail later with a confusing shape error).
 * @throws {InvalidInputError} naming the file, what was expected and what the file declares.
 */
export function checkPartInterface(part: DiffusionPart, c: OnnxComponent): void {
  const { what, folder } = FOLDERS[part];
  const fail = (expected: string) =>
    new InvalidInputError(
      `${c.path}: not a ${what} (expected ${expected}; it declares inputs ${signature(c.inputs)} and outputs ${signature(c.outputs)}). Put the ${what} of the same export in ${folder}/.`,
    );
  const rank = (v: OnnxValueInfo | undefined) => v?.shape.length ?? 0;
  const isInt = (v: OnnxValueInfo | undefined) => v?.type === "int32" || v?.type === "int64";
  switch (part) {
    case "unet": {
      if (!c.input("sample") || !c.input("timestep") || !c.input("encoder_hidden_states") || rank(c.input("sample")) !== 4)
        throw fail("inputs sample [B,C,h,w], timestep and encoder_hidden_states [B,77,D]");
      break;
    }
    case "textEncoder": {
      const ids = c.input("input_ids") ?? c.inputs[0];
      const out = c.output("last_hidden_state") ?? c.outputs[0];
      if (!isInt(ids) || rank(ids) !== 2 || rank(out) !== 3) throw fail("integer input_ids [B,77] and last_hidden_state [B,77,D]");
      break;
    }
    case "vaeEncoder":
    case "vaeDecoder": {
      const input = (part === "vaeEncoder" ? c.input("sample") : c.input("latent_sample")) ?? c.inputs[0];
      const channels = input?.shape[1];
      const want = part === "vaeEncoder" ? "an image input sample [B,3,H,W]" : "a latent input latent_sample [B,4,h,w]";
      if (c.inputs.length !== 1 || rank(input) !== 4 || rank(c.outputs[0]) !== 4) throw fail(want);
      if (part === "vaeEncoder" && typeof channels === "number" && channels > 0 && channels !== 3) throw fail(want);
      const outChannels = c.outputs[0]?.shape[1];
      if (part === "vaeDecoder" && typeof outChannels === "number" && outChannels > 0 && outChannels !== 3)
        throw fail(`${want} and an image output sample [B,3,H,W]`);
      break;
    }
  }
}

/** The Stable Diffusion latent scaling factor (used when the VAE config does not give one). */
export const DEFAULT_VAE_SCALING_FACTOR = 0.18215;

/** A loaded model folder: tokenizer, scheduler config and the ONNX sessions asked for. */
export class DiffusionModel {
  /** @internal */
  constructor(
    /** The folder. */
    readonly dir: string,
    /** The CLIP tokenizer from `tokenizer/`. */
    readonly tokenizer: ClipTokenizer,
    /** `scheduler/scheduler_config.json` (SD 1.x defaults when the file is absent). */
    readonly schedulerConfig: SchedulerConfig,
    /** VAE latent scaling factor (`scaling_factor` in the VAE config; 0.18215 for SD 1.x). */
    readonly vaeScalingFactor: number,
    private readonly parts: Partial<Record<DiffusionPart, OnnxComponent>>,
    private readonly unetConfig: Record<string, unknown> | undefined,
  ) {}

  /**
   * Loads a model folder. Every requested part is checked to exist before any session is created, so
   * a missing part fails fast with its path.
   * @throws {MissingFileError} for a missing folder, part, or tokenizer file.
   */
  static async load(dir: string, options: LoadDiffusionModelOptions = {}): Promise<DiffusionModel> {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MissingFileError(dir, "Model folder", MODEL_FOLDER_HINT);
    const wanted = options.parts ?? (["unet", "textEncoder", "vaeEncoder", "vaeDecoder"] as const);
    for (const part of wanted) {
      const { folder, what } = FOLDERS[part];
      const path = join(dir, folder, "model.onnx");
      if (!pathExists(path)) throw new MissingFileError(path, `${what} (${folder}/model.onnx)`, MODEL_FOLDER_HINT);
    }
    const tokenizerDir = join(dir, "tokenizer");
    if (wanted.includes("textEncoder") && !pathExists(join(tokenizerDir, "vocab.json")))
      throw new MissingFileError(join(tokenizerDir, "vocab.json"), "Tokenizer (tokenizer/vocab.json)", MODEL_FOLDER_HINT);
    const tokenizer =
      wanted.includes("textEncoder") || pathExists(join(tokenizerDir, "vocab.json")) ? await ClipTokenizer.load(tokenizerDir) : undefined;
    const schedulerPath = join(dir, "scheduler", "scheduler_config.json");
    const schedulerConfig = pathExists(schedulerPath)
      ? checkSchedulerConfig(await readJsonFile(schedulerPath, "Scheduler config"), schedulerPath)
      : { ...STABLE_DIFFUSION_SCHEDULER_CONFIG };
    let vaeScalingFactor = DEFAULT_VAE_SCALING_FACTOR;
    for (const folder of ["vae_decoder", "vae_encoder", "vae"]) {
      const p = join(dir, folder, "config.json");
      if (!pathExists(p)) continue;
      const cfg = await readJsonObject(p, "VAE config");
      if (cfg.scaling_factor !== undefined && !(typeof cfg.scaling_factor === "number" && cfg.scaling_factor > 0))
        throw new FileFormatError("VAE config", p, `"scaling_factor" must be a positive number, got ${JSON.stringify(cfg.scaling_factor)}`);
      if (typeof cfg.scaling_factor === "number") {
        vaeScalingFactor = cfg.scaling_factor;
        break;
      }
    }
    const unetConfigPath = join(dir, "unet", "config.json");
    const unetConfig = pathExists(unetConfigPath) ? await readJsonObject(unetConfigPath, "UNet config") : undefined;
    const parts: Partial<Record<DiffusionPart, OnnxComponent>> = {};
    let done = 0;
    options.onProgress?.({ kind: "start", label: "load model", total: wanted.length, unit: "parts" });
    for (const part of wanted) {
      throwIfAborted(options.signal);
      const { folder, what } = FOLDERS[part];
      const component = await OnnxComponent.load(join(dir, folder, "model.onnx"), what, options, MODEL_FOLDER_HINT);
      parts[part] = component;
      try {
        checkPartInterface(part, component);
        options.checkPart?.(part, component);
      } catch (err) {
        for (const c of Object.values(parts)) await c?.release();
        throw err;
      }
      options.onProgress?.({ kind: "step", label: "load model", done: ++done, total: wanted.length, unit: "parts", detail: folder });
    }
    options.onProgress?.({ kind: "done", label: "load model" });
    return new DiffusionModel(
      dir,
      tokenizer ??
        new ClipTokenizer(
          new Map([
            ["<|startoftext|>", 0],
            ["<|endoftext|>", 1],
          ]),
          [],
        ),
      schedulerConfig,
      vaeScalingFactor,
      parts,
      unetConfig,
    );
  }

  /** The loaded session of `part`. @throws when it was not loaded. */
  part(part: DiffusionPart): OnnxComponent {
    const c = this.parts[part];
    if (!c) throw new InvalidInputError(`The ${FOLDERS[part].what} of ${this.dir} was not loaded (add "${part}" to parts).`);
    return c;
  }

  /** True when `part` was loaded. */
  has(part: DiffusionPart): boolean {
    return this.parts[part] !== undefined;
  }

  /** UNet input channels from the session's `sample` shape, else `unet/config.json` `in_channels`. */
  get unetInChannels(): number | undefined {
    const unet = this.part("unet");
    const c = (unet.input("sample") ?? unet.inputs[0])?.shape[1];
    if (typeof c === "number" && c > 0) return c;
    const cfg = this.unetConfig?.in_channels;
    return typeof cfg === "number" ? cfg : undefined;
  }

  /** Latent channels (UNet output channels; 4 for SD). */
  get latentChannels(): number {
    const unet = this.part("unet");
    const c = (unet.output("out_sample") ?? unet.outputs[0])?.shape[1];
    if (typeof c === "number" && c > 0) return c;
    const cfg = this.unetConfig?.out_channels;
    return typeof cfg === "number" ? cfg : 4;
  }

  /** Runs `fn` over `input` in chunks of the component's fixed batch (or all at once). */
  private async batched(
    component: OnnxComponent,
    n: number,
    fn: (start: number, count: number) => Promise<FloatTensor>,
  ): Promise<FloatTensor> {
    const fixed = component.fixedBatch;
    if (!fixed || fixed === n) return fn(0, n);
    if (n % fixed !== 0) {
      const parts: FloatTensor[] = [];
      for (let i = 0; i < n; i++) parts.push(await fn(i, 1));
      return concatBatch(parts);
    }
    const parts: FloatTensor[] = [];
    for (let i = 0; i < n; i += fixed) parts.push(await fn(i, fixed));
    return concatBatch(parts);
  }

  private readonly promptCache = new Map<string, FloatTensor>();

  /** One prompt → its text embedding `[1, 77, D]`, computed once per model and text. */
  async encodePrompt(text: string): Promise<FloatTensor> {
    const hit = this.promptCache.get(text);
    if (hit) return hit;
    const t = await this.encodePrompts([text]);
    this.promptCache.set(text, t);
    return t;
  }

  /** Prompts → CLIP text embeddings `[B, 77, D]` (the text encoder's `last_hidden_state`). */
  async encodePrompts(prompts: readonly string[]): Promise<FloatTensor> {
    const enc = this.part("textEncoder");
    const len = this.tokenizer.maxLength;
    const ids = prompts.map((p) => this.tokenizer.encode(p));
    const idsName = enc.input("input_ids")?.name ?? (enc.inputs[0]?.name as string);
    const outName = enc.output("last_hidden_state")?.name ?? (enc.outputs[0]?.name as string);
    return this.batched(enc, prompts.length, async (start, count) => {
      const flat = ids.slice(start, start + count).flat();
      const feeds: Record<string, { ints: number[]; dims: number[] }> = { [idsName]: { ints: flat, dims: [count, len] } };
      if (enc.input("attention_mask")) feeds.attention_mask = { ints: flat.map(() => 1), dims: [count, len] };
      const out = await enc.run(feeds, count, [outName]);
      return out[outName] as FloatTensor;
    });
  }

  /**
   * One UNet call: `sample` `[B, C, h, w]` at training timestep `t` with text context `[B, 77, D]` →
   * the model output `[B, 4, h, w]`. The timestep is fed as the session declares it (float or int64,
   * scalar, `[1]` or `[B]`); fixed-batch exports are called in chunks.
   */
  async predict(sample: FloatTensor, t: number, context: FloatTensor): Promise<FloatTensor> {
    const unet = this.part("unet");
    const n = sample.dims[0] as number;
    if (context.dims[0] !== n) throw new InvalidInputError(`UNet batch mismatch: sample has ${n}, context ${context.dims[0]}.`);
    const sampleName = unet.input("sample")?.name ?? "sample";
    const outName = unet.output("out_sample")?.name ?? (unet.outputs[0]?.name as string);
    const tInfo = unet.input("timestep");
    const timestep = tInfo?.type === "int64" || tInfo?.type === "int32" ? Math.round(t) : t;
    return this.batched(unet, n, async (start, count) => {
      const out = await unet.run(
        { [sampleName]: sliceBatch(sample, start, count), timestep, encoder_hidden_states: sliceBatch(context, start, count) },
        count,
        [outName],
      );
      return out[outName] as FloatTensor;
    });
  }

  /**
   * Image `[B, 3, H, W]` in [−1, 1] → the VAE posterior mode `[B, 4, H/8, W/8]`, **not** multiplied by
   * the scaling factor. Exports with a `latent_parameters` output (mean ‖ log-variance) give the exact
   * mode; exports with `latent_sample` give what the graph computes (a sample if it was traced with noise).
   */
  async encodeImage(image: FloatTensor): Promise<FloatTensor> {
    const enc = this.part("vaeEncoder");
    const inName = enc.input("sample")?.name ?? (enc.inputs[0]?.name as string);
    const outName = enc.output("latent_parameters")?.name ?? enc.output("latent_sample")?.name ?? (enc.outputs[0]?.name as string);
    const latent = await this.batched(enc, image.dims[0] as number, async (start, count) => {
      const out = await enc.run({ [inName]: sliceBatch(image, start, count) }, count, [outName]);
      return out[outName] as FloatTensor;
    });
    const channels = latent.dims[1] as number;
    const want = this.has("unet") ? this.latentChannels : 4;
    return channels === 2 * want ? sliceChannels(latent, 0, want) : latent;
  }

  /** Scaled latents `[B, 4, h, w]` → images `[B, 3, 8h, 8w]` in about [−1, 1] (divides by the scaling factor first). */
  async decodeLatents(latents: FloatTensor): Promise<FloatTensor> {
    const dec = this.part("vaeDecoder");
    const inName = dec.input("latent_sample")?.name ?? (dec.inputs[0]?.name as string);
    const outName = dec.output("sample")?.name ?? (dec.outputs[0]?.name as string);
    const unscaled = scale(latents, 1 / this.vaeScalingFactor);
    return this.batched(dec, latents.dims[0] as number, async (start, count) => {
      const out = await dec.run({ [inName]: sliceBatch(unscaled, start, count) }, count, [outName]);
      return out[outName] as FloatTensor;
    });
  }

  /** Text-embedding width D (from the text encoder output or the UNet context input). */
  get contextDim(): number | undefined {
    const d = this.parts.unet?.input("encoder_hidden_states")?.shape[2];
    return typeof d === "number" ? d : undefined;
  }

  /** Frees every session. */
  async release(): Promise<void> {
    for (const c of Object.values(this.parts)) await c?.release();
  }
}
