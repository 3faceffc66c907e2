/**
 * The experts' UNets, loaded lazily and kept in a least-recently-used set of at most `maxLoaded`
 * sessions. Sampling visits experts in descending-timestep order, so with `maxLoaded = 1` each
 * expert is loaded once per image and only one expert's weights are resident at a time: ten
 * SD-sized experts run on a machine that holds one or two. A folder listed twice is one session.
 * @module
 */
import { join } from "node:path";
import { InvalidInputError, MissingFileError, type OnProgress, pathExists } from "../../core/index.js";
import {
  checkTextToImageUnet,
  DiffusionModel,
  MODEL_FOLDER_HINT,
  type NoisePredictor,
  type OnnxSessionOptions,
} from "../../diffusion/index.js";

/** Options of {@link ExpertPool}. */
export interface ExpertPoolOptions extends OnnxSessionOptions {
  /** At most this many UNet sessions resident at once. Defaults to `2`. */
  maxLoaded?: number;
  /** The text encoder's output width; a UNet that wants another is refused on load. */
  contextDim?: number | undefined;
  /** Latent channels of the shared VAE (4 for SD); a UNet with other input or output channels is refused. */
  latentChannels?: number;
  /** A `log` event per load and eviction. */
  onProgress?: OnProgress;
}

/** Load statistics of an {@link ExpertPool}. */
export interface ExpertPoolStats {
  /** UNet sessions created. */
  loads: number;
  /** Sessions released to make room. */
  evictions: number;
  /** The most sessions resident at once. */
  maxResident: number;
}

/** Checks that every expert folder has a UNet before any long work starts. */
export function checkExpertFolders(dirs: readonly string[]): void {
  if (dirs.length === 0) throw new InvalidInputError("Give at least one expert folder (--experts DIR[,DIR…]).");
  for (const dir of dirs) {
    const p = join(dir, "unet", "model.onnx");
    if (!pathExists(p)) throw new MissingFileError(p, `Expert UNet (${dir}/unet/model.onnx)`, MODEL_FOLDER_HINT);
  }
}

/** Lazily loaded expert UNets with an LRU bound. */
export class ExpertPool {
  private readonly resident = new Map<string, Promise<DiffusionModel>>();
  private readonly maxLoaded: number;
  readonly stats: ExpertPoolStats = { loads: 0, evictions: 0, maxResident: 0 };

  constructor(
    /** Expert folders, expert 1 first. */
    readonly dirs: readonly string[],
    private readonly options: ExpertPoolOptions = {},
  ) {
    checkExpertFolders(dirs);
    this.maxLoaded = options.maxLoaded ?? 2;
    if (!Number.isInteger(this.maxLoaded) || this.maxLoaded < 1)
      throw new InvalidInputError(`--max-loaded must be a whole number ≥ 1; got ${options.maxLoaded}.`);
  }

  /** Number of sessions resident now. */
  get residentCount(): number {
    return this.resident.size;
  }

  /** The UNet of expert `expert` (1-based), loading it (and evicting the least recently used) when needed. */
  async unet(expert: number): Promise<NoisePredictor> {
    const dir = this.dirs[expert - 1];
    if (dir === undefined) throw new InvalidInputError(`There is no expert ${expert} (${this.dirs.length} given).`);
    let entry = this.resident.get(dir);
    if (entry) {
      // Refresh its place in the LRU order.
      this.resident.delete(dir);
      this.resident.set(dir, entry);
      return entry;
    }
    while (this.resident.size >= this.maxLoaded) {
      const [oldDir, oldest] = this.resident.entries().next().value as [string, Promise<DiffusionModel>];
      this.resident.delete(oldDir);
      this.stats.evictions++;
      this.options.onProgress?.({ kind: "log", label: "experts", message: `released the UNet of ${oldDir}` });
      await (await oldest).release();
    }
    entry = this.load(dir, expert);
    this.resident.set(dir, entry);
    entry.catch(() => this.resident.delete(dir));
    this.stats.maxResident = Math.max(this.stats.maxResident, this.resident.size);
    return entry;
  }

  private async load(dir: string, expert: number): Promise<DiffusionModel> {
    const { maxLoaded: _m, contextDim, latentChannels, onProgress, ...session } = this.options;
    const model = await DiffusionModel.load(dir, {
      ...session,
      parts: ["unet"],
      checkPart: (_part, c) => checkTextToImageUnet(c, `Expert ${expert} (${dir})`),
    });
    this.stats.loads++;
    onProgress?.({ kind: "log", label: "experts", message: `loaded the UNet of expert ${expert} (${dir})` });
    const want = latentChannels ?? 4;
    const cin = model.unetInChannels;
    const problem =
      cin !== undefined && cin !== want
        ? `takes ${cin} input channels, not the ${want} latent channels of a text-to-image UNet`
        : model.latentChannels !== want
          ? `outputs ${model.latentChannels} channels, not ${want}`
          : contextDim !== undefined && model.contextDim !== undefined && model.contextDim !== contextDim
            ? `expects text states of width ${model.contextDim}, but expert 1's text encoder gives ${contextDim}`
            : undefined;
    if (problem) {
      await model.release();
      throw new InvalidInputError(
        `Expert ${expert} (${dir}): its UNet ${problem}. Every expert must be a UNet of the same family as expert 1 (same text encoder and VAE).`,
      );
    }
    return model;
  }

  /** Releases every resident session. */
  async release(): Promise<void> {
    const all = [...this.resident.values()];
    this.resident.clear();
    for (const p of all) await (await p.catch(() => undefined))?.release();
  }
}
