/** `/healthz` (the process answers), `/readyz` (it can take work: started, database reachable, not draining), `/metrics`. */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  /** Resolves when the replica can take work; rejects with the reason otherwise. */
  ready(): Promise<void>;
  readonly registry: Registry;
}

export async function startHttpServer(
  port: number,
  checks: HealthChecks,
): Promise<Server & { port: number }> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    const url = request.url?.split('?')[0];
    if (url === '/healthz') return reply(200, 'ok\n');
    if (url === '/readyz') {
      checks.ready().then(
        () => reply(200, 'ready\n'),
        (error: unknown) =>
          reply(503, `not ready: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (url === '/metrics') {
      checks.registry.metrics().then(
        (text) => reply(200, text, checks.registry.contentType),
        (error: unknown) =>
          reply(500, `metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    reply(404, 'not found: try /healthz, /readyz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address();
  return Object.assign(server, { port: typeof address === 'object' && address ? address.port : port });
}
