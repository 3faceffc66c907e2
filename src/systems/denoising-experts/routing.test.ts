import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createScheduler, STABLE_DIFFUSION_SCHEDULER_CONFIG } from "../../diffusion/index.js";
import { boundaryTimestep, checkRouting, expertForTimestep, expertSpans, parseBoundaries, routeTimesteps } from "./routing.js";

describe("expert routing", () => {
  it("blocks: expert N − ⌊t·N/T⌋, expert 1 the noisiest block, edges as the paper's ⌊t/100⌋", () => {
    const r = { kind: "blocks", blocks: 10 } as const;
    assert.equal(expertForTimestep(999, r, 1000), 1);
    assert.equal(expertForTimestep(900, r, 1000), 1);
    assert.equal(expertForTimestep(899.5, r, 1000), 2);
    assert.equal(expertForTimestep(100, r, 1000), 9); // ⌊100/100⌋ = 1 → the second-lowest block
    assert.equal(expertForTimestep(99.5, r, 1000), 10);
    assert.equal(expertForTimestep(0, r, 1000), 10);
    assert.equal(expertForTimestep(1000, r, 1000), 1, "t = T clamps to the noisiest expert");
    assert.equal(expertForTimestep(3, { kind: "blocks", blocks: 1 }, 1000), 1);
  });

  it("boundaries: expert 1 for t ≥ (1 − b₁)·T, then each band, SDXL's denoising_end rule", () => {
    const r = { kind: "boundaries", boundaries: [0.8] } as const;
    assert.equal(boundaryTimestep(0.8, 1000), 200);
    assert.equal(expertForTimestep(200, r, 1000), 1);
    assert.equal(expertForTimestep(199.99, r, 1000), 2);
    const three = { kind: "boundaries", boundaries: [0.3, 0.6] } as const;
    assert.deepEqual(
      [999, 700, 699, 400, 399, 0].map((t) => expertForTimestep(t, three, 1000)),
      [1, 1, 2, 2, 3, 3],
    );
  });

  it("routes a real schedule by timestep (SD, 20 Euler steps, fractional timesteps)", () => {
    const s = createScheduler(STABLE_DIFFUSION_SCHEDULER_CONFIG, { steps: 20, name: "euler" });
    const experts = routeTimesteps(s.timesteps, { kind: "blocks", blocks: 10 }, 1000);
    assert.equal(experts.length, 20);
    for (let i = 0; i < 20; i++) assert.equal(experts[i], 10 - Math.floor((s.timesteps[i] as number) / 100));
    assert.deepEqual(
      expertSpans(s.timesteps, experts).map((x) => x.expert),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
  });

  it("groups steps into spans", () => {
    assert.deepEqual(expertSpans([900, 800, 300, 100], [1, 1, 2, 2]), [
      { expert: 1, first: 0, last: 1, fromTimestep: 900, toTimestep: 800 },
      { expert: 2, first: 2, last: 3, fromTimestep: 300, toTimestep: 100 },
    ]);
  });

  it("refuses rules that do not fit the experts", () => {
    assert.throws(() => checkRouting({ kind: "blocks", blocks: 10 }, 2), /--blocks 10 needs 10 experts/);
    assert.throws(() => checkRouting({ kind: "boundaries", boundaries: [0.5] }, 3), /3 experts take 2 --boundaries fractions; got 1/);
    assert.throws(() => checkRouting({ kind: "boundaries", boundaries: [0.6, 0.3] }, 3), /must increase/);
    assert.throws(() => checkRouting({ kind: "boundaries", boundaries: [1] }, 2), /between 0 and 1/);
    assert.deepEqual(parseBoundaries("0.3, 0.6"), [0.3, 0.6]);
    assert.throws(() => parseBoundaries("0.3,x"), /fractions separated by commas/);
  });
});
