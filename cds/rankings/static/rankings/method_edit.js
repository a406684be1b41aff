// The running total of a draft method's weights, under the criteria table (the server checks it
// again when the draft is submitted).
(function () {
  'use strict';
  const out = document.getElementById('rk-weight-total');
  if (!out) {
    return;
  }
  const inputs = Array.from(document.querySelectorAll('input.rk-weight'));
  const target = parseInt(out.dataset.target, 10);
  function update() {
    const total = inputs.reduce((sum, el) => sum + (parseInt(el.value, 10) || 0), 0);
    out.textContent = String(total);
    out.classList.toggle('rk-total-off', total !== target);
  }
  inputs.forEach((el) => el.addEventListener('input', update));
  update();
})();
