// dyad dashboard — vanilla ES2020, no build step, no external resources.
//
// Security: every string that comes from the API (article text, titles,
// snippets, URLs) is untrusted. The DOM is built with createElement and
// textContent only — never innerHTML — and links from data get an href only
// when they are plain http(s) URLs. Event ids stay strings (64-bit).
//
// Layout of this file: helpers → API and messages → router → one function
// per view (pair, network, event, document, search) → charts → start-up.
'use strict';

/* ------------------------------------------------------------------ */
/* DOM helpers                                                         */
/* ------------------------------------------------------------------ */

const SVG_NS = 'http://www.w3.org/2000/svg';
const $ = (sel, root = document) => root.querySelector(sel);

/** Apply attributes: `class`, `text` (textContent), `on*` (listeners), rest as attributes. */
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : String(v));
  }
  return node;
}

/** Append children: nodes as-is, strings/numbers as text nodes, arrays flattened. */
function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** el('a', {href: '#/x', class: 'y'}, 'text', child…) — HTML element. */
function el(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

/** svg('rect', {x: 1}) — SVG element (same conventions as el). */
function svg(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Only http(s) URLs from data become links; anything else is shown as text. */
function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
}

/** An external link from data, or plain text when the URL is not http(s). */
function extLink(url, label) {
  const href = safeUrl(url);
  if (!href) return el('span', {}, label || url || '');
  return el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, label || href);
}

const hashOf = (...parts) => '#/' + parts.map((p) => encodeURIComponent(p)).join('/');
const fmtInt = (n) => (Number(n) || 0).toLocaleString('en-US');
const plural = (n, word) => `${fmtInt(n)} ${word}${Number(n) === 1 ? '' : 's'}`;

/** Goldstein values with an explicit sign: +15.2, -3.0, 0.0. */
function fmtG(g) {
  const r = Math.round((Number(g) || 0) * 10) / 10;
  return r === 0 ? '0.0' : (r > 0 ? '+' : '') + r.toFixed(1);
}

const QUADS = {
  1: { name: 'Verbal cooperation', short: 'Verbal coop.' },
  2: { name: 'Material cooperation', short: 'Material coop.' },
  3: { name: 'Verbal conflict', short: 'Verbal conflict' },
  4: { name: 'Material conflict', short: 'Material conflict' },
};

/** Tables scroll sideways inside their own box on narrow screens. */
const scrollBox = (table) => el('div', { class: 'table-scroll' }, table);

/** A small text badge; `kind` picks the colour, the text carries the meaning. */
const badge = (text, kind = '') => el('span', { class: `badge ${kind}`.trim() }, text);

/**
 * Badges for an event: quad class, modality, disputed, conflicting figures.
 * A claim that a source denies or contradicts says so in words, not only
 * in colour, wherever events are listed.
 */
/** A claim its own source denies or negates. */
const deniedClaim = (x) => x.modality === 'denied' || x.modality === 'negated';

function eventBadges(ev) {
  const contested = deniedClaim(ev);
  return el('span', { class: 'badges' },
    QUADS[ev.quad_class] ? badge(QUADS[ev.quad_class].short, `q${ev.quad_class}`) : null,
    ev.modality && ev.modality !== 'asserted' ? badge(ev.modality, contested ? 'warn claim' : 'modality') : null,
    !ev.source || !ev.target ? badge('one-sided', 'modality') : null,
    ev.disputed ? badge('disputed: a source denies it', 'warn claim') : null,
    ev.conflict ? badge('conflicting figures', 'warn') : null);
}

/**
 * "Iran · government (IRNGOV)" — the canonical name the dictionaries give
 * the code (`actor` is the API's {code, name}); the words an article used
 * stay in the evidence of the event's page. A code without a name shows as
 * itself.
 */
function actorLabel(actor, code) {
  const name = actor && actor.name;
  return name && name !== code ? `${name} (${code})` : code || '?';
}

/**
 * "Iran (IRN) → Venezuela (VEN)"; a one-sided event (the API gives a
 * null side) says which side it lacks instead of drawing an arrow to nothing.
 */
function eventActors(ev) {
  if (!ev.target) return `${actorLabel(ev.source_actor, ev.source)} (no recipient)`;
  if (!ev.source) return `unnamed actor → ${actorLabel(ev.target_actor, ev.target)}`;
  return `${actorLabel(ev.source_actor, ev.source)} → ${actorLabel(ev.target_actor, ev.target)}`;
}

/**
 * Text with highlighted ranges: `ranges` are {start, end, kind, …} in UTF-16
 * offsets (so String#slice works). Overlapping ranges are clipped; `mark(r)`
 * builds the element for one range and gets its text appended.
 */
function highlighted(text, ranges, mark) {
  const frag = document.createDocumentFragment();
  const sorted = (ranges || []).filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, pos);
    const end = Math.min(r.end, text.length);
    if (end <= start) continue;
    if (start > pos) frag.append(text.slice(pos, start));
    frag.append(append(mark(r), [text.slice(start, end)]));
    pos = end;
  }
  if (pos < text.length) frag.append(text.slice(pos));
  return frag;
}

const KIND_LABEL = { source: 'source actor', target: 'target actor', verb: 'verb' };
const hlMark = (h) => el('mark', { class: `hl-${h.kind}`, title: KIND_LABEL[h.kind] || h.kind });

/** Legend explaining the highlight styles (they differ by underline too, not only colour). */
const hlLegend = () => el('p', { class: 'hl-legend' }, 'Highlights: ',
  el('mark', { class: 'hl-source' }, 'source actor'), ' ',
  el('mark', { class: 'hl-verb' }, 'verb'), ' ',
  el('mark', { class: 'hl-target' }, 'target actor'));

/** Search snippets mark hits with literal <b>…</b>: split on the markers, never parse HTML. */
function snippetNodes(snippet) {
  const frag = document.createDocumentFragment();
  let inside = false;
  for (const part of String(snippet || '').split(/(<\/?b>)/i)) {
    if (/^<b>$/i.test(part)) inside = true;
    else if (/^<\/b>$/i.test(part)) inside = false;
    else if (part) frag.append(inside ? el('mark', {}, part) : part);
  }
  return frag;
}

/* ------------------------------------------------------------------ */
/* API, loading indicator and messages                                 */
/* ------------------------------------------------------------------ */

let pending = 0;
let routeAbort = new AbortController();

function setLoading(delta) {
  pending = Math.max(0, pending + delta);
  const box = $('#loading');
  box.textContent = pending ? 'Loading…' : '';
  box.classList.toggle('active', pending > 0);
  document.body.setAttribute('aria-busy', pending > 0 ? 'true' : 'false');
}

/** Show (or with '' clear) the error message; the region is role="alert". */
function showError(message) {
  $('#error').textContent = message || '';
  $('#error-box').hidden = !message;
}

/**
 * GET /api/<path>?params — JSON; throws Error(message) on API errors. The
 * request is aborted when the route changes unless `signal` is null.
 */
async function api(path, params = {}, signal = routeAbort.signal) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
  }
  const url = '/api/' + path + (qs.toString() ? '?' + qs : '');
  setLoading(1);
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
    const raw = await res.text();   // an abort rejects here and propagates
    let body = null;
    try { body = JSON.parse(raw); } catch (_) { /* not JSON */ }
    if (!res.ok) throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
    if (!body) throw new Error(`Unexpected response from ${url}`);
    return body;
  } finally {
    setLoading(-1);
  }
}

/** Report an error unless it is the abort of a superseded route. */
function fail(err) {
  if (err && err.name === 'AbortError') return;
  console.error(err);
  showError(err && err.message ? err.message : String(err));
}

// Data that rarely changes is fetched once.
const cache = {};
const cached = (key, load) => (cache[key] = cache[key] || load().catch((e) => { delete cache[key]; throw e; }));

/* ------------------------------------------------------------------ */
/* Router: #/pair/A/B?by=month&period=2020-05, #/network?from=…,        */
/* #/event/ID, #/doc/ID, #/search/QUERY                                */
/* ------------------------------------------------------------------ */

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch (_) { return p; }
  });
  return { name: parts[0] || 'pair', args: parts.slice(1), query: new URLSearchParams(query) };
}

/** Change the URL without re-rendering (view-local state such as a period filter). */
function replaceHash(hash) {
  history.replaceState(null, '', hash);
}

/** A fresh view: clear <main>, set the title, return the heading for focus. */
function startView(title, heading) {
  viewSeq = routeSeq;
  document.title = `${title} — dyad`;
  const main = $('#main');
  const h1 = el('h1', { tabindex: '-1' }, heading || title);
  main.replaceChildren(h1);
  return { main, h1 };
}

let firstRoute = true;
let routeSeq = 0;   // incremented per navigation
let viewSeq = -1;   // the navigation whose view is on screen

async function route() {
  const seq = ++routeSeq;
  routeAbort.abort();
  routeAbort = new AbortController();
  showError('');
  const r = parseHash();
  for (const a of document.querySelectorAll('[data-nav]')) {
    const here = a.dataset.nav === r.name;
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (r.name !== 'search') $('#search-q').value = '';
  const views = { pair: viewPair, explore: viewExplore, network: viewNetwork, map: viewMap, event: viewEvent, doc: viewDoc, search: viewSearch };
  const view = views[r.name];
  // `data-ready` names the view once it is drawn (tests and assistive
  // tools wait for it); it is cleared while a view loads.
  $('#main').removeAttribute('data-ready');
  try {
    if (view) await view(r.args, r.query, routeAbort.signal);
    else startView('Not found').main.append(el('p', {}, 'No such page. ', el('a', { href: '#/' }, 'Go to the start page.')));
  } catch (err) {
    fail(err);
    // Do not leave the previous page on screen under the new URL.
    if (seq === routeSeq && viewSeq !== seq && !(err && err.name === 'AbortError')) {
      startView('Not available').main.append(el('p', {}, 'This page could not be loaded. ', el('a', { href: '#/' }, 'Go to the start page.')));
    }
  }
  if (seq === routeSeq) $('#main').setAttribute('data-ready', r.name);
  // Move focus to the new heading on navigation (not on first load) so screen
  // readers announce the view change.
  if (!firstRoute) { const h = $('#main h1'); if (h) h.focus({ preventScroll: false }); }
  firstRoute = false;
}

/* ------------------------------------------------------------------ */
/* View 1: relationship (pair) view                                     */
/* ------------------------------------------------------------------ */

// Chart state kept so the chart can be redrawn on resize.
let currentChart = null;

async function viewPair(args, query, signal) {
  let [a, b] = args.map((s) => s.toUpperCase());
  const by = ['day', 'month', 'year'].includes(query.get('by')) ? query.get('by') : 'month';
  const dyadsP = cached('dyads', () => api('dyads', { top: 60 }, null));
  if (!a) {
    const { dyads } = await dyadsP;
    if (signal.aborted) return;
    if (!dyads.length) {
      startView('Relationships').main.append(el('p', { class: 'empty' }, 'The store holds no events yet.'));
      return;
    }
    replaceHash(hashOf('pair', dyads[0].source, dyads[0].target));
    [a, b] = [dyads[0].source, dyads[0].target];
  }
  const title = b ? `${a} ↔ ${b}` : `${a} and all partners`;
  const { main } = startView(title, b ? `Relationship ${a} ↔ ${b}` : `Relationships of ${a}`);
  const state = { a, b, by, period: query.get('period') || '' };

  // Pair picker and quick links to the busiest pairs.
  const pickerBox = el('section', { class: 'card picker', 'aria-label': 'Choose a pair' });
  const chartBox = el('section', { class: 'card', 'aria-labelledby': 'tl-h' },
    el('h2', { id: 'tl-h' }, 'Cooperation and conflict over time'));
  const eventsBox = el('section', { class: 'card', 'aria-labelledby': 'ev-h' });
  main.append(pickerBox, chartBox, eventsBox);
  const mapQuery = new URLSearchParams(b ? { a, b } : { a });
  chartBox.after(el('p', {}, el('a', { href: '#/map?' + mapQuery }, 'See where these events happened on the map')));
  dyadsP.then(({ dyads }) => { if (!signal.aborted) renderPicker(pickerBox, dyads, state); }).catch(fail);

  const timeline = await api('timeline', { a, b, by }, signal);
  if (signal.aborted) return;
  // Drawn (and redrawn on selection) by setPeriod below.
  const buckets = [...timeline.buckets].sort((p, q) => (p.period < q.period ? -1 : p.period > q.period ? 1 : 0));
  currentChart = { box: chartBox, buckets, state, onPick: (p) => setPeriod(p) };

  // Events list, optionally filtered to one period (from = to = period).
  const heading = el('h2', { id: 'ev-h', tabindex: '-1' }, 'Events');
  const filterBar = el('p', { class: 'filter-bar' });
  const list = el('ul', { id: 'event-list', class: 'event-list' });
  const more = el('button', { type: 'button', class: 'more', hidden: true }, 'More events');
  eventsBox.replaceChildren(heading, filterBar, list, more);

  let cursor = null;
  let loadSeq = 0;   // a newer load makes older responses stale
  async function load(reset) {
    const seq = ++loadSeq;
    if (reset) { cursor = null; list.replaceChildren(); }
    const params = { limit: 50, cursor };
    if (b) params.pair = `${a},${b}`; else params.actor = a;
    if (state.period) { params.from = state.period; params.to = state.period; }
    const page = await api('events', params, signal);
    if (signal.aborted || seq !== loadSeq) return;
    list.append(...page.events.map(eventItem));
    if (!list.children.length) list.append(el('li', { class: 'empty' }, 'No events match.'));
    cursor = page.next_cursor || null;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => { more.disabled = true; load(false).catch(fail).finally(() => { more.disabled = false; }); });

  function setPeriod(period) {
    state.period = period || '';
    const q = new URLSearchParams();
    if (state.by !== 'month') q.set('by', state.by);
    if (state.period) q.set('period', state.period);
    replaceHash(hashOf('pair', ...[a, b].filter(Boolean)) + (q.toString() ? '?' + q : ''));
    filterBar.replaceChildren();
    if (state.period) {
      append(filterBar, [`Showing events in ${state.period}. `,
        el('button', { type: 'button', class: 'clear-filter', onclick: () => { setPeriod(''); heading.focus(); } }, 'Clear filter')]);
    }
    heading.textContent = state.period ? `Events in ${state.period}` : 'Events';
    renderTimeline(currentChart);
    return load(true).catch(fail);
  }
  await setPeriod(state.period);
}

/** Two actor selects, a grouping select, an apply button and quick links. */
function renderPicker(box, dyads, state) {
  const actors = [...new Set(dyads.flatMap((d) => [d.source, d.target]).concat([state.a, state.b].filter(Boolean)))].sort();
  const select = (id, value, withAny) => el('select', { id, name: id },
    withAny ? el('option', { value: '' }, 'any partner') : null,
    actors.map((c) => el('option', { value: c, selected: c === value }, c)));
  const selA = select('pick-a', state.a, false);
  const selB = select('pick-b', state.b || '', true);
  const selBy = el('select', { id: 'pick-by' },
    ['day', 'month', 'year'].map((v) => el('option', { value: v, selected: v === state.by }, v)));
  const form = el('form', { class: 'picker-form' },
    el('div', { class: 'field' }, el('label', { for: 'pick-a' }, 'Actor A'), selA),
    el('div', { class: 'field' }, el('label', { for: 'pick-b' }, 'Actor B'), selB),
    el('div', { class: 'field' }, el('label', { for: 'pick-by' }, 'Group by'), selBy),
    el('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const parts = ['pair', selA.value, selB.value].filter(Boolean);
    location.hash = hashOf(...parts) + (selBy.value !== 'month' ? `?by=${selBy.value}` : '');
  });
  // Busiest pairs, undirected (IRN→VEN and VEN→IRN are one relationship here).
  const seen = new Set();
  const quick = [];
  for (const d of dyads) {
    const key = [d.source, d.target].sort().join('|');
    if (seen.has(key) || quick.length >= 8) continue;
    seen.add(key);
    quick.push(el('li', {}, el('a', { href: hashOf('pair', d.source, d.target) }, `${d.source} ↔ ${d.target}`)));
  }
  box.replaceChildren(form, el('nav', { class: 'quick', 'aria-label': 'Busiest pairs' },
    el('span', { class: 'muted' }, 'Busiest: '), el('ul', {}, quick)));
}

/** One item of the events list: a link to the event view. */
function eventItem(ev) {
  const date = ev.date || `undated (reported ${ev.first_report || '?'})`;
  const contested = ev.disputed || deniedClaim(ev);
  return el('li', { class: contested ? 'event-item contested' : 'event-item' },
    el('a', { href: hashOf('event', ev.id), class: 'event-link' },
      el('span', { class: 'ev-date' }, date),
      el('span', { class: 'ev-actors' }, eventActors(ev)),
      el('span', { class: 'ev-codes' },
        `${ev.plover || '—'} · CAMEO ${ev.cameo} · Goldstein ${fmtG(ev.goldstein)}`),
      el('span', { class: 'ev-counts muted' },
        `${plural(ev.num_mentions, 'mention')} · ${plural(ev.num_sources, 'source')} · ${plural(ev.num_articles, 'article')}`),
      eventBadges(ev)));
}

/* ------------------------------------------------------------------ */
/* View: explore (#/explore?actor=IRN&partner=VEN&from=2020&plover=AID  */
/* &quad=2&modality=denied&min_sources=2&min_confidence=0.5             */
/* &disputed=true&top=12&min_events=1): filters kept in the URL, summary  */
/* tiles, export, the event list and an adjacency matrix of one set.   */
/* ------------------------------------------------------------------ */

const PLOVER = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];
const MODALITIES = ['asserted', 'reported', 'denied', 'negated', 'planned', 'threatened', 'hypothetical', 'generic'];
/** The URL's filter fields, in form order: [key, label, kind, extra]. */
const FILTERS = [
  ['actor', 'Actor', 'actor'],
  ['partner', 'Partner', 'actor'],
  ['from', 'From', 'date'],
  ['to', 'To', 'date'],
  ['plover', 'PLOVER category', 'select', PLOVER.map((p) => [p, p])],
  ['quad', 'Quad class', 'select', Object.entries(QUADS).map(([k, q]) => [k, `${k} · ${q.name}`])],
  ['modality', 'Modality', 'select', MODALITIES.map((m) => [m, m])],
  ['min_sources', 'Min. sources', 'number', { min: 1, max: 10000, step: 1 }],
  ['min_confidence', 'Min. confidence', 'number', { min: 0, max: 1, step: 0.05 }],
  ['disputed', 'Disputed only', 'check'],
];
const NET_FIELDS = [['top', 'Actors shown', { min: 2, max: 40, step: 1 }, '12'], ['min_events', 'Min. events per cell', { min: 1, max: 100000, step: 1 }, '1']];

/** The API parameters of the explore view's filters. */
function exploreParams(f) {
  const p = {};
  const actor = (f.actor || '').toUpperCase();
  const partner = (f.partner || '').toUpperCase();
  if (actor && partner) p.pair = `${actor},${partner}`; else if (actor || partner) p.actor = actor || partner;
  for (const k of ['from', 'to', 'plover', 'quad', 'modality', 'min_sources', 'min_confidence']) if (f[k]) p[k] = f[k];
  if (f.disputed === 'true') p.disputed = 'true';
  return p;
}

/** Suggestions under an actor field: codes with their canonical names. */
function attachSuggestions(input, box) {
  let seq = 0;
  input.setAttribute('aria-controls', box.id);
  input.setAttribute('aria-autocomplete', 'list');
  input.addEventListener('input', async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2) { box.replaceChildren(); return; }
    try {
      const { actors } = await api('actors', { q, limit: 8 }, null);
      if (mine !== seq) return;
      box.replaceChildren(...actors.map((a) => el('li', {},
        el('button', { type: 'button', class: 'suggestion', 'data-code': a.code,
          onclick: () => { input.value = a.code; box.replaceChildren(); input.focus(); } },
        `${a.name} (${a.code})`))));
      box.setAttribute('aria-label', `${plural(actors.length, 'suggestion')} for ${input.labels[0].textContent}`);
    } catch (err) { fail(err); }
  });
}

/** The filter form's fields, every control labelled, in reading order. */
function filterFields(f) {
  return FILTERS.map(([k, label, kind, extra]) => {
    const id = `f-${k}`;
    if (kind === 'select') {
      return el('div', { class: 'field' }, el('label', { for: id }, label),
        el('select', { id, name: k }, el('option', { value: '' }, 'any'),
          extra.map(([v, text]) => el('option', { value: v, selected: f[k] === v }, text))));
    }
    if (kind === 'check') {
      return el('div', { class: 'field check' },
        el('input', { id, name: k, type: 'checkbox', checked: f[k] === 'true' }), el('label', { for: id }, label));
    }
    if (kind === 'actor') {
      const box = el('ul', { id: `${id}-suggestions`, class: 'suggestions', role: 'list' });
      const input = el('input', { id, name: k, type: 'search', value: f[k], autocomplete: 'off', spellcheck: 'false',
        placeholder: 'name or code: Iran, IRN' });
      attachSuggestions(input, box);
      return el('div', { class: 'field actor-field' }, el('label', { for: id }, label), input, box);
    }
    const attrs = kind === 'date' ? { placeholder: 'YYYY or YYYY-MM', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?', inputmode: 'numeric' }
      : { type: 'number', ...extra };
    return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, name: k, value: f[k], ...attrs }));
  });
}

/** The filters as the form holds them, for the URL. */
function filterQuery() {
  const q = new URLSearchParams();
  for (const [k, , kind] of FILTERS) {
    const input = $(`#f-${k}`);
    const v = kind === 'check' ? (input.checked ? 'true' : '') : input.value.trim();
    if (v) q.set(k, kind === 'actor' ? v.toUpperCase() : v);
  }
  return q;
}

async function viewExplore(args, query, signal) {
  const f = {};
  for (const [k] of FILTERS.concat(NET_FIELDS)) f[k] = (query.get(k) || '').trim();
  const params = exploreParams(f);
  const { main } = startView('Explore', 'Explore events');

  const form = el('form', { class: 'picker-form card filters', 'aria-label': 'Filters' }, filterFields(f),
    el('button', { type: 'submit', id: 'f-apply' }, 'Apply filters'),
    el('a', { href: '#/explore', class: 'reset' }, 'Reset'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = filterQuery();
    for (const [k, , , def] of NET_FIELDS) if (f[k] && f[k] !== def) q.set(k, f[k]);
    location.hash = '#/explore' + (q.toString() ? '?' + q : '');
  });

  const tiles = el('section', { class: 'tiles', 'aria-label': 'Summary of the events shown' });
  const exportBox = el('p', { class: 'export card' }, 'Export these events: ',
    ['csv', 'jsonl', 'gdelt'].map((fmt) => el('a', {
      href: '/api/export?' + new URLSearchParams({ ...params, format: fmt }), download: '', class: 'export-link', 'data-format': fmt,
    }, fmt === 'gdelt' ? 'GDELT TSV' : fmt.toUpperCase())));
  const listBox = el('section', { class: 'card', 'aria-labelledby': 'x-ev-h' });
  const netBox = el('section', { class: 'card', 'aria-labelledby': 'x-net-h' });
  main.append(form, tiles, exportBox, listBox, netBox);

  const [summary, page, net] = await Promise.all([
    api('summary', params, signal),
    api('events', { ...params, limit: 50 }, signal),
    api('network', { ...params, limit: 500, min_events: f.min_events || 1 }, signal),
  ]);
  if (signal.aborted) return;
  const tile = (key, value, label) => el('div', { class: 'tile' },
    el('span', { class: 'tile-n', 'data-tile': key }, value), el('span', { class: 'tile-l' }, label));
  tiles.replaceChildren(
    tile('events', fmtInt(summary.events), 'events'),
    tile('sources', summary.sources == null ? '—' : fmtInt(summary.sources), 'sources'),
    tile('articles', summary.articles == null ? '—' : fmtInt(summary.articles), 'articles'),
    tile('conflicts', fmtInt(summary.conflicts), 'conflicts'),
    tile('first', summary.first_report || '—', 'first report'),
    tile('last', summary.last_report || '—', 'last report'));
  if (summary.truncated) tiles.append(el('p', { class: 'muted' }, 'Counted over the first 100,000 events: narrow the filters.'));
  if (summary.coverage === false) tiles.append(el('p', { class: 'muted' }, 'Sources, articles and reports are counted for views of at most 500 events: narrow the filters.'));

  const list = el('ul', { id: 'event-list', class: 'event-list' }, page.events.map(eventItem));
  if (!page.events.length) list.append(el('li', { class: 'empty' }, 'No events match these filters.'));
  const more = el('button', { type: 'button', class: 'more', hidden: !page.next_cursor }, 'More events');
  let cursor = page.next_cursor;
  more.addEventListener('click', () => {
    more.disabled = true;
    api('events', { ...params, limit: 50, cursor }, signal).then((next) => {
      list.append(...next.events.map(eventItem));
      cursor = next.next_cursor;
      more.hidden = !cursor;
    }).catch(fail).finally(() => { more.disabled = false; });
  });
  listBox.replaceChildren(el('h2', { id: 'x-ev-h' }, `Events (${fmtInt(summary.events)})`), list, more);
  renderMatrix(netBox, net, f);
}

/**
 * The network of the filtered events as an adjacency matrix: the `top`
 * busiest actors as rows (source) and columns (target), each cell the
 * events from row to column (at least `min_events`), shaded by net
 * Goldstein, and a link to the pair. A table: readable at any size,
 * and by a screen reader.
 */
function renderMatrix(box, net, f) {
  const top = Math.max(2, Math.min(40, Number(f.top) || 12));
  const actors = net.nodes.slice(0, top);
  const ids = new Set(actors.map((n) => n.id));
  const cell = new Map(net.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => [`${e.source}|${e.target}`, e]));
  const controls = el('form', { class: 'picker-form matrix-form', 'aria-label': 'Matrix size' },
    NET_FIELDS.map(([k, label, attrs, def]) => el('div', { class: 'field' }, el('label', { for: `f-${k}` }, label),
      el('input', { id: `f-${k}`, name: k, type: 'number', value: f[k] || def, ...attrs }))),
    el('button', { type: 'submit' }, 'Redraw'));
  controls.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(parseHash().query);
    for (const [k, , , def] of NET_FIELDS) {
      const v = $(`#f-${k}`).value.trim();
      if (v && v !== def) q.set(k, v); else q.delete(k);
    }
    location.hash = '#/explore' + (q.toString() ? '?' + q : '');
  });
  const head = [el('h2', { id: 'x-net-h' }, 'Who acts on whom'), controls];
  if (!cell.size) { box.replaceChildren(...head, el('p', { class: 'empty' }, 'No pair of actors in these events.')); return; }
  const maxN = Math.max(1, ...[...cell.values()].map((e) => e.events));
  const name = (n) => (n.name ? `${n.name} (${n.id})` : n.id);
  const table = el('table', { class: 'data matrix' },
    el('caption', {}, `Events from the actor of a row (source) to the actor of a column (target), ${actors.length} busiest actors; `,
      'green: net cooperative, orange: net conflictual, darker: more events.'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'source ↓ target →'),
      actors.map((n) => el('th', { scope: 'col', title: name(n) }, n.id)))),
    el('tbody', {}, actors.map((r) => el('tr', {},
      el('th', { scope: 'row', title: name(r) }, name(r)),
      actors.map((c) => {
        const e = cell.get(`${r.id}|${c.id}`);
        if (!e) return el('td', { class: 'm-empty' }, r.id === c.id ? '·' : '');
        const k = e.goldstein > 0 ? 'pos' : e.goldstein < 0 ? 'neg' : 'zero';
        const level = Math.ceil((4 * e.events) / maxN);
        const label = `${r.id} to ${c.id}: ${plural(e.events, 'event')}, net Goldstein ${fmtG(e.goldstein)}`;
        return el('td', { class: `m-cell ${k} l${level}` },
          el('a', { href: hashOf('pair', r.id, c.id), title: label, 'aria-label': label }, fmtInt(e.events)));
      })))));
  box.replaceChildren(...head, scrollBox(table));
}

/* ------------------------------------------------------------------ */
/* View 2: network                                                      */
/* ------------------------------------------------------------------ */

/**
 * The network of the events the filters of Explore select (the same
 * fields, kept in the URL), drawn as the busiest `limit` directed pairs
 * with at least `min_events` events each.
 */
async function viewNetwork(args, query, signal) {
  const f = {};
  for (const [k] of FILTERS) f[k] = (query.get(k) || '').trim();
  const shape = { limit: query.get('limit') || '60', min_events: query.get('min_events') || '1' };
  const params = { ...exploreParams(f), ...shape };
  const { main } = startView('Network', 'Network of actors');
  const input = (id, label, value, attrs) => el('div', { class: 'field' },
    el('label', { for: id }, label), el('input', { id, name: id, value, ...attrs }));
  const form = el('form', { class: 'picker-form card filters', 'aria-label': 'Filters' }, filterFields(f),
    input('net-limit', 'Max. edges', shape.limit, { type: 'number', min: 1, max: 500 }),
    input('net-min', 'Min. events per edge', shape.min_events, { type: 'number', min: 1 }),
    el('button', { type: 'submit', id: 'f-apply' }, 'Apply filters'),
    el('a', { href: '#/network', class: 'reset' }, 'Reset'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = filterQuery();
    for (const [k, id, def] of [['limit', 'net-limit', '60'], ['min_events', 'net-min', '1']]) {
      const v = $('#' + id).value.trim();
      if (v && v !== def) q.set(k, v);
    }
    location.hash = '#/network' + (q.toString() ? '?' + q : '');
  });
  const chartBox = el('section', { class: 'card', 'aria-labelledby': 'net-h' },
    el('h2', { id: 'net-h' }, 'Who acts on whom'));
  main.append(form, chartBox);
  const net = await api('network', params, signal);
  if (signal.aborted) return;
  if (!net.nodes.length) { chartBox.append(el('p', { class: 'empty' }, 'No events match these filters.')); return; }
  const chart = networkChart(net);
  const left = Number(chart.dataset.left) || 0;
  const explore = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  chartBox.append(
    el('p', {}, el('a', { href: '#/explore' + (explore.toString() ? '?' + explore : ''), class: 'to-explore' },
      'The same events as a list and an adjacency matrix')),
    el('p', { class: 'muted' }, 'Actors are grouped by region around the circle; circle size: events involving the actor. ',
      'Arrows point from source to target, bundled by region; solid green = net cooperative, dashed red = net conflictual, grey = neutral. ',
      'Point at an actor to see only its edges; select an actor or an arrow to open the relationship.'),
    el('div', { class: 'chart-wrap' }, chart),
    net.truncated ? el('p', { class: 'muted' }, 'Counted over the first 100,000 matching events: narrow the filters.') : '',
    left > 0 ? el('p', { class: 'muted', id: 'net-left' }, `${plural(left, 'quieter actor')} left off the drawing (they are in the table): raise “Min. events per edge” or lower “Max. edges” to see them.`) : '',
    el('details', {}, el('summary', {}, 'Network as a table'), networkTable(net)));
}

/** Directed edges as an accessible table with links. */
function networkTable(net) {
  return scrollBox(el('table', { class: 'data' },
    el('caption', {}, `${plural(net.edges.length, 'directed pair')}, busiest first`),
    el('thead', {}, el('tr', {}, ['Source → target', 'Events', 'Net Goldstein'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, net.edges.map((e) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: hashOf('pair', e.source, e.target) }, `${e.source} → ${e.target}`)),
      el('td', { class: 'num' }, fmtInt(e.events)),
      el('td', { class: 'num' }, `${fmtG(e.goldstein)} (${e.goldstein > 0 ? 'cooperative' : e.goldstein < 0 ? 'conflictual' : 'neutral'})`))))));
}

/* ------------------------------------------------------------------ */
/* View: map of located events (#/map?a=IRN&b=VEN&from=2020&to=2021)    */
/* ------------------------------------------------------------------ */

const MAP_W = 960;
const MAP_H = 480;
/** Equirectangular projection onto the map's viewBox. */
const project = (lon, lat) => [((Number(lon) + 180) / 360) * MAP_W, ((90 - Number(lat)) / 180) * MAP_H];

/** The land outline as one SVG path: TopoJSON arcs, delta-decoded. */
function landPath(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const parts = [];
  for (const arc of topo.arcs) {
    let x = 0;
    let y = 0;
    let last = null;
    let d = '';
    for (const [dx, dy] of arc) {
      x += dx;
      y += dy;
      const [px, py] = project(x * sx + tx, y * sy + ty);
      // A step across the antimeridian (or along the map's edge) starts a new
      // line instead of a stroke across the whole map.
      const jump = !last || Math.abs(px - last[0]) > MAP_W / 2 || (Math.abs(py - last[1]) < 0.01 && Math.abs(px - last[0]) > MAP_W / 8);
      d += `${jump ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
      last = [px, py];
    }
    parts.push(d);
  }
  return parts.join('');
}

async function viewMap(args, query, signal) {
  const a = (query.get('a') || '').toUpperCase();
  const b = (query.get('b') || '').toUpperCase();
  const title = a && b ? `Map: ${a} ↔ ${b}` : a ? `Map: ${a}` : 'Map';
  const { main } = startView(title, a && b ? `Where ${a} and ${b} met` : a ? `Where ${a} acted` : 'Where events happened');
  const params = { located: true, limit: 500, from: query.get('from') || '', to: query.get('to') || '' };
  if (a && b) params.pair = `${a},${b}`; else if (a) params.actor = a;
  const [topo, page] = await Promise.all([
    cached('land', () => fetch('/land-110m.json').then((r) => r.json())),
    api('events', params, signal),
  ]);
  if (signal.aborted) return;
  const box = el('section', { class: 'card', 'aria-labelledby': 'map-h' }, el('h2', { id: 'map-h' }, 'Events by place'));
  main.append(box);
  const root = svg('svg', { viewBox: `0 0 ${MAP_W} ${MAP_H}`, class: 'map', role: 'img',
    'aria-label': `World map with ${plural(page.events.length, 'located event')}` });
  root.append(svg('rect', { class: 'map-sea', x: 0, y: 0, width: MAP_W, height: MAP_H }),
    svg('path', { class: 'map-land', d: landPath(topo) }));
  // Big circles first, so that small ones stay clickable on top.
  const located = page.events.filter((ev) => ev.location && Number.isFinite(ev.location.lat) && Number.isFinite(ev.location.lon));
  located.sort((p, q) => q.num_mentions - p.num_mentions);
  for (const ev of located) {
    const [x, y] = project(ev.location.lon, ev.location.lat);
    const r = 3 + 2 * Math.sqrt(Math.max(1, ev.num_mentions));
    const country = ev.location.feature === 'country';
    const doubt = ev.location.conflict;
    const link = svg('a', { href: hashOf('event', ev.id), class: 'map-link' },
      svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1),
        class: `map-point q${ev.quad_class}${country ? ' map-centroid' : ''}${doubt ? ' map-doubt' : ''}` }),
      svg('title', {}, `${eventActors(ev)} · CAMEO ${ev.cameo} · ${ev.date || 'undated'} · ${ev.location.name}` +
        (country ? ' (country)' : '') + ` · ${plural(ev.num_mentions, 'mention')}` + (doubt ? ` · place in doubt: ${doubt}` : '') +
        (ev.disputed ? ' · disputed: a source denies it' : '') + (deniedClaim(ev) ? ` · ${ev.modality}: the source says it did not happen` : '')));
    root.append(link);
  }
  box.append(
    el('p', { class: 'muted' }, 'Circle size: mentions. Colour: quad class (green cooperation, orange conflict; ',
      'pale verbal, dark material). A dashed ring is an event placed only at its country\'s centre; a thick dark-red ring, ',
      'a place in doubt (the name also means a place elsewhere, or the dateline says another country). Select a circle to open the event.'),
    el('div', { class: 'chart-wrap' }, root),
    el('p', {}, `${plural(located.length, 'event')} with a place` +
      (page.next_cursor ? ' (the first 500; narrow the period to see others).' : '.')));
}

/* ------------------------------------------------------------------ */
/* View 3: event                                                        */
/* ------------------------------------------------------------------ */

async function viewEvent(args, query, signal) {
  const id = String(args[0] || '');
  const { event: ev, mentions } = await api('events/' + encodeURIComponent(id), {}, signal);
  if (signal.aborted) return;
  const { main } = startView(`Event ${ev.id}`, eventActors(ev));
  const q = QUADS[ev.quad_class];
  const dl = (rows) => el('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));

  main.append(el('section', { class: 'card', 'aria-label': 'Fused event' },
    el('p', {}, eventBadges(ev)),
    dl([
      ['Event id', el('code', {}, ev.id)],
      ['Source', ev.source ? `${actorLabel(ev.source_actor, ev.source)} · country ${ev.source_country || '?'}` +
        (ev.source_name ? ` · written “${ev.source_name}”` : '') : 'none named'],
      ['Target', ev.target ? `${actorLabel(ev.target_actor, ev.target)} · country ${ev.target_country || '?'}` +
        (ev.target_name ? ` · written “${ev.target_name}”` : '')
        : 'none: a one-sided event (PLOVER makes the recipient optional)'],
      ['Action', `CAMEO ${ev.cameo} (root ${ev.cameo_root}) · PLOVER ${ev.plover || '—'}`],
      ['Quad class', q ? `${ev.quad_class} · ${q.name}` : String(ev.quad_class)],
      ['Goldstein', fmtG(ev.goldstein)],
      ['Date', `${ev.date || 'undated'} (precision: ${ev.date_precision || 'unknown'})`],
      ['Reported', `${ev.first_report || '?'} to ${ev.last_report || '?'}`],
      ['Modality', ev.modality || '—'],
      ev.location ? ['Place', placeCell(ev.location, mentions)] : null,
      ev.avg_tone != null ? ['Tone', `${fmtG(ev.avg_tone)} (dyad's document tone: positive minus negative word share, × 100)`] : null,
      ['Support', `${plural(ev.num_mentions, 'mention')} · ${plural(ev.num_sources, 'source')} · ${plural(ev.num_articles, 'article')}`],
      ev.source_url ? ['First source', extLink(ev.source_url)] : null,
      ev.source_country && ev.target_country
        ? ['Relationship', el('a', { href: hashOf('pair', ev.source_country, ev.target_country) },
          `${ev.source_country} ↔ ${ev.target_country} over time`)]
        // A one-sided event is in its actor's timeline, not in a pair's.
        : ev.source_country || ev.target_country
          ? ['Timeline', el('a', { href: hashOf('pair', ev.source_country || ev.target_country) },
            `${ev.source_country || ev.target_country} over time`)] : null,
    ])));

  // Figures name documents by external id; mentions tell us the internal ids.
  const docIds = new Map(mentions.map((m) => [m.document && m.document.ext_id, m.document && m.document.id]));
  if (ev.quantities && ev.quantities.length) {
    main.append(el('section', { class: 'card', 'aria-labelledby': 'fig-h' },
      el('h2', { id: 'fig-h' }, 'Figures by source'), ev.quantities.map((qty) => quantityTable(qty, docIds))));
  }

  main.append(el('section', { class: 'card', 'aria-labelledby': 'men-h' },
    el('h2', { id: 'men-h' }, `Evidence: ${plural(mentions.length, 'mention')}`),
    hlLegend(),
    el('ol', { class: 'evidence mentions' }, mentions.map(mentionItem))));
}

/** A place as text: `Caracas, VEN (city, from the sentence)`. */
const placeText = (l) => `${l.name}${l.country ? ', ' + l.country : ''} (${l.feature}, from the ${l.basis})`;

/**
 * An event's place, flagged when it is in doubt (the name also means a
 * place elsewhere, or the dateline says another country) and when its
 * sources place it differently: each source's place is listed then.
 */
function placeCell(loc, mentions) {
  const where = new Map();
  for (const m of mentions) {
    if (!m.location) continue;
    const k = `${m.location.name}|${m.location.country}`;
    if (!where.has(k)) where.set(k, { loc: m.location, sources: new Set() });
    where.get(k).sources.add((m.document && m.document.source) || 'unknown source');
  }
  const differ = where.size > 1;
  return el('span', { class: 'place' }, placeText(loc),
    loc.conflict ? [' ', badge('place in doubt', 'warn'), el('span', { class: 'muted place-doubt' }, ` ${loc.conflict}`)] : null,
    differ ? [' ', badge('sources place it differently', 'warn'),
      el('ul', { class: 'place-sources' }, [...where.values()].map((w) => el('li', {},
        `${placeText(w.loc)}: ${[...w.sources].join(', ')}`,
        w.loc.conflict ? el('span', { class: 'muted' }, ` (in doubt: ${w.loc.conflict})`) : null)))] : null);
}

/** One table per unit; figures that disagree with the fused value are flagged. */
function quantityTable(qty, docIds) {
  const figures = qty.figures || [];
  return scrollBox(el('table', { class: `data figures${qty.conflict ? ' conflict' : ''}` },
    el('caption', {}, `${qty.unit}: fused value ${fmtInt(qty.value)}`,
      qty.conflict ? [' ', badge('conflicting figures', 'warn')] : null),
    el('thead', {}, el('tr', {}, ['Source', 'Value', 'As written', 'Document', 'Agreement'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, figures.map((f) => {
      const differs = Number(f.value) !== Number(qty.value);
      return el('tr', { class: differs ? 'differs' : null },
        el('th', { scope: 'row' }, f.source || '—'),
        el('td', { class: 'num' }, fmtInt(f.value)),
        el('td', {}, f.text || ''),
        el('td', {}, docIds.get(f.doc_id) ? el('a', { href: hashOf('doc', docIds.get(f.doc_id)) }, f.doc_id) : f.doc_id || ''),
        el('td', {}, differs ? '≠ differs from fused value' : '= agrees'));
    }))));
}

/** One mention: where it was read, the highlighted sentence and the coder's evidence. */
function mentionItem(m) {
  const doc = m.document || {};
  const ev = m.evidence || {};
  const text = m.sentence_raw || m.text || '';
  return el('li', { class: 'mention' },
    el('p', { class: 'mention-doc' },
      el('a', { href: hashOf('doc', doc.id) }, doc.title || doc.ext_id || `Document ${doc.id}`),
      el('span', { class: 'muted' }, ` · ${doc.source || 'unknown source'} · ${doc.date || 'undated'} · sentence ${m.sentence}`)),
    el('blockquote', { class: 'sentence' }, highlighted(text, m.highlights, hlMark)),
    el('p', { class: 'mention-codes' },
      deniedClaim(m) ? [badge(`${m.modality}: this source says it did not happen`, 'warn claim'), ' '] : null,
      `CAMEO ${m.cameo} · PLOVER ${m.plover || '—'} · modality ${m.modality || '?'} · date ${m.date || 'unknown'} (${m.date_basis || '?'})`,
      m.location ? ` · place ${placeText(m.location)}` : '',
      m.location && m.location.conflict ? [' ', badge(`place in doubt: ${m.location.conflict}`, 'warn')] : null,
      (m.quantities || []).map((q) => badge(`${q.text || q.value} = ${fmtInt(q.value)} ${q.unit}`, 'qty'))),
    el('dl', { class: 'coding', 'aria-label': 'How it was coded' }, [
      ['verb', ev.verb], ['pattern', ev.pattern && el('code', {}, ev.pattern)], ['from', ev.pattern_origin],
      ['source by', ev.source_rule], ['target by', ev.target_rule],
      ['attribution', ev.attribution], ['modality cue', ev.modality_cue], ['date words', ev.date_text],
    ].filter(([, v]) => v).map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v)))));
}

/* ------------------------------------------------------------------ */
/* View 4: document                                                     */
/* ------------------------------------------------------------------ */

async function viewDoc(args, query, signal) {
  const id = String(args[0] || '');
  const { document: doc, mentions, duplicates } = await api('documents/' + encodeURIComponent(id), {}, signal);
  if (signal.aborted) return;
  const { main } = startView(doc.title || `Document ${doc.id}`);
  main.append(el('section', { class: 'card', 'aria-label': 'Document details' },
    el('dl', { class: 'facts' }, [
      ['Source', doc.source || '—'], ['Date', doc.date || 'undated'], doc.dateline ? ['Dateline', doc.dateline] : null, ['Document id', `${doc.id} (${doc.ext_id || '—'})`],
      ['Original', doc.url ? extLink(doc.url) : '—'], ['Event mentions', fmtInt(mentions.length)],
    ].filter(Boolean).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))));

  const textBox = el('div', { class: 'doc-text' }, docText(doc.text || '', mentions));
  // Clicking a highlighted sentence opens its event (keyboard users have the code links).
  textBox.addEventListener('click', (e) => {
    const target = e.target.closest('[data-event]');
    if (target && !e.target.closest('a')) location.hash = hashOf('event', target.dataset.event);
  });
  main.append(el('section', { class: 'card', 'aria-labelledby': 'text-h' },
    el('h2', { id: 'text-h' }, 'Article'), hlLegend(), textBox));

  main.append(el('section', { class: 'card', 'aria-labelledby': 'dup-h' },
    el('h2', { id: 'dup-h' }, 'Near-duplicates'),
    duplicates.length
      ? el('ul', { class: 'doc-list' }, duplicates.map((d) => el('li', {},
        el('a', { href: hashOf('doc', d.id) }, d.title || d.ext_id || `Document ${d.id}`),
        el('span', { class: 'muted' }, ` · ${d.source || 'unknown source'} · ${d.date || 'undated'}`))))
      : el('p', { class: 'muted' }, 'No near-duplicates of this article.')));
}

/**
 * The article text with coded sentences wrapped in spans (clickable, tinted),
 * the actors and verb marked inside, and after each sentence a link per event.
 * Overlapping mention spans are merged into one group.
 */
function docText(text, mentions) {
  const groups = [];
  for (const m of [...mentions].sort((x, y) => x.start - y.start)) {
    const last = groups[groups.length - 1];
    if (last && m.start < last.end) { last.end = Math.max(last.end, m.end); last.mentions.push(m); }
    else groups.push({ start: m.start, end: m.end, mentions: [m] });
  }
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const g of groups) {
    const start = Math.max(g.start, pos);
    if (start >= g.end) continue;
    if (start > pos) frag.append(text.slice(pos, start));
    // Highlights of all mentions in the group, shifted into the group's slice.
    const hls = g.mentions.flatMap((m) => (m.highlights || []).map((h) => ({
      ...h, start: h.start - start, end: h.end - start, event: m.event_id,
    })));
    const first = g.mentions[0];
    const span = el('span', { class: 'coded', 'data-event': first.event_id, title: 'Open the coded event' },
      highlighted(text.slice(start, g.end), hls, (h) => {
        const mk = hlMark(h);
        mk.dataset.event = h.event;
        return mk;
      }));
    // A denied or negated claim says so on its chip, in words.
    frag.append(span, ' ', ...g.mentions.map((m) => el('a', {
      href: hashOf('event', m.event_id), class: deniedClaim(m) ? 'code-chip denied' : 'code-chip',
      'aria-label': `Event: CAMEO ${m.cameo}, ${m.plover || 'no PLOVER'}${deniedClaim(m) ? `, ${m.modality} by this source` : ''}`,
    }, `${m.cameo} ${m.plover || ''}${deniedClaim(m) ? ` · ${m.modality}` : ''}`.trim())));
    pos = g.end;
  }
  if (pos < text.length) frag.append(text.slice(pos));
  return frag;
}

/* ------------------------------------------------------------------ */
/* View 5: search results                                               */
/* ------------------------------------------------------------------ */

async function viewSearch(args, query, signal) {
  const q = args.join('/');
  $('#search-q').value = q;
  const { main } = startView(`Search: ${q}`, `Articles matching “${q}”`);
  if (!q.trim()) return;
  const { documents } = await api('search', { q, limit: 50 }, signal);
  if (signal.aborted) return;
  main.append(el('p', { class: 'muted' }, plural(documents.length, 'article') + ' found.'),
    el('ol', { class: 'doc-list search-results' }, documents.map((d) => el('li', {},
      el('a', { href: hashOf('doc', d.id) }, d.title || d.ext_id || `Document ${d.id}`),
      el('span', { class: 'muted' }, ` · ${d.source || 'unknown source'} · ${d.date || 'undated'}`),
      el('p', { class: 'snippet' }, snippetNodes(d.snippet))))));
}

/* ------------------------------------------------------------------ */
/* Charts                                                               */
/* ------------------------------------------------------------------ */

/** "Nice" tick values covering [lo, hi] (about `count` of them). */
function ticks(lo, hi, count = 4) {
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** SVG hatch patterns: verbal classes are striped, material classes solid. */
function chartDefs() {
  const hatch = (id, bg, fg, angle) => svg('pattern', {
    id, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: `rotate(${angle})`,
  }, svg('rect', { width: 6, height: 6, fill: bg }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: fg, 'stroke-width': 3 }));
  return svg('defs', {}, hatch('pat-q1', '#d5eedd', '#2f8f57', 45), hatch('pat-q3', '#fde2c4', '#d9792b', -45));
}

/** Insert empty buckets for months/years without events (days are left sparse). */
function fillPeriods(buckets, by) {
  const key = by === 'year' ? /^(\d{4})$/ : by === 'month' ? /^(\d{4})-(\d{2})$/ : null;
  if (!key || !buckets.every((b) => key.test(b.period))) return buckets;
  const index = (p) => { const [, y, mo] = p.match(key); return Number(y) * 12 + (mo ? Number(mo) - 1 : 0); };
  const step = by === 'year' ? 12 : 1;
  const first = index(buckets[0].period);
  const last = index(buckets[buckets.length - 1].period);
  if ((last - first) / step > 600) return buckets;
  const have = new Map(buckets.map((b) => [b.period, b]));
  const out = [];
  for (let i = first; i <= last; i += step) {
    const y = Math.floor(i / 12);
    const p = by === 'year' ? String(y) : `${y}-${String((i % 12) + 1).padStart(2, '0')}`;
    out.push(have.get(p) || { period: p, quad: [0, 0, 0, 0], events: 0, goldstein: 0, empty: true });
  }
  return out;
}

/**
 * Timeline: one column per period; cooperation (quad 1, 2) stacks up from
 * the zero line, conflict (3, 4) down; the Goldstein sum is a line on the
 * right axis sharing the zero line. Each column is a focusable button.
 */
function renderTimeline(chart) {
  if (!chart) return;
  const { box, buckets, state, onPick } = chart;
  const oldWrap = box.querySelector('.chart-area .chart-wrap');
  // Redraws keep the reader's place (or stay at the end if they were there).
  const atEnd = !oldWrap || oldWrap.scrollLeft + oldWrap.clientWidth >= oldWrap.scrollWidth - 2;
  const keepScroll = atEnd ? null : oldWrap.scrollLeft;
  box.querySelectorAll('.chart-area').forEach((n) => n.remove());
  const area = el('div', { class: 'chart-area' });
  box.append(area);
  if (!buckets.length) { area.append(el('p', { class: 'empty' }, 'No dated events for this selection.')); return; }

  const legend = el('ul', { class: 'legend', 'aria-label': 'Legend' },
    [1, 2, 3, 4].map((k) => el('li', {}, el('span', { class: `swatch q${k}` }), `${QUADS[k].name} (${k})`)),
    el('li', {}, el('span', { class: 'swatch line' }), 'Goldstein sum (right axis)'));
  const wrap = el('div', { class: 'chart-wrap' });
  area.append(legend, el('p', { class: 'muted small' },
    'Cooperation stacks above the zero line, conflict below. Select a column to list its events.'), wrap);

  // Months and years without events get empty columns, so the axis is true to time.
  const cols = fillPeriods(buckets, state.by);
  const n = cols.length;
  const avail = Math.max(280, wrap.clientWidth || 800);
  const narrow = avail < 560;
  const m = { l: 40, r: 48, t: 28, b: 38 };
  const band = Math.max(narrow ? 10 : 12, (avail - m.l - m.r) / n);
  const W = m.l + m.r + band * n;
  const H = narrow ? 240 : 300;
  const coop = (q) => q[0] + q[1];
  const conf = (q) => q[2] + q[3];
  const up = Math.max(1, ...buckets.map((b) => coop(b.quad)));
  const down = Math.max(0, ...buckets.map((b) => conf(b.quad)));
  const gUp = Math.max(0, ...buckets.map((b) => b.goldstein));
  const gDown = Math.max(0, ...buckets.map((b) => -b.goldstein));
  // Counts and Goldstein are normalised to their own maxima, then share one zero line.
  const cMax = Math.max(up, down, 1);
  const gMax = Math.max(gUp, gDown, 1);
  const top = Math.max(up / cMax, gUp / gMax);
  const bottom = Math.max(down / cMax, gDown / gMax, 0.08);
  const scale = (H - m.t - m.b) / (top + bottom);
  const zero = m.t + top * scale;
  const yC = (c) => zero - (c / cMax) * scale;
  const yG = (g) => zero - (g / gMax) * scale;
  const x = (i) => m.l + i * band;

  const total = buckets.reduce((s, b) => s + b.events, 0);
  if (W > avail + 1) {
    area.insertBefore(el('p', { class: 'muted small' }, 'The chart is wider than the window: scroll it sideways for earlier periods.'), wrap);
  }
  const root = svg('svg', {
    class: 'timeline', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'group',
    'aria-label': `Timeline by ${state.by} from ${cols[0].period} to ${cols[n - 1].period}: ` +
      `${plural(total, 'event')} in ${plural(buckets.length, 'period')}. A data table follows.`,
  }, chartDefs());

  // Axes: left = event counts (absolute, conflict below zero), right = Goldstein.
  const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' });
  for (const t of ticks(-down, up)) {
    if (t !== Math.round(t)) continue;
    axis.append(svg('line', { x1: m.l, x2: W - m.r, y1: yC(t), y2: yC(t), class: t === 0 ? 'zero' : 'grid' }),
      svg('text', { x: m.l - 6, y: yC(t) + 4, 'text-anchor': 'end' }, String(Math.abs(t))));
  }
  for (const t of ticks(-gDown, gUp, 5)) {
    axis.append(svg('text', { x: W - m.r + 6, y: yG(t) + 4, class: 'g-tick' }, fmtG(t).replace('.0', '')));
  }
  axis.append(svg('text', { x: 2, y: 12, class: 'axis-title' }, 'events'),
    svg('text', { x: W - 2, y: 12, class: 'axis-title', 'text-anchor': 'end' }, 'Goldstein'));
  const every = Math.ceil(n / Math.max(1, Math.floor((W - m.l - m.r) / (state.by === 'day' ? 84 : 60))));
  cols.forEach((b, i) => {
    if (i % every === 0) axis.append(svg('text', { x: x(i) + band / 2, y: H - m.b + 16, 'text-anchor': 'middle' }, b.period));
  });
  root.append(axis);

  // Columns: one focusable group per period with events, holding its stacked segments.
  const barW = Math.min(44, band * 0.72);
  const bars = [];
  cols.forEach((b, i) => {
    if (b.empty) return;
    const selected = state.period === b.period;
    const label = `${b.period}: ${plural(b.events, 'event')}, Goldstein ${fmtG(b.goldstein)}`;
    const g = svg('g', {
      class: `tl-bar${selected ? ' selected' : ''}`, tabindex: 0, role: 'button', 'aria-label': label,
      'aria-pressed': selected ? 'true' : 'false', 'data-period': b.period,
    }, svg('title', {}, [1, 2, 3, 4].map((k) => `${QUADS[k].name}: ${b.quad[k - 1] || 0}`).join('\n')),
    svg('rect', { class: 'tl-hit', x: x(i) + 1, y: m.t, width: band - 2, height: H - m.t - m.b }));
    const bx = x(i) + (band - barW) / 2;
    let acc = 0;
    for (const k of [1, 2]) {           // upwards from zero
      const v = b.quad[k - 1] || 0;
      if (v) g.append(svg('rect', { class: `tl-seg q${k}`, x: bx, width: barW, y: yC(acc + v), height: yC(acc) - yC(acc + v) }));
      acc += v;
    }
    acc = 0;
    for (const k of [3, 4]) {           // downwards from zero
      const v = b.quad[k - 1] || 0;
      if (v) g.append(svg('rect', { class: `tl-seg q${k}`, x: bx, width: barW, y: yC(-acc), height: yC(-acc - v) - yC(-acc) }));
      acc += v;
    }
    const pick = () => onPick(selected ? '' : b.period);
    const index = bars.length;
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); refocus(b.period); }
      else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {   // arrows move between columns
        e.preventDefault();
        const sib = bars[index + (e.key === 'ArrowRight' ? 1 : -1)];
        if (sib) sib.focus();
      }
    });
    bars.push(g);
    root.append(g);
  });
  // Keep keyboard focus on the same column after the chart is redrawn.
  const refocus = (period) => {
    const again = [...box.querySelectorAll('.tl-bar')].find((g) => g.dataset.period === period);
    if (again) again.focus();
  };

  // Goldstein line (broken across periods without events) and its points.
  let d = '';
  cols.forEach((b, i) => {
    if (b.empty) return;
    const p = `${(x(i) + band / 2).toFixed(1)},${yG(b.goldstein).toFixed(1)}`;
    d += (i > 0 && !cols[i - 1].empty ? 'L' : 'M') + p;
    root.append(svg('circle', { class: 'tl-point', cx: x(i) + band / 2, cy: yG(b.goldstein), r: 3.5, 'aria-hidden': 'true' },
      svg('title', {}, `${b.period}: Goldstein ${fmtG(b.goldstein)}`)));
  });
  root.insertBefore(svg('path', { class: 'tl-line', d, 'aria-hidden': 'true' }), root.querySelector('.tl-point'));
  wrap.append(root);

  // Text alternative: the same numbers as a table.
  area.append(el('details', {}, el('summary', {}, 'Timeline as a table'),
    scrollBox(el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, ['Period', 'Verbal coop.', 'Material coop.', 'Verbal conflict', 'Material conflict', 'Events', 'Goldstein']
        .map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, buckets.map((b) => el('tr', {},
        el('th', { scope: 'row' }, b.period),
        b.quad.map((v) => el('td', { class: 'num' }, fmtInt(v))),
        el('td', { class: 'num' }, fmtInt(b.events)),
        el('td', { class: 'num' }, fmtG(b.goldstein)))))))));
  // Show the latest periods first when the chart is wider than its box.
  wrap.scrollLeft = keepScroll === null ? wrap.scrollWidth : keepScroll;
}

/** Regions that order the network's circle: neighbours sit together. */
const REGIONS = [
  ['Americas', 'USA CAN MEX GTM BLZ SLV HND NIC CRI PAN CUB HTI DOM JAM TTO BHS BRB COL VEN ECU PER BOL CHL ARG URY PRY BRA GUY SUR'],
  ['Europe', 'GBR IRL ISL NOR SWE FIN DNK EST LVA LTU NLD BEL LUX FRA DEU CHE AUT ITA VAT MLT ESP PRT POL CZE SVK HUN SVN HRV BIH SRB MNE KSV MKD ALB GRC CYP ROU BGR MDA UKR BLR RUS GEO ARM AZE'],
  ['Middle East, N. Africa', 'TUR SYR LBN ISR PSE JOR IRQ KWT SAU BHR QAT ARE OMN YEM IRN EGY LBY TUN DZA MAR'],
  ['Africa', 'SDN SSD ERI DJI ETH SOM KEN UGA TZA RWA BDI COD COG CAF CMR TCD NER NGA BEN TGO GHA CIV BFA MLI MRT SEN GMB GNB GIN SLE LBR GAB GNQ AGO ZMB MWI MOZ ZWE BWA NAM ZAF LSO SWZ MDG'],
  ['Asia, Pacific', 'AFG PAK IND NPL BTN BGD LKA MDV KAZ UZB TKM KGZ TJK MNG CHN HKG TWN PRK KOR JPN MMR THA LAO KHM VNM MYS SGP BRN IDN TLS PHL PNG AUS NZL FJI'],
];
const REGION_OF = new Map(REGIONS.flatMap(([name, codes], i) => codes.split(' ').map((c, j) => [c, [i, j, name]])));

/** An actor's place on the circle: its region, then its place in the region. */
function regionOf(id) {
  const code = String(id).slice(0, 3);
  if (REGION_OF.has(code)) return REGION_OF.get(code);
  if (code === 'IGO' || code === 'NGO') return [REGIONS.length, 0, 'Organisations'];
  return [REGIONS.length + 1, 0, 'Other'];
}

/**
 * Network: the busiest actors (at most 24; 14 on narrow screens) on a
 * circle ordered by region, each region's arc labelled, so that neighbours
 * sit together; edges between two regions are bundled through the regions'
 * anchors inside the circle (one cable per pair of regions instead of a
 * criss-cross), width by events, green solid cooperative, red dashed
 * conflictual (the table and each edge's label give the sum).
 * Pointing at (or focusing) an actor dims every edge not its own. Nodes and
 * edges are links to the relationship view.
 */
function networkChart(net) {
  const W = Math.max(320, Math.min(900, ($('#main').clientWidth || 900) - 40));
  const H = Math.max(320, Math.min(W, 640));
  const cx = W / 2;
  const cy = H / 2;
  const cap = W < 500 ? 14 : 24;
  const kept = [...net.nodes].sort((p, q) => q.events - p.events || String(p.id).localeCompare(String(q.id))).slice(0, cap);
  const keep = new Set(kept.map((d) => d.id));
  const edges = net.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  const nodes = kept.sort((p, q) => {
    const [a, i] = regionOf(p.id);
    const [b, j] = regionOf(q.id);
    return a - b || i - j || String(p.id).localeCompare(String(q.id));
  });
  const maxN = Math.max(1, ...nodes.map((d) => d.events));
  const maxE = Math.max(1, ...edges.map((e) => e.events));
  const R = Math.min(W, H) / 2 - (W < 500 ? 44 : 80);
  const pos = new Map();
  // One empty slot between regions makes their arcs visible.
  const slots = [];
  nodes.forEach((d, i) => {
    if (i > 0 && regionOf(d.id)[0] !== regionOf(nodes[i - 1].id)[0]) slots.push(null);
    slots.push(d);
  });
  if (slots.length > 1 && regionOf(nodes[0].id)[0] !== regionOf(nodes[nodes.length - 1].id)[0]) slots.push(null);
  slots.forEach((d, i) => {
    if (!d) return;
    const t = (2 * Math.PI * i) / slots.length - Math.PI / 2;
    pos.set(d.id, { x: cx + R * Math.cos(t), y: cy + R * Math.sin(t), t, r: 6 + 14 * Math.sqrt(d.events / maxN), d });
  });
  const kind = (g) => (g > 0 ? 'pos' : g < 0 ? 'neg' : 'zero');
  const marker = (k) => svg('marker', {
    id: `arr-${k}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto',
  }, svg('path', { d: 'M0,0L10,5L0,10z', class: `arrow ${k}` }));
  const root = svg('svg', {
    class: 'network', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'group',
    'aria-label': `Network of ${plural(nodes.length, 'actor')} and ${plural(net.edges.length, 'directed pair')}. A table follows.`,
  }, svg('defs', {}, ['pos', 'neg', 'zero'].map(marker)));

  const edgeLayer = svg('g', { class: 'edges' });
  // Edge bundling by region: an edge leaves its source towards the source
  // region's anchor (inside the circle, at the middle of the region's arc)
  // and reaches its target from the target region's anchor, so the edges
  // between two regions run together as one cable instead of criss-crossing.
  const byRegion = new Map();
  for (const p of pos.values()) {
    const name = regionOf(p.d.id)[2];
    byRegion.set(name, [...(byRegion.get(name) || []), p]);
  }
  const angleOf = new Map([...byRegion].map(([name, members]) => [name,
    Math.atan2(members.reduce((a, p) => a + Math.sin(p.t), 0), members.reduce((a, p) => a + Math.cos(p.t), 0))]));
  const anchor = (p, k) => {
    const t = angleOf.get(regionOf(p.d.id)[2]);
    return { x: cx + k * R * Math.cos(t), y: cy + k * R * Math.sin(t) };
  };
  for (const e of edges) {
    const s = pos.get(e.source);
    const t = pos.get(e.target);
    if (!s || !t || s === t) continue;
    const same = regionOf(s.d.id)[2] === regionOf(t.d.id)[2];
    // Within a region, a bow towards the centre; across, through both anchors.
    let c1 = anchor(s, same ? 0.6 : 0.45);
    let c2 = same ? c1 : anchor(t, 0.45);
    // A small step to the right of travel separates A→B from B→A.
    const dx = t.x - s.x;
    const dy = t.y - s.y;
    const len = Math.hypot(dx, dy) || 1;
    const off = { x: -(dy / len) * 5, y: (dx / len) * 5 };
    c1 = { x: c1.x + off.x, y: c1.y + off.y };
    c2 = { x: c2.x + off.x, y: c2.y + off.y };
    const trim = (p, q, r) => { const l = Math.hypot(q.x - p.x, q.y - p.y) || 1; return { x: p.x + ((q.x - p.x) / l) * r, y: p.y + ((q.y - p.y) / l) * r }; };
    const a = trim(s, c1, s.r + 1);
    const b = trim(t, c2, t.r + 3);
    const d = `M${a.x.toFixed(1)},${a.y.toFixed(1)}C${c1.x.toFixed(1)},${c1.y.toFixed(1)} ${c2.x.toFixed(1)},${c2.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
    const k = kind(e.goldstein);
    const label = `${e.source} to ${e.target}: ${plural(e.events, 'event')}, net Goldstein ${fmtG(e.goldstein)}`;
    edgeLayer.append(svg('a', { href: hashOf('pair', e.source, e.target), class: `edge ${k}`, 'aria-label': label, 'data-s': e.source, 'data-t': e.target },
      svg('title', {}, label),
      svg('path', { class: 'edge-hit', d }),
      svg('path', {
        class: 'edge-line', d, 'marker-end': `url(#arr-${k})`,
        'stroke-width': (1 + 4 * Math.sqrt(e.events / maxE)).toFixed(1),
      })));
  }
  const nodeLayer = svg('g', { class: 'nodes' });
  // Each region's name outside the middle of its arc.
  const labels = svg('g', { class: 'region-labels', 'aria-hidden': 'true' });
  for (const [name, members] of byRegion) {
    const x = members.reduce((a, p) => a + Math.cos(p.t), 0);
    const y = members.reduce((a, p) => a + Math.sin(p.t), 0);
    const t = Math.atan2(y, x);
    const rr = R + (W < 500 ? 30 : 58);
    labels.append(svg('text', {
      class: 'region-label', x: cx + rr * Math.cos(t), y: cy + rr * Math.sin(t) + 4,
      'text-anchor': Math.abs(Math.cos(t)) < 0.3 ? 'middle' : Math.cos(t) > 0 ? 'start' : 'end',
    }, name));
  }
  for (const p of pos.values()) {
    const out = { x: Math.cos(p.t), y: Math.sin(p.t) };
    nodeLayer.append(svg('a', { href: hashOf('pair', p.d.id), class: 'node', 'data-id': p.d.id, 'data-region': regionOf(p.d.id)[2], 'aria-label': `${p.d.id}: ${plural(p.d.events, 'event')}` },
      svg('title', {}, `${p.d.id}: ${plural(p.d.events, 'event')}`),
      svg('circle', { cx: p.x, cy: p.y, r: p.r }),
      svg('text', {
        x: p.x + out.x * (p.r + 6), y: p.y + out.y * (p.r + 6) + 4,
        'text-anchor': Math.abs(out.x) < 0.3 ? 'middle' : out.x > 0 ? 'start' : 'end',
      }, p.d.id)));
  }
  // Keyboard focus on an edge: redraw it on top of the others so it stands out.
  const ring = svg('g', { class: 'edge-focus', 'aria-hidden': 'true' }, svg('path', { class: 'outer' }), svg('path', { class: 'inner' }));
  edgeLayer.addEventListener('focusin', (e) => {
    const d = e.target.closest('a.edge').querySelector('.edge-line').getAttribute('d');
    ring.querySelectorAll('path').forEach((p) => p.setAttribute('d', d));
    ring.classList.add('on');
  });
  edgeLayer.addEventListener('focusout', () => ring.classList.remove('on'));
  // An actor pointed at or focused: its own edges stay, the others dim.
  const spotlight = (id) => edgeLayer.querySelectorAll('a.edge').forEach((a) =>
    a.classList.toggle('dim', Boolean(id) && a.dataset.s !== id && a.dataset.t !== id));
  for (const ev of ['pointerover', 'focusin']) nodeLayer.addEventListener(ev, (e) => spotlight(e.target.closest('a.node')?.dataset.id));
  for (const ev of ['pointerout', 'focusout']) nodeLayer.addEventListener(ev, () => spotlight(null));
  root.append(labels, edgeLayer, nodeLayer, ring);
  root.dataset.left = String(net.nodes.length - nodes.length);
  return root;
}

/* ------------------------------------------------------------------ */
/* Start-up: header search, skip link, footer, routing, resize          */
/* ------------------------------------------------------------------ */

function start() {
  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('#search-q').value.trim();
    if (q) location.hash = hashOf('search', q);
  });
  // The skip link must not change the hash (that would re-route).
  $('#error-dismiss').addEventListener('click', () => showError(''));
  $('#skip-link').addEventListener('click', (e) => { e.preventDefault(); $('#main').focus(); });

  cached('health', () => api('health', {}, null)).then((h) => {
    $('#footer-info').textContent = `dyad ${h.version} · ${plural(h.documents, 'document')} · ` +
      `${plural(h.mentions, 'mention')} · ${plural(h.events, 'event')}`;
  }).catch(fail);

  window.addEventListener('hashchange', route);
  let resizeTimer = 0;
  let lastWidth = window.innerWidth;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (window.innerWidth === lastWidth) return;
      lastWidth = window.innerWidth;
      if (currentChart && currentChart.box.isConnected) renderTimeline(currentChart);
    }, 200);
  });
  route();
}

start();
