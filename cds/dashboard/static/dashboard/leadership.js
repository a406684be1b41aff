// The leadership dashboard: its two charts, from the JSON the page embeds (json_script
// "leadership-data"), and the print button.
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach((button) => {
    button.addEventListener('click', () => window.print());
  });
  const source = document.getElementById('leadership-data');
  if (!source || typeof Chart === 'undefined') {
    return;
  }
  const data = JSON.parse(source.textContent);
  const fmt = new Intl.NumberFormat('vi-VN');
  const billions = {callbacks: {label: (c) => c.dataset.label + ': ' + fmt.format(c.raw) + ' tỷ đồng'}};
  const stages = document.getElementById('chart-stages');
  if (stages) {
    new Chart(stages, {
      type: 'bar',
      data: {labels: data.stages.labels, datasets: [{label: 'Tỷ đồng', data: data.stages.values, backgroundColor: '#143d6b'}]},
      options: {plugins: {legend: {display: false}, tooltip: billions},
                scales: {y: {ticks: {callback: (v) => fmt.format(v)}}}, animation: false}
    });
  }
  const trajectory = document.getElementById('chart-trajectory');
  if (trajectory) {
    const t = data.trajectory;
    new Chart(trajectory, {
      type: 'line',
      data: {
        labels: t.labels,
        datasets: [
          {label: 'Giải ngân lũy kế', data: t.cumulative, borderColor: '#143d6b', backgroundColor: '#143d6b', spanGaps: false},
          {label: 'Dự báo đến 31/12', data: t.projection, borderColor: '#fd7e14', backgroundColor: '#fd7e14', borderDash: [6, 4], spanGaps: false},
          {label: 'Kế hoạch vốn năm', data: t.labels.map(() => t.allocated), borderColor: '#198754', pointRadius: 0, borderWidth: 1.5}
        ]
      },
      options: {plugins: {tooltip: billions}, scales: {y: {beginAtZero: true, ticks: {callback: (v) => fmt.format(v)}}}, animation: false}
    });
  }
})();
