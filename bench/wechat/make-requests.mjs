// Writes safe-mode WeChat text messages for wrk: one request per line, "query<TAB>body", each with its own MsgId
// so that every request is a new question (not a dedup hit). Only node's own crypto, no packages.
// usage: node make-requests.mjs COUNT OUTFILE   (reads WECHAT_TOKEN, WECHAT_APPID, WECHAT_AESKEY)
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';

const [count = '100000', out = 'requests.txt'] = process.argv.slice(2);
const token = process.env.WECHAT_TOKEN, appId = process.env.WECHAT_APPID, aesKey = process.env.WECHAT_AESKEY;
if (!token || !appId || !aesKey) throw new Error('set WECHAT_TOKEN, WECHAT_APPID and WECHAT_AESKEY');

const key = Buffer.from(aesKey + '=', 'base64');
const iv = key.subarray(0, 16);
const sign = (...parts) => createHash('sha1').update(parts.sort().join('')).digest('hex');

function encrypt(xml) {
  const msg = Buffer.from(xml);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const content = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId)]);
  const pad = 32 - (content.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([content, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

const questions = ['信访事项多长时间办结', '复查期限是多久', '信访工作条例第三十五条', '公司拖欠工资怎么办', '怎么查询办理进度'];
const timestamp = String(Math.floor(Date.now() / 1000));
const file = createWriteStream(out);
const base = BigInt(Date.now()) * 1000n;
for (let i = 0; i < Number(count); i++) {
  const user = `oBench${i % 500}`;
  const xml = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName>`
    + `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>`
    + `<Content><![CDATA[${questions[i % questions.length]}]]></Content><MsgId>${base + BigInt(i)}</MsgId></xml>`;
  const encrypted = encrypt(xml);
  const nonce = String(100000 + i);
  const query = new URLSearchParams({
    signature: sign(token, timestamp, nonce), timestamp, nonce, openid: user, encrypt_type: 'aes',
    msg_signature: sign(token, timestamp, nonce, encrypted),
  }).toString();
  file.write(`${query}\t<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>\n`);
}
file.end();
