// Load for filing through /api/chat: virtual citizens each file a whole petition (15 turns: the form, the check, 确认提交),
// then start over as a new citizen. Only node's own modules.
// usage: node filing.mjs URL USERS SECONDS [PAUSE_MS]
//   PAUSE_MS: each citizen's pause before every turn (0 = as fast as the bot answers); USERS * 1000 / PAUSE_MS turns/s.
// Prints turns/s, petitions filed, errors and the latency percentiles of every turn answered.
// For a rig of several instances (bench/scripts/two-instances.sh), environment:
//   RETRY=1       every turn carries an Idempotency-Key; a turn that fails (connection lost, 5xx) is sent again with the
//                 same key until answered, so a citizen whose instance died goes on where they were, on another one;
//   ACKED=FILE    appends each tracking number the bot acknowledged (one a line), to count against the database;
//   DISTINCT=1    each citizen files with an ID number and phone of their own, so none is a repeat of another
//                 (a repeat is linked to the earlier petition, and its confirmation names the earlier tracking number).
import fs from 'node:fs';
import http from 'node:http';

const [url = 'http://127.0.0.1:5393', users = '32', seconds = '10', pauseMs = '0'] = process.argv.slice(2);
const target = new URL('/api/chat', url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(users) });
const run = `${process.pid}${Date.now() % 100000}`;
const form = ['我要反映问题', '欧阳娜娜', '110101199003071233', '13800138000', '城关街道幸福路12号', '城关街道', '宏达建筑有限公司', '3',
  '两拖欠', '要求支付拖欠的三个月工资', '8月到10月在宏达建筑有限公司工地干活，三个月工资一直没发，多次找老板都说没钱。', '否', '1', '好了', '确认提交'];

const latencies = [];
let errors = 0, filed = 0, next = 0, retried = 0, recovered = 0;
const retry = process.env.RETRY === '1';
const acked = process.env.ACKED ? fs.openSync(process.env.ACKED, 'a') : null;
const end = Date.now() + Number(seconds) * 1000;
const sleep = ms => new Promise(r => setTimeout(r, ms));

function post(user, text, key) {
  const body = JSON.stringify({ user, text });
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  if (key) headers['Idempotency-Key'] = key;
  return new Promise(resolve => {
    const started = process.hrtime.bigint();
    const req = http.request(target, { method: 'POST', agent, headers }, res => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', c => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, text: '', ms: 0 }));
    req.end(body);
  });
}

const distinct = process.env.DISTINCT === '1';
// A valid 18-digit ID number (GB 11643 check digit) and a mobile number for citizen n.
function identity(n) {
  const month = String(1 + Math.floor(n / 1000) % 12).padStart(2, '0');
  const day = String(1 + Math.floor(n / 12000) % 28).padStart(2, '0');
  const base = `1101011990${month}${day}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const phone = `139${String(Number(process.pid) * 7919 + n).slice(-8).padStart(8, '0')}`;
  return [base + '10X98765432'[sum % 11], phone];
}

async function citizen() {
  while (Date.now() < end) {
    const n = next++;
    const user = `bench-${run}-${n}`;
    const [idNumber, phone] = distinct ? identity(n) : [form[2], form[3]];
    let failedOnce = false;
    for (const [turn, typed] of form.entries()) {
      const text = turn === 2 ? idNumber : turn === 3 ? phone : typed;
      if (Number(pauseMs) > 0) await sleep(Number(pauseMs) * (0.5 + Math.random()));
      if (Date.now() >= end) return;
      let r = await post(user, text, retry ? `${user}-${turn}` : null);
      // Another try, with the same key, may only land on an instance that is still up (the balancer marks the dead one).
      while (retry && (r.status === 0 || r.status >= 500) && Date.now() < end + 10000) {
        retried++; failedOnce = true;
        await sleep(100);
        r = await post(user, text, `${user}-${turn}`);
      }
      if (r.status !== 200) { errors++; break; }
      latencies.push(r.ms);
      if (text === '确认提交') {
        const tracking = r.text.match(/XF\d{8}-\d{4,}/);
        if (tracking) {
          filed++;
          if (failedOnce) recovered++;
          if (acked !== null) fs.writeSync(acked, tracking[0] + '\n');
        } else errors++;
      }
    }
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: Number(users) }, citizen));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const p = q => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2);
console.log(`turns/s ${(latencies.length / elapsed).toFixed(0)}  petitions ${filed}  errors ${errors}  p50 ${p(0.5)} ms  p99 ${p(0.99)} ms  max ${p(1)} ms`
  + (retry ? `  retried ${retried}  filed after a failed turn ${recovered}` : ''));
agent.destroy();
