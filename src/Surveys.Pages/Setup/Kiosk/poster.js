// The poster's one button: print (the page is laid out for A4; the bar with the button is not printed).
document.getElementById('print-poster')?.addEventListener('click', () => window.print());
