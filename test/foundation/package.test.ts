// npm runs without "Unknown project config" warnings, onnxruntime-node's download script is denied, and
// `npm start` execs the server so stopping its process stops the server (issue 18 item 8).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string>; allowScripts?: Record<string, boolean> };

test("npm prints no config warning in this project and skips onnxruntime-node's install script", () => {
  const r = spawnSync("npm", ["config", "get", "fund"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /Unknown (project|user|env) config/);
  assert.equal(pkg.allowScripts?.["onnxruntime-node"], false);
  const ls = spawnSync("npm", ["install-scripts", "ls"], { encoding: "utf8" });
  // Older npm has no install-scripts command; there ONNXRUNTIME_NODE_INSTALL=skip is the README's way.
  if (ls.status === 0) assert.doesNotMatch(ls.stdout + ls.stderr, /onnxruntime-node@/);
});

test("npm start execs the server: SIGTERM to the script's shell stops the server", { timeout: 30_000 }, async (t) => {
  const script = pkg.scripts.start as string;
  assert.match(script, /^npm run build && /);
  // The start script with its build step replaced by `true` (same shape: a list, so sh forks unless the
  // server is exec'd), run by sh as npm runs it (sh -c), on a free port.
  const serve = `${script.replace(/^npm run build && /, "true && ")} --port 0 --json`;
  // Its own process group, so a server left running (the failure this test catches) is still cleaned up.
  const child = spawn("sh", ["-c", serve], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  t.after(() => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /"url": "([^"]+)"/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before serving`)));
  });
  assert.equal((await fetch(`${url}/healthz`)).status, 200);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM"); // the PID npm would signal: the shell, which exec replaced with node
  assert.equal(await exited, 0);
  await assert.rejects(fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }), "the server is gone with its process");
});
