// A loopback stand-in for api.weixin.qq.com during the benchmark, so the parts of long answers that go out by
// customer-service message are delivered (as they would be) instead of failing and being retried.
// usage: node fake-api.mjs PORT
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? '5392');
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = req.url.startsWith('/cgi-bin/stable_token')
      ? { access_token: 'bench-access-token', expires_in: 7200 }
      : { errcode: 0, errmsg: 'ok' };
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
}).listen(port, '127.0.0.1');
