// The leader pages' forms: each posts JSON to the API it stands for (the same rules, the same audit) and shows the
// API's ProblemDetails next to the fields it names. Without script the page still reads; forms need it.
//
// <form class="api-form" data-url="/api/…" data-method="POST" data-next="/leder/…/{id}">
//   fields by name; a dotted name ("a.b") nests; data-type="number" sends a number, data-type="bool" (a checkbox) true/false,
//   data-type="list" (checkboxes sharing a name, or a select multiple) an array, data-type="lines" (a textarea) an array of
//   its non-empty lines (commas and semicolons split too: addresses pasted from a mail program); empty fields are left out
//   (data-empty="null" on the form sends null instead: for edits that clear a value). data-etag sends If-Match.
//   <p class="field-error" id="err-NAME" hidden></p> beside a field gets the API's messages for NAME (and for NAME[i]);
//   <p id="form-error" class="error" tabindex="-1" hidden></p> gets the title and anything no field shows;
//   <p id="form-status" role="status"></p> says «…» while the request is under way.
//   On success: to data-next, with {id} replaced by the response's id (a reload without it).
// <button type="button" class="api-action" data-url="…" data-method="DELETE" data-body='{"…"}' data-confirm="…">
//   one request, then a reload; its error goes to the <output> after the button.
(() => {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'nb';
  const headersFor = extra => Object.assign({ 'Accept': 'application/json', 'Accept-Language': lang }, extra);
  const problemText = (problem, status) =>
    [(problem && problem.title) || String(status), (problem && problem.detail) || ''].filter(Boolean).join(' – ');
  const set = (target, path, value) => {
    const keys = path.split('.'); let o = target;
    for (const k of keys.slice(0, -1)) o = o[k] = o[k] || {};
    const last = keys[keys.length - 1];
    if (Array.isArray(o[last])) o[last].push(value); else o[last] = value;
  };
  const bodyOf = form => {
    const body = {};
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') continue;
      const type = el.dataset.type || '';
      if (type === 'bool') { set(body, el.name, el.checked); continue; }
      if (type === 'list') {
        if (!(el.name in body)) set(body, el.name, []);
        if (el.tagName === 'SELECT') { for (const o of el.selectedOptions) set(body, el.name, o.value); }
        else if (el.checked) set(body, el.name, el.value);
        continue;
      }
      if (type === 'lines') { set(body, el.name, el.value.split(/[\n,;]/).map(l => l.trim()).filter(Boolean)); continue; }
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
      const v = el.value.trim();
      if (v === '') { if (form.dataset.empty === 'null') set(body, el.name, null); continue; }
      set(body, el.name, type === 'number' ? Number(v.replace(',', '.')) : v);
    }
    return body;
  };
  const slotFor = (form, key) => {
    const exact = form.querySelector('#err-' + CSS.escape(key)) || form.querySelector('#err-' + CSS.escape(key.replace(/\[\d+\]$/, '')));
    if (exact) return exact;
    const lower = key.toLowerCase();
    return [...form.querySelectorAll('.field-error')].find(e => e.id.slice(4).toLowerCase() === lower) || null;
  };
  const show = (form, problem, status) => {
    form.querySelectorAll('.field-error').forEach(e => { e.hidden = true; e.textContent = ''; });
    const top = form.querySelector('#form-error');
    const rest = []; let first = null;
    for (const [key, messages] of Object.entries((problem && problem.errors) || {})) {
      const slot = slotFor(form, key);
      const text = [].concat(messages).join(' ');
      if (slot) {
        slot.textContent = text; slot.hidden = false;
        const field = form.querySelector('[name="' + CSS.escape(slot.id.slice(4)) + '"]');
        if (field) field.setAttribute('aria-invalid', 'true');
        first = first || field;
      } else rest.push(text);
    }
    if (top && (rest.length || !first)) {
      top.textContent = [problemText(problem, status), ...rest].filter(Boolean).join(' – ');
      top.hidden = false;
      if (!first) top.focus();
    }
    if (first) first.focus();
  };
  for (const form of document.querySelectorAll('form.api-form')) {
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const status = form.querySelector('#form-status');
      const button = form.querySelector('[type=submit]');
      if (status) status.textContent = '…';
      if (button) button.disabled = true;
      form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
      try {
        const headers = headersFor({ 'Content-Type': 'application/json' });
        if (form.dataset.etag) headers['If-Match'] = form.dataset.etag;
        const res = await fetch(form.dataset.url, { method: form.dataset.method || 'POST', headers, body: JSON.stringify(bodyOf(form)) });
        const data = await res.json().catch(() => null);
        if (res.ok) {
          const next = form.dataset.next;
          if (next) location.href = next.replace('{id}', encodeURIComponent((data && (data.id || data.token)) || ''));
          else location.reload();
          return;
        }
        show(form, data, res.status);
      } catch {
        show(form, { title: lang === 'en' ? 'No connection. Try again.' : 'Får ikke kontakt. Prøv igjen.' }, 0);
      } finally {
        if (status) status.textContent = '';
        if (button) button.disabled = false;
      }
    });
  }
  for (const button of document.querySelectorAll('button.api-action')) {
    button.addEventListener('click', async () => {
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
      const out = button.nextElementSibling && button.nextElementSibling.tagName === 'OUTPUT' ? button.nextElementSibling : null;
      if (out) out.textContent = '…';
      button.disabled = true;
      try {
        const init = { method: button.dataset.method || 'POST', headers: headersFor(button.dataset.body ? { 'Content-Type': 'application/json' } : {}) };
        if (button.dataset.body) init.body = button.dataset.body;
        const res = await fetch(button.dataset.url, init);
        if (res.ok) { location.reload(); return; }
        const data = await res.json().catch(() => null);
        if (out) out.textContent = problemText(data, res.status);
      } catch {
        if (out) out.textContent = lang === 'en' ? 'No connection. Try again.' : 'Får ikke kontakt. Prøv igjen.';
      } finally {
        button.disabled = false;
      }
    });
  }
})();
