/** Where the diffusion runtime's no-download demo model lives. */
import { cacheDir } from "../core/index.js";

/**
 * The folder of the tiny random-weight InstructPix2Pix demo model (what `yomikai edit demo-model`
 * writes and the web page uses): `<cache>/models/demo/instruct-pix2pix`.
 */
export function diffusionDemoDir(): string {
  return cacheDir("models", "demo", "instruct-pix2pix");
}
