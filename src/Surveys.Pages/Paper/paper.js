// The paper-entry page: fast keyboard entry, one idempotent save per sheet, CSV upload. Its texts are the sheet form's data-texts.
(() => {
  'use strict';
  const form = document.getElementById('sheet');
  if (!form) return;
  const text = JSON.parse(form.dataset.texts); // in the page's language
  const t = (key, values) => text[key].replace(/\{(\w+)\}/g, (_, k) => String(values?.[k] ?? ''));
  const round = form.dataset.round;
  const fields = Array.from(form.querySelectorAll('input[data-kind], textarea[data-kind]'));
  const status = document.getElementById('sheet-status');
  const sheetError = document.getElementById('sheet-error');
  const sheetTitle = document.getElementById('sheet-title');
  const unit = document.getElementById('unit');
  const formLanguage = document.getElementById('form-language');
  const save = document.getElementById('save');
  const headers = { 'Accept': 'application/json', 'Accept-Language': text.lang };
  let saved = 0;
  let responseId = crypto.randomUUID(); // one id per sheet: a retried save is the same response
  let dirty = false;

  const errorOf = f => document.getElementById(f.id + '-error');
  const setError = (f, message) => {
    const el = errorOf(f);
    if (message) { el.textContent = message; el.hidden = false; f.setAttribute('aria-invalid', 'true'); }
    else { el.textContent = ''; el.hidden = true; f.removeAttribute('aria-invalid'); }
  };
  const allowed = f => (f.dataset.allowed || '').split(' ');
  const checkNumber = f => {
    const v = f.value.trim();
    if (v === '' || allowed(f).includes(v)) { setError(f, ''); return true; }
    setError(f, t('allowed', { values: allowed(f).join(', ') }));
    return false;
  };
  const focusField = i => { if (i >= 0 && i < fields.length) { fields[i].focus(); fields[i].select?.(); } else if (i >= fields.length) save.focus(); };

  fields.forEach((f, i) => {
    f.addEventListener('input', () => {
      dirty = true;
      if (f.dataset.kind !== 'number') return;
      if (f.value.length > 1) f.value = f.value.slice(-1);
      if (checkNumber(f) && f.value !== '') focusField(i + 1);
    });
    f.addEventListener('keydown', e => {
      if (f.dataset.kind === 'text') return; // Enter makes a new line in free text
      if (e.key === 'Enter') { e.preventDefault(); if (checkNumber(f)) focusField(i + 1); }
      else if (e.key === 'ArrowDown') { e.preventDefault(); focusField(i + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); focusField(i - 1); }
      else if (e.key === 'Backspace' && f.value === '' && i > 0) { e.preventDefault(); focusField(i - 1); }
    });
    f.addEventListener('blur', () => { if (f.dataset.kind === 'number') checkNumber(f); });
  });

  const clearSheet = () => {
    fields.forEach(f => { f.value = ''; setError(f, ''); });
    sheetError.hidden = true; sheetError.textContent = '';
    responseId = crypto.randomUUID();
    dirty = false;
    sheetTitle.textContent = text.form + ' ' + (saved + 1);
    fields[0]?.focus();
  };

  document.getElementById('new-sheet').addEventListener('click', () => {
    if (dirty && !confirm(text.discard)) return;
    status.textContent = '';
    clearSheet();
  });
  window.addEventListener('beforeunload', e => { if (dirty) e.preventDefault(); });

  const showSheetError = message => { sheetError.textContent = message; sheetError.hidden = false; };

  form.addEventListener('submit', async e => {
    e.preventDefault();
    sheetError.hidden = true;
    const answers = {};
    let ok = true;
    for (const f of fields) {
      const v = f.value.trim();
      if (f.dataset.kind === 'number') { if (!checkNumber(f)) ok = false; else if (v !== '') answers[f.name] = Number(v); }
      else if (v !== '') answers[f.name] = f.value;
    }
    if (!ok) { showSheetError(text.notSaved); form.querySelector('[aria-invalid=true]')?.focus(); return; }
    if (Object.keys(answers).length === 0) { showSheetError(text.empty); fields[0]?.focus(); return; }
    if (unit && unit.required && !unit.value) { showSheetError(text.unitRequired); unit.focus(); return; }
    const body = { responseId, answers, language: formLanguage.value };
    if (unit && unit.value) body.unit = unit.value;
    save.disabled = true; status.textContent = text.saving;
    try {
      const r = await fetch('/api/rounds/' + encodeURIComponent(round) + '/responses', {
        method: 'POST', credentials: 'same-origin',
        headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status === 202 || r.status === 200) {
        saved++;
        status.textContent = t(r.status === 202 ? 'saved' : 'already', { n: saved });
        clearSheet();
        return;
      }
      status.textContent = '';
      const problem = await r.json().catch(() => null);
      if (r.status === 401) showSheetError(text.signedOut);
      else if (r.status === 409) showSheetError(text.conflict);
      else if (r.status === 400 && problem?.errors) {
        const other = [];
        for (const [key, messages] of Object.entries(problem.errors)) {
          const f = key.startsWith('answers.') ? fields.find(x => x.name === key.slice(8)) : null;
          if (f) setError(f, messages.join(' ')); else other.push(...messages);
        }
        showSheetError([text.notSaved, ...other].join(' '));
        form.querySelector('[aria-invalid=true]')?.focus();
      } else showSheetError(problem?.title ? problem.title + (problem.detail ? ': ' + problem.detail : '') : text.retry);
    } catch {
      status.textContent = '';
      showSheetError(text.retry);
    } finally {
      save.disabled = false;
    }
  });

  const importForm = document.getElementById('import');
  const result = document.getElementById('import-result');
  const show = (cls, title, items) => {
    result.replaceChildren();
    const box = document.createElement('div');
    box.className = cls;
    const p = document.createElement('p'); p.textContent = title; box.append(p);
    if (items?.length) {
      const ul = document.createElement('ul');
      for (const item of items) { const li = document.createElement('li'); li.textContent = item; ul.append(li); }
      box.append(ul);
    }
    result.append(box);
  };
  importForm.addEventListener('submit', async e => {
    e.preventDefault();
    const file = document.getElementById('file').files[0];
    if (!file) { show('error', text.chooseFile); return; }
    const button = importForm.querySelector('button');
    button.disabled = true; show('note', text.importing);
    try {
      const r = await fetch('/api/rounds/' + encodeURIComponent(round) + '/responses/import', {
        method: 'POST', credentials: 'same-origin',
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' }, body: file });
      const body = await r.json().catch(() => null);
      if (r.ok && body) show('note', t('imported', { imported: body.imported, already: body.alreadyImported }));
      else if (body?.errors) {
        const items = Object.entries(body.errors).map(([key, messages]) => {
          const row = key.replace(/^row /, '');
          return (row === '1' ? text.header : text.row + ' ' + row) + ': ' + messages.join(' ');
        });
        show('error', body.title + '. ' + (body.detail || ''), items);
      } else if (r.status === 401) show('error', text.signedOutImport);
      else show('error', body?.title ? body.title + (body.detail ? ': ' + body.detail : '') : text.failed);
    } catch {
      show('error', text.failed);
    } finally {
      button.disabled = false;
    }
  });
})();
