/**
 * The one browser script every page shares, served at `GET /assets/yomikai.js` and imported by the
 * pages' module scripts: `import { $, esc, api, stream, showError } from "/assets/yomikai.js";`.
 * Plain JavaScript in a string (no bundler): element helpers, HTML escaping, JSON calls that turn
 * the server's one-line `error` into an `Error`, and a reader of server-sent events for long jobs.
 * @module
 */

/** The source of `/assets/yomikai.js`. */
export const CLIENT_SCRIPT = String.raw`// yomikai: shared helpers of the web pages (served by yomikai serve).

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** Text made safe to put inside HTML. */
export const esc = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Creates an element: el("button", { class: "x", onclick: fn }, "text", child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Shows a one-line error in target (an element or its id): red text, no HTML from the message. */
export function showError(target, message) {
  const node = typeof target === "string" ? $(target) : target;
  node.replaceChildren(el("span", { class: "error", role: "alert" }, message instanceof Error ? message.message : String(message)));
}

async function send(url, body, headers) {
  try {
    return await fetch(url, body === undefined ? { headers } : { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  } catch (e) {
    throw new Error("Could not reach the server (" + e.message + "); is yomikai serve still running?");
  }
}

async function failure(res) {
  let data;
  try { data = await res.json(); } catch { return new Error("The server answered HTTP " + res.status + " without JSON; see the server log."); }
  return new Error((data && data.error) || "HTTP " + res.status);
}

/**
 * Calls a JSON API: GET with query parameters when body is undefined, else POST of JSON. Resolves to
 * the answer; rejects with an Error whose message is the server's one-line error.
 */
export async function api(url, body, query) {
  const full = query ? url + "?" + new URLSearchParams(query) : url;
  const res = await send(full, body, {});
  if (!res.ok) throw await failure(res);
  try { return await res.json(); } catch { throw new Error("The server answered without JSON; see the server log."); }
}

/**
 * Runs a long job through a JSON API as server-sent events: onProgress gets each progress event
 * ({ kind, label, done, total }) while it runs; resolves to the result, rejects with the one-line error.
 */
export async function stream(url, body, onProgress) {
  const res = await send(url, body, { accept: "text/event-stream" });
  if (!res.ok) throw await failure(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "", result, error, got = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      const payload = data ? JSON.parse(data) : null;
      if (event === "progress" && onProgress) onProgress(payload);
      else if (event === "result") { result = payload; got = true; }
      else if (event === "error") error = payload && payload.error;
    }
    if (done) break;
  }
  if (error) throw new Error(error);
  if (!got) throw new Error("The server closed the stream without a result; see the server log.");
  return result;
}

/** A short line for a progress event: "denoising 3/10". */
export function progressText(e) {
  if (!e) return "";
  if (e.kind === "step") return (e.label || "step") + " " + e.done + (e.total ? "/" + e.total : "") + (e.detail ? " · " + e.detail : "");
  if (e.kind === "download") return "downloading " + e.file + " " + Math.round(e.loaded / 1048576) + " MiB";
  if (e.kind === "log") return e.message;
  return e.label || e.kind;
}
`;
