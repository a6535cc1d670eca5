(() => {
  'use strict';

  // The page's own words, one dictionary per language. Item texts and labels come from the API;
  // a new language is one more entry here, reviewed by a person (P-07: short, common words).
  const UI = {
    nb: {
      name: 'Norsk', docTitle: 'Spørreskjema', languages: 'Språk', loading: 'Laster …',
      start: 'Start', startHint: 'Trykk på Start for å svare.', wait: 'Vent litt …',
      progress: '{n} av {total}', question: 'Spørsmål {n} av {total}',
      listen: 'Les opp', easy: 'Lettlest', back: 'Tilbake', skip: 'Hopp over', next: 'Neste', send: 'Send',
      doneTitle: 'Ferdig!', doneText: 'Trykk på Send for å sende svarene.', answered: 'Du har svart på {n} av {total}.',
      textLabel: 'Skriv svaret ditt her', chars: '{n} av {max} tegn',
      thanks: 'Takk for svarene!', thanksText: 'Nå kan neste person svare.',
      stillThere: 'Er du der fortsatt?', yes: 'Ja', countdown: 'Vi starter på nytt om {s} sekunder.',
      offline: 'Får ikke kontakt. Vi prøver igjen.', gone: 'Kiosklenken virker ikke', goneText: 'Spør en veileder om en ny lenke.',
      waiting: 'Svar som venter på nett: {n}', rejected: 'Avviste svar: {n}', timedOut: 'Avbrutt: {n}',
      old: 'Noen svar har ventet over ett døgn.', full: 'Lageret for svar er nesten fullt.',
    },
    en: {
      name: 'English', docTitle: 'Survey', languages: 'Language', loading: 'Loading …',
      start: 'Start', startHint: 'Tap Start to answer.', wait: 'Please wait …',
      progress: '{n} of {total}', question: 'Question {n} of {total}',
      listen: 'Read aloud', easy: 'Easy read', back: 'Back', skip: 'Skip', next: 'Next', send: 'Send',
      doneTitle: 'Done!', doneText: 'Tap Send to send your answers.', answered: 'You answered {n} of {total}.',
      textLabel: 'Write your answer here', chars: '{n} of {max} characters',
      thanks: 'Thank you for your answers!', thanksText: 'The next person can answer now.',
      stillThere: 'Are you still there?', yes: 'Yes', countdown: 'We start again in {s} seconds.',
      offline: 'No connection. We will try again.', gone: 'The kiosk link does not work', goneText: 'Ask a staff member for a new link.',
      waiting: 'Answers waiting for the network: {n}', rejected: 'Rejected answers: {n}', timedOut: 'Timed out: {n}',
      old: 'Some answers have waited more than a day.', full: 'The answer store is nearly full.',
    },
  };
  const DEFAULT_LANG = 'nb';
  const TAP_GUARD_MS = 600;          // P-14: taps closer than this on one question count once
  const OUTBOX_CAP = 500;            // P-16: staff are warned from 90 % of this
  const OLD_MS = 24 * 3600e3;        // P-16: staff are warned when an answer waited longer
  const SETTINGS = { idleSeconds: 90, idleCountdownSeconds: 20, thankYouSeconds: 5, minSubmitIntervalSeconds: 10 };

  const token = decodeURIComponent(location.pathname.split('/')[2] || '');
  const apiOf = tok => '/api/kiosk/' + encodeURIComponent(tok);
  const $ = id => document.getElementById(id);
  const now = () => performance.now();

  // Everything about the current person lives in S.person and nowhere else (P-13, P-15).
  const S = {
    survey: null, settings: { ...SETTINGS }, lang: DEFAULT_LANG, easy: false,
    person: null, screen: 'loading', sentAt: -1e12, lastTap: -1e12, speaking: false,
  };
  const timers = { idle: 0, count: 0, thanks: 0, unlock: 0, retry: 0, load: 0, speech: 0 };

  const t = (key, vars) => (UI[S.lang][key] ?? UI[DEFAULT_LANG][key]).replace(/\{(\w+)\}/g, (_, k) => vars[k]);
  const tr = o => (o ? o[S.lang] ?? o[DEFAULT_LANG] ?? '' : '');
  const itemText = it => (S.easy && it.easyRead ? tr(it.easyRead) : tr(it.text));
  const optLabel = o => (S.easy && o.easyRead ? tr(o.easyRead) : tr(o.label));

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'html') e.innerHTML = v; // only the page's own static SVG, never API text
      else e.setAttribute(k, v === true ? '' : v);
    }
    e.append(...children.flat().filter(c => c != null));
    return e;
  }

  // Faces: outline, eyes, brows and mouth differ in shape, so they are told apart without colour (instruments.md §4.2).
  const FILL = ['#f6c6c1', '#f8dbbf', '#f3eab3', '#d7ecc4', '#c2e5c4'];
  const EYES = '<circle cx="36" cy="42" r="5.5" fill="#1b1b1b" stroke="none"/><circle cx="64" cy="42" r="5.5" fill="#1b1b1b" stroke="none"/>';
  const FEATURES = [
    EYES + '<path d="M24 31l14-6M76 31l-14-6M29 78q21-30 42 0"/>',
    EYES + '<path d="M32 73q18-13 36 0"/>',
    EYES + '<path d="M32 69h36"/>',
    EYES + '<path d="M32 63q18 13 36 0"/>',
    '<path d="M28 44q8-10 16 0M56 44q8-10 16 0"/><path d="M26 57h48q-4 28-24 28t-24-28z" fill="#1b1b1b"/>',
  ];
  const face = i => `<svg class="face" viewBox="0 0 100 100" aria-hidden="true" focusable="false"><circle cx="50" cy="50" r="45" fill="${FILL[i]}"/><g fill="none" stroke="#1b1b1b" stroke-width="5" stroke-linecap="round"><circle cx="50" cy="50" r="45"/>${FEATURES[i]}</g></svg>`;
  const icon = d => `<svg class="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false"><g fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">${d}</g></svg>`;
  const SPEAKER = icon('<path d="M6 18h8l11-9v30l-11-9H6z" fill="currentColor"/><path d="M32 17q5 7 0 14M37 11q10 13 0 26"/>');
  const YES = icon('<circle cx="24" cy="24" r="20"/><path d="M14 25l7 7 13-15"/>');
  const NO = icon('<circle cx="24" cy="24" r="20"/><path d="M16 16l16 16M32 16L16 32"/>');

  // ---- Screens -------------------------------------------------------------------------------

  function render() {
    document.documentElement.lang = S.lang;
    document.title = t('docTitle');
    renderBar();
    const main = $('main');
    main.replaceChildren(); // the previous screen's fields and selections are gone, not hidden
    main.className = 'main ' + S.screen;
    ({ loading: renderNote, offline: renderNote, gone: renderNote, start: renderStart, question: renderQuestion, done: renderDone, thanks: renderThanks })[S.screen](main);
    renderStaff();
  }

  function renderBar() {
    const inQuestion = S.screen === 'question';
    const items = S.survey ? S.survey.items.length : 0;
    $('progress').textContent = inQuestion ? t('progress', { n: S.person.index + 1, total: items }) : '';
    const langs = $('langs');
    langs.setAttribute('aria-label', t('languages'));
    for (const b of langs.children) b.setAttribute('aria-pressed', b.dataset.lang === S.lang);
    const easy = $('easy');
    easy.textContent = t('easy');
    easy.setAttribute('aria-pressed', S.easy);
    $('tools').hidden = !S.survey;
    $('bar').hidden = !['start', 'question', 'done'].includes(S.screen);
  }

  function setupBar() {
    const langs = $('langs');
    const codes = (S.survey.languages || [DEFAULT_LANG]).filter(c => UI[c]);
    langs.replaceChildren(...codes.map(c => el('button', {
      type: 'button', class: 'tool', lang: c, 'data-lang': c, 'aria-pressed': String(c === S.lang),
      onclick: () => { if (S.lang !== c) { S.lang = c; rerender(); } },
    }, UI[c].name)));
    langs.hidden = codes.length < 2;
    const hasEasy = S.survey.items.some(it => it.easyRead || (it.options || []).some(o => o.easyRead));
    $('easy').hidden = !hasEasy;
  }

  // Re-renders in place (language or easy-read changed) and keeps focus where it was.
  function rerender() {
    const id = document.activeElement && document.activeElement.id;
    const lang = document.activeElement && document.activeElement.dataset && document.activeElement.dataset.lang;
    render();
    const target = lang ? $('langs').querySelector(`[data-lang="${lang}"]`) : id && $(id);
    if (target) target.focus();
    armIdle(); // a language chosen on the start screen is forgotten if nobody starts
  }

  function renderNote(main) {
    const [title, text] = { loading: ['loading', null], offline: ['offline', null], gone: ['gone', 'goneText'] }[S.screen];
    main.append(el('div', { class: 'center' },
      el('h1', { id: 'heading', class: 'title', tabindex: '-1' }, t(title)),
      text && el('p', { class: 'lead' }, t(text))));
  }

  function renderStart(main) {
    const wait = S.sentAt + S.settings.minSubmitIntervalSeconds * 1000 - now();
    const start = el('button', { id: 'start', type: 'button', class: 'btn primary huge', disabled: wait > 0, onclick: guard(begin) },
      t(wait > 0 ? 'wait' : 'start'));
    main.append(el('div', { class: 'center' },
      S.survey.organisation && el('p', { class: 'org' }, S.survey.organisation),
      el('h1', { id: 'heading', class: 'title', tabindex: '-1' }, S.survey.title),
      el('p', { class: 'lead' }, t('startHint')),
      start));
    clearTimeout(timers.unlock);
    // P-14: the start screen stays locked for a while after each submission
    if (wait > 0) timers.unlock = setTimeout(() => { if (S.screen === 'start') { render(); $('start').focus(); } }, wait);
  }

  function renderQuestion(main) {
    const items = S.survey.items, p = S.person, item = items[p.index];
    const heading = el('h1', { id: 'qtext', class: 'qtext', tabindex: '-1' }, itemText(item));
    const listen = el('button', { id: 'listen', type: 'button', class: 'btn speak', onclick: () => speak(itemText(item)) },
      el('span', { html: SPEAKER }), el('span', {}, t('listen')));
    const answer = item.kind === 'freetext' ? textAnswer(item) : choiceAnswer(item);
    const answered = p.answers[item.id] != null;
    main.append(
      el('section', { class: 'q', 'aria-labelledby': 'qtext' }, el('div', { class: 'qhead' }, heading, listen), answer),
      el('div', { class: 'nav' },
        // On the first question Tilbake keeps its place but cannot be seen, focused or used.
        el('button', { id: 'back', type: 'button', class: p.index === 0 ? 'btn invisible' : 'btn', onclick: guard(() => go(-1)) }, t('back')),
        item.required ? el('span', { class: 'spacer' }) : el('button', { id: 'skip', type: 'button', class: 'btn', onclick: guard(skip) }, t('skip')),
        el('button', { id: 'next', type: 'button', class: 'btn primary', disabled: item.required && !answered, onclick: guard(() => go(1)) }, t('next'))));
  }

  function choiceAnswer(item) {
    const p = S.person;
    const options = item.kind === 'yesno' ? item.options.slice(0, 2) : item.options;
    const kind = item.kind === 'yesno' ? 'yesno' : options.length === 5 ? 'faces' : 'nums';
    const radios = [];
    const radio = (o, label, content, cls) => {
      const r = el('button', {
        type: 'button', role: 'radio', class: 'opt ' + cls, 'data-value': o.value,
        'aria-checked': String(p.answers[item.id] === o.value), tabindex: '-1',
      }, content);
      r.speech = label;
      r.addEventListener('click', guard(e => choose(item, radios, r, e.detail > 0)));
      r.addEventListener('focus', () => { if (r.matches(':focus-visible')) speak(label); });
      radios.push(r);
      return r;
    };
    // Scale order from the API, lowest on the left, on every question (P-03). The organisation's
    // display order (instruments.md §4.2) can reverse the row later; a face always follows its position.
    const row = el('div', { class: 'row ' + kind },
      options.map(o => radio(o, optLabel(o), [
        kind === 'faces' ? el('span', { html: face(o.value - 1) }) : kind === 'yesno' ? el('span', { html: o.value === 1 ? YES : NO }) : el('span', { class: 'num' }, String(o.value)),
        ' ', el('span', { class: 'lbl' }, optLabel(o)),
      ], kind)));
    row.style.setProperty('--n', options.length);
    const group = el('div', { role: 'radiogroup', class: 'opts', 'aria-labelledby': 'qtext', 'aria-required': item.required || null }, row,
      item.nonScale && el('div', { class: 'row nonscale' }, radio(item.nonScale, tr(item.nonScale.label), el('span', { class: 'lbl' }, tr(item.nonScale.label)), 'wide')));
    (radios.find(r => r.getAttribute('aria-checked') === 'true') || radios[0]).tabIndex = 0;
    // Arrow keys move within the group and choose, as a native radio group does (WAI-ARIA APG).
    group.addEventListener('keydown', e => {
      const i = radios.indexOf(document.activeElement);
      let j = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: radios.length - 1 }[e.key];
      if (i < 0 || j === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      j = (j + radios.length) % radios.length;
      choose(item, radios, radios[j], false);
      radios[j].focus();
    });
    return group;
  }

  function choose(item, radios, chosen, fromPointer) {
    S.person.answers[item.id] = Number(chosen.dataset.value);
    for (const r of radios) {
      const on = r === chosen;
      r.setAttribute('aria-checked', on);
      r.tabIndex = on ? 0 : -1;
    }
    const next = $('next');
    if (next) next.disabled = false;
    if (fromPointer) speak(chosen.speech);
  }

  function textAnswer(item) {
    const p = S.person, max = item.maxTextLength || 2000;
    const count = el('p', { id: 'chars', class: 'count' });
    const area = el('textarea', {
      id: 'answer-text', class: 'text', rows: '5', maxlength: max, 'aria-labelledby': 'qtext', 'aria-describedby': 'chars',
      placeholder: t('textLabel'), autocomplete: 'off', autocorrect: 'off', spellcheck: 'false', 'aria-required': item.required || null,
    });
    area.value = typeof p.answers[item.id] === 'string' ? p.answers[item.id] : '';
    const update = () => {
      count.textContent = t('chars', { n: area.value.length, max });
      p.answers[item.id] = area.value.trim() ? area.value : null;
      const next = $('next');
      if (next && item.required) next.disabled = p.answers[item.id] == null;
    };
    area.addEventListener('input', update);
    update();
    return el('div', { class: 'textbox' }, area, count);
  }

  function renderDone(main) {
    const items = S.survey.items;
    const n = items.filter(it => S.person.answers[it.id] != null).length;
    const send = el('button', { id: 'send', type: 'button', class: 'btn primary', onclick: e => { if (!e.currentTarget.disabled) { e.currentTarget.disabled = true; finish(); } } }, t('send'));
    main.append(
      el('div', { class: 'center' },
        el('h1', { id: 'qtext', class: 'title', tabindex: '-1' }, t('doneTitle')),
        el('p', { class: 'lead' }, t('doneText')),
        el('p', { class: 'lead' }, t('answered', { n, total: items.length }))),
      el('div', { class: 'nav' },
        el('button', { id: 'back', type: 'button', class: 'btn', onclick: guard(() => go(-1)) }, t('back')),
        send));
  }

  function renderThanks(main) {
    main.append(el('div', { class: 'center' },
      el('span', { class: 'big-face', html: face(4) }),
      el('h1', { id: 'heading', class: 'title', tabindex: '-1' }, t('thanks')),
      el('p', { class: 'lead' }, t('thanksText'))));
  }

  // ---- Moving through one person's answers ---------------------------------------------------

  // P-14: a second tap within 600 ms of the last accepted one is ignored.
  function guard(fn) {
    return e => {
      const at = now();
      if (at - S.lastTap < TAP_GUARD_MS) return;
      S.lastTap = at;
      fn(e);
    };
  }

  function begin() {
    if (!S.survey || S.screen !== 'start' || now() < S.sentAt + S.settings.minSubmitIntervalSeconds * 1000) return;
    // The idempotency key is made when the person starts, so every retry of this response is the same response.
    S.person = { id: uuid(), index: 0, answers: Object.create(null) };
    show('question');
  }

  function show(screen) {
    cancelSpeech();
    S.screen = screen;
    render();
    const h = $('qtext') || $('heading');
    if (h) h.focus(); // focus lands on the new question (users.md §6 row 18)
    if (screen === 'question') announce(t('question', { n: S.person.index + 1, total: S.survey.items.length }));
    armIdle();
  }

  function go(step) {
    const p = S.person, last = S.survey.items.length - 1;
    if (!p) return;
    if (S.screen === 'done') { if (step < 0) { p.index = last; show('question'); } return; }
    const target = p.index + step;
    if (target < 0) return; // Tilbake never leaves this person's first question
    if (target > last) { show('done'); return; }
    p.index = target;
    show('question');
  }

  function skip() {
    const item = S.survey.items[S.person.index];
    if (item.required) return;
    S.person.answers[item.id] = null; // P-09: stored as not answered
    go(1);
  }

  function finish() {
    const p = S.person;
    if (!p) return;
    const answers = {};
    let any = false;
    for (const it of S.survey.items) {
      let v = p.answers[it.id];
      if (typeof v === 'string') v = v.trim() || null;
      answers[it.id] = v ?? null;
      if (answers[it.id] !== null) any = true;
    }
    const body = { responseId: p.id, answers, language: S.lang };
    forgetPerson();
    S.sentAt = now();
    show('thanks');
    clearTimeout(timers.thanks);
    timers.thanks = setTimeout(resetToStart, S.settings.thankYouSeconds * 1000);
    // A response with every question skipped has nothing to store (the server would refuse it).
    if (any) submit(body);
  }

  // ---- Reset: nothing of one person reaches the next (P-12, P-13) ------------------------------

  function forgetPerson() {
    if (S.person) { S.person.answers = null; S.person = null; }
    $('main').replaceChildren();
  }

  function resetToStart() {
    for (const k of ['idle', 'thanks', 'unlock']) clearTimeout(timers[k]);
    hideIdle();
    cancelSpeech();
    forgetPerson();
    S.lang = DEFAULT_LANG;
    S.easy = false;
    history.replaceState(null, '', location.pathname); // no state or fragment for Back to return to
    S.screen = S.survey ? 'start' : S.screen;
    render();
    const start = $('start');
    if (start) start.focus();
    refreshSurvey();
  }

  // ---- Idle: "Er du der fortsatt?" (P-12) -------------------------------------------------------

  function armIdle() {
    clearTimeout(timers.idle);
    const inUse = S.screen === 'question' || S.screen === 'done' || (S.screen === 'start' && (S.lang !== DEFAULT_LANG || S.easy));
    if (!inUse || S.speaking || !$('idle').hidden) return;
    timers.idle = setTimeout(idle, S.settings.idleSeconds * 1000);
  }

  function idle() {
    if (S.screen === 'start') { resetToStart(); return; } // only a language choice was left behind
    let left = S.settings.idleCountdownSeconds;
    const count = $('idle-count');
    const tick = () => { count.textContent = t('countdown', { s: left }); };
    $('idle-title').textContent = t('stillThere');
    $('idle-yes').textContent = t('yes');
    tick();
    $('app').inert = true;
    $('idle').hidden = false;
    $('idle-yes').focus();
    clearInterval(timers.count);
    timers.count = setInterval(() => {
      left -= 1;
      if (left > 0) { tick(); return; }
      bumpCount('timedOut');
      resetToStart(); // unsent answers are discarded
    }, 1000);
  }

  function hideIdle() {
    clearInterval(timers.count);
    $('idle').hidden = true;
    $('app').inert = false;
  }

  function stillHere() {
    if ($('idle').hidden) return;
    hideIdle();
    armIdle();
    const h = $('qtext');
    if (h) h.focus();
  }

  // Any touch, key or text input is a sign of life.
  // While the question is asked, a key or a tap on the dialog answers it (a pointerdown alone
  // must not, or the lifting finger would land on whatever lies under the closed dialog).
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel']) {
    document.addEventListener(type, () => {
      if ($('idle').hidden) armIdle(); else if (type === 'keydown') stillHere();
    }, { capture: true, passive: true });
  }

  // ---- Read-aloud (P-05) ----------------------------------------------------------------------

  function voiceFor(lang) {
    const voices = (window.speechSynthesis && speechSynthesis.getVoices()) || [];
    const wanted = lang === 'nb' ? ['nb-no', 'nb', 'no', 'no-no', 'nn-no'] : [lang];
    const norm = v => String(v.lang || '').toLowerCase().replace('_', '-');
    for (const w of wanted) {
      const v = voices.find(x => norm(x) === w) || voices.find(x => norm(x).startsWith(w + '-'));
      if (v) return v;
    }
    return null;
  }

  function speak(text) {
    const synth = window.speechSynthesis;
    if (!synth || !window.SpeechSynthesisUtterance || !text) return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    const v = voiceFor(S.lang);
    u.lang = v ? v.lang : S.lang === 'nb' ? 'nb-NO' : S.lang;
    if (v) { try { u.voice = v; } catch { /* the browser default speaks instead */ } }
    u.onend = u.onerror = speechEnded;
    S.speaking = true;
    clearTimeout(timers.idle); // the idle timer pauses while speaking
    clearInterval(timers.speech);
    // onend is not reliable everywhere; polling makes sure the idle timer always comes back.
    timers.speech = setInterval(() => { if (!synth.speaking && !synth.pending) speechEnded(); }, 1000);
    synth.speak(u);
  }

  function speechEnded() {
    clearInterval(timers.speech);
    if (!S.speaking) return;
    S.speaking = false;
    armIdle();
  }

  function cancelSpeech() {
    if (window.speechSynthesis) speechSynthesis.cancel();
    clearInterval(timers.speech);
    S.speaking = false;
  }

  // ---- Sending and the outbox (P-15, P-16) -----------------------------------------------------

  let dbOpen = null;
  const memoryOutbox = []; // only if IndexedDB is unavailable: kept until delivered, never shown
  function db() {
    return (dbOpen ||= new Promise((resolve, reject) => {
      const r = indexedDB.open('surveys-kiosk', 1);
      r.onupgradeneeded = () => { r.result.createObjectStore('outbox', { keyPath: 'id' }); r.result.createObjectStore('meta'); };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    }));
  }
  async function tx(name, mode, fn) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const x = d.transaction(name, mode);
      const req = fn(x.objectStore(name));
      x.oncomplete = () => resolve(req ? req.result : undefined);
      x.onerror = x.onabort = () => reject(x.error);
    });
  }
  const outboxAll = () => tx('outbox', 'readonly', s => s.getAll()).catch(() => []);
  const metaGet = k => tx('meta', 'readonly', s => s.get(k)).catch(() => undefined);
  function bumpCount(name) {
    return tx('meta', 'readwrite', s => {
      const r = s.get('counts');
      r.onsuccess = () => { const c = r.result || {}; c[name] = (c[name] || 0) + 1; s.put(c, 'counts'); };
    }).catch(() => {}).then(renderStaff);
  }

  // Outbox entries are encrypted with a key the page cannot export (P-15); without Web Crypto they are kept as they are.
  async function outboxKey() {
    if (!window.crypto || !crypto.subtle) return null;
    let key = await metaGet('key');
    if (!key) {
      key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await tx('meta', 'readwrite', s => s.put(key, 'key'));
    }
    return key;
  }
  async function seal(tok, body) {
    const text = JSON.stringify(body);
    const entry = { id: body.responseId, token: tok, queued: Math.floor(Date.now() / 3600e3) * 3600e3 }; // hour only
    const key = await outboxKey().catch(() => null);
    if (!key) return { ...entry, plain: text };
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { ...entry, iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text)) };
  }
  async function unseal(entry) {
    if (entry.plain) return JSON.parse(entry.plain);
    const key = await outboxKey();
    return JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: entry.iv }, key, entry.data)));
  }

  // 'done' (2xx, including 200 already-received), 'retry' (network, 5xx, 408, 429) or 'rejected' (any other 4xx).
  async function post(tok, body) {
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), 20000);
    try {
      const r = await fetch(apiOf(tok) + '/responses', {
        method: 'POST', body: JSON.stringify(body), cache: 'no-store', credentials: 'omit', signal: abort.signal,
        headers: { 'Content-Type': 'application/json', 'Accept-Language': body.language || DEFAULT_LANG },
      });
      if (r.ok) return 'done';
      return r.status >= 500 || r.status === 408 || r.status === 429 ? 'retry' : 'rejected';
    } catch {
      return 'retry';
    } finally {
      clearTimeout(timeout);
    }
  }

  async function submit(body) {
    const outcome = await post(token, body);
    if (outcome === 'retry') {
      try {
        const entry = await seal(token, body);
        await tx('outbox', 'readwrite', s => s.put(entry));
      } catch {
        memoryOutbox.push({ token, body });
      }
      scheduleRetry();
    } else if (outcome === 'rejected') {
      await bumpCount('rejected');
    }
    renderStaff();
  }

  let flushing = null, backoff = 5000;
  function scheduleRetry() {
    clearTimeout(timers.retry);
    timers.retry = setTimeout(flush, backoff * (0.8 + Math.random() * 0.4));
    backoff = Math.min(backoff * 2, 300000);
  }

  // Sends what waits, oldest first; one run at a time (and one tab at a time where Web Locks exist).
  function flush() {
    if (flushing) return flushing;
    const run = async () => {
      let failed = false;
      for (const m of memoryOutbox.slice()) {
        const outcome = await post(m.token, m.body);
        if (outcome === 'retry') { failed = true; break; }
        memoryOutbox.splice(memoryOutbox.indexOf(m), 1);
        if (outcome === 'rejected') await bumpCount('rejected');
      }
      const entries = failed ? [] : (await outboxAll()).sort((a, b) => a.queued - b.queued);
      for (const e of entries) {
        let body;
        try { body = await unseal(e); } catch { await tx('outbox', 'readwrite', s => s.delete(e.id)); await bumpCount('rejected'); continue; }
        const outcome = await post(e.token, body);
        body = null;
        if (outcome === 'retry') { failed = true; break; }
        await tx('outbox', 'readwrite', s => s.delete(e.id)); // acknowledged (or refused for good): gone from the device
        if (outcome === 'rejected') await bumpCount('rejected');
      }
      return failed;
    };
    flushing = (navigator.locks ? navigator.locks.request('surveys-kiosk-outbox', run) : run())
      .catch(() => true)
      .then(failed => {
        flushing = null;
        renderStaff();
        if (failed) scheduleRetry(); else { backoff = 5000; clearTimeout(timers.retry); }
      });
    return flushing;
  }
  window.addEventListener('online', () => { backoff = 5000; flush(); });

  // Staff see counts only, never content (P-12, P-16).
  let staffSeq = 0;
  async function renderStaff() {
    const seq = ++staffSeq;
    const entries = await outboxAll();
    const counts = (await metaGet('counts')) || {};
    if (seq !== staffSeq) return;
    const waiting = entries.length + memoryOutbox.length;
    const parts = [];
    if (waiting) parts.push(t('waiting', { n: waiting }));
    if (counts.rejected) parts.push(t('rejected', { n: counts.rejected }));
    if (counts.timedOut) parts.push(t('timedOut', { n: counts.timedOut }));
    if (entries.some(e => Date.now() - e.queued > OLD_MS)) parts.push(t('old'));
    if (waiting >= OUTBOX_CAP * 0.9) parts.push(t('full'));
    const staff = $('staff');
    staff.dataset.waiting = waiting;
    staff.textContent = parts.join(' · ');
    staff.hidden = !parts.length || !['start', 'thanks', 'gone', 'offline'].includes(S.screen);
  }

  // ---- Loading the survey ----------------------------------------------------------------------

  async function loadSurvey() {
    clearTimeout(timers.load);
    let r;
    try {
      r = await fetch(apiOf(token) + '/survey', { cache: 'no-store', credentials: 'omit', headers: { Accept: 'application/json' } });
    } catch { r = null; }
    if (S.person) return; // never change the questions under someone who is answering
    if (r && r.status === 404) {
      S.survey = null;
      S.screen = 'gone';
      render();
      return;
    }
    if (!r || !r.ok) {
      if (!S.survey) { S.screen = 'offline'; render(); }
      timers.load = setTimeout(loadSurvey, 15000);
      return;
    }
    const survey = await r.json();
    if (S.person) return;
    S.survey = survey;
    S.settings = { ...SETTINGS, ...(survey.kiosk || {}) };
    setupBar();
    if (S.screen !== 'thanks') {
      const focused = document.activeElement && document.activeElement.id === 'start';
      S.screen = 'start';
      render();
      if (focused && $('start')) $('start').focus();
    }
  }
  function refreshSurvey() { if (S.screen === 'start') loadSurvey(); }

  function announce(text) {
    const live = $('live');
    live.textContent = '';
    setTimeout(() => { live.textContent = text; }, 50);
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  $('easy').addEventListener('click', () => { S.easy = !S.easy; rerender(); });
  $('idle').addEventListener('click', stillHere);
  // A page restored from the back/forward cache starts over instead of showing someone's answers.
  window.addEventListener('pageshow', e => { if (e.persisted) resetToStart(); });

  history.replaceState(null, '', location.pathname);
  render();
  loadSurvey();
  flush();
})();