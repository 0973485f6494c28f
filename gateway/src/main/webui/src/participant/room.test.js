// The room socket's life: back online after a drop (with backoff), a pass renewed when it expires, the
// journey asked where it stands when the room closes the socket for good.
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';

const clients = [];
vi.mock('../lib/sync/hyperstudy-sync.js', () => ({
  SyncClient: class extends EventTarget {
    constructor(options) {
      super();
      this.options = options;
      clients.push(this);
    }

    connect() {
      return this;
    }

    close() {
      this.closed = true;
    }

    attachVideo() {}

    detachVideo() {}

    emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }
  },
}));

const { RoomConnection } = await import('./room.svelte.js');

function journey() {
  return { pass: 'pass-1', refresh: vi.fn(), join: vi.fn() };
}

beforeEach(() => {
  clients.length = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the room connection', () => {
  it('comes back after a drop, with a growing delay, and knows it is offline meanwhile', async () => {
    const connection = new RoomConnection(journey(), 'r-1');
    connection.open();
    clients[0].emit('hello', { serverTime: Date.now(), participantId: 'p-1' });
    expect(connection.online).toBe(true);
    expect(connection.me).toBe('p-1');
    clients[0].emit('close', { code: 1006 });
    expect(connection.online).toBe(false);
    await vi.advanceTimersByTimeAsync(300);
    expect(clients).toHaveLength(1); // not at once: 0.5 s ± a quarter
    await vi.advanceTimersByTimeAsync(500);
    expect(clients).toHaveLength(2);
    expect(clients[1].options.url).toContain('/ws/rooms/r-1');
    clients[1].emit('close', { code: 1006 });
    await vi.advanceTimersByTimeAsync(700);
    expect(clients).toHaveLength(2); // the second wait is longer (1 s ± a quarter)
    await vi.advanceTimersByTimeAsync(600);
    expect(clients).toHaveLength(3);
    clients[2].emit('hello', { serverTime: Date.now(), participantId: 'p-1' });
    expect(connection.online).toBe(true);
    expect(connection.attempts).toBe(0);
  });

  it('renews an expired pass and reconnects with the new one', async () => {
    const j = journey();
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"token":"pass-2","expiresAt":"2026-12-01T00:00:00Z"}',
      { status: 200, headers: { 'Content-Type': 'application/json' } })));
    const connection = new RoomConnection(j, 'r-1');
    connection.open();
    clients[0].emit('close', { code: 4401 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(j.pass).toBe('pass-2');
    expect(clients).toHaveLength(2);
    expect(clients[1].options.token).toBe('pass-2');
  });

  it('asks where the participant stands when the room lets them go, and never reconnects after the outcome', async () => {
    const j = journey();
    const connection = new RoomConnection(j, 'r-1');
    connection.open();
    clients[0].emit('close', { code: 4403 });
    expect(j.refresh).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clients).toHaveLength(1);

    const finished = new RoomConnection(journey(), 'r-2');
    finished.open();
    clients[1].emit('outcome', { outcome: 'completed', code: 'C-DONE' });
    clients[1].emit('close', { code: 1000 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clients).toHaveLength(2);
    expect(finished.outcome.code).toBe('C-DONE');
  });

  it('keeps each chat message once, in the order the room stored them, across a reconnect', () => {
    const connection = new RoomConnection(journey(), 'r-1');
    connection.open();
    clients[0].emit('chat', { componentId: 'c', id: 'b', text: 'second', serverTime: 2 });
    clients[0].emit('chat', { componentId: 'c', id: 'a', text: 'first', serverTime: 1 });
    clients[0].emit('chat', { componentId: 'c', id: 'b', text: 'second', serverTime: 2, history: true });
    expect(connection.chats.c.map((m) => m.text)).toEqual(['first', 'second']);
  });
});
