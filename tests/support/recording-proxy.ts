/**
 * A loopback HTTP proxy that forwards every request to a target (the emulator) unchanged and keeps
 * what crossed the wire: method, path, request headers and body, status, response body. Tests point a client's
 * endpoints at it to see the raw exchanges without touching the client or the emulator.
 */
import { createServer, request as httpRequest, Server } from "node:http";
import { AddressInfo } from "node:net";
import { readBody } from "../../emulator/server";

export interface RecordedExchange {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: RecordedExchange[] = [];
  const targetUrl = new URL(target);
  const server: Server = createServer(async (incoming, outgoing) => {
    const requestBody = await readBody(incoming);
    const forwarded = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      async (answer) => {
        const responseBody = await readBody(answer);
        const url = new URL(incoming.url ?? "/", "http://proxy");
        exchanges.push({ method: incoming.method ?? "", path: url.pathname, query: url.searchParams, requestHeaders: incoming.headers, requestBody, status: answer.statusCode ?? 0, responseBody });
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(responseBody);
      },
    );
    forwarded.on("error", () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    forwarded.end(requestBody);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
