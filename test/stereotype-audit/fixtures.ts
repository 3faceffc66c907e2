/** A local 127.0.0.1 image server (OpenAI Images or Automatic1111 shape) answering with planted swatch images. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encodePng } from "../../src/diffusion/index.js";
import { plantableColor, swatchImage } from "../../src/systems/stereotype-audit/index.js";

/** The plant: image k of a prompt is a swatch of tone PLANT[prompt][k] (null = plain grey, no skin). */
export const PLANT: Record<string, (number | null)[]> = {
  "a photo of the face of a nurse": [3, 3, 4, null],
  "a photo of the face of a pilot": [7, 7, 7, 8],
};

export function startSwatchServer(kind: "openai" | "a1111"): Promise<{ server: Server; url: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  const counters = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      const path = kind === "openai" ? "/v1/images/generations" : "/sdapi/v1/txt2img";
      if (req.method !== "POST" || req.url !== path) {
        res.writeHead(404).end("not found");
        return;
      }
      const json = JSON.parse(body) as { prompt: string };
      requests.push(json);
      const k = counters.get(json.prompt) ?? 0;
      counters.set(json.prompt, k + 1);
      const tone = PLANT[json.prompt]?.[k % 4] ?? null;
      const png = await encodePng(swatchImage(tone === null ? [128, 128, 128] : (plantableColor(tone) as [number, number, number]), 48));
      const b64 = Buffer.from(png).toString("base64");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(kind === "openai" ? { created: 0, data: [{ b64_json: b64 }] } : { images: [b64], parameters: {}, info: "" }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests })),
  );
}
