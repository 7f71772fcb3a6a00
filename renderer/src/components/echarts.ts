// The echarts pieces the app uses, registered once (tree-shaken: the full bundle is ~1 MB).
import * as echarts from 'echarts/core';
import { LineChart, HeatmapChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, MarkPointComponent,
  VisualMapComponent, TitleComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart, HeatmapChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent,
  MarkLineComponent, MarkPointComponent, VisualMapComponent, TitleComponent, CanvasRenderer,
]);

export { echarts };
