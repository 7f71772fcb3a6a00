// One echarts instance bound to a component's element: created on mount, resized with it, disposed on unmount,
// and redrawn by `draw(chart)` whenever the watched sources change.
import { onBeforeUnmount, onMounted, ref, watch, type WatchSource } from 'vue';
import { echarts } from './echarts';

export function useEchart(draw: (chart: echarts.ECharts) => void, sources: WatchSource[]) {
  const el = ref<HTMLDivElement | null>(null);
  let chart: echarts.ECharts | null = null;
  const redraw = () => chart && draw(chart);
  onMounted(() => {
    chart = echarts.init(el.value!, undefined, { renderer: 'canvas' });
    const resize = new ResizeObserver(() => chart?.resize());
    resize.observe(el.value!);
    onBeforeUnmount(() => resize.disconnect());
    redraw();
  });
  onBeforeUnmount(() => chart?.dispose());
  watch(sources, redraw);
  return { el };
}
