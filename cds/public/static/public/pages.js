// The public pages' "In trang" button ([data-public-print]) opens the browser's print dialog
// (pages.css has the print stylesheet). The Content-Security-Policy allows no inline script.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    const button = event.target instanceof Element ? event.target.closest('[data-public-print]') : null;
    if (button) {
      window.print();
    }
  });
})();
