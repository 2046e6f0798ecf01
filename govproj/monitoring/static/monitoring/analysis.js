// Monitoring analysis charts (Apache ECharts, served locally). Options come from json_script tags;
// charts are drawn on load and again after htmx swaps in the results for another period.
(function () {
  var palette = ["#dc3545", "#6c757d", "#0d6efd", "#fd7e14"];

  function option(data) {
    var horizontal = data.kind === "hbar";
    var category = {type: "category", data: data.labels, inverse: horizontal,
      axisLabel: horizontal ? {width: 220, overflow: "truncate"} : {interval: 0, rotate: data.labels.length > 12 ? 45 : 0}};
    var value = {type: "value", minInterval: 1};
    return {
      color: palette,
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: horizontal ? 230 : 50, right: 24, bottom: horizontal ? 24 : 60, top: 36},
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: data.series.map(function (s) {
        return {name: s.name, type: data.kind === "line" ? "line" : "bar", stack: s.stack, data: s.data,
                barMaxWidth: 28};
      })
    };
  }

  function draw(root) {
    root.querySelectorAll("[data-analysis-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.analysisChart);
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var old = echarts.getInstanceByDom(el);
      if (old) { old.dispose(); }
      if (!data.labels.length) {
        el.innerHTML = '<div class="text-muted small">本期没有数据。</div>';
        el.style.height = "auto";
      } else {
        echarts.init(el).setOption(option(data));
      }
      el.dataset.rendered = "1";
    });
  }

  draw(document);
  document.body.addEventListener("htmx:afterSettle", function () { draw(document); });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-analysis-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
})();
