// Benchmarks 5 (proxy throughput) and 7b (proxy memory under load).
//
// 5: wrk against the release proxy's cached /api/feed/news (200, and the 304
//    path with If-None-Match: its ETag) vs nginx serving the identical bytes
//    as a static file with the same headers (its own ETag for the 304 path).
//    Same wrk settings, same run, alternating servers: a warm-up, then
//    BENCH_REPS (default 3) runs of BENCH_WRK_SECONDS (default 10) each.
// 7b: the proxy's resident memory at start and after BENCH_MEMORY_SECONDS
//    (default 60) of wrk load over its API (feed pages, desks, items,
//    sources); nginx's (master + workers) after the same load on its file.
//
// Everything on 127.0.0.1. Needs wrk and nginx (scripts/bench.sh installs them).
//   node bench/proxy.mjs
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedItems, reps, row, sleep, startProxy, stats, writeResult } from './lib/common.mjs';

const THREADS = Number(process.env.BENCH_WRK_THREADS || 2);
const CONNECTIONS = Number(process.env.BENCH_WRK_CONNECTIONS || 32);
const SECONDS = Number(process.env.BENCH_WRK_SECONDS || 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WRK_WARMUP || 3);
const MEMORY_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS || 60);
const REPS = reps(3);
const PATH = '/api/feed/news';

const work = mkdtempSync(join(tmpdir(), 'newsdesk-bench-proxy-'));
chmodSync(work, 0o755); // nginx workers run as an unprivileged user

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs wrk; returns { rps, p50, p99, requests, errors } (latencies in ms). */
function wrk(url, seconds, { header = null, script = null } = {}) {
  const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency'];
  if (header) args.push('-H', header);
  if (script) args.push('-s', script);
  args.push(url);
  const out = execFileSync('wrk', args, { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const ms = (text) => {
    const m = text.match(/^([\d.]+)(us|ms|s)$/);
    if (!m) return NaN;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const percentile = (p) => ms((out.match(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm')) || [])[1] || '');
  const non2xx = Number((out.match(/Non-2xx or 3xx responses: (\d+)/) || [0, 0])[1]);
  const socket = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = socket ? socket.slice(1).reduce((t, n) => t + Number(n), 0) : 0;
  return {
    rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]),
    p50: percentile(50),
    p99: percentile(99),
    requests: Number(out.match(/(\d+) requests in/)[1]),
    errors: non2xx + socketErrors,
  };
}

const rssKiB = (pid) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(status.match(/VmRSS:\s+(\d+)/)[1]), hwm: Number(status.match(/VmHWM:\s+(\d+)/)[1]) };
  } catch {
    return { rss: 0, hwm: 0 };
  }
};
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
/** CPU seconds (user + system, all threads) a process has used. */
const cpuSeconds = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
};
const children = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

// ---------------------------------------------------------------- servers

const proxy = await startProxy();
// The same proxy as tower-http layers around the router (src/layers.rs),
// for issue 12's question: does one ServiceBuilder wrap cost what the
// hand-written service saves?
const layered = await startProxy({ env: { NEWSDESK_SERVICE: 'layers' } });
// wrk sends no Accept-Encoding, so it gets the identity body and its ETag;
// ask for the same here (Node's fetch would otherwise ask for br/gzip and
// get another representation, with another ETag).
const IDENTITY = { 'accept-encoding': 'identity' };
const first = await fetch(`${proxy.base}${PATH}`, { headers: IDENTITY });
if (!first.ok) throw new Error(`${PATH}: HTTP ${first.status}`);
const body = Buffer.from(await first.arrayBuffer());
const etag = first.headers.get('etag');
const again = await fetch(`${proxy.base}${PATH}`, { headers: { ...IDENTITY, 'if-none-match': etag } });
if (again.status !== 304) throw new Error(`${PATH} with If-None-Match: HTTP ${again.status}, expected 304`);

// nginx: the same bytes, the proxy's headers (but its own Date, ETag, length).
writeFileSync(join(work, 'feed-news.json'), body);
chmodSync(join(work, 'feed-news.json'), 0o644);
const skip = new Set(['date', 'etag', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'content-type', 'content-encoding', 'server', 'last-modified']);
const headerLines = [];
for (const [name, value] of first.headers) {
  if (!skip.has(name)) headerLines.push(`      add_header ${name} '${value.replace(/'/g, "\\'")}' always;`);
}
const nginxPort = await freePort();
const conf = join(work, 'nginx.conf');
writeFileSync(
  conf,
  `# Written by bench/proxy.mjs: a static copy of ${PATH}, for comparison.
worker_processes ${THREADS};
pid ${work}/nginx.pid;
error_log ${work}/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 10000000;
  server_tokens off;
  server {
    listen 127.0.0.1:${nginxPort};
    location = ${PATH} {
      alias ${work}/feed-news.json;
      types { }
      default_type '${first.headers.get('content-type')}';
${headerLines.join('\n')}
    }
  }
}
`,
);
const nginx = spawn('nginx', ['-p', work, '-e', `${work}/error.log`, '-c', conf, '-g', 'daemon off;'], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const nginxBase = `http://127.0.0.1:${nginxPort}`;
let nginxEtag = null;
for (let i = 0; i < 100 && !nginxEtag; i += 1) {
  await sleep(100);
  try {
    const res = await fetch(`${nginxBase}${PATH}`);
    const copy = Buffer.from(await res.arrayBuffer());
    if (!copy.equals(body)) throw new Error('nginx serves different bytes');
    nginxEtag = res.headers.get('etag');
  } catch (error) {
    if (i === 99) throw error;
  }
}
const nginx304 = await fetch(`${nginxBase}${PATH}`, { headers: { 'if-none-match': nginxEtag } });
if (nginx304.status !== 304) throw new Error(`nginx with If-None-Match: HTTP ${nginx304.status}`);

const nginxPids = () => [nginx.pid, ...children(nginx.pid)];
const stopAll = async () => {
  await proxy.stop();
  await layered.stop();
  if (nginx.exitCode === null) {
    const done = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await Promise.race([done, sleep(5000)]);
    if (nginx.exitCode === null) nginx.kill('SIGKILL');
  }
  rmSync(work, { recursive: true, force: true });
};

try {
  // ------------------------------------------------------------ throughput
  const proxyPids = () => [proxy.process.pid];
  const targets = [
    { id: 'proxy-200', url: `${proxy.base}${PATH}`, pids: proxyPids },
    { id: 'nginx-200', url: `${nginxBase}${PATH}`, pids: nginxPids },
    { id: 'proxy-304', url: `${proxy.base}${PATH}`, header: `If-None-Match: ${etag}`, pids: proxyPids },
    { id: 'nginx-304', url: `${nginxBase}${PATH}`, header: `If-None-Match: ${nginxEtag}`, pids: nginxPids },
    { id: 'layers-200', url: `${layered.base}${PATH}`, pids: () => [layered.process.pid] },
    { id: 'layers-304', url: `${layered.base}${PATH}`, header: `If-None-Match: ${etag}`, pids: () => [layered.process.pid] },
  ];
  const runs = Object.fromEntries(targets.map((t) => [t.id, []]));
  for (const t of targets) wrk(t.url, WARMUP_SECONDS, t);
  for (let i = 0; i < REPS; i += 1) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      const cpu = () => t.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const before = cpu();
      const r = wrk(t.url, SECONDS, t);
      r.cpuPerRequest = ((cpu() - before) / r.requests) * 1e6; // µs
      runs[t.id].push(r);
      console.error(`wrk ${t.id}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms${r.errors ? `, ${r.errors} errors` : ''}`);
    }
  }
  const s = (id, key) => stats(runs[id].map((r) => r[key]));
  const errors = Object.entries(runs)
    .map(([id, list]) => [id, list.reduce((t, r) => t + r.errors, 0)])
    .filter(([, n]) => n > 0);
  writeResult({
    id: 'proxy',
  sides: ['proxy', 'nginx'],
    title: 'Proxy throughput: cached /api/feed/news vs nginx (static copy)',
    method: `wrk -t${THREADS} -c${CONNECTIONS} -d${SECONDS}s --latency on 127.0.0.1, release proxy (\`--rate-limit 100000000\`, log level error) vs ${spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '')} (${THREADS} workers, access log off, sendfile) serving the identical ${body.length}-byte body from a file with the proxy's headers. 304: If-None-Match with each server's own ETag. ${WARMUP_SECONDS} s warm-up per target, then ${REPS} runs each, alternating; wrk shares the same ${THREADS} cores. Server CPU per request = the server's user + system CPU time during a run (/proc/PID/stat, all threads; nginx: master + workers) / requests served: less disturbed by other work on the machine than requests/s. Ratio = proxy / nginx (throughput: higher is better; latency and CPU: lower is better).`,
    rows: [
      row('200: requests/s', 'req/s', s('proxy-200', 'rps'), s('nginx-200', 'rps'), { better: 'higher', target: '≥ 0.8× nginx', check: (_, r) => r >= 0.8 }),
      row('200: p99 latency', 'ms', s('proxy-200', 'p99'), s('nginx-200', 'p99')),
      row('200: p50 latency', 'ms', s('proxy-200', 'p50'), s('nginx-200', 'p50')),
      row('200: server CPU per request', 'µs', s('proxy-200', 'cpuPerRequest'), s('nginx-200', 'cpuPerRequest')),
      row('304: requests/s', 'req/s', s('proxy-304', 'rps'), s('nginx-304', 'rps'), { better: 'higher', target: '≥ 0.8× nginx', check: (_, r) => r >= 0.8 }),
      row('304: p99 latency', 'ms', s('proxy-304', 'p99'), s('nginx-304', 'p99')),
      row('304: p50 latency', 'ms', s('proxy-304', 'p50'), s('nginx-304', 'p50')),
      row('304: server CPU per request', 'µs', s('proxy-304', 'cpuPerRequest'), s('nginx-304', 'cpuPerRequest')),
    ],
    notes: [
      errors.length ? `Errors (non-2xx/3xx or socket): ${errors.map(([id, n]) => `${id} ${n}`).join(', ')}.` : 'No errors: every response was 200 or 304.',
      'Both sides send the same identity bytes: wrk sends no Accept-Encoding (the proxy keeps precompressed brotli and gzip bodies for clients that ask; nginx gzip is off by default).',
    ],
  });

  writeResult({
    id: 'proxy-layers',
    sides: ['layers', 'service'],
    title: 'Proxy service: tower-http layers around the router vs the hand-written service',
    method: `The same release proxy, twice: \`NEWSDESK_SERVICE=layers\` serves one ServiceBuilder around the whole router (TraceLayer, SetResponseHeaderLayer ×5, the rate limit and prepared answers as middleware::from_fn; crates/proxy/src/layers.rs), the default serves service.rs's Proxy. Same wrk runs as above, alternating with them. Ratio = layers / service. Issue 12's rule: within 5% of the service's requests/s and CPU per request, the proxy goes back to the layers.`,
    rows: [
      row('200: requests/s', 'req/s', s('layers-200', 'rps'), s('proxy-200', 'rps'), { better: 'higher', target: '≥ 0.95×', check: (_, r) => r >= 0.95 }),
      row('200: server CPU per request', 'µs', s('layers-200', 'cpuPerRequest'), s('proxy-200', 'cpuPerRequest'), { target: '≤ 1.05×', check: (_, r) => r <= 1.05 }),
      row('304: requests/s', 'req/s', s('layers-304', 'rps'), s('proxy-304', 'rps'), { better: 'higher', target: '≥ 0.95×', check: (_, r) => r >= 0.95 }),
      row('304: server CPU per request', 'µs', s('layers-304', 'cpuPerRequest'), s('proxy-304', 'cpuPerRequest'), { target: '≤ 1.05×', check: (_, r) => r <= 1.05 }),
      row('200: p99 latency', 'ms', s('layers-200', 'p99'), s('proxy-200', 'p99')),
    ],
    notes: ['Both at `--log error`: the service logs nothing per request there; TraceLayer still makes its (disabled) span for each.'],
  });

  // ------------------------------------------------------------ memory
  const items = await feedItems(proxy.base, 40);
  const paths = [
    '/api/feed', '/api/feed?page=2', '/api/feed?page=3', '/api/feed?page=4', '/api/feed/news', '/api/feed/analysis',
    '/api/feed/video', '/api/feed?kind=video', '/api/sources', ...items.map((i) => `/api/item/${i.id}`),
  ];
  const script = join(work, 'paths.lua');
  writeFileSync(
    script,
    `local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1])\nend\n`,
  );
  const proxyStart = rssKiB(proxy.process.pid);
  const load = wrk(proxy.base, MEMORY_SECONDS, { script });
  const proxyAfter = rssKiB(proxy.process.pid);
  const nginxRss = () => nginxPids().reduce((t, pid) => t + rssKiB(pid).rss, 0);
  const nginxStart = nginxRss();
  const nginxLoad = wrk(`${nginxBase}${PATH}`, MEMORY_SECONDS);
  const nginxAfter = nginxRss();
  const one = (kib) => stats([kib / 1024]);
  writeResult({
    id: 'memory-proxy',
  sides: ['proxy', 'nginx'],
    title: `Proxy memory: resident set after ${MEMORY_SECONDS} s of load`,
    method: `The release proxy (demo newsroom) under wrk -t${THREADS} -c${CONNECTIONS} for ${MEMORY_SECONDS} s cycling over ${paths.length} API URLs (feed pages, desks, video, sources, items): VmRSS from /proc at start and after (VmHWM = peak). Baseline: nginx (master + ${THREADS} workers) after the same load on its static copy of ${PATH}. One run each (a ${MEMORY_SECONDS} s soak); min = max = median.`,
    rows: [
      row('RSS after load', 'MiB', one(proxyAfter.rss), one(nginxAfter)),
      row('RSS at start', 'MiB', one(proxyStart.rss), one(nginxStart)),
      row('peak RSS (VmHWM)', 'MiB', one(proxyAfter.hwm), null),
      row('requests/s during the soak', 'req/s', stats([load.rps]), stats([nginxLoad.rps]), { better: 'higher' }),
    ],
    notes: [
      `${load.requests} requests to the proxy during the soak${load.errors ? `, ${load.errors} errors` : ', no errors'}.`,
      'nginx serves one static file; the proxy builds JSON pages from its in-memory newsroom: the baseline is a floor, not a like-for-like server.',
    ],
  });
} finally {
  await stopAll();
}
