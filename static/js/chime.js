// A gentle chime synthesised in the browser (Web Audio, no sound file), and its switch.

const KEY = "cafe.chime";
let context = null;

/** True unless the room switched the chime off on this screen. */
export function chimeOn() {
  return localStorage.getItem(KEY) !== "off";
}

/** Remember the switch; a click is also the gesture a browser needs before it plays sound. */
export function setChime(on) {
  localStorage.setItem(KEY, on ? "on" : "off");
  if (on) audio();
}

function audio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  context = context || new Context();
  if (context.state === "suspended") context.resume();
  return context;
}

/** True when the browser will not play sound until someone clicks the page once
 * (autoplay rules): the wall then asks for that click on its chime switch. */
export function chimeBlocked() {
  const ctx = chimeOn() ? audio() : null;
  return !!ctx && ctx.state === "suspended";
}

/** Three soft bell tones, falling; does nothing when switched off or without Web Audio. */
export function playChime() {
  if (!chimeOn()) return false;
  const ctx = audio();
  if (!ctx) return false;
  [880, 659.25, 523.25].forEach((freq, i) => bell(ctx, freq, ctx.currentTime + i * 0.35));
  document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
  return true;
}

function bell(ctx, freq, at) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sine";
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.6);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + 1.7);
}
