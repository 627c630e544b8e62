// The parts of Apache ECharts that Marsad's charts use (marsad/static/marsad/charts.js),
// bundled by esbuild at install (`make install`) into var/build/echarts/echarts.min.js:
// a third of the whole library's bytes on a first visit. A chart that needs another
// series type or component adds it here.
import * as echarts from "echarts/core";
import { BarChart, CustomChart, LineChart } from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import { LabelLayout } from "echarts/features";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TooltipComponent,
  LabelLayout,
  SVGRenderer,
]);

window.echarts = echarts;
