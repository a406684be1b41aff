// The chart of a project's signals on a follow-up item's page: cost and schedule variance by
// quarter, cumulative and recent-weighted, over the green and red thresholds (json_script
// "signal-chart").
(function () {
  'use strict';
  const source = document.getElementById('signal-chart');
  const canvas = document.getElementById('chart-signals');
  if (!source || !canvas || typeof Chart === 'undefined') {
    return;
  }
  const d = JSON.parse(source.textContent);
  const line = (label, data, colour, dashed) => ({
    label: label, data: data, borderColor: colour, backgroundColor: colour, spanGaps: true, tension: 0,
    borderDash: dashed ? [5, 4] : [], pointRadius: 3,
  });
  const level = (label, value, colour) => ({
    label: label, data: d.labels.map(() => value), borderColor: colour, borderWidth: 1, pointRadius: 0,
    borderDash: [2, 3], fill: false,
  });
  new Chart(canvas, {
    type: 'line',
    data: {labels: d.labels, datasets: [
      line('Chi phí', d.cost, '#0d6efd', false),
      line('Chi phí gần đây', d.recent_cost, '#0d6efd', true),
      line('Tiến độ', d.schedule, '#6f42c1', false),
      line('Tiến độ gần đây', d.recent_schedule, '#6f42c1', true),
      level('Ngưỡng vàng', d.green, '#ffc107'),
      level('Ngưỡng đỏ', d.red, '#dc3545'),
    ]},
    options: {maintainAspectRatio: false, animation: false,
              scales: {y: {ticks: {callback: (v) => v.toLocaleString('vi-VN') + '%'}}},
              plugins: {legend: {position: 'bottom'}}},
  });
}());
