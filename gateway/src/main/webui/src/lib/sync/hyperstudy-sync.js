// HyperStudy sync client: the browser side of docs/sync-protocol.md, the room socket, optionally driving an
// HTML5 <video> (attach one when a state shows the room's synced video, detach it when the state ends).
// Thin by design: it answers pings, reports where the player is, and applies what the server
// decides (rate, or a seek that lands at a given time on this page's clock). Every frame is also
// dispatched as an event of its type ('room', 'timeline', 'chat', 'presence', 'outcome', ...); room
// and timeline frames older than the last one seen are dropped, and each chat message is dispatched once.

const PROTOCOL = 2;
const REPORT_EVERY_MS = 250;
/**
 * The server pings at least every 500 ms: this long without a frame means its end is gone (a pod that died
 * or froze behind a gateway that keeps the TCP connection), so the client gives up on the socket and
 * reconnects, which the gateway routes to the room's owner now.
 */
export const SILENT_MS = 3000;
/** The close code the client reports when it gave up on a silent server (never sent by a server). */
export const CLOSE_SILENT = 4000;

/** This page's clock: epoch milliseconds with sub-millisecond resolution. */
export const clientNow = () => performance.timeOrigin + performance.now();

export class SyncClient extends EventTarget {
  /**
   * @param {object} options
   * @param {string} options.url    ws(s)://…/ws/rooms/{roomId}
   * @param {string} options.token  bearer token: a staff token or a participant pass
   * @param {HTMLVideoElement} [options.video] the room's synced video, if the page shows one now
   */
  constructor({ url, token, video }) {
    super();
    this.url = url;
    this.token = token;
    this.video = video;
    this.timeline = null;
    this.room = null;
    this.chatIds = new Set();
    // what this participant experienced of each video, for the export: { loadedAt, firstFrameAt } (client ms)
    this.played = new Map();
    this.frame = null; // the last presented frame: { mediaTime (ms), at (client ms) }
    this.pendingStart = null;
    this.reportTimer = null;
    this.hasFrameCallback = 'requestVideoFrameCallback' in HTMLVideoElement.prototype;
  }

  connect() {
    // browsers cannot set headers on a WebSocket: the token rides in a sub-protocol entry
    const carrier = encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${this.token}`);
    this.socket = new WebSocket(this.url, ['bearer-token-carrier', carrier]);
    const socket = this.socket;
    let heardAt = clientNow();
    let ended = false;
    const end = (code, reason) => {
      if (ended) return;
      ended = true;
      clearInterval(this.reportTimer);
      clearInterval(watchdog);
      this.dispatchEvent(new CustomEvent('close', { detail: { code, reason } }));
    };
    const watchdog = setInterval(() => {
      if (clientNow() - heardAt > SILENT_MS) {
        // a closing handshake with a server that does not answer could take a minute: reconnect now
        end(CLOSE_SILENT, 'the server went silent');
        socket.close();
      }
    }, 1000);
    this.socket.onmessage = (event) => {
      heardAt = clientNow();
      this.onFrame(event.data, heardAt);
    };
    this.socket.onclose = (event) => end(event.code, event.reason);
    this.socket.onopen = () => {
      this.reportTimer = setInterval(() => this.report(), REPORT_EVERY_MS);
      this.dispatchEvent(new Event('open'));
    };
    if (this.video) this.attachVideo(this.video);
    return this;
  }

  /** The room's synced video is on the page now: this client drives it and reports from it. */
  attachVideo(video) {
    this.detachVideo();
    this.video = video;
    const onCanPlay = () => this.noteLoaded();
    const onPlaying = () => {
      if (!this.hasFrameCallback) this.noteFirstFrame(clientNow());
    };
    video.addEventListener('canplay', onCanPlay);
    video.addEventListener('playing', onPlaying);
    let attached = true;
    if (this.hasFrameCallback) {
      const onFrame = (now, metadata) => {
        if (!attached) return;
        // the frame's media time and the instant it reaches the screen, on this page's clock
        this.frame = { mediaTime: metadata.mediaTime * 1000, at: performance.timeOrigin + metadata.expectedDisplayTime };
        if (!video.paused) this.noteFirstFrame(this.frame.at);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
    this.detachVideo = () => {
      attached = false;
      video.removeEventListener('canplay', onCanPlay);
      video.removeEventListener('playing', onPlaying);
      this.cancelStart();
      this.video = null;
      this.frame = null;
      this.detachVideo = () => {};
    };
    // a timeline that came before the video did is applied now
    if (this.timeline && this.timeline.state !== 'playing') video.pause();
  }

  /** Replaced while a video is attached. */
  detachVideo() {}

  /** The room's video can play here now (first time only, per video). */
  noteLoaded() {
    const media = this.timeline && this.timeline.mediaId;
    if (media && !this.played.has(media)) this.played.set(media, { loadedAt: clientNow(), firstFrameAt: null });
  }

  /** A frame of the room's video was shown while playing (the first one counts). */
  noteFirstFrame(at) {
    const media = this.timeline && this.timeline.mediaId;
    if (!media || this.timeline.state !== 'playing') return;
    if (!this.played.has(media)) this.played.set(media, { loadedAt: at, firstFrameAt: null });
    const p = this.played.get(media);
    if (p.firstFrameAt === null) p.firstFrameAt = at;
  }

  /** Where the player is at client time t, in ms of media. */
  positionAt(t) {
    const v = this.video;
    if (this.frame && !v.paused && !v.seeking) {
      return this.frame.mediaTime + (t - this.frame.at) * v.playbackRate;
    }
    return v.currentTime * 1000;
  }

  onFrame(text, receivedAt) {
    const message = JSON.parse(text);
    switch (message.type) {
      case 'ping':
        this.send({ type: 'pong', id: message.id, clientReceive: receivedAt, clientSend: clientNow() });
        break;
      case 'hello':
        // a new connection starts a new count of timeline changes (another pod may hold the room now)
        this.timeline = null;
        this.room = null;
        break;
      case 'room':
        if (this.room && message.seq <= this.room.seq) return;
        this.room = message;
        break;
      case 'chat':
        if (this.chatIds.has(message.id)) return;
        this.chatIds.add(message.id);
        break;
      case 'timeline':
        if (this.timeline && message.seq <= this.timeline.seq) return;
        this.timeline = message;
        if (this.video && this.video.readyState >= 3) this.noteLoaded();
        if (message.state !== 'playing') {
          this.cancelStart();
          this.video?.pause();
        }
        break;
      case 'rate':
        if (this.video) this.video.playbackRate = message.rate;
        break;
      case 'seek':
        if (this.video) this.seek(message);
        break;
      default:
        break;
    }
    this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
  }

  /** Seek now, hold, and start playing when this page's clock reads atClientTime. */
  seek({ position, atClientTime, rate }) {
    const v = this.video;
    this.cancelStart();
    v.pause();
    v.playbackRate = rate;
    v.currentTime = position / 1000;
    const start = () => {
      this.pendingStart = null;
      if (this.timeline && this.timeline.state === 'playing') {
        // a late start begins where the room already is, not where it was
        const late = clientNow() - atClientTime;
        if (late > 1) {
          v.currentTime = (position + late * rate) / 1000;
        }
        v.play().catch((e) => this.dispatchEvent(new CustomEvent('error', { detail: e })));
      }
    };
    const wait = atClientTime - clientNow();
    this.pendingStart = wait > 0 ? setTimeout(start, wait) : (start(), null);
  }

  cancelStart() {
    if (this.pendingStart !== null) {
      clearTimeout(this.pendingStart);
      this.pendingStart = null;
    }
  }

  report() {
    const now = clientNow();
    const v = this.video;
    if (!v) return; // no player on the page: nothing to report
    const media = this.timeline && this.timeline.mediaId;
    const played = media ? this.played.get(media) : null;
    this.send({
      type: 'report',
      clientTime: now,
      position: Math.max(0, this.positionAt(now)),
      rate: v.playbackRate,
      paused: v.paused,
      buffering: v.seeking || v.readyState < 3,
      ...(played ? { mediaId: media, loadedAt: played.loadedAt } : {}),
      ...(played && played.firstFrameAt !== null ? { firstFrameAt: played.firstFrameAt } : {}),
    });
  }

  /** A participant's renewed pass keeps this socket open past the old pass's expiry (else: close 4401). */
  renewPass(token) {
    this.token = token;
    this.send({ type: 'pass', token });
  }

  /** Steer the room (staff or host): load, play, pause, seek, rate. */
  command(action, fields = {}) {
    this.send({ type: 'command', action, ...fields });
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ v: PROTOCOL, ...message }));
    }
  }

  close() {
    clearInterval(this.reportTimer);
    this.cancelStart();
    if (this.socket) this.socket.close(1000, 'bye');
  }
}
