import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { providerFetch } from '../provider-http.js';
import { selfSignedCertificate } from './helpers.js';

/**
 * A provider reached through an outbound proxy, as many hosting networks require: the
 * standard HTTP_PROXY / HTTPS_PROXY / NO_PROXY variables apply to every plugin's calls
 * (Node's own fetch ignores them), HTTPS goes through a CONNECT tunnel, and a private CA
 * still verifies the provider behind the tunnel.
 */
describe('provider calls through an outbound proxy', () => {
  let target: Server;
  let proxy: Server;
  let targetUrl = '';
  let proxyUrl = '';
  /** What the proxy forwarded: `GET http://…` for plain HTTP, `CONNECT host:port` for a tunnel. */
  const forwarded: string[] = [];
  const saved = { ...process.env };

  before(async () => {
    target = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url })));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    proxy = createServer((req, res) => {
      forwarded.push(`${req.method} ${req.url}`);
      const upstream = request(req.url!, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    proxy.on('connect', (req, socket, head) => {
      forwarded.push(`CONNECT ${req.url}`);
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const v of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    for (const s of [target, proxy]) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  it('sends plain HTTP through HTTP_PROXY, and straight to hosts in NO_PROXY', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    const res = await providerFetch('test', 'Test provider', `${targetUrl}/via-proxy`, {}, { timeoutMs: 5000 });
    assert.deepEqual(await res.json(), { path: '/via-proxy' });
    assert.deepEqual(forwarded, [`GET ${targetUrl}/via-proxy`]);

    process.env.NO_PROXY = '127.0.0.1';
    const direct = await providerFetch('test', 'Test provider', `${targetUrl}/direct`, {}, { timeoutMs: 5000 });
    assert.deepEqual(await direct.json(), { path: '/direct' });
    assert.equal(forwarded.length, 1, 'NO_PROXY host reached without the proxy');
  });

  it('tunnels HTTPS through HTTPS_PROXY and still verifies a private CA behind it', async (t) => {
    const certificate = selfSignedCertificate();
    if (!certificate) return t.skip('openssl is not installed here');
    const ca = certificate.cert;
    const secure = createTlsServer({ key: certificate.key, cert: ca }, (req, res) => res.writeHead(200).end(`secure ${req.url}`));
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    const port = (secure.address() as AddressInfo).port;
    try {
      process.env.HTTPS_PROXY = proxyUrl;
      delete process.env.NO_PROXY;
      forwarded.length = 0;
      const res = await providerFetch('test', 'Test provider', `https://127.0.0.1:${port}/x`, {}, { timeoutMs: 5000, ca });
      assert.equal(await res.text(), 'secure /x');
      assert.deepEqual(forwarded, [`CONNECT 127.0.0.1:${port}`]);
      // Without the CA the tunnel still opens, but the certificate behind it is not trusted.
      await assert.rejects(
        providerFetch('test', 'Test provider', `https://127.0.0.1:${port}/y`, {}, { timeoutMs: 5000 }),
        /certificate is not trusted/,
      );
    } finally {
      secure.closeAllConnections();
      await new Promise<void>((r) => secure.close(() => r()));
      certificate.remove();
    }
  });
});
