// The response outbox: nothing lost (kept until the service has it, sent again after a reload), nothing
// doubled (the same ids), nothing kept that the service refused.
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { response, send, resendPending, pendingResponses } from './responses.js';

const ok = () => new Response('{"stored":1}', { status: 200, headers: { 'Content-Type': 'application/json' } });
const refused = () => new Response('{"title":"Conflict","status":409,"detail":"the state is over"}',
  { status: 409, headers: { 'Content-Type': 'application/problem+json' } });

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('sending responses', () => {
  it('keeps what the service could not be reached for, and sends it again later with the same ids', async () => {
    vi.useFakeTimers();
    const bodies = [];
    vi.stubGlobal('fetch', vi.fn(async (url, init) => {
      bodies.push(JSON.parse(init.body));
      throw new TypeError('Failed to fetch');
    }));
    const batch = [response('s1', 'r', 4), response('s1', 'q', { a: 1 })];
    const sending = send(() => 'pass', batch, 'p-1').catch((e) => e);
    await vi.runAllTimersAsync();
    const error = await sending;
    vi.useRealTimers();
    expect(error.status).toBe(0);
    expect(bodies.length).toBe(8); // every attempt carried the same responses
    expect(new Set(bodies.map((b) => b.responses.map((r) => r.id).join()))).toEqual(new Set([batch.map((r) => r.id).join()]));
    expect(pendingResponses('p-1').map((r) => r.id)).toEqual(batch.map((r) => r.id));

    // the next page (after a reload) sends them, and then holds nothing
    const sent = [];
    vi.stubGlobal('fetch', vi.fn(async (url, init) => {
      sent.push(...JSON.parse(init.body).responses.map((r) => r.id));
      return ok();
    }));
    expect(await resendPending(() => 'pass', 'p-1')).toBe(2);
    expect(sent).toEqual(batch.map((r) => r.id));
    expect(pendingResponses('p-1')).toEqual([]);
  });

  it('drops what the service refused, and says why', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => refused()));
    const error = await send(() => 'pass', [response('s1', 'r', 4)], 'p-2').catch((e) => e);
    expect(error.status).toBe(409);
    expect(error.detail).toBe('the state is over');
    expect(pendingResponses('p-2')).toEqual([]);
  });

  it('sends a long series in batches of at most 100', async () => {
    const sizes = [];
    vi.stubGlobal('fetch', vi.fn(async (url, init) => {
      sizes.push(JSON.parse(init.body).responses.length);
      return ok();
    }));
    await send(() => 'pass', Array.from({ length: 250 }, (_, i) => response('s1', 'feel', i)), 'p-3');
    expect(sizes).toEqual([100, 100, 50]);
    expect(pendingResponses('p-3')).toEqual([]);
  });
});
