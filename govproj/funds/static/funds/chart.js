// Planned vs allocated vs paid (Apache ECharts, served locally). Options come from a json_script tag.
document.querySelectorAll("[data-fund-chart]").forEach(function (el) {
  var data = JSON.parse(document.getElementById(el.dataset.fundChart).textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis", valueFormatter: function (v) { return Number(v).toLocaleString("zh-CN", {minimumFractionDigits: 2}) + " 元"; }},
    legend: {top: 0},
    grid: {left: 90, right: 20, bottom: 60, top: 40},
    xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0, rotate: data.labels.length > 6 ? 30 : 0}},
    yAxis: {type: "value", axisLabel: {formatter: function (v) { return (v / 10000).toLocaleString("zh-CN") + " 万"; }}},
    series: data.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })
  });
  el.dataset.rendered = "1";
  window.addEventListener("resize", function () { chart.resize(); });
});
