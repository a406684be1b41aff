// Charts of a campaign page (units' progress, the TIME quadrants), from the JSON the page embeds
// (json_script "campaign-chart").
(function () {
  'use strict';
  const source = document.getElementById('campaign-chart');
  if (!source || typeof Chart === 'undefined') {
    return;
  }
  const data = JSON.parse(source.textContent);
  const u = data.units;
  new Chart(document.getElementById('chart-units'), {
    type: 'bar',
    data: {labels: u.labels, datasets: [
      {label: 'Gửi đúng hạn', data: u.on_time, backgroundColor: '#198754'},
      {label: 'Gửi trễ', data: u.late_done, backgroundColor: '#fd7e14'},
      {label: 'Đang thực hiện', data: u.in_progress, backgroundColor: '#ffc107'},
      {label: 'Chưa thực hiện', data: u.not_started, backgroundColor: '#adb5bd'},
    ]},
    options: {indexAxis: 'y', maintainAspectRatio: false, animation: false,
              scales: {x: {stacked: true, ticks: {precision: 0}}, y: {stacked: true}},
              plugins: {legend: {position: 'bottom'}}}
  });

  const t = data.thresholds, q = data.quadrants;
  const quadrants = {
    id: 'quadrants',
    beforeDatasetsDraw(chart) {
      const {ctx, chartArea: a, scales: {x, y}} = chart;
      const tx = x.getPixelForValue(t.fitness), ty = y.getPixelForValue(t.value);
      const zones = [
        // [left, top, right, bottom, colour, label, align]
        [tx, a.top, a.right, ty, 'rgba(25,135,84,.10)', q.invest, 'right', 'top'],
        [a.left, a.top, tx, ty, 'rgba(13,110,253,.09)', q.migrate, 'left', 'top'],
        [tx, ty, a.right, a.bottom, 'rgba(255,193,7,.13)', q.tolerate, 'right', 'bottom'],
        [a.left, ty, tx, a.bottom, 'rgba(220,53,69,.10)', q.eliminate, 'left', 'bottom'],
      ];
      ctx.save();
      ctx.font = '600 12px system-ui, sans-serif';
      for (const [l, tp, r, b, colour, label, h, v] of zones) {
        ctx.fillStyle = colour;
        ctx.fillRect(l, tp, r - l, b - tp);
        ctx.fillStyle = '#263647';
        ctx.textAlign = h;
        ctx.textBaseline = v;
        ctx.fillText(label, h === 'right' ? r - 6 : l + 6, v === 'top' ? tp + 6 : b - 6);
      }
      ctx.strokeStyle = 'rgba(38,54,71,.45)';
      ctx.setLineDash([4, 4]);
      ctx.beginPath(); ctx.moveTo(tx, a.top); ctx.lineTo(tx, a.bottom); ctx.moveTo(a.left, ty); ctx.lineTo(a.right, ty); ctx.stroke();
      ctx.restore();
    }
  };
  new Chart(document.getElementById('chart-time'), {
    type: 'scatter',
    data: {datasets: [{label: 'Nhiệm vụ, dự án', data: data.scatter, backgroundColor: 'rgba(20,61,107,.75)',
      pointRadius: (c) => 4 + 2 * Math.sqrt((c.raw && c.raw.n) || 1)}]},
    options: {maintainAspectRatio: false, animation: false,
      scales: {x: {min: 0, max: 100, title: {display: true, text: 'Điểm phù hợp kỹ thuật'}},
               y: {min: 0, max: 100, title: {display: true, text: 'Điểm giá trị mang lại'}}},
      plugins: {legend: {display: false},
        tooltip: {callbacks: {label: (c) => `Giá trị ${c.raw.y}, kỹ thuật ${c.raw.x}: ${c.raw.n} nhiệm vụ/dự án`}}}},
    plugins: [quadrants]
  });
})();
