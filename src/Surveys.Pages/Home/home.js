// The leader home: «Kopier teksten» copies the annual-report sentence.
document.querySelectorAll('button.copy').forEach(b => {
  b.hidden = !navigator.clipboard;
  b.addEventListener('click', async () => {
    const text = document.getElementById(b.dataset.target).textContent.trim();
    const out = b.nextElementSibling;
    try { await navigator.clipboard.writeText(text); out.textContent = b.dataset.done; } catch { out.textContent = ''; }
  });
});
