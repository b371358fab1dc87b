// vmsim visualizer: draws what the server sends. The simulation, the explanations, the
// searches and the chart data are all the server's (vmsim's engine); this file only asks
// for steps and lays them out.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  // A number as the command line writes it, with separators: "68,719,476,736", "1,927".
  const written = (n) => Number(n).toLocaleString('en-US');

  // A count and its noun, singular for one: "1 step", "3 steps", "1 entry".
  const counted = (n, noun, plural = `${noun}s`) => `${written(n)} ${n === 1 ? noun : plural}`;

  const state = {
    meta: null,
    session: null,
    snapshot: null,
    target: 0,          // the step last asked for (relative moves start from here)
    playing: false,
    timer: null,
    machineTouched: false,
    charts: { timeline: null, belady: null },
  };

  // ---------- small DOM helpers (text only: nothing from the server becomes HTML) ----------

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // A column headed by a letter or a symbol, or by nothing, has its title as words a screen
  // reader says (an empty header names no column).
  const headerText = (c) => c.title && c.label.length <= 2
    ? [h('span', { 'aria-hidden': 'true' }, c.label), h('span', { class: 'visually-hidden' }, c.title)]
    : c.label;

  function table(headers, rows, caption) {
    const head = h('tr', null, headers.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, title: c.title }, headerText(c))));
    return h('table', null, caption ? h('caption', { class: 'visually-hidden' }, caption) : null, h('thead', null, head), h('tbody', null, rows));
  }

  // A cell's symbol is told in words too (data-says, drawn for screen readers only), where
  // the title reaches only a mouse.
  const bit = (on, letter, name) => h('td', { class: `bit ${on ? 'on' : 'off'}`, title: `${name} ${on ? 'set' : 'clear'}`, 'data-says': on ? 'set' : 'clear' }, on ? letter : '·');
  const num = (value) => h('td', { class: 'num' }, value === null || value === undefined ? '' : String(value));

  // ---------- talking to the server ----------

  class ApiError extends Error {
    constructor(message, detail) { super(message); this.detail = detail; }
  }

  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, options);
    } catch {
      throw new ApiError('the visualizer server cannot be reached: is `vmsim serve` still running?');
    }
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) {
      throw new ApiError(body?.error?.message ?? `the server answered ${response.status} ${response.statusText}`, body?.error);
    }
    return body;
  }

  // The ids that describe a field, the error box's left out.
  function describedBesidesError(field) {
    return (field.getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d && d !== 'error');
  }

  // The field an error is about is marked invalid and described by the error box.
  function markInvalid(id) {
    const field = $(id);
    if (!field) return;
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', [...describedBesidesError(field), 'error'].join(' '));
  }

  function clearInvalid() {
    for (const field of document.querySelectorAll('#setup-form [aria-invalid]')) {
      field.removeAttribute('aria-invalid');
      const described = describedBesidesError(field);
      if (described.length) field.setAttribute('aria-describedby', described.join(' '));
      else field.removeAttribute('aria-describedby');
    }
  }

  // cause 'step': a step or a search that failed, whose alert the next step drawn takes away.
  function showError(error, cause) {
    const box = $('error');
    box.dataset.cause = cause ?? '';
    const detail = error.detail;
    const where = detail && detail.line > 0
      ? `\nAt line ${detail.line}${detail.column > 0 ? `, column ${detail.column}` : ''} of ${detail.source ?? 'the input'}.`
      : detail && detail.column > 0 ? `\nAt column ${detail.column} of ${detail.source ?? 'the input'}.` : '';
    box.textContent = error.message + where;
    box.hidden = false;
  }

  // A step drawn answers the stepping that failed before it; an error of the form stays until the next load.
  function clearStepError() {
    if ($('error').dataset.cause === 'step') clearError();
  }

  function clearError() {
    clearInvalid();
    $('error').hidden = true;
    $('error').textContent = '';
  }

  // The line under the controls shows news on screen; it is not a live region: what a screen
  // reader is to hear goes through say(), so that each piece of news is told once.
  function notice(text) { $('notice').textContent = text ?? ''; }

  // News shown under the controls and told to a screen reader.
  function tell(text) {
    notice(text);
    say(text);
  }

  // ---------- the setup form ----------

  function workloadKind() {
    return document.querySelector('input[name=kind]:checked').value;
  }

  // A reference string and a trace run on the form's page size; a scenario brings its own.
  const takesGeometry = (kind) => kind === 'refs' || kind === 'trace';

  function showKindPanel() {
    const kind = workloadKind();
    for (const panel of document.querySelectorAll('.kind-panel')) panel.hidden = panel.dataset.kind !== kind;
    const refs = kind === 'refs';
    const trace = kind === 'trace';
    $('geometry').disabled = !takesGeometry(kind);
    $('machine-hint').textContent = refs
      ? 'The reference string runs as one process whose pages are all valid and backed by a file, as in the textbook.'
      : trace
        ? 'The trace runs as vmsim replay runs it: each of its processes maps a backing store over its whole address space, so every address is valid and a first touch is a fault.'
        : 'A scenario brings its own machine; change a field here to try another. Its page size is set in its YAML.';
    if (takesGeometry(kind) && !state.machineTouched) {
      // The defaults of vmsim refs and vmsim replay.
      $('frames').value = refs ? 3 : 16;
      $('tlb').value = '64';
      $('policy').value = refs ? 'fifo' : 'clock';
      $('params').value = '';
      $('scope').value = 'global';
      $('working-set').value = '0';
      if (trace && !$('geometry').value) $('geometry').value = state.meta?.geometries[0]?.id ?? '';
      describePolicy();
    }
  }

  // The CSV layout fields show when the trace is read as CSV: chosen so, or detected from a
  // file named so (the content is the server's to read). Their names are vmsim replay's options.
  const csvFields = { page: 'csv-page', address: 'csv-address', op: 'csv-op', pid: 'csv-pid', delimiter: 'csv-delimiter' };

  function showCsvLayout() {
    const format = $('trace-format').value;
    const file = $('trace-file').files[0];
    $('csv-layout').hidden = !(format === 'csv' || (format === '' && /\.(csv|tsv)(\.gz)?$/i.test(file?.name ?? '')));
  }

  // The layout the fields give, as the --csv- options would: an empty field is a choice not made.
  function csvFromForm() {
    if ($('csv-layout').hidden) return null;
    const csv = { noHeader: $('csv-no-header').checked };
    for (const [key, id] of Object.entries(csvFields)) {
      // A space typed as the delimiter is a choice (which the server refuses in words), not an empty field.
      const value = key === 'delimiter' ? $(id).value : $(id).value.trim();
      if (value !== '') csv[key] = value;
    }
    return csv;
  }

  // The file's bytes in base64, as the server takes a trace. An empty file's data URL is "data:"
  // with no comma in some browsers: it holds no bytes, and sends none.
  function base64Of(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => {
        const comma = reader.result.indexOf(',');
        resolve(comma < 0 ? '' : reader.result.slice(comma + 1));
      };
      reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? 'unknown error'}`));
      reader.readAsDataURL(file);
    });
  }

  async function workloadFromForm() {
    const kind = workloadKind();
    if (kind === 'example') return { kind, example: $('example').value };
    if (kind === 'yaml') return { kind, yaml: $('yaml').value, fileName: $('yaml').dataset.fileName || null };
    if (kind === 'trace') {
      const file = $('trace-file').files[0];
      const format = $('trace-format').value || null;
      const csv = csvFromForm();
      if (!file) return { kind, trace: '', fileName: null, format, csv };
      const most = state.meta?.maxTraceBytes ?? Infinity;
      if (file.size > most) {
        throw new Error(`${file.name} is ${formatBytes(file.size)}; the visualizer reads trace files of at most ${formatBytes(most)}: gzip it, or keep its start (head -n 200000), or replay it whole with vmsim replay`);
      }
      return { kind, trace: await base64Of(file), fileName: file.name, format, csv };
    }
    return { kind, refs: $('refs').value };
  }

  // A whole number typed in a field, or NaN when it is empty; anything else (2.5, 1e3) is
  // refused in the command line's words rather than cut to a whole number.
  function wholeNumber(id, expected) {
    const text = $(id).value.trim();
    if (text === '') return Number.NaN;
    if (!/^-?\d+$/.test(text)) throw Object.assign(new Error(`${expected}, found '${text}'`), { field: id });
    return Number.parseInt(text, 10);
  }

  function machineFromForm(kind) {
    const machine = {
      frames: wholeNumber('frames', 'frames: expected a number of frames from 1 to 65,536'),
      tlbEntries: Number.parseInt($('tlb').value, 10),
      policy: $('policy').value,
      scope: $('scope').value,
      parameters: $('params').value.trim(),
    };
    if (Number.isNaN(machine.frames)) machine.frames = null;
    // Empty keeps the workload's own window; 0 measures nothing, even where a scenario asks.
    const tau = wholeNumber('working-set', 'working-set window: expected a number of references (0: not measured)');
    machine.workingSet = Number.isNaN(tau) ? null : tau;
    if (takesGeometry(kind)) machine.geometry = $('geometry').value;
    return machine;
  }

  function fillMachine(machine, kind) {
    $('frames').value = machine.frames;
    const tlb = $('tlb');
    if (![...tlb.options].some((o) => Number(o.value) === machine.tlbEntries)) {
      tlb.append(h('option', { value: machine.tlbEntries }, String(machine.tlbEntries)));
    }
    tlb.value = String(machine.tlbEntries);
    $('policy').value = machine.policy;
    $('params').value = machine.parameters ?? '';
    $('scope').value = machine.scope;
    $('working-set').value = String(machine.workingSet);
    const geometry = $('geometry');
    if (takesGeometry(kind) && machine.geometryId) {
      geometry.value = machine.geometryId;
    } else {
      let own = [...geometry.options].find((o) => o.dataset.scenario);
      if (!own) {
        own = h('option', { value: '', 'data-scenario': 'true' });
        geometry.prepend(own);
      }
      own.textContent = `${formatBytes(machine.pageSize)} pages (${machine.geometry}), from the scenario`;
      geometry.value = '';
    }
    describePolicy();
  }

  function formatBytes(bytes) {
    if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
    if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
    return `${bytes} B`;
  }

  function describePolicy() {
    const policy = state.meta?.policies.find((p) => p.id === $('policy').value);
    $('policy-description').textContent = policy ? policy.label : '';
  }

  function describeExample() {
    const example = state.meta?.examples.find((e) => e.name === $('example').value);
    $('example-description').textContent = example?.description ?? '';
  }

  // A button that cannot act now is marked so (aria-disabled) rather than disabled: a disabled
  // button loses the keyboard focus to the page, and the user their place.
  function setUnavailable(id, unavailable) {
    $(id).setAttribute('aria-disabled', String(unavailable));
  }

  const unavailable = (id) => $(id).getAttribute('aria-disabled') === 'true';

  async function loadSession() {
    if (unavailable('load')) return;
    // The step playing stopped at is no news: the load tells its own.
    pause({ silently: true });
    clearError();
    notice('');
    setUnavailable('load', true);
    // Loaded from the form (its button, or Enter in one of its fields), not at the page's start.
    const fromLoad = $('setup-form').contains(document.activeElement);
    let workload = null;
    try {
      workload = await workloadFromForm();
      const sendMachine = takesGeometry(workload.kind) || state.machineTouched;
      const body = { workload, machine: sendMachine ? machineFromForm(workload.kind) : null };
      const session = await api('/api/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      setSession(session, fromLoad);
      // Pressed Load: on to the first step, where the keys step (the heading reads it out).
      if (fromLoad) $('step-label').focus();
    } catch (error) {
      showError(error);
      // A field's own mistake marks the field; one the server found in the workload, the workload's field.
      const workloadField = { yaml: 'yaml', refs: 'refs', trace: 'trace-file' }[workload?.kind];
      const named = /^frames\b/.test(error.message) ? 'frames' : /^working-set window\b/.test(error.message) ? 'working-set' : null;
      if (error.field ?? named) markInvalid(error.field ?? named);
      else if (workloadField && (error.detail?.line > 0 || error.detail?.column > 0)) markInvalid(workloadField);
      if (workload?.kind === 'yaml' && error.detail?.line > 0) selectLine($('yaml'), error.detail.line);
    } finally {
      setUnavailable('load', false);
    }
  }

  // Selects line n (1-based) of a text area, so that a YAML error shows where it is.
  function selectLine(area, n) {
    const lines = area.value.split('\n');
    if (n > lines.length) return;
    const start = lines.slice(0, n - 1).reduce((sum, line) => sum + line.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + lines[n - 1].length);
    const lineHeight = area.scrollHeight / Math.max(1, lines.length);
    area.scrollTop = Math.max(0, (n - 3) * lineHeight);
  }

  // headingFocused: the focus goes on to the step's heading, which says the step's position and title itself.
  function setSession(session, headingFocused) {
    state.session = session;
    // A step asked of the run before is not to be asked of this one.
    pending = null;
    state.target = 0;
    $('workload-title').textContent = session.title;
    $('workload-title').title = session.description ?? '';
    fillMachine(session.machine, session.kind);
    $('scrubber').max = session.lastStep;
    $('step-input').max = session.lastStep;
    $('step-total').textContent = `of ${written(session.lastStep)}`;
    fillJumpKinds(session.kinds);
    renderSource(session);
    renderTimeline(session.timeline);
    const refs = session.kind === 'refs';
    $('belady-panel').hidden = !refs;
    $('belady-error').hidden = true;
    let comparison = '';
    if (refs) {
      if (session.belady) {
        $('belady-from').value = session.belady.frames[0];
        $('belady-to').value = session.belady.frames[session.belady.frames.length - 1];
        renderBelady(session.belady);
      } else {
        renderBelady(null);
        comparison = ' The reference string is long: choose fewer policies or frames and press Redraw to draw the policy comparison.';
      }
    }
    render(session.snapshot);
    const kinds = session.kinds.map((k) => `${written(k.count)} ${k.label}`).join(', ');
    const notes = session.notes.map((n) => ` Note: ${n}.`).join('');
    const news = `Loaded ${session.title}: ${counted(session.lastStep, 'step')}${kinds ? `; faults: ${kinds}` : ''}.${session.kind === 'trace' && session.description ? ` ${session.description}` : ''}${notes}${comparison}`;
    notice(news);
    // One message for the load and its first step, which leaves out what the focused heading says.
    say(`${news} ${stepWords(session.snapshot, !headingFocused)}`);
  }

  function fillJumpKinds(kinds) {
    const select = $('jump-kind');
    const previous = select.value;
    select.replaceChildren();
    for (const choice of state.meta.jumpKinds) {
      const found = kinds.find((k) => k.kind === choice.id);
      const group = ['fault', 'minor', 'major', 'eviction'].includes(choice.id);
      const label = found ? `${choice.label} (${written(found.count)})` : group ? choice.label : `${choice.label} (none)`;
      select.append(h('option', { value: choice.id, disabled: !group && !found }, label));
    }
    const keep = [...select.options].find((o) => o.value === previous && !o.disabled);
    const cow = [...select.options].find((o) => o.value === 'CowCopy' && !o.disabled);
    select.value = keep ? previous : cow ? 'CowCopy' : 'fault';
  }

  // ---------- stepping ----------

  let pending = null;
  let inflight = null;
  // True from the first key typed into the step box until the number is committed or left.
  let stepTyped = false;

  function show(step) {
    if (!state.session) return Promise.resolve();
    pending = Math.max(0, Math.min(state.session.lastStep, step));
    state.target = pending;
    if (!inflight) {
      inflight = (async () => {
        let session = state.session;
        try {
          while (pending !== null) {
            const wanted = pending;
            session = state.session;
            pending = null;
            const snapshot = await api(`/api/sessions/${session.id}/steps/${wanted}`);
            // A step of a run loaded over meanwhile is not drawn over the new run's.
            if (session === state.session) { render(snapshot); clearStepError(); }
          }
          // A load under way, or done meanwhile, tells its own news: not a step of the run it replaces.
          if (!state.playing && !unavailable('load') && session === state.session) announce(state.snapshot);
        } catch (error) {
          // The failure of a step of a run loaded over since is no news of this one. A step
          // not reached is not where the next move starts: that is the step drawn.
          if (session === state.session) {
            showError(error, 'step');
            pending = null;
            state.target = state.snapshot?.step ?? 0;
          }
          pause();
        } finally {
          inflight = null;
        }
      })();
    }
    return inflight;
  }

  function move(delta) {
    pause();
    return show(state.target + delta);
  }

  async function jump(kind, forward) {
    if (!state.session) return;
    pause();
    const session = state.session;
    try {
      const direction = forward ? 'next' : 'previous';
      const found = await api(`/api/sessions/${session.id}/find?from=${state.target}&kind=${encodeURIComponent(kind)}&direction=${direction}`);
      if (session !== state.session) return;
      if (found.step === null) tell(`There is ${found.message}.`);
      else { notice(''); await show(found.step); }
    } catch (error) {
      if (session === state.session) showError(error, 'step');
    }
  }

  function play() {
    if (!state.session) return;
    if (state.target >= state.session.lastStep) show(0);
    state.playing = true;
    updatePlayButton();
    const tick = async () => {
      if (!state.playing) return;
      if (state.target >= state.session.lastStep) { pause(); return; }
      const started = performance.now();
      await show(state.target + 1);
      if (!state.playing) return;
      const delay = Math.max(0, 1000 / Number($('speed').value) - (performance.now() - started));
      state.timer = setTimeout(tick, delay);
    };
    tick();
  }

  function pause({ silently = false } = {}) {
    // Paused, the step reached is told, unless a move made with the pause tells its own.
    if (state.playing && !silently) queueMicrotask(() => { if (!inflight && !state.playing) announce(state.snapshot); });
    state.playing = false;
    clearTimeout(state.timer);
    state.timer = null;
    updatePlayButton();
  }

  function togglePlay() {
    if (state.playing) pause(); else play();
  }

  function updatePlayButton() {
    const button = $('play');
    button.textContent = state.playing ? '⏸ Pause' : '▶ Play';
    // Its name says what it does next; a toggle's pressed state on top would say it twice.
    button.setAttribute('aria-label', state.playing ? 'Pause' : 'Play');
    button.classList.toggle('playing', state.playing);
  }

  // ---------- drawing a step ----------

  // What a screen reader says of a step, once it has settled: its position and title, the
  // badges and the explanation, in one polite message. Never while playing, where a message a
  // step would flood the speech queue; the step reached is told when playing stops.
  function announce(snapshot) {
    if (snapshot) say(stepWords(snapshot));
  }

  // A drawn step in words: its position and title (unless left to its focused heading), its badges, its explanation.
  function stepWords(snapshot, withHeading = true) {
    const badges = [...$('badges').children].map((b) => b.textContent).join(', ');
    return `${withHeading ? `Step ${written(snapshot.step)} of ${written(snapshot.lastStep)}: ${snapshot.label}. ` : ''}${badges}. ${snapshot.explanation.join(' ')}`;
  }

  // The page's one live region: a screen reader hears the news of each event once, from here.
  // Each answer is told, the same as the one before too (End at the last step, a search that
  // finds nothing once more, the same run loaded again), as new text in the region, which is
  // what a screen reader reads out.
  function say(text) {
    $('step-status').replaceChildren(document.createTextNode(text));
  }

  function render(snapshot) {
    state.snapshot = snapshot;
    // A number being typed into the step box stays the user's until they commit it (the
    // change event): a step drawn meanwhile (playing, or a move still on its way) must not
    // overwrite it, or the step they asked for would be lost.
    if (!stepTyped) $('step-input').value = snapshot.step;
    $('scrubber').value = snapshot.step;
    $('step-label').textContent = `Step ${written(snapshot.step)} of ${written(snapshot.lastStep)} — ${snapshot.label}`;
    renderBadges(snapshot.event);
    $('explanation').replaceChildren(...snapshot.explanation.map((text) => h('p', null, text)));
    renderFaultPath(snapshot);
    renderPageTables(snapshot);
    renderFrames(snapshot);
    renderWorkingSets(snapshot.workingSets);
    renderTlb(snapshot.tlb);
    renderSwap(snapshot.swap, snapshot.released);
    renderCounts(snapshot.counters);
    markSource(snapshot);
    keepCurrentRowsInView();
    scrollStops();
    state.charts.timeline?.update('none');
    const atEnd = snapshot.step >= snapshot.lastStep;
    setUnavailable('forward', atEnd);
    setUnavailable('last', atEnd);
    setUnavailable('back', snapshot.step === 0);
    setUnavailable('first', snapshot.step === 0);
  }

  // Scrolls a table's box (never the page, never the focus) so that its ▶ row shows below
  // the sticky header; a row already in view is left where it is.
  function keepInView(box, row) {
    if (!box || !row) return;
    const boxTop = box.getBoundingClientRect().top;
    const header = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = row.getBoundingClientRect().top - boxTop + box.scrollTop;
    const visibleTop = box.scrollTop + header;
    const visibleBottom = box.scrollTop + box.clientHeight;
    if (top < visibleTop || top + row.offsetHeight > visibleBottom) {
      box.scrollTop = Math.max(0, top - header - (box.clientHeight - header) / 3);
    }
  }

  // A box takes a Tab stop only while it has more than it shows, which the keyboard scrolls
  // it to see; a box that shows all it holds (an empty TLB, a short table) is no stop on the
  // way to the next panel. The box with the focus keeps its stop.
  function scrollStops() {
    for (const box of document.querySelectorAll('#source, .table-wrap, .pt-wrap')) {
      const scrolls = box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
      box.tabIndex = scrolls || box === document.activeElement ? 0 : -1;
    }
  }

  function keepCurrentRowsInView() {
    for (const box of document.querySelectorAll('#page-tables .pt-wrap, #frames-table, #tlb-table')) {
      keepInView(box, box.querySelector('tr.current'));
    }
  }

  function renderBadges(event) {
    const badges = [];
    if (event.type === 'access') {
      const classText = { hit: 'no fault', minor: 'minor fault', major: 'major fault', segv: 'segmentation fault', oom: 'out of memory' }[event.faultClass] ?? event.faultClass;
      badges.push(h('span', { class: `badge ${event.faultClass}` }, event.fault === 'None' ? '✓ hit' : `⚡ ${event.faultLabel}`));
      badges.push(h('span', { class: `badge ${event.faultClass}` }, classText));
      badges.push(h('span', { class: 'badge neutral' }, `P${event.pid} ${event.access} ${event.page}`));
      badges.push(h('span', { class: 'badge neutral' }, event.tlbHit ? 'TLB hit' : 'TLB miss'));
      if (event.evictedFrames.length) badges.push(h('span', { class: 'badge major' }, `✖ evicted frame ${event.evictedFrames.join(', ')}`));
    } else if (event.type === 'skipped' && event.accessesNotMade > 0) {
      // A run of accesses of a process that had ended is one step: the server says how many.
      badges.push(h('span', { class: 'badge neutral' }, `skipped: ${counted(event.accessesNotMade, 'access', 'accesses')} of P${event.pid} not made`));
    } else {
      badges.push(h('span', { class: 'badge neutral' }, event.type === 'start' ? 'set-up' : event.type === 'skipped' ? 'skipped' : `operation: ${event.operation}`));
    }
    $('badges').replaceChildren(...badges);
  }

  // The access's path through the machine, stage by stage in the textbook's order, each item
  // headed by its stage's name (the words the server sends: the page adds none of its own).
  function renderFaultPath(snapshot) {
    const event = snapshot.event;
    const path = snapshot.faultPath;
    let summary;
    if (path) {
      summary = event.fault === 'None'
        ? `A hit: ${counted(path.length, 'stage')}, no fault.`
        : `${event.faultLabel[0].toUpperCase()}${event.faultLabel.slice(1)}: ${counted(path.length, 'stage')}, in the order the machine went through them.`;
    } else if (event.type === 'operation') {
      summary = `This step is an operation (${event.operation}), not a memory access: there is no access path.`;
    } else if (event.type === 'skipped') {
      summary = 'No access was made in this step, so there is no access path.';
    } else {
      summary = 'The set-up makes no access, so there is no access path.';
    }
    $('fault-path-summary').textContent = summary;
    // The box sets the stage's name apart on screen; a screen reader hears a colon after it instead.
    $('fault-path').replaceChildren(...(path ?? []).map((stage) => h('li', { 'data-stage': stage.kind },
      h('span', { class: 'stage-kind' }, stage.label), h('span', { class: 'visually-hidden' }, ':'), ' ', h('span', { class: 'stage-text' }, stage.text))));
    $('fault-path').hidden = !path;
  }

  function renderPageTables(snapshot) {
    const container = $('page-tables');
    // Each process keeps its block and its table's box from step to step, only their contents drawn
    // anew: a table with the focus keeps it, never focused again, so that the keys go on working
    // there and a screen reader, which reads out each element newly focused, keeps quiet.
    const focused = container.contains(document.activeElement) ? document.activeElement : null;
    const kept = new Map([...container.querySelectorAll(':scope > .process')].map((block) => [block.dataset.pid, block]));
    const measured = Boolean(snapshot.workingSets);
    $('pt-ws-legend').hidden = !measured;
    const blocks = snapshot.processes.map((p) => {
      const ended = p.state !== 'running';
      const header = h('h3', null,
        `P${p.pid} (${p.name})`,
        p.current ? ' — on the CPU' : '',
        ended ? h('span', { class: 'state-tag' }, ` — ${p.state}`) : '');
      const meta = h('p', { class: 'meta' },
        `${written(p.residentPages)} resident · ${counted(p.accesses, 'access', 'accesses')} · ${counted(p.faults, 'fault')}${p.parentPid ? ` · child of P${p.parentPid}` : ''}${p.endReason ? ` · ${p.endReason}` : ''}`);
      const regions = h('ul', { class: 'regions' }, p.regions.map((r) =>
        h('li', null, `${r.start}–${r.end} ${r.protection}${r.shared ? 's' : 'p'} ${r.name} (${counted(r.pages, 'page')}, ${r.backing})`)));
      const block = kept.get(String(p.pid)) ?? h('div', { 'data-pid': p.pid });
      block.className = `process${ended ? ' ended' : ''}`;
      if (!p.pages.length) {
        keepChildren(block, [header, meta, regions,
          h('p', { class: 'hint' }, ended ? 'Its address space has been released.' : 'No page-table entries yet.')]);
        return block;
      }
      const rows = p.pages.map((e) => {
        const where = e.state === 'present' ? String(e.frame) : e.state === 'swapped' ? `slot ${e.swapSlot}` : '';
        return h('tr', { class: [e.current ? 'current' : '', e.state === 'none' ? 'none' : ''].join(' ').trim() || null, 'data-page': e.page },
          h('td', { class: 'mark', title: e.current ? 'accessed by this step' : null, 'data-says': e.current ? 'accessed by this step' : null }, e.current ? '▶' : ''),
          h('th', { scope: 'row', class: 'mono' }, e.page),
          h('td', null, e.region),
          h('td', { class: 'bit', title: e.state }, e.state === 'present' ? 'P' : e.state === 'swapped' ? 'S' : '—'),
          h('td', { class: 'mono' }, where),
          bit(e.read, 'R', 'read permission'),
          bit(e.write, 'W', 'write permission'),
          bit(e.execute, 'X', 'execute permission'),
          bit(e.accessed, 'A', 'accessed'),
          bit(e.dirty, 'D', 'dirty'),
          bit(e.cow, 'C', 'copy-on-write'),
          measured ? h('td', { class: `bit ${e.inWorkingSet ? 'on' : 'off'}`, title: e.inWorkingSet ? 'in the working set' : 'not in the working set', 'data-says': e.inWorkingSet ? 'in' : 'not in' }, e.inWorkingSet ? '●' : '·') : null);
      });
      const headers = [
        { label: '', title: 'accessed by this step' }, { label: 'Page' }, { label: 'Region' },
        { label: 'St', title: 'P present, S swapped out, — not present' }, { label: 'Frame / slot' },
        { label: 'R', title: 'read' }, { label: 'W', title: 'write' }, { label: 'X', title: 'execute' },
        { label: 'A', title: 'accessed' }, { label: 'D', title: 'dirty' }, { label: 'C', title: 'copy-on-write' },
      ];
      if (measured) headers.push({ label: 'WS', title: "in the process's working set W(t, τ)" });
      const box = block.querySelector(':scope > .pt-wrap') ?? h('div', { class: 'pt-wrap', tabindex: 0, role: 'region' });
      box.setAttribute('aria-label', `Page table of P${p.pid}`);
      box.replaceChildren(table(headers, rows, `Page table of P${p.pid}`));
      keepChildren(block, [header, meta, regions, box,
        p.pagesNotShown ? h('p', { class: 'omitted' }, `${written(p.pagesNotShown)} more entries not shown`) : null]);
      return block;
    });
    keepChildren(container, blocks);
    // A table gone with its process's pages leaves the focus on the panel's heading, still in the stepping part.
    if (focused && !focused.isConnected) $('pt-heading').focus({ preventScroll: true });
  }

  // Gives parent the children wanted, in order, without moving one it keeps: an element taken
  // out of the page, if only to be put back, loses the focus.
  function keepChildren(parent, wanted) {
    const children = wanted.filter(Boolean);
    for (const child of [...parent.children]) if (!children.includes(child)) child.remove();
    children.forEach((child, i) => { if (parent.children[i] !== child) parent.insertBefore(child, parent.children[i] ?? null); });
  }

  function renderFrames(snapshot) {
    const frames = snapshot.frames;
    const policy = snapshot.policy;
    const released = snapshot.released;
    const freed = released?.frames.length ? ` (${counted(released.frames.length, 'frame')} freed by ${released.cause})` : '';
    $('frames-heading').textContent = `Physical frames — ${written(frames.count - frames.free)} used, ${written(frames.free)} free${freed} · policy ${policy.name}`;
    $('policy-note').textContent = policy.note;
    const headers = [
      { label: '', title: 'what this step did to the frame' }, { label: 'Frame', num: true }, { label: 'Holds' }, { label: 'Kind' },
      { label: 'Mapped by' }, { label: 'A', title: 'accessed (any mapping)' }, { label: 'D', title: 'dirty' },
      { label: 'Swap', title: 'swap slot holding a copy (swap cache)' }, { label: 'Last used', title: 'the step whose access last reached it' },
    ];
    if (policy.stateLabel) headers.push({ label: policy.stateLabel });
    const rows = frames.rows.map((f) => {
      const marks = f.marks;
      const symbol = [marks.includes('used') ? '▶' : '', marks.includes('source') ? '◆' : '', marks.includes('evicted') ? '✖' : '', marks.includes('released') ? '⊘' : '', marks.includes('passed-over') ? '↷' : '', marks.includes('second-chance') ? '↺' : ''].join('');
      const rowClass = marks.includes('used') ? 'current' : marks.includes('source') ? 'source' : marks.includes('evicted') ? 'evicted' : marks.includes('released') ? 'released' : f.use === 'free' ? 'free' : '';
      // A release, a passed-over frame and a second chance say why, in the tooltip and in the spoken words alike.
      const why = (m) => m === 'released' ? `freed by ${released.cause}` : m === 'passed-over' ? `passed over by reclaim: ${f.passedOver}` : m === 'second-chance' ? f.secondChance : null;
      const markTitle = marks.map((m) => why(m) ?? m).join(', ');
      const markWords = { used: 'used by this step', source: 'copied or read from', evicted: 'emptied by an eviction' };
      const says = marks.map((m) => why(m) ?? markWords[m] ?? m).join(', ');
      const cells = [
        h('td', { class: 'mark', title: markTitle || null, 'data-says': says || null }, symbol),
        h('th', { scope: 'row', class: 'num' }, String(f.frame)),
      ];
      if (f.use === 'free') {
        cells.push(h('td', null, 'free'), h('td'), h('td'), h('td', { class: 'bit off', 'data-says': 'clear' }, '·'), h('td', { class: 'bit off', 'data-says': 'clear' }, '·'), h('td'), h('td'));
        if (policy.stateLabel) cells.push(h('td'));
      } else {
        const kind = f.use === 'file' ? `file ${f.file} p${f.filePage}` : f.use === 'shmem' ? `${f.file} p${f.filePage}` : 'anon';
        cells.push(
          h('td', { class: 'mono' }, `${f.owner} ${f.page}`),
          h('td', null, kind),
          h('td', { class: 'mono' }, f.mappings.length ? f.mappings.join(', ') : '(none: cached)'),
          bit(f.accessed, 'A', 'accessed'),
          bit(f.dirty, 'D', 'dirty'),
          num(f.swapSlot),
          num(f.lastUsedStep));
        if (policy.stateLabel) cells.push(h('td', { class: 'mono' }, f.policyState ?? ''));
      }
      return h('tr', { class: rowClass || null, 'data-frame': f.frame }, cells);
    });
    $('frames-table').replaceChildren(table(headers, rows, 'Physical frames'),
      frames.notShown ? h('p', { class: 'omitted' }, `${written(frames.notShown)} more frames not shown`) : '');
  }

  // Denning's working sets, when the machine measures them: each process's W(t, τ) and the
  // demand D against memory (under local replacement, each set against its quota).
  function renderWorkingSets(ws) {
    $('ws-panel').hidden = !ws;
    if (!ws) return;
    $('ws-heading').textContent = `Working sets — τ = ${counted(ws.window, 'reference')}`;
    const over = !ws.byQuota && ws.demand > ws.frames;
    const line = ws.byQuota
      ? `Local replacement: each working set against its process's quota (D = ${counted(ws.demand, 'page')}, ${counted(ws.frames, 'frame')} in all).`
      : `${over ? '⚠ ' : ''}Demand D = ${counted(ws.demand, 'page')}, ${over ? 'more than' : 'within'} the ${counted(ws.frames, 'frame')} of memory.`;
    // One running process thrashes on its own working set; the narrator words it so too.
    const who = ws.processes.filter((p) => p.running).length <= 1 ? 'the process thrashes' : 'the processes thrash';
    const crossing = ws.crossing === 'above'
      ? h('span', { class: 'ws-crossing badge major' }, `▲ this step took D above memory: from here ${who}`)
      : ws.crossing === 'within' ? h('span', { class: 'ws-crossing badge hit' }, '▼ this step made D fit in memory again') : null;
    const demand = $('ws-demand');
    demand.className = `ws-demand${over ? ' over' : ''}`;
    demand.replaceChildren(line, crossing ?? '');
    const headers = [{ label: 'Process' }, { label: 'W(t, τ)' }, { label: 'Size', num: true }, { label: 'Resident', num: true, title: 'pages of the working set in memory' }];
    if (ws.byQuota) headers.push({ label: 'Quota', num: true, title: 'frames the process may hold under local replacement' });
    const rows = ws.processes.map((p) => {
      const pages = p.running
        ? `{${p.pages.join(', ')}${p.pagesNotShown ? `, … ${written(p.pagesNotShown)} more` : ''}}`
        : 'ended: its working set is gone';
      const overQuota = ws.byQuota && p.running && p.size > p.quota;
      const cells = [h('td', null, `P${p.pid} (${p.name})`), h('td', { class: 'ws-pages' }, pages), num(p.running ? p.size : null), num(p.running ? p.resident : null)];
      if (ws.byQuota) cells.push(h('td', { class: 'num', title: overQuota ? 'the working set is larger than the quota' : null }, p.running ? `${overQuota ? '⚠ ' : ''}${p.quota}` : ''));
      return h('tr', { class: overQuota ? 'over' : p.running ? null : 'free', 'data-pid': p.pid }, cells);
    });
    $('ws-table').replaceChildren(rows.length ? table(headers, rows, 'Working sets') : h('p', { class: 'hint' }, 'No process yet.'));
  }

  function renderTlb(tlb) {
    $('tlb-heading').textContent = tlb.entries === 0
      ? 'TLB — none on this machine'
      : `TLB — ${tlb.rows.length + tlb.notShown} of ${counted(tlb.entries, 'entry', 'entries')} valid (${tlb.ways}-way${tlb.asidTagged ? ', tagged by ASID' : ', flushed on switch'})`;
    if (tlb.entries === 0) { $('tlb-table').replaceChildren(h('p', { class: 'hint' }, 'Every access walks the page table.')); return; }
    if (!tlb.rows.length) { $('tlb-table').replaceChildren(h('p', { class: 'hint' }, 'Empty.')); return; }
    const headers = [{ label: '', title: 'used by this step' }, { label: 'Slot', num: true }, { label: 'Set', num: true }, { label: 'ASID', num: true }, { label: 'Page' }, { label: 'Frame', num: true }, { label: 'Perm' }];
    const rows = tlb.rows.map((r) => h('tr', { class: r.current ? 'current' : null },
      h('td', { class: 'mark', 'data-says': r.current ? 'used by this step' : null }, r.current ? '▶' : ''), num(r.slot), num(r.set), num(`P${r.pid}`), h('td', { class: 'mono' }, r.page), num(r.frame), h('td', { class: 'mono' }, r.permissions)));
    $('tlb-table').replaceChildren(table(headers, rows, 'TLB entries'),
      tlb.notShown ? h('p', { class: 'omitted' }, `${written(tlb.notShown)} more entries not shown`) : '');
  }

  function renderSwap(swap, released) {
    const freed = released?.slots.length ? ` (${counted(released.slots.length, 'slot')} freed by ${released.cause})` : '';
    $('swap-heading').textContent = swap.slots === 0 ? 'Swap — no swap device' : `Swap — ${written(swap.used)} of ${written(swap.slots)} slots in use${freed}`;
    if (!swap.rows.length) { $('swap').replaceChildren(h('p', { class: 'hint' }, swap.slots === 0 ? 'Dirty anonymous pages cannot be evicted.' : 'No slot in use.')); return; }
    const headers = [{ label: 'Slot', num: true }, { label: 'Refs', num: true, title: 'reference count' }, { label: 'Held by', title: 'page-table entries that point to the slot' }, { label: 'Cached', title: 'frame that still holds the page (swap cache)' }];
    const rows = swap.rows.map((r) => r.released
      ? h('tr', { class: 'released', 'data-slot': r.slot }, num(r.slot), num(r.references),
        h('td', { title: `freed by ${released.cause}` }, `⊘ freed by ${released.cause}`), h('td', { class: 'mono' }, '—'))
      : h('tr', { 'data-slot': r.slot }, num(r.slot), num(r.references),
        h('td', { class: 'mono' }, r.heldBy.join(', ') || (r.cachedFrame === null ? '—' : `the swap cache's copy of frame ${r.cachedFrame}`)),
        h('td', { class: 'mono' }, r.cachedFrame === null ? '—' : `frame ${r.cachedFrame}`)));
    $('swap').replaceChildren(table(headers, rows, 'Swap slots'),
      swap.notShown ? h('p', { class: 'omitted' }, `${written(swap.notShown)} more slots not shown`) : '');
  }

  // Why TLB hits and misses add up to more than the accesses: Counters.TlbPerLookupNote, word for word (a test holds them together).
  const tlbNote = 'Counted per lookup: an access whose fault the kernel resolved is retried and looks up the TLB again, so hits and misses add up to more than the accesses.';

  function renderCounts(counters) {
    const titles = { access: 'Accesses', fault: 'Faults', kind: 'Fault kinds', memory: 'Memory', tlb: 'TLB' };
    const groups = Object.keys(titles).map((group) => {
      const items = counters.filter((c) => c.group === group);
      return h('div', { class: 'group' }, h('h3', null, titles[group]), h('dl', null, items.flatMap((c) => {
        const text = c.key === 'faultRate' ? `${(c.value * 100).toFixed(1)} %` : written(c.value);
        const title = group === 'tlb' ? tlbNote : null;
        return [h('dt', { class: c.value === 0 ? 'zero' : null, title }, c.label), h('dd', { class: c.value === 0 ? 'zero' : null, 'data-counter': c.key, title }, text)];
      })), group === 'tlb' ? h('p', { class: 'hint', id: 'tlb-note' }, tlbNote) : null);
    });
    $('counts').replaceChildren(...groups);
  }

  // ---------- the source panel ----------

  function renderSource(session) {
    const view = $('source');
    view.classList.toggle('trace', session.kind === 'trace');
    if (session.kind === 'trace') {
      // The accesses around the current step come with each step (markSource).
      view.classList.remove('refs');
      view.replaceChildren();
    } else if (session.kind === 'refs') {
      view.classList.add('refs');
      const tokens = session.source.split(/[\s,]+/).filter((t) => t.length);
      view.replaceChildren(...tokens.map((t, i) => h('span', { class: 'ref', 'data-ref': i + 1 }, t)));
    } else {
      view.classList.remove('refs');
      const lines = session.source.replace(/\r\n?/g, '\n').split('\n');
      view.replaceChildren(...lines.map((line, i) => h('div', { class: 'src-line', 'data-line': i + 1 },
        h('span', { class: 'ln' }, String(i + 1)), line || ' ')));
    }
    $('source-heading').textContent = `Source — ${session.sourceName}`;
  }

  function markSource(snapshot) {
    const view = $('source');
    for (const old of view.querySelectorAll('.current')) {
      old.classList.remove('current');
      old.removeAttribute('aria-current');
    }
    let current = null;
    if (view.classList.contains('trace')) {
      view.replaceChildren(...(snapshot.trace ?? []).map((line) => h('div', { class: 'src-line', 'data-line': line.number },
        h('span', { class: 'ln' }, String(line.number)), line.text)));
      if (snapshot.step > 0) current = view.querySelector(`[data-line="${snapshot.line}"]`);
    } else if (view.classList.contains('refs')) {
      // Made, a reference is struck through and said done; the current one is marked ▶ and said current.
      for (const ref of view.querySelectorAll('.ref')) {
        const n = Number(ref.dataset.ref);
        const done = n < snapshot.line;
        ref.classList.toggle('done', done);
        if (n === snapshot.line && snapshot.step > 0) current = ref;
        const says = done ? 'done' : ref === current ? 'current' : null;
        if (says) ref.dataset.says = says;
        else delete ref.dataset.says;
      }
    } else if (snapshot.line > 0) {
      current = view.querySelector(`[data-line="${snapshot.line}"]`);
    }
    if (current) {
      current.classList.add('current');
      current.setAttribute('aria-current', 'step');
      // Scroll the source panel only, never the page. The panel is positioned (for the words
      // drawn for screen readers): its lines' offsets are from its own top.
      const top = current.offsetTop;
      if (top < view.scrollTop || top > view.scrollTop + view.clientHeight - current.offsetHeight) {
        view.scrollTop = Math.max(0, top - view.clientHeight / 3);
      }
    }
  }

  // ---------- charts (Chart.js, vendored) ----------

  // The fault kinds in Okabe and Ito's palette, told apart under each kind of colour blindness;
  // two pairs of kinds share a colour and the second of each is hatched. Every bar has a dark
  // outline, so that the pale ones stand out from the white (3:1), and the table under the
  // chart gives the same counts in words.
  const kindFills = {
    ZeroFill: ['#0072b2', false], FileRead: ['#e69f00', false], PageCache: ['#56b4e9', false], SwapIn: ['#cc79a7', false],
    SwapCache: ['#f0e442', false], CowCopy: ['#d55e00', false], CowReuse: ['#d55e00', true], SegvUnmapped: ['#009e73', false],
    SegvProtection: ['#009e73', true], Oom: ['#000000', false],
  };

  // A fill of the colour crossed by white diagonal lines, as a canvas pattern Chart.js can paint with.
  function hatched(colour) {
    const tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    const ctx = tile.getContext('2d');
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 8, 8);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(-2, 10);
    ctx.lineTo(10, -2);
    ctx.moveTo(-2, 2);
    ctx.lineTo(2, -2);
    ctx.moveTo(6, 10);
    ctx.lineTo(10, 6);
    ctx.stroke();
    return ctx.createPattern(tile, 'repeat');
  }
  const policyStyles = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'cross', 'rectRounded', 'line', 'dash'];
  const policyDashes = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [4, 4], [1, 3], [10, 4], [3, 6], [12, 2]];
  const policyColours = ['#1f5fbf', '#b3261e', '#2e7d32', '#6a1b9a', '#b35c00', '#00838f', '#5d4037', '#ad1457', '#455a64', '#827717'];

  // Draws a vertical line at the current step on the faults-over-time chart, labelled with the step.
  const stepMarker = {
    id: 'stepMarker',
    afterDatasetsDraw(chart) {
      const session = state.session;
      if (!session || !state.snapshot) return;
      const binSize = session.timeline.binSize;
      const x = chart.scales.x;
      const bins = session.timeline.binStarts.length;
      const position = Math.min(bins - 0.5, (state.snapshot.step + 0.5) / binSize - 0.5);
      const pixel = x.getPixelForValue(position);
      const { ctx, chartArea } = chart;
      ctx.save();
      // A white line under the dashes keeps the marker visible on a dark bar (the black of OOM).
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 5;
      ctx.beginPath();
      ctx.moveTo(pixel, chartArea.top);
      ctx.lineTo(pixel, chartArea.bottom);
      ctx.stroke();
      ctx.strokeStyle = '#1d2430';
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(pixel, chartArea.top);
      ctx.lineTo(pixel, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#1d2430';
      ctx.font = '12px system-ui, sans-serif';
      ctx.textAlign = pixel > chartArea.right - 60 ? 'right' : 'left';
      ctx.fillText(`▼ step ${written(state.snapshot.step)}`, pixel + (ctx.textAlign === 'left' ? 4 : -4), chartArea.top + 12);
      ctx.restore();
    },
  };

  function renderTimeline(timeline) {
    const labels = timeline.binStarts.map((start) => timeline.binSize === 1 ? String(start) : `${start}–${start + timeline.binSize - 1}`);
    const datasets = timeline.series.map((s) => {
      const [colour, hatch] = kindFills[s.kind] ?? ['#6b7280', true];
      return {
        label: s.label,
        data: s.counts,
        backgroundColor: hatch ? hatched(colour) : colour,
        kindFill: { colour, hatched: hatch },
        borderColor: '#1d2430',
        borderWidth: 1,
      };
    });
    const frames = state.session.machine.frames;
    if (timeline.demand) {
      // Lines over the bars, on an axis of pages: D climbing past the frames is where the faults take off.
      datasets.push(
        { type: 'line', label: timeline.binSize === 1 ? 'demand D' : 'demand D (largest in each bin)', data: timeline.demand, yAxisID: 'pages', order: -1, borderColor: '#1d2430', backgroundColor: '#1d2430', borderWidth: 2, pointRadius: 0, tension: 0 },
        { type: 'line', label: `frames (${frames})`, data: labels.map(() => frames), yAxisID: 'pages', order: -1, borderColor: '#b3261e', backgroundColor: '#b3261e', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 });
    }
    // The chart in words for a screen reader: what each kind adds up to, and where the counts are step by step.
    const totals = timeline.series.map((s) => `${written(s.counts.reduce((sum, n) => sum + n, 0))} ${s.label}`).join(', ');
    $('timeline-chart').setAttribute('aria-label', timeline.series.length
      ? `Faults of each kind over the steps of the run, ${timeline.binSize === 1 ? 'a bar a step' : `a bar each ${written(timeline.binSize)} steps`}: ${totals} in all. Data as a table, under the chart, gives them step by step.`
      : 'Faults over the steps of the run: none.');
    $('timeline-hint').textContent = (timeline.series.length
      ? `Faults of each kind per ${timeline.binSize === 1 ? 'step' : `${written(timeline.binSize)} steps`} over the whole run; the dashed line is the current step.`
      : 'This run has no faults.')
      + (timeline.demand ? ` The solid line is the demand D, the working sets together, against the ${counted(frames, 'frame')} of memory (the dashed red line), in pages on the right axis.` : '');
    state.charts.timeline?.destroy();
    if (typeof Chart === 'undefined') return;
    state.charts.timeline = new Chart($('timeline-chart'), {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, title: { display: true, text: 'step' }, ticks: { maxTicksLimit: 20 } },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'faults' }, ticks: { precision: 0 } },
          ...(timeline.demand ? { pages: { position: 'right', beginAtZero: true, suggestedMax: frames + 1, title: { display: true, text: 'pages' }, ticks: { precision: 0 }, grid: { drawOnChartArea: false } } } : {}),
        },
        plugins: { legend: { position: 'bottom' }, tooltip: { mode: 'index', intersect: false } },
      },
      plugins: [stepMarker],
    });
    const headers = [{ label: 'Steps' }, ...timeline.series.map((s) => ({ label: s.label, num: true }))];
    if (timeline.demand) headers.push({ label: 'Demand D', num: true, title: 'the working sets together, in pages' });
    const rows = timeline.binStarts.map((_, b) => h('tr', null, h('td', { class: 'mono' }, labels[b]), timeline.series.map((s) => num(s.counts[b])),
      timeline.demand ? num(timeline.demand[b]) : null))
      .filter((_, b) => timeline.series.some((s) => s.counts[b] > 0) || (timeline.demand && timeline.demand[b] !== (timeline.demand[b - 1] ?? 0)));
    $('timeline-table').replaceChildren(table(headers, rows, 'Faults over time'));
  }

  function renderBelady(data) {
    state.charts.belady?.destroy();
    state.charts.belady = null;
    if (!data) {
      $('belady-table').replaceChildren();
      $('belady-anomalies').replaceChildren();
      return;
    }
    const checks = $('belady-policies');
    for (const box of checks.querySelectorAll('input')) box.checked = data.series.some((s) => s.policy === box.value);
    $('belady-anomalies').replaceChildren(...data.anomalies.map((a) => h('li', null, a)));
    if (!data.anomalies.length) $('belady-anomalies').replaceChildren(h('li', { class: 'none' }, 'No anomaly here: no policy faults more with more frames.'));
    if (typeof Chart !== 'undefined') {
      state.charts.belady = new Chart($('belady-chart'), {
        type: 'line',
        data: {
          labels: data.frames.map(String),
          datasets: data.series.map((s, i) => ({
            label: s.policy.toUpperCase(),
            data: s.faults,
            borderColor: policyColours[i % policyColours.length],
            backgroundColor: policyColours[i % policyColours.length],
            borderDash: policyDashes[i % policyDashes.length],
            pointStyle: policyStyles[i % policyStyles.length],
            pointRadius: 5,
            tension: 0,
            // Chart.js draws the first dataset on top: draw the later ones on top instead, so that
            // a dashed line over an identical solid one (CLOCK over FIFO) shows both.
            order: -i,
          })),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { title: { display: true, text: 'frames' } },
            y: { beginAtZero: true, title: { display: true, text: 'page faults' }, ticks: { precision: 0 } },
          },
          plugins: {
            legend: { position: 'bottom', labels: { usePointStyle: true, sort: (a, b) => a.datasetIndex - b.datasetIndex } },
            tooltip: { mode: 'index', intersect: false, itemSort: (a, b) => a.datasetIndex - b.datasetIndex },
          },
        },
      });
    }
    const headers = [{ label: 'Policy' }, ...data.frames.map((f) => ({ label: `${f} frame${f === 1 ? '' : 's'}`, num: true }))];
    const rows = data.series.map((s) => h('tr', { 'data-policy': s.policy }, h('th', { scope: 'row' }, s.policy.toUpperCase()),
      s.faults.map((f, i) => h('td', { class: 'num', 'data-frames': data.frames[i] }, String(f)))));
    $('belady-table').replaceChildren(table(headers, rows, 'Page faults by policy and number of frames'));
    scrollStops();
  }

  async function redrawBelady() {
    if (!state.session || state.session.kind !== 'refs') return;
    const policies = [...$('belady-policies').querySelectorAll('input:checked')].map((b) => b.value);
    const from = $('belady-from').value;
    const to = $('belady-to').value;
    const box = $('belady-error');
    try {
      box.hidden = true;
      const data = await api(`/api/sessions/${state.session.id}/belady?policies=${encodeURIComponent(policies.join(','))}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
      renderBelady(data);
    } catch (error) {
      // Next to the Redraw button that asked, not under Load.
      box.textContent = error.message;
      box.hidden = false;
    }
  }

  // ---------- wiring ----------

  // The first and the last step, for the buttons and for Home and End.
  function showFirst() {
    pause();
    show(0);
  }

  function showLast() {
    pause();
    show(state.session?.lastStep ?? 0);
  }

  // The Keyboard help, opened and closed by its button; Escape closes it too.
  function showHelp(open) {
    const help = $('help');
    help.hidden = !open;
    $('help-button').setAttribute('aria-expanded', String(open));
  }

  // The stepping buttons and lists are one toolbar, one Tab stop (WAI-ARIA's toolbar pattern):
  // the control last focused in it holds the stop (a roving tabindex), and inside it the arrows,
  // Home and End move the focus between its controls, from the last round to the first and
  // back, rather than step; Shift with an arrow still steps 10, as on the slider.
  const toolbarItems = () => [...$('stepping-toolbar').querySelectorAll('button, select')];

  function holdToolbarStop(event) {
    for (const item of toolbarItems()) item.tabIndex = item === event.target ? 0 : -1;
  }

  function onToolbarKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    const items = toolbarItems();
    const at = items.indexOf(event.target);
    if (at < 0) return;
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: items.length - 1 }[event.key];
    if (to === undefined) return;
    items[(to + items.length) % items.length].focus();
    event.preventDefault();
  }

  function onKey(event) {
    // A key a control has used already (the toolbar's arrows) is no stepping key.
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (event.key === 'Escape' && !$('help').hidden) {
      showHelp(false);
      event.preventDefault();
      return;
    }
    // A focused control keeps the keys it uses: a field, a list, a check box or a radio all of
    // them (Space ticks, the arrows move between radios); a button, a link or a <summary> its
    // Space and Enter, which click it, while the arrows still step (but in the stepping
    // toolbar, which has used them to move the focus). The slider shares (below).
    if (target.closest('textarea, select, [contenteditable]')) return;
    if (target.matches('input') && target.type !== 'range') return;
    if (target.closest('button, summary, a[href]') && (event.key === ' ' || event.key === 'Enter')) return;
    // A box wider than its view scrolls sideways with the arrows, as a box does.
    if (event.key.startsWith('Arrow') && target.matches('[role=region]') && target.scrollWidth > target.clientWidth) return;
    // The letters act only with the focus on the stepping side of the page (<main>), not
    // page-wide, so that a word spoken or typed elsewhere never steps the run (WCAG 2.1.4).
    if (/^[nNkK]$/.test(event.key) && !target.closest('main')) return;
    // The slider moves one step by itself; with Shift it moves 10, as everywhere else.
    if (target.matches('input[type=range]') && ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key) && !(event.shiftKey && event.key.startsWith('Arrow'))) return;
    let handled = true;
    switch (event.key) {
      case ' ': togglePlay(); break;
      case 'ArrowRight': move(event.shiftKey ? 10 : 1); break;
      case 'ArrowLeft': move(event.shiftKey ? -10 : -1); break;
      case 'Home': showFirst(); break;
      case 'End': showLast(); break;
      case 'n': jump('fault', true); break;
      case 'N': jump('fault', false); break;
      case 'k': jump($('jump-kind').value, true); break;
      case 'K': jump($('jump-kind').value, false); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  }

  async function init() {
    try {
      state.meta = await api('/api/meta');
    } catch (error) {
      showError(error);
      return;
    }
    const meta = state.meta;
    $('example').replaceChildren(...meta.examples.map((e) => h('option', { value: e.name }, `${e.name} — ${e.title}`)));
    $('example').value = meta.examples.some((e) => e.name === 'demo') ? 'demo' : meta.examples[0]?.name;
    $('policy').replaceChildren(...meta.policies.map((p) => h('option', { value: p.id, title: p.label }, p.id)));
    $('geometry').replaceChildren(...meta.geometries.map((g) => h('option', { value: g.id }, g.label)));
    $('belady-policies').replaceChildren(...meta.policies.map((p) => h('label', { title: p.label },
      h('input', { type: 'checkbox', value: p.id, checked: ['fifo', 'lru', 'opt', 'clock'].includes(p.id) }), ` ${p.id}`)));
    $('trace-format').append(...meta.traceFormats.map((f) => h('option', { value: f }, f)));
    describeExample();
    describePolicy();

    for (const radio of document.querySelectorAll('input[name=kind]')) {
      radio.addEventListener('change', () => { state.machineTouched = false; showKindPanel(); });
    }
    $('example').addEventListener('change', () => { state.machineTouched = false; describeExample(); });
    $('yaml').addEventListener('input', () => { state.machineTouched = false; delete $('yaml').dataset.fileName; });
    $('trace-file').addEventListener('change', () => { clearError(); showCsvLayout(); });
    $('trace-format').addEventListener('change', showCsvLayout);
    for (const id of ['frames', 'tlb', 'policy', 'params', 'scope', 'geometry', 'working-set']) {
      $(id).addEventListener('change', () => { state.machineTouched = true; });
    }
    // Parameters belong to a policy: another policy starts from its own defaults.
    $('policy').addEventListener('change', () => { $('params').value = ''; describePolicy(); });
    $('yaml-file').addEventListener('change', async () => {
      const file = $('yaml-file').files[0];
      if (!file) return;
      if (file.size > 256 * 1024) { showError(new Error(`${file.name} is ${file.size} bytes; the visualizer reads scenarios of at most 256 KiB`)); return; }
      $('yaml').value = await file.text();
      $('yaml').dataset.fileName = file.name;
      state.machineTouched = false;
    });
    $('edit-example').addEventListener('click', async () => {
      try {
        const example = await api(`/api/examples/${encodeURIComponent($('example').value)}`);
        $('yaml').value = example.yaml;
        $('yaml').dataset.fileName = `${example.name}.yaml`;
        document.querySelector('input[name=kind][value=yaml]').checked = true;
        state.machineTouched = false;
        showKindPanel();
        $('yaml').focus();
      } catch (error) {
        showError(error);
      }
    });
    $('setup-form').addEventListener('submit', (event) => { event.preventDefault(); loadSession(); });
    const whenAvailable = (id, action) => $(id).addEventListener('click', () => { if (!unavailable(id)) action(); });
    whenAvailable('first', showFirst);
    whenAvailable('back', () => move(-1));
    whenAvailable('forward', () => move(1));
    whenAvailable('last', showLast);
    $('play').addEventListener('click', togglePlay);
    $('next-fault').addEventListener('click', () => jump('fault', true));
    $('prev-fault').addEventListener('click', () => jump('fault', false));
    $('next-kind').addEventListener('click', () => jump($('jump-kind').value, true));
    $('prev-kind').addEventListener('click', () => jump($('jump-kind').value, false));
    $('step-input').addEventListener('input', () => { stepTyped = true; });
    $('step-input').addEventListener('blur', () => {
      // Left without committing: the box shows the step drawn again.
      if (stepTyped && state.snapshot) $('step-input').value = state.snapshot.step;
      stepTyped = false;
    });
    $('step-input').addEventListener('change', () => {
      stepTyped = false;
      if (!state.session) return;
      pause();
      show(Number.parseInt($('step-input').value, 10) || 0);
      // The box shows the step it goes to, within the steps there are.
      $('step-input').value = state.target;
    });
    $('scrubber').addEventListener('input', () => { pause(); show(Number($('scrubber').value)); });
    $('belady-form').addEventListener('submit', (event) => { event.preventDefault(); redrawBelady(); });
    $('help-button').addEventListener('click', () => showHelp($('help').hidden));
    $('stepping-toolbar').addEventListener('keydown', onToolbarKey);
    $('stepping-toolbar').addEventListener('focusin', holdToolbarStop);
    document.addEventListener('keydown', onKey);
    // At another width (a window resized, the page zoomed) a box may scroll or stop scrolling.
    window.addEventListener('resize', scrollStops);

    showKindPanel();
    await loadSession();
  }

  // For tests and for the curious: the charts and the state the page drew.
  window.vmsim = state;

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
