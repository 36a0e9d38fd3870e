// Requests over a real socket with node:http, for what fetch() cannot send or measure:
// a chunked body streamed with backpressure (no Content-Length), a forged Host header,
// and how many bytes the server actually read from the connection.
import http from "node:http";
import type net from "node:net";

/** Counts the bytes each server-side connection read, keyed by the client's port. */
export function watchConnections(server: http.Server) {
  const byClientPort = new Map<number, net.Socket>();
  let opened = 0;
  server.on("connection", (socket: net.Socket) => {
    opened++;
    byClientPort.set(socket.remotePort!, socket);
  });
  return {
    /** Connections accepted so far. */
    opened: () => opened,
    /** Bytes the server read on the connection of the client port `port` (headers included). */
    bytesRead: (port: number) => byClientPort.get(port)?.bytesRead ?? Number.NaN,
  };
}

export type StreamOutcome = {
  /** 0 when the server cut the connection before any response arrived. */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes the client handed to its socket (some may be in kernel buffers, unread). */
  sent: number;
  /** The client port, for watchConnections().bytesRead(). */
  localPort: number;
};

/**
 * Sends (POST unless `method` says otherwise) `prefix` followed by filler bytes ("a") up to exactly `total` body bytes, as a
 * chunked body (Transfer-Encoding: chunked, no Content-Length, unless `headers` declare one) in 64 kB chunks, honouring
 * backpressure. Resolves once the connection is closed, with the response if one came.
 */
export function streamChunked(
  baseUrl: string,
  path: string,
  options: { total: number; prefix?: string; headers?: Record<string, string>; method?: string },
): Promise<StreamOutcome> {
  const { port } = new URL(baseUrl);
  const prefix = Buffer.from(options.prefix ?? "");
  const CHUNK = 64 * 1024;
  return new Promise((resolve) => {
    const outcome: StreamOutcome = { status: 0, headers: {}, body: "", sent: 0, localPort: 0 };
    const headers: Record<string, string> = {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: baseUrl,
      ...options.headers,
    };
    // A declared length replaces chunking (the test says how long the body claims to be).
    if (!("Content-Length" in headers)) headers["Transfer-Encoding"] = "chunked";
    const req = http.request({ host: "127.0.0.1", port: Number(port), path, method: options.method ?? "POST", agent: false, headers });
    let stopped = false;
    req.on("socket", (socket) => {
      socket.on("connect", () => (outcome.localPort = socket.localPort!));
      socket.on("close", () => {
        stopped = true;
        resolve(outcome);
      });
    });
    req.on("response", (res) => {
      outcome.status = res.statusCode!;
      outcome.headers = res.headers;
      res.setEncoding("utf8");
      res.on("data", (text: string) => (outcome.body += text));
      res.on("error", () => undefined);
    });
    // The server may stop reading and close while this side is still writing.
    req.on("error", () => (stopped = true));
    const filler = Buffer.alloc(CHUNK, "a");
    const pump = () => {
      while (!stopped && outcome.sent < options.total) {
        const head = outcome.sent === 0 ? prefix.subarray(0, options.total) : Buffer.alloc(0);
        const size = Math.min(CHUNK, options.total - outcome.sent);
        const chunk = head.length ? Buffer.concat([head, filler.subarray(0, Math.max(0, size - head.length))]) : filler.subarray(0, size);
        outcome.sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!stopped) req.end();
    };
    pump();
  });
}

/** A request with any Host (and other) headers fetch() would not let through; `form` makes it a urlencoded POST. */
export function rawRequest(baseUrl: string, path: string, headers: Record<string, string>, form?: Record<string, string>) {
  const { port } = new URL(baseUrl);
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: Number(port),
        path,
        method: form ? "POST" : "GET",
        agent: false,
        headers: form
          ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body!)), ...headers }
          : headers,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
