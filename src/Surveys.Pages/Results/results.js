// Shows the print button (hidden without script, where the browser's own print works) and prints.
const print = document.getElementById('print');
if (print) {
  print.removeAttribute('hidden');
  print.addEventListener('click', () => window.print());
}
