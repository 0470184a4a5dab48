"use client";

import { useSyncExternalStore } from "react";
import type { FeedbackTone } from "./feedback";

/**
 * Sound and vibration for each scan answer, so a picker hears a refusal without looking: one
 * short high beep when accepted, two low buzzes when refused, a double mid beep for a warning.
 * The mute switch is kept per device (localStorage).
 */

type Note = { hz: number; at: number; seconds: number; wave: OscillatorType };

export const tones: Record<FeedbackTone, Note[]> = {
  ok: [{ hz: 1320, at: 0, seconds: 0.09, wave: "sine" }],
  error: [
    { hz: 220, at: 0, seconds: 0.16, wave: "square" },
    { hz: 165, at: 0.2, seconds: 0.24, wave: "square" },
  ],
  warn: [
    { hz: 660, at: 0, seconds: 0.08, wave: "triangle" },
    { hz: 660, at: 0.13, seconds: 0.08, wave: "triangle" },
  ],
};

const vibrations: Record<FeedbackTone, number | number[]> = { ok: 40, error: [120, 60, 120], warn: [60, 40, 60] };

const MUTE_KEY = "depot.handheld.muted";
const muteListeners = new Set<() => void>();

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

export function setMuted(muted: boolean) {
  try {
    localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
  } catch {
    // Storage refused (private mode): the switch holds for this page only.
  }
  for (const listener of muteListeners) listener();
}

function subscribeMuted(listener: () => void) {
  muteListeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    muteListeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export function useMuted(): boolean {
  return useSyncExternalStore(subscribeMuted, readMuted, () => false);
}

let audio: AudioContext | undefined;

function play(notes: Note[]) {
  const Context = typeof window === "undefined" ? undefined : window.AudioContext;
  if (!Context) return;
  audio ??= new Context();
  // Created before any tap or key press, the context starts suspended; a scan's key press lets it resume.
  if (audio.state === "suspended") void audio.resume();
  const start = audio.currentTime + 0.01;
  for (const note of notes) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = note.wave;
    osc.frequency.value = note.hz;
    gain.gain.setValueAtTime(0.25, start + note.at);
    gain.gain.exponentialRampToValueAtTime(0.001, start + note.at + note.seconds);
    osc.connect(gain).connect(audio.destination);
    osc.start(start + note.at);
    osc.stop(start + note.at + note.seconds);
  }
}

/** The sound (unless muted) and the buzz (where the device can) of one answer. */
export function signal(tone: FeedbackTone) {
  if (typeof navigator !== "undefined" && typeof navigator.vibrate === "function") navigator.vibrate(vibrations[tone]);
  if (readMuted()) return;
  try {
    play(tones[tone]);
  } catch {
    // No audio output: vibration and the banner still tell.
  }
}
