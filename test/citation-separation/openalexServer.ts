/**
 * A loopback HTTP server speaking the shape of OpenAlex's `/works` endpoint (cursor paging, `meta`,
 * `results`, JSON errors), with programmable failures, for testing the fetch client without internet.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeOpenAlex {
  url: string;
  /** Every request's path and query, in order. */
  requests: URL[];
  /** Status codes to answer instead of a page, consumed one per request (undefined = answer normally). */
  failures: (number | undefined)[];
  /** Answer every request from this page index on with 500 (simulates an outage). */
  outageFromPage?: number;
  close(): Promise<void>;
}

export async function startFakeOpenAlex(works: unknown[]): Promise<FakeOpenAlex> {
  const state = { requests: [] as URL[], failures: [] as (number | undefined)[], outageFromPage: undefined as number | undefined };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    state.requests.push(url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== "/works") return send(404, { error: "Not found", message: `no route ${url.pathname}` });
    const filter = url.searchParams.get("filter") ?? "";
    if (!filter.includes("primary_location.source.id:"))
      return send(400, { error: "Invalid query parameters error.", message: "filter is required" });
    const perPage = Number(url.searchParams.get("per-page") ?? 25);
    const cursor = url.searchParams.get("cursor");
    if (!cursor) return send(400, { error: "Invalid query parameters error.", message: "cursor is required" });
    const offset = cursor === "*" ? 0 : Number(cursor.replace(/^c/, ""));
    const pageIndex = Math.floor(offset / perPage);
    const fail = state.failures.shift();
    if (fail !== undefined) return send(fail, { error: "busy", message: `simulated ${fail}` }, fail === 429 ? { "retry-after": "0" } : {});
    if (state.outageFromPage !== undefined && pageIndex >= state.outageFromPage)
      return send(500, { error: "outage", message: "simulated outage" });
    const results = works.slice(offset, offset + perPage);
    const next = offset + perPage < works.length ? `c${offset + perPage}` : null;
    send(200, {
      meta: { count: works.length, db_response_time_ms: 1, page: null, per_page: perPage, next_cursor: next, groups_count: null },
      results,
      group_by: [],
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get failures() {
      return state.failures;
    },
    set failures(v) {
      state.failures = v;
    },
    get outageFromPage() {
      return state.outageFromPage;
    },
    set outageFromPage(v) {
      state.outageFromPage = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as FakeOpenAlex;
}
