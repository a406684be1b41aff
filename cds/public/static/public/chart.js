// The portfolio page's chart of money by year and stage, from the JSON the page embeds
// (json_script "money-data"); the page shows the same numbers in a table (and prints the table).
(function () {
  'use strict';
  const source = document.getElementById('money-data');
  const canvas = document.getElementById('chart-money');
  if (!source || !canvas || typeof Chart === 'undefined') {
    return;
  }
  const data = JSON.parse(source.textContent);
  const palette = ['#6c757d', '#143d6b', '#0d6efd', '#198754', '#fd7e14'];
  const billions = (v) => v / 1e9;
  const fmt = new Intl.NumberFormat('vi-VN', {maximumFractionDigits: 2});
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.datasets.map((d, i) => ({label: d.label, data: d.data.map(billions),
                                                backgroundColor: palette[i % palette.length]}))
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      plugins: {tooltip: {callbacks: {label: (c) => c.dataset.label + ': ' + fmt.format(c.raw) + ' tỷ đồng'}}},
      scales: {y: {title: {display: true, text: 'Tỷ đồng'}, ticks: {callback: (v) => fmt.format(v)}}}
    }
  });
})();
