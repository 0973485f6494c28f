import { call, withRetry, Problem } from '../lib/api.js';
import { resumeSecret, deviceChecked, markDeviceChecked } from './link.js';
import { chime } from '../lib/cue.js';
import { claims } from '../lib/pass.js';

const HEARTBEAT_MS = 2000;

/**
 * One participant's way through a session, as the server says it stands: joining, reading the consent form,
 * checking their device (while in line), waiting, in a room, finished, or refused. The pass lives in memory
 * only: a reload redeems the link again with this browser's resume secret and gets a fresh pass for the
 * same participant.
 */
export class Journey {
  phase = $state('joining'); // joining | consent | check | waiting | room | done | refused
  status = $state(null);
  problem = $state(null);
  retrying = $state(false);
  pass = null;
  #timer = null;
  #link;

  constructor(link) {
    this.#link = link;
  }

  async join() {
    this.phase = 'joining';
    this.problem = null;
    if (!this.#link.key) {
      this.#refuse(new Problem(404, 'Not Found', ''));
      return;
    }
    const body = {
      sessionId: this.#link.sessionId,
      key: this.#link.key,
      params: this.#link.params,
      resume: resumeSecret(this.#link.sessionId, this.#link.resume),
    };
    try {
      const admitted = await withRetry(() => call('POST', '/api/participants/redeem', { body }), {
        onRetry: () => (this.retrying = true),
      });
      this.retrying = false;
      this.pass = admitted.pass.token;
      // a redeem answers where the participant stands, but not the room's details: those come from /me
      this.#update(admitted.status.status === 'inRoom' && !admitted.status.room
        ? await call('GET', '/api/participants/me', { token: this.pass })
        : admitted.status);
    } catch (e) {
      this.retrying = false;
      this.#refuse(e);
    }
  }

  #refuse(problem) {
    this.problem = problem;
    this.phase = 'refused';
  }

  #update(status) {
    if (status.pass) this.pass = status.pass.token;
    this.status = status;
    const before = this.phase;
    this.phase = status.status === 'consent' ? 'consent'
      : status.status === 'waiting' ? (this.#needsCheck(status) ? 'check' : 'waiting')
        : status.status === 'inRoom' ? 'room' : 'done';
    // a tab in the background hears that the group is ready (if the device check unlocked sound)
    if (this.phase === 'room' && (before === 'waiting' || before === 'check')) chime();
    clearTimeout(this.#timer);
    if (this.phase === 'waiting' || this.phase === 'check') this.#timer = setTimeout(() => this.heartbeat(), HEARTBEAT_MS);
  }

  #needsCheck(status) {
    const d = status.devices;
    return !!d && (d.sound || d.camera || d.microphone) && !deviceChecked(this.#link.sessionId);
  }

  /** The participant's id, from their pass. */
  get participantId() {
    return this.pass ? claims(this.pass).sub : null;
  }

  /** The experiment their session runs, from their pass. */
  get experimentId() {
    return this.pass ? claims(this.pass).hs_experiment : null;
  }

  /** What the participant's role may send in a call: LiveKit sources (camera, microphone). */
  get publishes() {
    return this.pass ? claims(this.pass).hs_publish ?? [] : [];
  }

  /** The answer to the consent form: accepting joins the line, declining ends with the noConsent code. */
  async consent(accepted) {
    this.#update(await withRetry(() => call('POST', '/api/participants/me/consent', { token: this.pass, body: { accepted } })));
  }

  /** The device check is done (whatever it found: it advises, it does not stop anyone). */
  deviceCheckDone() {
    markDeviceChecked(this.#link.sessionId);
    if (this.phase === 'check') this.phase = 'waiting';
  }

  /** Keeps the place in line and learns when the room is formed; a failed beat is tried again at the next. */
  async heartbeat() {
    try {
      this.#update(await call('POST', '/api/participants/me/heartbeat', { token: this.pass }));
    } catch (e) {
      if (e instanceof Problem && (e.status === 401 || e.status === 403)) {
        await this.join(); // the pass expired while the tab slept: the link and the secret bring it back
      } else {
        this.#timer = setTimeout(() => this.heartbeat(), HEARTBEAT_MS);
      }
    }
  }

  /** Where the participant stands now, as the server says (after a socket closed for good). */
  async refresh() {
    try {
      this.#update(await call('GET', '/api/participants/me', { token: this.pass }));
    } catch {
      await this.join();
    }
  }

  /** The room socket told the participant their outcome: the end of the journey. */
  finish(outcome) {
    clearTimeout(this.#timer);
    this.status = { ...this.status, status: 'finished', ...outcome };
    this.phase = 'done';
  }

  /** The participant leaves for good (their choice): the server records it and says the outcome. */
  async withdraw() {
    clearTimeout(this.#timer);
    this.#update(await call('POST', '/api/participants/me/withdraw', { token: this.pass }));
  }

  stop() {
    clearTimeout(this.#timer);
  }
}
