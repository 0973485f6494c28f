import { SyncClient } from '../lib/sync/hyperstudy-sync.js';
import { reconnectDelay } from '../lib/api.js';

const KEEP_SECONDS = 180;
const CLOSE_TOKEN_EXPIRED = 4401;

/**
 * A room watched by staff, on its socket (docs/sync-protocol.md): the state as every role sees it, who is
 * online, and each client's sync figures once a second, kept for the last three minutes. A token that
 * expires closes the socket (4401): it comes back with the renewed one.
 */
export class StaffRoom {
  state = $state(null);
  members = $state([]); // presence: { participantId, role, online, offsetErrorMs, positionErrorMs, rate, reportAgeMs }
  online = $state(false);
  series = $state({ t: [], byParticipant: {} }); // seconds since watching began; |position error| and offset bound
  #started = performance.now();
  #client = null;
  #closed = false;
  #retry = null;
  #attempts = 0;

  constructor(roomId, token, isMember = () => true) {
    this.roomId = roomId;
    this.token = token; // () => the current access token
    this.isMember = isMember; // (participantId) => whether they are a participant of the room
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const client = new SyncClient({
      url: `${scheme}://${location.host}/ws/rooms/${encodeURIComponent(this.roomId)}`,
      token: this.token(),
    });
    this.#client = client;
    client.addEventListener('hello', () => {
      this.online = true;
      this.#attempts = 0;
    });
    client.addEventListener('room', (e) => (this.state = e.detail));
    client.addEventListener('presence', (e) => this.#presence(e.detail.members));
    client.addEventListener('close', (e) => {
      this.online = false;
      if (this.#closed || e.detail.code === 1000) return;
      const delay = e.detail.code === CLOSE_TOKEN_EXPIRED ? 0 : reconnectDelay(this.#attempts++);
      this.#retry = setTimeout(() => this.open(), delay);
    });
    client.connect();
  }

  #presence(everyone) {
    const members = everyone.filter((m) => this.isMember(m.participantId));
    this.members = members;
    const t = (performance.now() - this.#started) / 1000;
    const byParticipant = { ...this.series.byParticipant };
    const times = [...this.series.t, t];
    const drop = times.length > 0 && t - times[0] > KEEP_SECONDS ? 1 : 0;
    for (const m of members) {
      const row = byParticipant[m.participantId] ?? { position: Array(times.length - 1).fill(null), offset: Array(times.length - 1).fill(null) };
      byParticipant[m.participantId] = {
        position: [...row.position, m.positionErrorMs == null ? null : Math.abs(m.positionErrorMs)].slice(drop),
        offset: [...row.offset, m.offsetErrorMs ?? null].slice(drop),
      };
    }
    for (const [id, row] of Object.entries(byParticipant)) {
      if (!members.some((m) => m.participantId === id)) {
        byParticipant[id] = { position: [...row.position, null].slice(drop), offset: [...row.offset, null].slice(drop) };
      }
    }
    this.series = { t: times.slice(drop), byParticipant };
  }

  /** Steers the room's video (docs/sync-protocol.md: command frames; editors and hosts only). */
  command(action, fields = {}) {
    this.#client?.command(action, fields);
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#client?.close();
  }
}
