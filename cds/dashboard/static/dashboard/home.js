// Charts of the home page, from the JSON the page embeds (json_script "chart-data").
(function () {
  'use strict';
  const source = document.getElementById('chart-data');
  if (!source || typeof Chart === 'undefined') {
    return;
  }
  const data = JSON.parse(source.textContent);
  const palette = ['#6c757d', '#0dcaf0', '#31a3c4', '#0d6efd', '#3d5afe', '#6f42c1', '#fd7e14', '#198754', '#20c997',
                   '#343a40', '#dc3545', '#b02a37', '#495057'];
  const fmt = new Intl.NumberFormat('vi-VN');
  const states = document.getElementById('chart-states');
  if (states) {
    new Chart(states, {
      type: 'bar',
      data: {labels: data.states.labels, datasets: [{label: 'Số nhiệm vụ, dự án', data: data.states.values, backgroundColor: palette}]},
      options: {indexAxis: 'y', plugins: {legend: {display: false}}, scales: {x: {ticks: {precision: 0}}}, animation: false}
    });
  }
  const stages = document.getElementById('chart-stages');
  if (stages) {
    new Chart(stages, {
      type: 'bar',
      data: {labels: data.stages.labels, datasets: [{label: 'Tỷ đồng', data: data.stages.values, backgroundColor: '#143d6b'}]},
      options: {plugins: {legend: {display: false}, tooltip: {callbacks: {label: (c) => fmt.format(c.raw) + ' tỷ đồng'}}},
                scales: {y: {ticks: {callback: (v) => fmt.format(v)}}}, animation: false}
    });
  }
})();
