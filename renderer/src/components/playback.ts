// A frame clock for animations: advances an index at `fps` on requestAnimationFrame, looping.
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
  return { index, playing, play, pause, toggle: () => (playing.value ? pause() : play()), fps };
}
