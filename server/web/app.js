// winnow's page: sends the document to /v1/check and shows the report.
// Everything from the document or the report reaches the page through
// textContent or setAttribute, never as markup, so HTML and scripts in
// the input are shown, not run.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const form = $('form'), input = $('input'), fileInput = $('file'), button = $('check'), status = $('status');
  const utf8 = new TextEncoder();
  const decoder = new TextDecoder('utf-8');
  let file = null; // {bytes, type, name} of the uploaded file, until the text area is edited
  let restored = '';

  function setStatus(msg, isError) {
    status.textContent = msg;
    status.className = isError ? 'error' : '';
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function isHTMLFile(f) {
    return f.type === 'text/html' || /\.html?$/i.test(f.name);
  }

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files && fileInput.files[0];
    if (!f) { file = null; return; }
    try {
      file = { bytes: new Uint8Array(await f.arrayBuffer()), type: isHTMLFile(f) ? 'text/html' : 'text/plain', name: f.name };
      input.value = '';
      setStatus(f.name + ' (' + file.bytes.length + ' bytes) ready', false);
    } catch (err) {
      file = null;
      setStatus('Could not read ' + f.name + ': ' + err, true);
    }
  });

  input.addEventListener('input', () => {
    if (file) { file = null; fileInput.value = ''; setStatus('', false); }
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let bytes, type;
    if (file) {
      bytes = file.bytes; type = file.type; // the server reads its charset
    } else {
      bytes = utf8.encode(input.value); type = 'text/plain; charset=utf-8';
    }
    if (bytes.length === 0) { setStatus('Paste some text or choose a file first.', true); return; }
    button.disabled = true;
    setStatus('Checking…', false);
    document.body.dataset.state = 'checking';
    try {
      const resp = await fetch('/v1/check', { method: 'POST', headers: { 'Content-Type': type }, body: bytes });
      let body = null;
      try { body = await resp.json(); } catch (e) { body = null; }
      if (!resp.ok) {
        let msg = (body && body.error) ? body.error : ('HTTP ' + resp.status);
        const retry = resp.headers.get('Retry-After');
        if (retry) msg += ' (retry in ' + retry + ' s)';
        setStatus('Not checked: ' + msg, true);
        document.body.dataset.state = 'error';
        return;
      }
      render(bytes, body);
      setStatus('', false);
      document.body.dataset.state = 'done';
    } catch (err) {
      setStatus('Not checked: ' + err, true);
      document.body.dataset.state = 'error';
    } finally {
      button.disabled = false;
    }
  });

  const kinds = ['spin', 'stuffing', 'boilerplate', 'punct'];
  const kindNames = { spin: 'spun words (original on hover or tap)', stuffing: 'stuffed keywords', boilerplate: 'boilerplate', punct: 'punctuation fixes' };

  function render(bytes, rep) {
    const v = rep.verdict || {};
    const label = $('label');
    label.textContent = v.label || '?';
    label.className = 'badge ' + (['spam', 'suspicious', 'clean'].includes(v.label) ? v.label : '');
    $('score').textContent = 'spam score ' + Number(v.spam_score || 0).toFixed(2) + (v.keep ? ' · worth keeping' : ' · not worth keeping');
    const reasons = $('reasons');
    reasons.replaceChildren(...(v.reasons || []).map((r) => el('li', '', r)));

    const edits = Array.isArray(rep.edits) ? rep.edits.slice().sort((a, b) => a.start - b.start) : [];
    const counts = {};
    for (const e of edits) counts[e.kind] = (counts[e.kind] || 0) + 1;
    const legend = $('legend');
    legend.replaceChildren();
    for (const k of kinds) {
      if (!counts[k]) continue;
      if (legend.childNodes.length) legend.append(' · ');
      legend.append(String(counts[k]) + ' ');
      legend.append(sample(k));
    }
    if (!edits.length) legend.textContent = 'No edits.';

    const doc = $('doc');
    // Offsets index the input, or for an HTML page (or text decoded from
    // GB18030 or Big5) the text taken out of it (rep.text).
    const text = (rep.input_kind && typeof rep.text === 'string') ? utf8.encode(rep.text) : bytes;
    const placed = placeEdits(text, edits);
    const note = $('note');
    const table = $('edits');
    if (placed) {
      doc.replaceChildren(placed);
      note.hidden = true;
      table.hidden = true;
    } else {
      // The offsets do not point into what was sent (HTML whose article was
      // extracted): show the document as sent and the edits as a list.
      doc.textContent = decoder.decode(bytes);
      note.textContent = 'The edits could not be placed in the document as sent, so they are listed below it.';
      note.hidden = false;
      const tbody = table.tBodies[0];
      tbody.replaceChildren(...edits.map((e) => {
        const tr = el('tr');
        tr.append(el('td', '', e.kind), el('td', '', e.from), el('td', '', e.to), el('td', '', e.reason));
        return tr;
      }));
      table.hidden = !edits.length;
    }
    restored = rep.restored || '';
    $('restored').textContent = restored;
    $('result').hidden = false;
  }

  function sample(kind) {
    const s = el('span', 'ed ' + kind, kindNames[kind]);
    return s;
  }

  // placeEdits builds the document with every edit marked, or returns null
  // when an edit's bytes are not its "from" (offsets into another text).
  function placeEdits(bytes, edits) {
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const e of edits) {
      if (!(e.start >= pos && e.end >= e.start && e.end <= bytes.length)) return null;
      const from = decoder.decode(bytes.subarray(e.start, e.end));
      if (from !== e.from) return null;
      if (e.start > pos) frag.append(decoder.decode(bytes.subarray(pos, e.start)));
      frag.append(mark(e));
      pos = e.end;
    }
    if (pos < bytes.length) frag.append(decoder.decode(bytes.subarray(pos)));
    return frag;
  }

  function mark(e) {
    const why = e.reason ? ': ' + e.reason : '';
    let m;
    switch (e.kind) {
      case 'spin':
        m = el('span', 'ed spin', e.from);
        m.setAttribute('data-orig', e.to);
        m.setAttribute('title', 'original: ' + e.to + why);
        m.setAttribute('tabindex', '0');
        m.setAttribute('role', 'button');
        m.addEventListener('click', () => m.classList.toggle('open'));
        break;
      case 'stuffing':
        m = el('del', 'ed stuffing', e.from);
        m.setAttribute('title', 'inserted keyword' + why);
        break;
      case 'boilerplate':
        m = el('span', 'ed boilerplate', e.from);
        m.setAttribute('title', 'boilerplate' + why);
        break;
      default: // punct, and any kind added later: quiet
        m = el('span', 'ed ' + (e.kind === 'punct' ? 'punct' : 'other'));
        if (e.from) m.append(el('span', 'from', e.from));
        if (e.to) m.append(el('span', 'to', e.to));
        m.setAttribute('title', JSON.stringify(e.from) + ' → ' + JSON.stringify(e.to) + why);
    }
    m.dataset.kind = e.kind;
    return m;
  }

  $('copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(restored);
      setStatus('Restored article copied.', false);
    } catch (err) {
      const range = document.createRange();
      range.selectNodeContents($('restored'));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      const ok = document.execCommand && document.execCommand('copy');
      setStatus(ok ? 'Restored article copied.' : 'Selected: press Ctrl+C to copy.', false);
    }
  });
})();
