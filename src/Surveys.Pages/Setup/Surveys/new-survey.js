// The new-survey page: «Bytt ordet» replaces a word in every question's bokmål text box, so the leader reads each new
// wording before saving. Each box stays its item (texts.ITEM.nb): the words change, the item's identity does not.
(() => {
  const button = document.getElementById('replace-term');
  if (!button) return;
  const en = document.documentElement.lang === 'en';
  const from = document.getElementById('term-from'), to = document.getElementById('term-to'), out = document.getElementById('replace-status');
  const capital = s => s.charAt(0).toUpperCase() + s.slice(1);
  const replace = () => {
    const a = from.value.trim(), b = to.value.trim();
    if (!a) { out.textContent = en ? 'Write the word to replace first.' : 'Skriv først ordet som skal byttes.'; from.focus(); return; }
    let n = 0;
    for (const box of document.querySelectorAll('textarea.item-text')) {
      let next = box.value.split(a).join(b);
      if (a !== capital(a)) next = next.split(capital(a)).join(capital(b));
      if (next !== box.value) { box.value = next; n++; }
    }
    out.textContent = en ? `Replaced in ${n} questions.` : `Byttet i ${n} spørsmål.`;
  };
  button.addEventListener('click', replace);
  // Enter in a word field replaces the word; it must not save the survey.
  for (const input of [from, to]) input.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); replace(); } });
})();

// An optional question's text box works only while the question is ticked: a box left disabled is not sent.
(() => {
  for (const box of document.querySelectorAll('input.optional-item')) {
    const text = document.getElementById('t-' + box.value);
    if (!text) continue;
    const sync = () => { text.disabled = !box.checked; };
    box.addEventListener('change', sync);
    sync();
  }
})();
