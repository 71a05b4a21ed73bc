// The emulator's media service (tools/twilio-emulator/mcs.ts) on its wire, as @twilio/mcs-client
// calls it: raw and multipart uploads, the media record, MediaSet, signed content URLs, refusals.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { McsEmulator } from '../../../tools/twilio-emulator/mcs.js';
import { mintToken } from '../../../tools/twilio-emulator/tokens.js';

const IDENTITY = 'agent@example.com';
const token = mintToken({ identity: IDENTITY, workspaceSid: 'WS' + '0'.repeat(32), workerSid: 'WK' + '0'.repeat(32) });

describe('McsEmulator: the media service the Conversations SDK uploads to', () => {
  const mcs = new McsEmulator(() => Date.now());
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      void mcs.handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), { 'Access-Control-Allow-Origin': '*' }).then((handled) => {
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcs/v1/Services/IS${'0'.repeat(31)}1`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stores a raw upload (McsClient.post) and serves its record and bytes at the signed temporary URL', async () => {
    const response = await fetch(`${base}/Media?Category=media&Filename=${encodeURIComponent('note one.txt')}`, {
      method: 'POST',
      headers: { 'X-Twilio-Token': token, 'Content-Type': 'text/plain' },
      body: 'hello media',
    });
    assert.equal(response.status, 201);
    const record = (await response.json());
    assert.match(record.sid, /^ME[0-9a-f]{32}$/);
    assert.deepEqual([record.filename, record.content_type, record.size, record.author, record.category], ['note one.txt', 'text/plain', 11, IDENTITY, 'media']);
    assert.equal(record.links.content, `${base}/Media/${record.sid}/Content`);

    const again = (await (await fetch(`${base}/Media/${record.sid}`, { headers: { 'X-Twilio-Token': token } })).json());
    assert.equal(again.sid, record.sid);
    const content = await fetch(again.links.content_direct_temporary);
    assert.equal(content.status, 200);
    assert.equal(content.headers.get('content-type'), 'text/plain');
    assert.equal(await content.text(), 'hello media');
    // The unsigned content link is refused: only the temporary URL opens without a token.
    assert.equal((await fetch(record.links.content)).status, 403);
    assert.equal((await fetch(record.links.content_direct_temporary.replace(/Signature=[^&]+/, 'Signature=forged'))).status, 403);
  });

  it('stores the file part of a multipart form (McsClient.postFormData)', async () => {
    const form = new FormData();
    form.append('note', 'not a file');
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'image/png' }), 'dot.png');
    const record = (await (await fetch(`${base}/Media?Category=media`, { method: 'POST', headers: { 'X-Twilio-Token': token }, body: form })).json());
    assert.deepEqual([record.filename, record.content_type, record.size], ['dot.png', 'image/png', 4]);
    assert.deepEqual([...mcs.media.get(record.sid)!.bytes], [0, 1, 2, 255]);
  });

  it('answers MediaSet with a record per sid, 404 for an unknown one', async () => {
    const { sid } = (await (
      await fetch(`${base}/Media?Filename=a.txt`, { method: 'POST', headers: { 'X-Twilio-Token': token, 'Content-Type': 'text/plain' }, body: 'a' })
    ).json()) as { sid: string };
    const response = await fetch(`${base}/MediaSet`, {
      method: 'POST',
      headers: { 'X-Twilio-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ command: 'get', list: [{ media_sid: sid }, { media_sid: 'ME' + 'f'.repeat(32) }] }),
    });
    const items = (await response.json()) as any[];
    assert.deepEqual(
      items.map((x) => [x.code, x.media_record.sid]),
      [
        [200, sid],
        [404, 'ME' + 'f'.repeat(32)],
      ],
    );
    assert.match(items[0].media_record.links.content_direct_temporary, /\/Content\?Expires=\d+&Signature=/);
  });

  it('refuses a missing or forged token (401) and an upload over the limit (413), storing nothing', async () => {
    const count = mcs.media.size;
    const anonymous = await fetch(`${base}/Media?Filename=x.txt`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    assert.equal(anonymous.status, 401);
    const forged = await fetch(`${base}/Media?Filename=x.txt`, {
      method: 'POST',
      headers: { 'X-Twilio-Token': token.slice(0, -4) + 'AAAA', 'Content-Type': 'text/plain' },
      body: 'x',
    });
    assert.equal(forged.status, 401);
    mcs.limits.set(IDENTITY, 3);
    const big = await fetch(`${base}/Media?Filename=big.txt`, { method: 'POST', headers: { 'X-Twilio-Token': token, 'Content-Type': 'text/plain' }, body: 'four' });
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as { message: string }).message, /4 bytes, more than the limit of 3/);
    mcs.limits.delete(IDENTITY);
    assert.equal(mcs.media.size, count);
    assert.equal(mcs.lookup('ME' + 'f'.repeat(32)), undefined);
  });
});
