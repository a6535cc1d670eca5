// The leader home: «Lag kiosklenke» makes a link for a round through the API; «Kopier» copies the annual-report text.
document.querySelectorAll('button.kiosk').forEach(b => b.addEventListener('click', async () => {
  const out = b.nextElementSibling; out.textContent = '…';
  const res = await fetch('/api/rounds/' + encodeURIComponent(b.dataset.round) + '/kiosk-links', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang }, body: '{}' });
  const data = await res.json().catch(() => ({}));
  out.textContent = ''; const a = document.createElement(res.ok ? 'a' : 'span');
  if (res.ok) { a.href = data.url; a.textContent = data.url; } else { a.textContent = data.title || res.status; }
  out.append(' ', a);
}));
document.querySelectorAll('button.copy').forEach(b => {
  b.hidden = !navigator.clipboard;
  b.addEventListener('click', async () => {
    const text = document.getElementById(b.dataset.target).textContent.trim();
    const out = b.nextElementSibling;
    try { await navigator.clipboard.writeText(text); out.textContent = b.dataset.done; } catch { out.textContent = ''; }
  });
});
