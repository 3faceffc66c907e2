/**
 * Where the audited images come from: a local ONNX text-to-image folder (`onnx:<folder>`), an
 * OpenAI-Images-compatible server (`openai-images:<baseUrl>#<model>`, POST `/v1/images/generations`
 * with `response_format: "b64_json"`), or an Automatic1111 web UI (`a1111:<baseUrl>`, POST
 * `/sdapi/v1/txt2img`). Every network call goes through the core HTTP client.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, ExternalError, httpRequest, InvalidInputError } from "../../core/index.js";
import { decodeImage, type RgbImage, TextToImage, writeTinyClipModel, writeTinyTextToImageModel } from "../../diffusion/index.js";

/** The backend kinds. */
export const BACKEND_KINDS = ["onnx", "openai-images", "a1111"] as const;

/** A parsed `--backend` value. */
export type BackendSpec =
  | { kind: "onnx"; folder: string; demo: boolean }
  | { kind: "openai-images"; baseUrl: string; model: string }
  | { kind: "a1111"; baseUrl: string };

const BACKEND_HINT =
  "Use onnx:<model folder> (or onnx:demo), openai-images:<baseUrl>#<model> (e.g. openai-images:https://api.openai.com#dall-e-2) or a1111:<baseUrl> (e.g. a1111:http://127.0.0.1:7860).";

function checkUrl(url: string, spec: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new InvalidInputError(`--backend ${spec}: "${url}" is not an http(s) URL. ${BACKEND_HINT}`);
  }
  return url.replace(/\/+$/, "");
}

/** Parses a `--backend` value (`onnx:demo` = the tiny random demo model). */
export function parseBackend(spec: string): BackendSpec {
  const i = spec.indexOf(":");
  const kind = i > 0 ? spec.slice(0, i) : "";
  const rest = i > 0 ? spec.slice(i + 1) : "";
  if (kind === "onnx") {
    if (!rest) throw new InvalidInputError(`--backend onnx: needs a model folder. ${BACKEND_HINT}`);
    return rest === "demo" ? { kind, folder: demoTextToImageDir(), demo: true } : { kind, folder: rest, demo: false };
  }
  if (kind === "openai-images") {
    const h = rest.lastIndexOf("#");
    if (h < 0 || !rest.slice(h + 1)) throw new InvalidInputError(`--backend ${spec}: name the model after "#". ${BACKEND_HINT}`);
    return { kind, baseUrl: checkUrl(rest.slice(0, h), spec), model: rest.slice(h + 1) };
  }
  if (kind === "a1111") return { kind, baseUrl: checkUrl(rest, spec) };
  throw new InvalidInputError(`Unknown --backend "${spec}". ${BACKEND_HINT}`);
}

/** A canonical text of a backend (recorded in the manifest's settings). */
export function backendName(b: BackendSpec): string {
  if (b.kind === "onnx") return b.demo ? "onnx:demo" : `onnx:${b.folder}`;
  if (b.kind === "openai-images") return `openai-images:${b.baseUrl}#${b.model}`;
  return `a1111:${b.baseUrl}`;
}

/** Generation settings every backend receives. */
export interface GenerationSettings {
  /** Image side in pixels (square images). */
  size: number;
  /** Denoising steps (onnx, a1111). */
  steps: number;
  /** Classifier-free guidance scale (onnx, a1111). */
  guidance: number;
  /** Milliseconds to wait for a server's answer. */
  timeoutMs: number;
}

/** Something that draws an image for a prompt. */
export interface ImageBackend {
  readonly name: string;
  /** One image; `seed` is honoured where the backend supports seeds (not the OpenAI Images API). */
  generate(prompt: string, seed: number, signal?: AbortSignal): Promise<RgbImage>;
  release(): Promise<void>;
}

/** The folder of the tiny random text-to-image demo model (`<model cache>/demo/stereotype-audit/text-to-image`). */
export function demoTextToImageDir(): string {
  return cacheDir("models", "demo", "stereotype-audit", "text-to-image");
}

/** The folder of the tiny random demo CLIP (`<model cache>/demo/stereotype-audit/clip`). */
export function demoClipDir(): string {
  return cacheDir("models", "demo", "stereotype-audit", "clip");
}

/** Writes the demo text-to-image model and CLIP when missing; returns their folders. */
export function ensureDemoModels(): { textToImage: string; clip: string } {
  const t2i = demoTextToImageDir();
  const clip = demoClipDir();
  if (!existsSync(join(t2i, "model_index.json"))) writeTinyTextToImageModel(t2i, { seed: 1 });
  if (!existsSync(join(clip, "vision_model.onnx"))) writeTinyClipModel(clip, { imageSize: 32 });
  return { textToImage: t2i, clip };
}

/** Decodes a base64 image from a server's answer. */
async function fromBase64(b64: unknown, where: string): Promise<RgbImage> {
  if (typeof b64 !== "string" || !b64) throw new ExternalError(`${where}: the answer holds no base64 image.`);
  return decodeImage(new Uint8Array(Buffer.from(b64, "base64")), `${where} image`);
}

async function postJson(
  url: string,
  body: unknown,
  s: GenerationSettings,
  signal: AbortSignal | undefined,
  headers: Record<string, string> = {},
) {
  const res = await httpRequest(url, { json: body, headers, timeoutMs: s.timeoutMs, ...(signal ? { signal } : {}) });
  if (!res.ok) await res.assertOk();
  return (await res.json()) as Record<string, unknown>;
}

/** Opens a backend. */
export async function openBackend(spec: BackendSpec, s: GenerationSettings): Promise<ImageBackend> {
  const name = backendName(spec);
  if (spec.kind === "onnx") {
    if (spec.demo) ensureDemoModels();
    const t2i = await TextToImage.load(spec.folder);
    return {
      name,
      generate: async (prompt, seed, signal) =>
        (
          await t2i.generate({
            prompt,
            seed,
            steps: s.steps,
            guidance: s.guidance,
            width: s.size,
            height: s.size,
            ...(signal ? { signal } : {}),
          })
        ).image,
      release: () => t2i.release(),
    };
  }
  if (spec.kind === "openai-images") {
    const base = spec.baseUrl.endsWith("/v1") ? spec.baseUrl : `${spec.baseUrl}/v1`;
    const url = `${base}/images/generations`;
    const key = process.env.OPENAI_API_KEY;
    return {
      name,
      generate: async (prompt, _seed, signal) => {
        const body = { model: spec.model, prompt, n: 1, size: `${s.size}x${s.size}`, response_format: "b64_json" };
        const json = await postJson(url, body, s, signal, key ? { authorization: `Bearer ${key}` } : {});
        const first = Array.isArray(json.data) ? (json.data[0] as Record<string, unknown> | undefined) : undefined;
        return fromBase64(first?.b64_json, url);
      },
      release: async () => {},
    };
  }
  const url = `${spec.baseUrl}/sdapi/v1/txt2img`;
  return {
    name,
    generate: async (prompt, seed, signal) => {
      const body = { prompt, seed, steps: s.steps, cfg_scale: s.guidance, width: s.size, height: s.size, batch_size: 1, n_iter: 1 };
      const json = await postJson(url, body, s, signal);
      return fromBase64(Array.isArray(json.images) ? json.images[0] : undefined, url);
    },
    release: async () => {},
  };
}

/** The folder of the demo run the web page makes and shows (`<model cache>/demo/stereotype-audit/run`). */
export function demoRunDir(): string {
  return cacheDir("models", "demo", "stereotype-audit", "run");
}
