// Kinerja console: small progressive enhancements; every page works without them.
document.addEventListener('DOMContentLoaded', function () {
  // Filters marked data-autosubmit apply as soon as they change.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () { el.form.requestSubmit(); });
  });
  // Destructive buttons ask first.
  document.querySelectorAll('button[data-confirm]').forEach(function (el) {
    el.addEventListener('click', function (ev) {
      if (!window.confirm(el.getAttribute('data-confirm'))) { ev.preventDefault(); }
    });
  });
});
