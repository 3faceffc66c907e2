import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HARDWARE, parseHardwareProfile, resolveHardware } from "./hardware.js";
import {
  checkChipCount,
  checkMesh,
  chipCountProblem,
  collectiveTime,
  DEFAULT_CONVENTIONS,
  meshLabel,
  meshShapes,
  parseMesh,
} from "./mesh.js";

const tpu = { ...HARDWARE["tpu-v4"]!, efficiency: { flops: 1, hbm: 1, ici: 1, hopLatency: 1e-6, overlap: 0, stepOverhead: 0 } };
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b), `${a} ≠ ${b}`);

describe("topology", () => {
  test("TPU v4 slices are power-of-two tori; 64 chips is the 4x4x4 cube", () => {
    assert.deepEqual(meshShapes(tpu, 64).map(meshLabel), ["4x4x4"]);
    assert.ok(meshShapes(tpu, 128).map(meshLabel).includes("4x4x8"));
    assert.match(chipCountProblem(tpu, 48) ?? "", /power-of-two chip count .* try 32 or 64/);
    assert.throws(() => checkChipCount(tpu, 8192), /up to 4096 chips/);
  });

  test("GPU deployments are divisors of a node or whole nodes", () => {
    const h100 = HARDWARE.h100!;
    assert.equal(chipCountProblem(h100, 4), null);
    assert.equal(chipCountProblem(h100, 16), null);
    assert.match(chipCountProblem(h100, 12) ?? "", /not a whole number of 8-GPU nodes; use 8 or 16/);
    assert.match(chipCountProblem(h100, 3) ?? "", /divide a 8-GPU node/);
  });

  test("meshes parse and are checked against the chip count", () => {
    assert.deepEqual(parseMesh("4x4x4"), { x: 4, y: 4, z: 4 });
    assert.deepEqual(parseMesh("8x8"), { x: 1, y: 8, z: 8 });
    assert.throws(() => parseMesh("4xfour"), /Bad mesh/);
    assert.throws(() => checkMesh(tpu, 64, { x: 4, y: 4, z: 2 }), /has 32 chips, not 64/);
  });

  test("custom hardware JSON can extend a built-in profile", () => {
    const h = parseHardwareProfile({ base: "h100", hbmBandwidth: 3.072e12 });
    assert.equal(h.hbmBandwidth, 3.072e12);
    assert.equal(h.peakFlops, 989e12);
    assert.throws(() => resolveHardware("tpu-v5"), /Unknown hardware "tpu-v5".*Known: tpu-v4, a100-80gb/);
  });
});

describe("collectives", () => {
  const mesh = { x: 4, y: 4, z: 4 };
  const D = 90e6; // bytes

  test("all-gather over one torus axis: D·(K−1)/K over two 45 GB/s links, plus k/2 hops of α", () => {
    const t = collectiveTime(tpu, mesh, "all-gather", ["x"], D);
    close(t.bandwidthSeconds, (D * 0.75) / 90e9);
    assert.equal(t.hops, 2);
    close(t.latencySeconds, 2e-6);
  });

  test("the paper's convention drops (K−1)/K; reduce-scatter costs the same; all-reduce twice", () => {
    const paper = { ...DEFAULT_CONVENTIONS, ringFactor: false };
    close(collectiveTime(tpu, mesh, "all-gather", ["x"], D, paper).bandwidthSeconds, D / 90e9);
    const ag = collectiveTime(tpu, mesh, "all-gather", ["y", "z"], D);
    close(collectiveTime(tpu, mesh, "reduce-scatter", ["y", "z"], D).bandwidthSeconds, ag.bandwidthSeconds);
    close(collectiveTime(tpu, mesh, "all-reduce", ["y", "z"], D).bandwidthSeconds, 2 * ag.bandwidthSeconds);
  });

  test("more axes bring more links (axis convention); the chip convention gives every collective all six", () => {
    close(collectiveTime(tpu, mesh, "all-gather", ["x", "y", "z"], D).bandwidthSeconds, (D * (63 / 64)) / 270e9);
    close(
      collectiveTime(tpu, mesh, "all-gather", ["x"], D, { ...DEFAULT_CONVENTIONS, torusBandwidth: "chip" }).bandwidthSeconds,
      (D * 0.75) / 270e9,
    );
  });

  test("all-to-all on a ring costs a quarter of an all-gather of the whole array", () => {
    // Per-chip buffer D/4 on a ring of 4: the whole array is D.
    const a2a = collectiveTime(tpu, mesh, "all-to-all", ["x"], D / 4);
    close(a2a.bandwidthSeconds, D / 4 / 90e9);
    close(a2a.bandwidthSeconds * 4, ((D / 90e9) * 4) / 4);
  });

  test("slices below a full cube lack wraparound links: half the bandwidth", () => {
    const small = { x: 2, y: 2, z: 4 };
    close(collectiveTime(tpu, small, "all-gather", ["z"], D).bandwidthSeconds, (D * 0.75) / 45e9);
  });

  test("GPU collectives inside a node use NVLink, across nodes InfiniBand", () => {
    const h = { ...HARDWARE.h100!, efficiency: { ...HARDWARE.h100!.efficiency, ici: 1 } };
    close(collectiveTime(h, { x: 1, y: 1, z: 8 }, "all-gather", ["z"], D).bandwidthSeconds, (D * 7) / 8 / 450e9);
    close(collectiveTime(h, { x: 2, y: 1, z: 8 }, "all-gather", ["x"], D).bandwidthSeconds, D / 2 / 50e9);
  });
});
