// Marsad charts: data comes from <script type="application/json"> blocks written by
// the server (json_script), so pages need no inline script under a strict CSP.
(function () {
  "use strict";
  const rtl = document.documentElement.dir === "rtl";
  // A percentage isolated from the Arabic around it (U+2066 … U+2069), as the server
  // writes every number with a unit (lib.formatting.isolated).
  const percentLabel = (value) => "\u2066" + value + "%\u2069";

  // The page's digits (<html data-digits>, lib.digits): every label, legend and
  // tooltip a chart writes is put in them, numbers with their separators and % sign.
  const arabicDigits = document.documentElement.dataset.digits === "arab";
  const TO_ARABIC = { ".": "\u066b", ",": "\u066c", "%": "\u066a" };
  const TO_LATIN = { "\u066b": ".", "\u066c": ",", "\u066a": "%" };
  function inDigits(text) {
    if (text == null) return "";
    text = String(text);
    if (arabicDigits) {
      return text.replace(/[0-9]+(?:[.,][0-9]+)*%?/g, (number) =>
        number.replace(/[0-9.,%]/g, (c) => TO_ARABIC[c] || String.fromCharCode(0x0660 + Number(c))));
    }
    return text.replace(/[\u0660-\u0669\u06f0-\u06f9]+(?:[\u066b\u066c.,][\u0660-\u0669\u06f0-\u06f9]+)*\u066a?/g, (number) =>
      number.replace(/./g, (c) => TO_LATIN[c] || (c >= "\u06f0" ? String(c.charCodeAt(0) - 0x06f0) : c >= "\u0660" && c <= "\u0669" ? String(c.charCodeAt(0) - 0x0660) : c)));
  }
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  const grouped = new Intl.NumberFormat(document.documentElement.lang || "ar", { numberingSystem: "latn" });
  const asList = (value) => (value == null ? [] : Array.isArray(value) ? value : [value]);
  const lastValue = (value) => (Array.isArray(value) ? value[value.length - 1] : value);

  // Every text an option lets ECharts write goes through inDigits: axis labels (a
  // value axis's grouped numbers included), axis names, the legend, markLine labels and
  // tooltips (an axis tooltip is written here, its head in the axis's own words).
  function localised(option) {
    const axisWords = {};
    ["xAxis", "yAxis"].forEach((key) => {
      asList(option[key]).forEach((axis) => {
        const own = axis.axisLabel && axis.axisLabel.formatter;
        const words = typeof own === "function" ? own : axis.type === "value" ? (value) => grouped.format(value) : (value) => value;
        axis.axisLabel = Object.assign({}, axis.axisLabel, { formatter: (value, index) => inDigits(words(value, index)) });
        if (axis.name) axis.name = inDigits(axis.name);
        if (axis.type !== "value") axisWords.head = words;
      });
    });
    option.legend = Object.assign({}, option.legend, { formatter: (name) => inDigits(name) });
    asList(option.series).forEach((series) => {
      const mark = series.markLine;
      if (!mark) return;
      if (mark.label && typeof mark.label.formatter === "string" && mark.label.formatter.indexOf("{") < 0) {
        mark.label.formatter = inDigits(mark.label.formatter);
      }
      (mark.data || []).forEach((line) => {
        if (line.name) line.name = inDigits(line.name);
      });
    });
    const tooltip = option.tooltip || {};
    if (typeof tooltip.formatter === "function") {
      const own = tooltip.formatter;
      tooltip.formatter = (params) => inDigits(own(params));
    } else if (tooltip.trigger === "axis") {
      const value = tooltip.valueFormatter || ((number) => (number == null ? "—" : grouped.format(number)));
      const head = axisWords.head || ((label) => label);
      tooltip.formatter = (params) => {
        const rows = asList(params);
        if (!rows.length) return "";
        const top = rows[0].axisType && rows[0].axisType.indexOf("time") >= 0 ? head(rows[0].axisValue) : rows[0].axisValueLabel;
        return [escapeHtml(inDigits(top))]
          .concat(rows.map((row) => row.marker + escapeHtml(inDigits(row.seriesName)) + " <b>" + escapeHtml(inDigits(value(lastValue(row.value)))) + "</b>"))
          .join("<br>");
      };
      delete tooltip.valueFormatter;
    }
    option.tooltip = tooltip;
    return option;
  }

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function toTime(iso) {
    return iso ? new Date(iso + "T00:00:00").getTime() : null;
  }

  function formatDate(value, months) {
    const d = new Date(value);
    return months[d.getMonth()] + " " + d.getFullYear();
  }

  function phaseTimeline(element, data) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    const names = data.rows.map((row) => row.name);
    const colours = { planned: "#cbd5e1", current: "#0f766e", done: "#15803d" };
    const planned = [];
    const current = [];
    const times = [toTime(data.today)];
    if (data.go_live) times.push(toTime(data.go_live));
    data.rows.forEach((row, index) => {
      if (row.planned[0] && row.planned[1]) {
        planned.push([index, toTime(row.planned[0]), toTime(row.planned[1])]);
        times.push(toTime(row.planned[0]), toTime(row.planned[1]));
      }
      if (row.current[0] && row.current[1]) {
        current.push({ value: [index, toTime(row.current[0]), toTime(row.current[1])], itemStyle: { color: row.done ? colours.done : colours.current } });
        times.push(toTime(row.current[0]), toTime(row.current[1]));
      }
    });
    const month = 31 * 24 * 3600 * 1000;
    const span = (lane) => (params, api) => {
      const row = api.value(0);
      const start = api.coord([api.value(1), row]);
      const end = api.coord([api.value(2), row]);
      const band = api.size([0, 1])[1];
      const height = band * 0.28;
      const y = start[1] - height + lane * (height + 2);
      return {
        type: "rect",
        shape: { x: Math.min(start[0], end[0]), y: y, width: Math.max(Math.abs(end[0] - start[0]), 3), height: height, r: 2 },
        style: api.style(),
      };
    };
    const markLines = [{ xAxis: toTime(data.today), name: data.labels.today, lineStyle: { color: "#b91c1c" }, label: { color: "#b91c1c" } }];
    if (data.go_live) {
      markLines.push({ xAxis: toTime(data.go_live), name: data.labels.go_live, lineStyle: { color: "#0d3b4f", type: "dashed" }, label: { color: "#0d3b4f" } });
    }
    const tooltip = (p) => names[p.value[0]] + "<br>" + p.seriesName + ": " + formatDate(p.value[1], data.months) + " – " + formatDate(p.value[2], data.months);
    chart.setOption(localised({
      textStyle: { fontFamily: "IBM Plex Sans Arabic, sans-serif" },
      grid: { left: 16, right: 16, top: 56, bottom: 8, containLabel: true },
      legend: { top: 0, left: "center", itemGap: 24 },
      tooltip: { formatter: tooltip },
      xAxis: {
        type: "time",
        inverse: rtl,
        min: Math.min(...times) - month,
        max: Math.max(...times) + month,
        splitLine: { show: true, lineStyle: { color: "#eef1f4" } },
        axisLabel: { formatter: (value) => formatDate(value, data.months), hideOverlap: true },
      },
      yAxis: {
        type: "category",
        data: names,
        inverse: true,
        position: rtl ? "right" : "left",
        axisTick: { show: false },
        axisLabel: { width: 200, overflow: "break", color: "#343a40" },
      },
      series: [
        {
          name: data.labels.planned, type: "custom", renderItem: span(0), encode: { x: [1, 2], y: 0 },
          itemStyle: { color: colours.planned }, data: planned,
          markLine: { symbol: "none", label: { formatter: "{b}", position: "start" }, data: markLines },
        },
        { name: data.labels.current, type: "custom", renderItem: span(1), encode: { x: [1, 2], y: 0 }, itemStyle: { color: colours.current }, data: current },
      ],
    }));
    window.addEventListener("resize", () => chart.resize());
  }

  // Planned % (from the phases' baseline dates and weights) against actual % from
  // accepted reports, with today's line.
  function sCurve(element, data) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    const toPoints = (rows) => rows.map((row) => [toTime(row[0]), row[1]]);
    chart.setOption(localised({
      textStyle: { fontFamily: "IBM Plex Sans Arabic, sans-serif" },
      grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: "center", itemGap: 24 },
      tooltip: { trigger: "axis", valueFormatter: percentLabel },
      xAxis: {
        type: "time",
        inverse: rtl,
        axisLabel: { formatter: (value) => formatDate(value, data.months), hideOverlap: true },
        splitLine: { show: true, lineStyle: { color: "#eef1f4" } },
      },
      yAxis: { type: "value", min: 0, max: 100, position: rtl ? "right" : "left", axisLabel: { formatter: percentLabel } },
      series: [
        {
          name: data.labels.planned, type: "line", data: toPoints(data.planned), showSymbol: false,
          lineStyle: { color: "#94a3b8", type: "dashed", width: 2 }, itemStyle: { color: "#94a3b8" },
          markLine: {
            symbol: "none", label: { formatter: data.labels.today, color: "#b91c1c" },
            lineStyle: { color: "#b91c1c" }, data: [{ xAxis: toTime(data.today) }],
          },
        },
        {
          name: data.labels.actual, type: "line", data: toPoints(data.actual), symbolSize: 7,
          lineStyle: { color: "#0f766e", width: 3 }, itemStyle: { color: "#0f766e" },
        },
      ],
    }));
    window.addEventListener("resize", () => chart.resize());
  }

  // An indicator per period: actual (bars for a flow, a line otherwise) against the
  // target trajectory (dashed).
  function indicatorSeries(element, data) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(localised({
      textStyle: { fontFamily: "IBM Plex Sans Arabic, sans-serif" },
      grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: "center", itemGap: 24 },
      tooltip: { trigger: "axis", valueFormatter: (value) => (value == null ? "—" : grouped.format(value)) },
      xAxis: { type: "category", data: data.labels, inverse: rtl, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", position: rtl ? "right" : "left", axisLabel: { formatter: (value) => grouped.format(value) } },
      series: [
        data.bars
          ? { name: data.names.actual, type: "bar", data: data.actual, itemStyle: { color: "#0f766e" }, barMaxWidth: 28 }
          : { name: data.names.actual, type: "line", data: data.actual, symbolSize: 6, lineStyle: { color: "#0f766e", width: 3 }, itemStyle: { color: "#0f766e" } },
        { name: data.names.target, type: "line", data: data.target, showSymbol: false, connectNulls: false, lineStyle: { color: "#b45309", type: "dashed", width: 2 }, itemStyle: { color: "#b45309" } },
      ],
    }));
    window.addEventListener("resize", () => chart.resize());
  }

  // The dashboard's go-live timeline: projects per month by programme (stacked), the
  // overdue first; a bar opens the portfolio listing its projects.
  function goLive(element, data) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    const palette = data.colours;  // one palette, the server's (the pack draws with it too)
    chart.setOption(localised({
      textStyle: { fontFamily: "IBM Plex Sans Arabic, sans-serif" },
      color: palette,
      // Room for the last month's slanted label, which reaches past the axis's end.
      // The legend wraps (never pages, never clips a name); on a phone it takes more
      // lines, so the bars start lower.
      grid: { left: rtl ? 56 : 16, right: 16, top: element.clientWidth < 600 ? 24 + 22 * Math.ceil(data.series.length / 2) : 64, bottom: 8, containLabel: true },
      legend: { top: 0, left: 8, right: 8, type: "plain", itemGap: 12 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      // Slanted month names reach sideways past a phone's plot (containLabel would then
      // squeeze the bars to nothing): upright there.
      xAxis: { type: "category", data: data.labels, inverse: rtl, axisLabel: { interval: "auto", rotate: element.clientWidth < 600 ? 90 : 45, hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1, position: rtl ? "right" : "left" },
      series: data.series.map((row) => ({
        name: row.name,
        type: "bar",
        stack: "projects",
        barMaxWidth: 36,
        data: row.values.map((value, index) => ({ value: value || null, link: row.links[index] })),
        cursor: "pointer",
      })),
    }));
    chart.on("click", (params) => {
      if (params.data && params.data.link) window.location.assign(params.data.link);
    });
    window.addEventListener("resize", () => chart.resize());
  }

  // A rollout's trajectory: institutions live over time (a step line), the planned
  // straight line from the start to the target at the deadline, and the line still
  // needed from today's count to the target.
  function rolloutTrajectory(element, data) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    const toPoints = (rows) => rows.map((row) => [toTime(row[0]), row[1]]);
    chart.setOption(localised({
      textStyle: { fontFamily: "IBM Plex Sans Arabic, sans-serif" },
      grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: "center", itemGap: 24 },
      tooltip: { trigger: "axis" },
      xAxis: {
        type: "time",
        inverse: rtl,
        axisLabel: { formatter: (value) => formatDate(value, data.months), hideOverlap: true },
        splitLine: { show: true, lineStyle: { color: "#eef1f4" } },
      },
      yAxis: {
        type: "value", min: 0, max: data.target, minInterval: 1, name: data.labels.axis,
        nameLocation: "middle", nameGap: 32, position: rtl ? "right" : "left",
      },
      series: [
        {
          name: data.labels.planned, type: "line", data: toPoints(data.planned), showSymbol: false,
          lineStyle: { color: "#94a3b8", type: "dashed", width: 2 }, itemStyle: { color: "#94a3b8" },
          markLine: {
            symbol: "none", label: { formatter: data.labels.deadline, color: "#b91c1c", position: "insideEndTop" },
            lineStyle: { color: "#b91c1c" }, data: [{ xAxis: toTime(data.deadline) }],
          },
        },
        {
          name: data.labels.actual, type: "line", step: "end", data: toPoints(data.actual), symbolSize: 6,
          lineStyle: { color: "#15803d", width: 3 }, itemStyle: { color: "#15803d" },
        },
        {
          name: data.labels.needed, type: "line", data: toPoints(data.needed), showSymbol: false,
          lineStyle: { color: "#b45309", type: "dotted", width: 2 }, itemStyle: { color: "#b45309" },
        },
      ],
    }));
    window.addEventListener("resize", () => chart.resize());
  }

  // The rollouts side by side: % of the target live, against the % the planned line
  // expects today; a bar opens the rollout.
  function rolloutBars(element, data) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(localised({
      textStyle: { fontFamily: "IBM Plex Sans Arabic, sans-serif" },
      grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: "center", itemGap: 24 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: percentLabel },
      xAxis: { type: "value", min: 0, max: 100, inverse: rtl, axisLabel: { formatter: percentLabel } },
      yAxis: { type: "category", data: data.names, inverse: true, position: rtl ? "right" : "left" },
      series: [
        {
          name: data.labels.live, type: "bar", barMaxWidth: 18, cursor: "pointer", itemStyle: { color: "#15803d" },
          data: data.live.map((value, index) => ({
            value: value, link: data.links[index],
            itemStyle: { color: data.behind[index] ? "#b91c1c" : "#15803d" },
          })),
        },
        {
          name: data.labels.planned, type: "bar", barMaxWidth: 18, data: data.planned,
          itemStyle: { color: "#cbd5e1" },
        },
      ],
    }));
    chart.on("click", (params) => {
      if (params.data && params.data.link) window.location.assign(params.data.link);
    });
    window.addEventListener("resize", () => chart.resize());
  }

  const builders = {
    "rollout-trajectory": rolloutTrajectory,
    "rollout-bars": rolloutBars,
    "phase-timeline": phaseTimeline,
    "s-curve": sCurve,
    "indicator-series": indicatorSeries,
    "go-live": goLive,
  };

  function drawAll(root) {
    root.querySelectorAll("[data-chart]").forEach((element) => {
      const build = builders[element.dataset.chart];
      const data = readJson(element.dataset.source);
      if (build && data && window.echarts) build(element, data);
    });
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
})();
