// A frame clock for animations: advances an index at `fps` on requestAnimationFrame, looping; and the keys that
// scrub it (arrows step a frame, Home/End jump to the ends, space plays or pauses), for every scrubbable view.
import { onBeforeUnmount, ref, type Ref } from 'vue';

export function usePlayback(length: Ref<number>, fps = ref(8)) {
  const index = ref(0);
  const playing = ref(false);
  let raf = 0;
  let last = 0;
  function tick(t: number): void {
    if (!playing.value) return;
    if (t - last >= 1000 / fps.value) {
      last = t;
      index.value = length.value ? (index.value + 1) % length.value : 0;
    }
    raf = requestAnimationFrame(tick);
  }
  function play(): void {
    if (playing.value) return;
    playing.value = true;
    raf = requestAnimationFrame(tick);
  }
  function pause(): void {
    playing.value = false;
    cancelAnimationFrame(raf);
  }
  onBeforeUnmount(pause);
  const toggle = () => (playing.value ? pause() : play());
  /** A keydown on the view: scrubs (and pauses) or toggles play; other keys pass through. */
  function onKey(ev: KeyboardEvent): void {
    const last = Math.max(0, length.value - 1);
    const moves: Record<string, () => number> = {
      ArrowRight: () => Math.min(last, index.value + 1),
      ArrowLeft: () => Math.max(0, index.value - 1),
      Home: () => 0,
      End: () => last,
    };
    if (ev.key === ' ') {
      ev.preventDefault();
      toggle();
    } else if (moves[ev.key]) {
      ev.preventDefault();
      pause();
      index.value = moves[ev.key]();
    }
  }
  return { index, playing, play, pause, toggle, onKey, fps };
}
