/**
 * A loopback TCP proxy in front of a real server, to count connection attempts and to play a network
 * that goes silent: `freeze()` stops forwarding in both directions while every socket stays open,
 * which is what a hung server or a dropped link looks like from the client.
 */
import net from 'node:net';

export interface TcpProxy extends AsyncDisposable {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Stops forwarding; connections made afterwards are accepted and never answered. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: {
  readonly host: string;
  readonly port: number;
}): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs: Array<readonly [net.Socket, net.Socket]> = [];
  let frozen = false;
  let connections = 0;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  // allowHalfOpen: a client's FIN must not be answered by the proxy itself while frozen.
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    connections++;
    track(client);
    if (frozen) return;
    const upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    track(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => !frozen && closeBoth());
    upstream.on('close', () => !frozen && closeBoth());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address() as net.AddressInfo;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port: address.port,
    get connections() {
      return connections;
    },
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
