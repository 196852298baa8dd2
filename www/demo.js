// Demo portal behaviour that a real portal would have: "load more" comments arriving by AJAX
// after the visitor chose a text size (they must be scaled too).
document.addEventListener('click', function (e) {
  var btn = e.target.closest && e.target.closest('[data-demo-more]');
  if (!btn) return;
  var list = document.getElementById(btn.getAttribute('data-demo-more'));
  var p = document.createElement('p');
  p.className = 'late';
  p.textContent = btn.getAttribute('data-demo-text');
  list.appendChild(p);
});
