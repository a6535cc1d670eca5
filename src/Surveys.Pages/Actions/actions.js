// The note form of an action's page: posts the note and reloads; any refusal is shown under the text field.
// (The action form itself is sent by Shared/forms.js.)
(() => {
  const note = document.getElementById('note-form');
  if (!note) return;
  const slot = note.querySelector('#err-text');
  const field = note.elements.text;
  note.addEventListener('submit', async ev => {
    ev.preventDefault();
    const button = note.querySelector('[type=submit]');
    button.disabled = true;
    try {
      const res = await fetch(note.dataset.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'Accept-Language': document.documentElement.lang },
        body: JSON.stringify({ text: field.value }) });
      if (res.ok) { location.reload(); return; }
      const problem = await res.json().catch(() => null);
      const messages = Object.values((problem && problem.errors) || {}).map(m => [].concat(m).join(' '));
      slot.textContent = messages.length ? messages.join(' ')
        : [(problem && problem.title) || String(res.status), (problem && problem.detail) || ''].filter(Boolean).join(' – ');
      slot.hidden = false;
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    } catch {
      slot.textContent = document.documentElement.lang === 'en' ? 'No connection. Try again.' : 'Får ikke kontakt. Prøv igjen.';
      slot.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
})();
