// Makes the survey easier on a phone: one question per screen, answers kept on the phone as they
// are given, sending that survives a lost signal, a quick exit, help and reading aloud. Every page
// works without it; this only adds. Words come from the page (body[data-ui]), never from here.
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var ui = JSON.parse(doc.body.getAttribute('data-ui') || '{}');
  var say = function (id) { return (ui.messages && ui.messages[id]) || ''; };
  var all = function (sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); };
  root.classList.add('js');

  // Storage on the phone: drafts (ss:draft:<slug>) and sends still to be made (ss:outbox).
  // localStorage can be missing or full (private browsing); then nothing is kept, nothing breaks.
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    put: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* nothing kept */ } },
    drop: function (k) { try { localStorage.removeItem(k); } catch (e) { /* nothing kept */ } },
    dropDrafts: function () {
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var k = localStorage.key(i);
          if (k && k.indexOf('ss:draft:') === 0) localStorage.removeItem(k);
        }
      } catch (e) { /* nothing kept */ }
    }
  };

  // notice shows a plain message at the top of the page, read out by screen readers.
  function notice(text, action) {
    var box = doc.getElementById('notice');
    if (!box) {
      box = doc.createElement('div');
      box.id = 'notice';
      box.className = 'notice';
      box.setAttribute('role', 'status');
      var main = doc.getElementById('main');
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = text;
    if (action) box.appendChild(action);
    box.hidden = !text;
  }

  // Quick exit: blank the page at once, forget the drafts, and replace this history entry with
  // a neutral site so the back button does not lead here. Also on Shift pressed three times.
  var exitLink = doc.getElementById('exit');
  function leave(e) {
    if (e) e.preventDefault();
    store.dropDrafts();
    doc.body.innerHTML = '';
    doc.title = '';
    try { history.replaceState(null, '', '/'); } catch (err) { /* keep going */ }
    location.replace(exitLink.href);
  }
  if (exitLink) {
    exitLink.addEventListener('click', leave);
    var shifts = 0;
    var lastShift = 0;
    doc.addEventListener('keydown', function (e) {
      if (e.key !== 'Shift') { shifts = 0; return; }
      if (e.repeat) return;
      var now = Date.now();
      shifts = now - lastShift < 1000 ? shifts + 1 : 1;
      lastShift = now;
      if (shifts >= 3) leave();
    });
  }

  // Help opens over the page as a dialog, so a child loses neither their place nor their answers.
  var help = doc.getElementById('help');
  var helpLink = doc.querySelector('.help-link');
  if (help && helpLink && helpLink.getAttribute('href') === '#help' && window.HTMLDialogElement) {
    var dialog = doc.createElement('dialog');
    dialog.className = 'help-dialog';
    dialog.setAttribute('aria-labelledby', 'support-title');
    var close = doc.createElement('button');
    close.type = 'button';
    close.className = 'secondary';
    close.textContent = say('help.close');
    close.addEventListener('click', function () { dialog.close(); });
    help.parentNode.insertBefore(dialog, help);
    dialog.appendChild(help);
    dialog.appendChild(close);
    all('a[href="#help"]').forEach(function (a) {
      a.addEventListener('click', function (e) { e.preventDefault(); dialog.showModal(); help.focus(); });
    });
  }

  // Sending: every send goes through the outbox with its idempotency key, so a send cut off by a
  // lost signal is tried again later and stored exactly once.
  var OUTBOX = 'ss:outbox';
  function outbox() { return store.get(OUTBOX) || []; }
  function unqueue(key) { store.put(OUTBOX, outbox().filter(function (o) { return o.key !== key; })); }
  function queue(entry) { unqueue(entry.key); store.put(OUTBOX, outbox().concat([entry])); }

  // send resolves to "sent", "refused" (the server will not take it as it is) or "later".
  function send(entry) {
    return fetch(entry.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': entry.key },
      body: entry.body,
      credentials: 'omit'
    }).then(function (r) {
      if (r.ok) {
        unqueue(entry.key);
        var draft = store.get(entry.draft);
        if (draft && draft.key === entry.key) store.drop(entry.draft);
        return 'sent';
      }
      if (r.status >= 500 || r.status === 408 || r.status === 429) return 'later';
      unqueue(entry.key);
      return 'refused';
    }, function () { return 'later'; });
  }

  var retryDelay = 5000;
  var retryTimer = 0;
  var waiting = null; // the key of this page's own answers, while they wait to be sent
  var onSent = null; // what the page does when they get through
  var flushing = false;
  function flush() {
    clearTimeout(retryTimer);
    var pending = outbox();
    if (flushing || !pending.length) return;
    flushing = true;
    Promise.all(pending.map(send)).then(function (results) {
      flushing = false;
      results.forEach(function (result, i) {
        if (result !== 'sent') return;
        if (pending[i].key === waiting) onSent(pending[i]);
        else notice(say('offline.sent'));
      });
      if (outbox().length) {
        retryTimer = setTimeout(flush, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 60000);
      }
    });
  }
  window.addEventListener('online', function () { retryDelay = 5000; flush(); });

  var form = doc.getElementById('survey');
  if (form) survey(form);
  flush();

  function survey(form) {
    var slug = form.getAttribute('data-slug');
    var DRAFT = 'ss:draft:' + slug;
    var questions = all('fieldset.q', form);
    var lang = form.elements.lang.value;

    function chosen(id) {
      return all('[name="q.' + id + '"]:checked', form).map(function (i) { return i.value; });
    }
    function applies(q) {
      var on = q.getAttribute('data-show-if');
      if (!on) return true;
      var anyOf = q.getAttribute('data-any-of').split(' ');
      return chosen(on).some(function (v) { return anyOf.indexOf(v) >= 0; });
    }
    function idOf(q) { return q.id.slice(2); }
    function answered(q) {
      return all('input:checked', q).length > 0 || all('textarea', q).some(function (t) { return t.value.trim() !== ''; });
    }

    // Answers as the JSON API takes them, leaving out questions that do not apply.
    function answers() {
      var out = {};
      questions.forEach(function (q) {
        if (!applies(q)) return;
        var id = idOf(q);
        var type = q.getAttribute('data-type');
        if (type === 'text') {
          var text = q.querySelector('textarea').value;
          if (text.trim()) out[id] = text;
        } else {
          var picked = chosen(id);
          if (picked.length) out[id] = type === 'multiple' ? picked : picked[0];
        }
      });
      return out;
    }

    // Drafts: every answer is kept on the phone as it is given.
    function fields() {
      var kept = {};
      all('input[name^="q."]:checked, textarea[name^="q."]', form).forEach(function (el) {
        if (el.tagName === 'TEXTAREA' && !el.value) return;
        (kept[el.name] = kept[el.name] || []).push(el.value);
      });
      return kept;
    }
    function saveDraft() {
      store.put(DRAFT, { key: form.elements.key.value, step: step, fields: fields() });
    }
    function restore(draft) {
      all('input[name^="q."]', form).forEach(function (el) {
        el.checked = (draft.fields[el.name] || []).indexOf(el.value) >= 0;
      });
      all('textarea[name^="q."]', form).forEach(function (el) {
        el.value = (draft.fields[el.name] || [''])[0];
      });
    }

    var concernNote = doc.getElementById('concern-now');
    function checkConcern() {
      var shown = false;
      questions.forEach(function (q) {
        var worrying = (q.getAttribute('data-concern') || '').split(' ');
        if (!shown && applies(q) && chosen(idOf(q)).some(function (v) { return worrying.indexOf(v) >= 0; })) {
          q.appendChild(concernNote);
          shown = true;
        }
      });
      concernNote.hidden = !shown;
      return shown;
    }

    // At most data-max ticks: the rest are disabled until one is unticked.
    function limitTicks(q) {
      var max = +q.getAttribute('data-max');
      if (!max) return;
      var boxes = all('input[type=checkbox]', q);
      var full = boxes.filter(function (b) { return b.checked; }).length >= max;
      boxes.forEach(function (b) { b.disabled = full && !b.checked; });
    }

    // Characters left, in the right plural form for the language.
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
    function countCharacters(area) {
      var limit = area.parentNode.querySelector('.limit');
      var left = +limit.getAttribute('data-limit') - area.value.length;
      var forms = ui.charactersLeft || {};
      var form = (plural && forms[plural.select(left)]) || forms.other;
      if (form) limit.textContent = form.replace('{{.Count}}', left);
    }

    // Read aloud, where the phone has a voice for the page's language.
    var speech = window.speechSynthesis;
    function voice() {
      if (!speech || !window.SpeechSynthesisUtterance) return null;
      var base = lang.toLowerCase();
      return speech.getVoices().filter(function (v) {
        return v.lang.toLowerCase().replace('_', '-').split('-')[0] === base;
      })[0] || null;
    }
    function speakButtons() {
      var v = voice();
      all('.speak', form).forEach(function (b) { b.hidden = !v; });
    }
    questions.forEach(function (q) {
      var b = doc.createElement('button');
      b.type = 'button';
      b.className = 'speak secondary';
      b.hidden = true;
      b.textContent = say('speak.button');
      b.addEventListener('click', function () {
        if (speech.speaking) { speech.cancel(); return; }
        var words = [q.querySelector('legend').textContent];
        all('label', q).forEach(function (l) { if (l.className !== 'visually-hidden') words.push(l.textContent); });
        var u = new SpeechSynthesisUtterance(words.join('. ').replace(/\s+/g, ' '));
        u.lang = lang;
        u.voice = voice();
        u.onend = u.onerror = function () { b.textContent = say('speak.button'); };
        b.textContent = say('speak.stop');
        speech.speak(u);
      });
      q.querySelector('legend').insertAdjacentElement('afterend', b);
    });
    if (speech) {
      speakButtons();
      speech.addEventListener('voiceschanged', speakButtons);
    }

    // One question per screen, skipping those that do not apply, then every answer to check.
    var step = 0;
    var stepper = !doc.getElementById('problem');
    var sendBox = form.querySelector('.send');
    var nav = doc.createElement('div');
    nav.className = 'stepnav';
    var back = button(say('nav.back'), 'secondary', function () { go(previous(step)); });
    var next = button(say('nav.next'), 'primary', function () { go(following(step)); });
    nav.appendChild(back);
    nav.appendChild(next);
    var progress = doc.createElement('div');
    progress.className = 'progress';
    progress.innerHTML = '<progress max="' + questions.length + '"></progress><p aria-live="polite"></p>';
    progress.firstChild.setAttribute('aria-label', say('nav.progress'));

    function button(text, cls, onclick) {
      var b = doc.createElement('button');
      b.type = 'button';
      b.className = cls;
      b.textContent = text;
      b.addEventListener('click', onclick);
      return b;
    }
    function following(i) {
      for (var j = i + 1; j < questions.length; j++) if (applies(questions[j])) return j;
      return questions.length; // the check-your-answers screen
    }
    function previous(i) {
      for (var j = Math.min(i, questions.length) - 1; j >= 0; j--) if (applies(questions[j])) return j;
      return 0;
    }
    function go(i, quiet) {
      step = i;
      var review = i >= questions.length;
      root.classList.toggle('later', i > 0); // the introduction is for the first screen
      questions.forEach(function (q, j) { q.hidden = review ? !applies(q) : j !== i; });
      sendBox.hidden = !review;
      next.hidden = review;
      back.hidden = i === 0;
      var left = 0;
      for (var j = i; j < questions.length; j++) if (applies(questions[j])) left++;
      progress.firstChild.value = review ? questions.length : i;
      progress.lastChild.textContent = review ? say('nav.review') : (ui.questionsLeft || [])[left] || '';
      if (!review) next.textContent = say(answered(questions[i]) ? 'nav.next' : 'nav.skip');
      if (!quiet) {
        saveDraft();
        var target = review ? progress.lastChild : questions[i];
        target.setAttribute('tabindex', '-1');
        window.scrollTo(0, 0);
        target.focus({ preventScroll: true });
      }
    }

    // Start: keep what the server filled in (after a language switch or an error), or bring back
    // the draft from an earlier visit.
    var draft = store.get(DRAFT);
    var fromServer = Object.keys(fields()).length > 0;
    if (draft && draft.fields && !fromServer) {
      restore(draft);
      if (draft.key) form.elements.key.value = draft.key;
      step = Math.min(draft.step || 0, questions.length);
      if (Object.keys(draft.fields).length) {
        notice(say('draft.restored'), button(say('draft.start_again'), 'secondary', function () {
          store.drop(DRAFT);
          form.reset();
          all('textarea', form).forEach(function (t) { t.value = ''; countCharacters(t); });
          questions.forEach(limitTicks);
          checkConcern();
          notice('');
          if (stepper) go(0, true);
          store.drop(DRAFT);
          questions[0].setAttribute('tabindex', '-1');
          questions[0].focus();
        }));
      }
    } else if (draft && draft.step && fromServer) {
      step = Math.min(draft.step, questions.length);
    }
    questions.forEach(limitTicks);
    all('textarea', form).forEach(countCharacters);
    checkConcern();
    if (stepper) {
      root.classList.add('stepping');
      form.insertBefore(progress, questions[0]);
      form.insertBefore(nav, sendBox);
      if (step < questions.length && !applies(questions[step])) step = following(step);
      go(step, true);
    }

    form.addEventListener('input', function (e) {
      if (e.target.tagName === 'TEXTAREA') countCharacters(e.target);
      saveDraft();
      if (stepper && step < questions.length) next.textContent = say(answered(questions[step]) ? 'nav.next' : 'nav.skip');
    });
    form.addEventListener('change', function (e) {
      var q = e.target.closest('fieldset.q');
      if (q) limitTicks(q);
      checkConcern();
      saveDraft();
      if (stepper && step < questions.length) next.textContent = say(answered(questions[step]) ? 'nav.next' : 'nav.skip');
    });

    // Language buttons post the form as it is, so the server shows it again in the new language.
    var switching = false;
    all('[name=switch_lang]', form).forEach(function (b) {
      b.addEventListener('click', function () { switching = true; saveDraft(); });
    });

    var leaving = false;
    onSent = function (entry) {
      if (leaving) return; // sent twice at once (a retry and the signal coming back): go once
      leaving = true;
      location.assign(entry.thanks);
    };
    // Answers sent while offline on an earlier visit and still waiting: say so, and go on
    // to the thank-you page once they get through.
    if (draft && outbox().some(function (o) { return o.key === draft.key; })) {
      waiting = draft.key;
      notice(say('offline.queued'));
    }

    // Enter in a choice moves on instead of sending (or switching language, the form's first button).
    form.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' || e.target.tagName !== 'INPUT') return;
      e.preventDefault();
      if (stepper && step < questions.length) go(following(step));
    });
    form.addEventListener('submit', function (e) {
      if (switching || !window.fetch) return;
      e.preventDefault();
      var entry = {
        key: form.elements.key.value,
        draft: DRAFT,
        url: form.getAttribute('data-api'),
        thanks: form.getAttribute('data-thanks') + (checkConcern() ? '&help=1' : ''),
        body: JSON.stringify({
          answers: answers(),
          lang: lang,
          channel: form.elements.c ? form.elements.c.value : '',
          started: form.elements.started.value,
          website: form.elements.website.value
        })
      };
      queue(entry);
      waiting = entry.key;
      notice(say('offline.sending'));
      send(entry).then(function (result) {
        if (result === 'sent') return onSent(entry);
        if (result === 'refused') {
          // The server says what is wrong better on its own page, every answer kept.
          saveDraft();
          HTMLFormElement.prototype.submit.call(form);
          return;
        }
        notice(say(navigator.onLine === false ? 'offline.queued' : 'offline.retry'));
        retryTimer = setTimeout(flush, retryDelay);
      });
    });
  }
})();
