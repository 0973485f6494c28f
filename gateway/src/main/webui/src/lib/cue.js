// Sound on this page. Browsers let a page play sound only after a click on it: the device check's sound test
// is that click, and the same audio context then rings the "your group is ready" chime for a tab in the
// background.

let context = null;

/** Unlocks sound for this page; call it from a click. Answers whether sound can play now. */
export async function unlockSound() {
  try {
    context ??= new AudioContext();
    await context.resume();
    return context.state === 'running';
  } catch {
    return false;
  }
}

/** A short rising two-note chime, if sound is unlocked; a page without sound says nothing. */
export function chime({ notes = [660, 880], seconds = 0.18 } = {}) {
  if (!context || context.state !== 'running') return false;
  const start = context.currentTime;
  notes.forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    const at = start + i * seconds;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds);
  });
  return true;
}
