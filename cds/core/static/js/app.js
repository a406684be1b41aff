// Behaviour shared by every page, attached from this file: the Content-Security-Policy allows
// no inline script and no on…= attribute. Markup asks for it with data-* attributes:
//   <form data-confirm="Xóa …?">                  ask before submitting
//   <form data-confirm="…" data-require="reason"> … and only when the field "reason" is filled
//   <select data-autosubmit>                      submit the form when the choice changes
//   <a href="#id"> to a <details id="id">          open the details it points to
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
      return;
    }
    const required = form.dataset.require ? form.elements[form.dataset.require] : null;
    if (required && required.value.trim() === '') {
      event.preventDefault();
      required.focus();
      return;
    }
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener('change', function (event) {
    const field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute('data-autosubmit') && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  document.addEventListener('click', function (event) {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (!link || link.getAttribute('href').length < 2) {
      return;
    }
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (target instanceof HTMLDetailsElement) {
      target.open = true;
    }
  });
})();
