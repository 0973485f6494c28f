import { SyncClient } from '../lib/sync/hyperstudy-sync.js';
import { call, Problem, reconnectDelay } from '../lib/api.js';

const CLOSE_PASS_EXPIRED = 4401;
const CLOSE_LEFT_ROOM = 4403;
const CLOSE_TOO_MANY_SOCKETS = 4409;
/** The room moved to another server (a planned stop, or another owns it): reconnect at once. */
const CLOSE_RECONNECT = 4503;

/**
 * The participant's room socket, kept open: it carries the room's state, timeline, chat, presence and, at the
 * end, the outcome (docs/sync-protocol.md). A dropped connection comes back with backoff; a pass about to
 * expire is renewed; a close after the outcome ends it.
 */
export class RoomConnection {
  state = $state(null); // the last `room` frame
  online = $state(false);
  skew = 0; // server clock minus this page's, from the hello frame
  outcome = $state(null);
  me = $state(null); // this participant's id, from the hello frame
  chats = $state({}); // chat component id → messages in the order the room stored them
  members = $state([]); // participant ids in the room's order (the same on every member's page)
  soundBlocked = $state(false); // the browser would not start the synced video with sound
  video = null; // the room's synced <video>, while the state shows one
  attempts = 0;
  client = null;
  #journey;
  #roomId;
  #stopped = false;
  #retry = null;

  constructor(journey, roomId) {
    this.#journey = journey;
    this.#roomId = roomId;
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const client = new SyncClient({
      url: `${scheme}://${location.host}/ws/rooms/${encodeURIComponent(this.#roomId)}`,
      token: this.#journey.pass,
      video: this.video,
    });
    this.client = client;
    client.addEventListener('hello', (e) => {
      this.skew = e.detail.serverTime - Date.now();
      this.me = e.detail.participantId;
      this.online = true;
      this.attempts = 0;
    });
    client.addEventListener('room', (e) => (this.state = e.detail));
    client.addEventListener('chat', (e) => this.#chat(e.detail));
    client.addEventListener('presence', (e) => (this.members = e.detail.members.map((m) => m.participantId)));
    client.addEventListener('error', (e) => this.#playFailed(e.detail));
    client.addEventListener('outcome', (e) => (this.outcome = e.detail));
    client.addEventListener('close', (e) => this.#closed(e.detail.code));
    client.connect();
  }

  #chat(message) {
    const list = this.chats[message.componentId] ?? [];
    if (list.some((m) => m.id === message.id)) return; // a reconnect replays the history
    this.chats[message.componentId] = [...list, message].sort((a, b) => a.serverTime - b.serverTime);
  }

  // autoplay with sound needs a click on the page (the device check's sound test is one); without it the
  // video plays on muted, in sync, and the participant is offered the sound
  #playFailed(error) {
    const v = this.video;
    if (error?.name !== 'NotAllowedError' || !v) return;
    this.soundBlocked = true;
    v.muted = true;
    v.play().catch(() => {});
  }

  /** The state shows the room's synced video now (or no longer, with null). */
  attachVideo(video) {
    this.video = video;
    if (video) this.client?.attachVideo(video);
    else this.client?.detachVideo();
  }

  /** The participant clicked to hear the video. */
  unmute() {
    if (this.video) this.video.muted = false;
    this.soundBlocked = false;
  }

  async #closed(code) {
    this.online = false;
    if (this.#stopped || this.outcome) return;
    if (code === CLOSE_LEFT_ROOM || code === CLOSE_TOO_MANY_SOCKETS) {
      // the part is over (or another tab holds the room): the server says where the participant stands
      this.#journey.refresh();
      return;
    }
    if (code === CLOSE_PASS_EXPIRED) {
      try {
        const renewed = await call('POST', '/api/participants/me/pass', { token: this.#journey.pass });
        this.#journey.pass = renewed.token;
      } catch (e) {
        if (e instanceof Problem && (e.status === 401 || e.status === 403)) {
          await this.#journey.join();
          return;
        }
      }
    }
    // a room being handed over is served by its new owner within moments (at most a lease after its old
    // server died): retry soon, a few times, before backing off
    const delay = code === CLOSE_RECONNECT && this.attempts < 20 ? 250 + Math.random() * 250 : reconnectDelay(this.attempts);
    this.attempts++;
    this.#retry = setTimeout(() => this.open(), delay);
  }

  close() {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.client?.close();
  }
}
