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
  // a neutral site so the back button does not lead here. Every move inside the survey replaces
  // its entry too, so the survey is one entry and the exit leaves nothing of it behind. Also on
  // Shift pressed three times, for keyboards.
  var exitLink = doc.getElementById('exit');
  function leave(e) {
    if (e) e.preventDefault();
    store.dropDrafts();
    try { sessionStorage.clear(); } catch (err) { /* nothing kept */ }
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

  // Help opens over the page, under the header, so a child loses neither their place nor their
  // answers and the quick exit stays on top and within reach. It is not modal: a modal dialog
  // would cover the exit and make it inert.
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
    var opener = null;
    var shut = function () {
      dialog.close();
      if (opener && opener.isConnected && opener.offsetParent) opener.focus();
    };
    close.addEventListener('click', shut);
    dialog.addEventListener('keydown', function (e) { if (e.key === 'Escape') shut(); });
    help.parentNode.insertBefore(dialog, help);
    dialog.appendChild(help);
    dialog.appendChild(close);
    all('a[href="#help"]').forEach(function (a) {
      a.setAttribute('aria-haspopup', 'dialog');
      a.addEventListener('click', function (e) {
        e.preventDefault();
        if (dialog.open) { shut(); return; }
        opener = a;
        dialog.show();
        help.focus();
      });
    });
  }

  // The thank-you page has the same address for every child; the survey page leaves a note for
  // this tab when the server said to offer help, read once and gone.
  var after = doc.getElementById('concern-after');
  if (after) {
    var offered = null;
    try { offered = sessionStorage.getItem('ss:help'); sessionStorage.removeItem('ss:help'); } catch (e) { /* nothing kept */ }
    if (offered) {
      after.hidden = false;
      after.focus();
    }
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
        // The server decides whether help is offered (a worrying answer, or words it flagged).
        return r.json().then(function (b) { entry.help = !!(b && b.offer_help); return 'sent'; }, function () { return 'sent'; });
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
    var live = doc.getElementById('live');

    // announce says something once through the page's one live region, there from page load.
    var announced = 0;
    function announce(text) {
      clearTimeout(announced);
      live.textContent = '';
      announced = setTimeout(function () { live.textContent = text; }, 100);
    }

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
    function saveDraft(extra) {
      var d = { key: form.elements.key.value, step: step, fields: fields() };
      for (var k in extra || {}) d[k] = extra[k];
      store.put(DRAFT, d);
    }
    function restore(draft) {
      all('input[name^="q."]', form).forEach(function (el) {
        el.checked = (draft.fields[el.name] || []).indexOf(el.value) >= 0;
      });
      all('textarea[name^="q."]', form).forEach(function (el) {
        el.value = (draft.fields[el.name] || [''])[0];
      });
    }

    // A worrying answer shows calm help under the question and says so once.
    var concernNote = doc.getElementById('concern-now');
    function checkConcern() {
      var shown = null;
      questions.forEach(function (q) {
        var worrying = (q.getAttribute('data-concern') || '').split(' ');
        if (!shown && applies(q) && chosen(idOf(q)).some(function (v) { return worrying.indexOf(v) >= 0; })) shown = q;
      });
      var was = !concernNote.hidden;
      if (shown && concernNote.parentNode !== shown) shown.appendChild(concernNote);
      concernNote.hidden = !shown;
      if (shown && !was) announce(concernNote.querySelector('h2').textContent + '. ' + concernNote.querySelector('p').textContent);
      return !!shown;
    }

    // At most data-max ticks: one more is taken back and the limit explained, with every box
    // left in reach, rather than boxes silently disabled.
    function limitTicks(q, box) {
      var max = +q.getAttribute('data-max');
      if (!max) return;
      var note = q.querySelector('.full');
      var count = all('input:checked', q).length;
      if (box && box.checked && count > max) {
        box.checked = false;
        note.hidden = false;
        announce(note.textContent);
      } else if (count < max) {
        note.hidden = true;
      }
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
        var words = [q.querySelector('legend .text').textContent];
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

    // Screens: the start (-1), one question per screen skipping those that do not apply, then
    // the answers given, to check. Back, Skip and Next sit in a bar fixed at the bottom, each in
    // its own place on every screen: a button not wanted is hidden, never removed.
    var START = -1;
    var step = START;
    var stepper = !doc.getElementById('problem');
    var nav = doc.createElement('div');
    nav.className = 'stepnav';
    var back = button(say('nav.back'), 'secondary back', function () { go(previous(step)); });
    var skip = button(say('nav.skip'), 'skip-q', function () { go(following(step)); });
    var next = button(say('nav.next'), 'primary', function () {
      if (step >= questions.length) sendButton.click();
      else go(following(step));
    });
    nav.appendChild(back);
    nav.appendChild(skip);
    nav.appendChild(next);
    var review = doc.createElement('section');
    review.id = 'review';
    review.setAttribute('aria-labelledby', 'review-title');
    review.hidden = true;
    var skipLink = doc.querySelector('.skip');
    var sendButton = form.querySelector('.send .primary');

    function button(text, cls, onclick) {
      var b = doc.createElement('button');
      b.type = 'button';
      b.className = cls;
      b.textContent = text;
      b.addEventListener('click', onclick);
      return b;
    }
    function off(b, isOff) {
      if (isOff) b.setAttribute('data-off', ''); else b.removeAttribute('data-off');
      b.setAttribute('aria-hidden', isOff ? 'true' : 'false');
      b.tabIndex = isOff ? -1 : 0;
    }
    function following(i) {
      for (var j = i + 1; j < questions.length; j++) if (applies(questions[j])) return j;
      return questions.length; // the check-your-answers screen
    }
    function previous(i) {
      for (var j = Math.min(i, questions.length) - 1; j >= 0; j--) if (applies(questions[j])) return j;
      return START;
    }
    // number counts only the questions that apply: "Question 3 of 11".
    function number(i) {
      var n = 0;
      var total = 0;
      questions.forEach(function (q, j) {
        if (!applies(q)) return;
        total++;
        if (j <= i) n++;
      });
      return (ui.questionNumber || '').replace('{n}', n).replace('{total}', total);
    }
    function labelOf(input) {
      var spans = input.nextElementSibling.querySelectorAll('span');
      return spans[spans.length - 1].textContent;
    }
    // buildReview lists only the answers given, each with a way back to change it.
    function buildReview() {
      review.innerHTML = '';
      var h = doc.createElement('h2');
      h.id = 'review-title';
      h.className = 'check';
      h.tabIndex = -1;
      h.textContent = say('nav.review');
      review.appendChild(h);
      var intro = doc.createElement('p');
      intro.className = 'hint';
      var list = doc.createElement('ul');
      list.className = 'review';
      questions.forEach(function (q, j) {
        if (!applies(q) || !answered(q)) return;
        var li = doc.createElement('li');
        var text = doc.createElement('p');
        text.className = 'qtext';
        text.textContent = q.querySelector('legend .text').textContent;
        var answer = doc.createElement('p');
        answer.className = 'answer';
        answer.textContent = q.getAttribute('data-type') === 'text' ? q.querySelector('textarea').value
          : all('input:checked', q).map(labelOf).join(say('list.separator') || ', ');
        var change = doc.createElement('a');
        change.href = '#' + q.id;
        change.className = 'change';
        change.textContent = say('nav.change');
        var hidden = doc.createElement('span');
        hidden.className = 'visually-hidden';
        hidden.textContent = ': ' + text.textContent;
        change.appendChild(hidden);
        change.addEventListener('click', function (e) { e.preventDefault(); go(j); });
        li.appendChild(text);
        li.appendChild(answer);
        li.appendChild(change);
        list.appendChild(li);
      });
      intro.textContent = say(list.firstChild ? 'nav.review_intro' : 'error.empty_response');
      review.appendChild(intro);
      review.appendChild(list);
      return h;
    }
    function go(i, quiet) {
      step = i;
      var checking = i >= questions.length;
      root.classList.toggle('later', i !== START); // the title, promise and languages are for the start
      questions.forEach(function (q, j) { q.hidden = j !== i; });
      review.hidden = !checking;
      off(back, i === START);
      off(skip, i === START || checking || answered(questions[i]));
      next.textContent = say(i === START ? 'nav.start' : checking ? 'survey.submit' : 'nav.next');
      next.disabled = checking && sendButton.disabled; // a draft in preview cannot be sent
      var target = checking ? buildReview() : i === START ? doc.getElementById('title') : questions[i];
      if (!checking && i !== START) questions[i].querySelector('.num').textContent = number(i);
      target.tabIndex = -1;
      skipLink.setAttribute('href', '#' + (i === START ? 'survey' : target.id));
      try { history.replaceState({ step: i }, ''); } catch (e) { /* one entry all the same */ }
      if (quiet) return;
      saveDraft();
      window.scrollTo(0, 0);
      target.focus({ preventScroll: true });
      if (!checking && i !== START) announce(number(i));
    }
    function stepAnswered() {
      if (stepper && step >= 0 && step < questions.length) off(skip, answered(questions[step]));
    }

    // Start: keep what the server filled in (after an error), or bring back the draft: after a
    // language switch silently, from an earlier visit with a welcome back.
    var draft = store.get(DRAFT);
    var fromServer = Object.keys(fields()).length > 0;
    if (draft && draft.fields && !fromServer) {
      restore(draft);
      if (draft.key) form.elements.key.value = draft.key;
      step = Math.max(START, Math.min(typeof draft.step === 'number' ? draft.step : START, questions.length));
      if (draft.switched) {
        if (draft.started) form.elements.started.value = draft.started;
        if (draft.channel && !form.elements.c) {
          var c = doc.createElement('input');
          c.type = 'hidden';
          c.name = 'c';
          c.value = draft.channel;
          form.appendChild(c);
        }
      } else if (Object.keys(draft.fields).length) {
        notice(say('draft.restored'), button(say('draft.start_again'), 'secondary', function () {
          store.drop(DRAFT);
          form.reset();
          all('textarea', form).forEach(function (t) { t.value = ''; countCharacters(t); });
          all('.full', form).forEach(function (n) { n.hidden = true; });
          checkConcern();
          notice('');
          if (stepper) go(START, true);
          store.drop(DRAFT);
          doc.getElementById('title').focus();
        }));
      }
    } else if (draft && typeof draft.step === 'number' && fromServer) {
      step = Math.min(draft.step, questions.length);
    }
    all('textarea', form).forEach(countCharacters);
    concernNote.hidden = true;
    checkConcern();
    if (stepper) {
      root.classList.add('stepping');
      all('.num', form).forEach(function (n) { n.setAttribute('aria-hidden', 'true'); }); // said by the live region
      form.insertBefore(review, form.querySelector('.send'));
      doc.body.appendChild(nav);
      if (step >= 0 && step < questions.length && !applies(questions[step])) step = following(step);
      go(step, true);
      if (draft && draft.switched) saveDraft();
      skipLink.addEventListener('click', function (e) {
        var target = doc.querySelector(skipLink.getAttribute('href'));
        if (step === START) target = next;
        if (!target) return;
        e.preventDefault();
        target.focus();
      });
    } else {
      doc.getElementById('problem').focus();
    }

    form.addEventListener('input', function (e) {
      if (e.target.tagName === 'TEXTAREA') countCharacters(e.target);
      saveDraft();
      stepAnswered();
    });
    form.addEventListener('change', function (e) {
      var q = e.target.closest('fieldset.q');
      if (q) limitTicks(q, e.target);
      checkConcern();
      saveDraft();
      stepAnswered();
    });

    // Language buttons: with the script, the answers wait on the phone and the page is replaced
    // by the same survey in the new language, so the history keeps one entry. Without it they
    // post the form as it is and the server shows it again in the new language.
    all('[name=switch_lang]', form).forEach(function (b) {
      b.addEventListener('click', function (e) {
        if (!stepper) return; // after an error the server's page keeps the problems with the answers
        e.preventDefault();
        saveDraft({ switched: true, started: form.elements.started.value, channel: form.elements.c ? form.elements.c.value : '' });
        location.replace(form.getAttribute('action') + '?lang=' + encodeURIComponent(b.value));
      });
    });

    var leaving = false;
    onSent = function (entry) {
      if (leaving) return; // sent twice at once (a retry and the signal coming back): go once
      leaving = true;
      try { if (entry.help) sessionStorage.setItem('ss:help', '1'); } catch (e) { /* the page still has help */ }
      location.replace(entry.thanks);
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
      if (!window.fetch || (e.submitter && e.submitter.name === 'switch_lang')) return;
      e.preventDefault();
      var entry = {
        key: form.elements.key.value,
        draft: DRAFT,
        url: form.getAttribute('data-api'),
        thanks: form.getAttribute('data-thanks'),
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
