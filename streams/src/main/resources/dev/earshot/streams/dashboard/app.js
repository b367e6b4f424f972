'use strict';
// The dashboard polls the query API; every figure it shows comes from the app's state stores.
const CATEGORIES = ['PAID', 'ORGANIC_SHARE', 'INFLUENCER', 'FEEDBACK', 'OTHER'];
const COLOURS = {PAID: '#d9822b', ORGANIC_SHARE: '#2e9e6a', INFLUENCER: '#7b5cc4', FEEDBACK: '#d64545', OTHER: '#9aa3b2'};
const MINUTES_SHOWN = 60;
const SENTIMENT_COLOURS = {positive: '#2e9e6a', neutral: '#9aa3b2', negative: '#d64545'};
const LINE_COLOURS = ['#2457c5', '#d9822b', '#2e9e6a', '#7b5cc4', '#d64545', '#1d2330'];
const HOURS_SHOWN = 24;
const state = {summary: null, brand: null, set: null, sov: null, strategyChart: null, sovChart: null, netChart: null, mixChart: null};

// The token in the address bar has done its work once the page loads (the session cookie is set): kept
// there, it would stay in the history, bookmarks and screenshots.
if (new URLSearchParams(location.search).has('token')) {
  history.replaceState(null, '', location.pathname);
}

// A request that never answers (a half-open connection, a laptop waking from sleep) fails after ten
// seconds: refreshes run one after another, and one left waiting would stop every later one.
const REQUEST = () => ({cache: 'no-store', signal: AbortSignal.timeout(10000)});

async function get(path) {
  const response = await fetch(path, REQUEST());
  if (!response.ok) {
    throw await failure(path, response);
  }
  return response.json();
}

// What a refused request says: the API's own reason, and for a 401 what to do about it.
async function failure(path, response) {
  let reason = '';
  try {
    reason = (await response.json()).error || '';
  } catch (e) {
    // not JSON: a proxy's page
  }
  return new Error(path + ' answered ' + response.status + (reason ? ': ' + reason : '')
    + (response.status === 401 ? ' (the session has ended: open the dashboard again with ?token=…)' : ''));
}

function text(tag, value, cls) {
  const cell = document.createElement(tag);
  cell.textContent = value;
  if (cls) cell.className = cls;
  return cell;
}

function fillTable(id, rows, columns) {
  const body = document.getElementById(id);
  body.replaceChildren();
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const cell = text('td', 'nothing yet', 'empty');
    cell.colSpan = columns;
    row.append(cell);
    body.append(row);
  }
  rows.forEach(r => body.append(r));
}

// Rebuilt when the values change (a brand file reloaded with a brand renamed or removed), not only their number.
function selectOptions(select, values, current) {
  const shown = [...select.options].map(o => o.value);
  if (shown.length === values.length && shown.every((v, i) => v === values[i])) return;
  select.replaceChildren(...values.map(v => new Option(v, v, false, v === current)));
}

function hhmm(iso) {
  return iso.substring(11, 16);
}

// Hourly windows per brand, fetched once per refresh for the share-of-voice and net-sentiment panels.
let hourWindows = {};
function hoursOf(brand) {
  if (!hourWindows[brand]) {
    hourWindows[brand] = get('/api/brands/' + encodeURIComponent(brand) + '/windows?size=1h');
  }
  return hourWindows[brand];
}

async function refreshSummary() {
  const summary = await get('/api/summary');
  state.summary = summary;
  const brands = summary.brands.map(b => b.id);
  const sets = summary.competitorSets.map(s => s.id);
  // A brand or set gone since (the brand file reloaded) gives way to the first.
  state.brand = brands.includes(state.brand) ? state.brand : brands[0];
  state.set = sets.includes(state.set) ? state.set : sets[0];
  selectOptions(document.getElementById('brand'), brands, state.brand);
  selectOptions(document.getElementById('set'), sets, state.set);
  const c = summary.counters;
  const counters = document.getElementById('counters');
  counters.replaceChildren(...[
    ['Mentions parsed', c.parsed], ['Dead letters', c.deadLetters], ['Duplicates dropped', c.duplicates],
    ['Unmatched', c.unmatched], ['Late (1 h windows)', c.lateForHours], ['Alerts', c.alerts]
  ].map(([label, value]) => {
    const box = text('div', label, 'counter');
    box.prepend(text('b', value.toLocaleString('en')));
    return box;
  }));
  counters.dataset.filled = 'true';
  counters.dataset.parsed = c.parsed;
  document.getElementById('status').textContent = 'streams ' + summary.state + ' · updated ' + new Date().toLocaleTimeString();
}

async function refreshStrategy() {
  const windows = (await get('/api/brands/' + encodeURIComponent(state.brand) + '/windows?size=1m'))
    .sort((a, b) => a.windowStart.localeCompare(b.windowStart))
    .slice(-MINUTES_SHOWN);
  const labels = windows.map(w => hhmm(w.windowStart));
  const datasets = CATEGORIES.map(category => ({
    type: 'bar', label: category, stack: 'mentions', backgroundColor: COLOURS[category], yAxisID: 'y',
    data: windows.map(w => (w.byCategory[category] || {mentions: 0}).mentions)
  }));
  datasets.push({type: 'line', label: 'engagement', yAxisID: 'y1', borderColor: '#1d2330', pointRadius: 0, borderWidth: 1.5,
    data: windows.map(w => w.likes + w.shares + w.comments)});
  if (!state.strategyChart) {
    state.strategyChart = new Chart(document.getElementById('strategy-chart'), {
      data: {labels, datasets},
      options: {animation: false, maintainAspectRatio: false, interaction: {mode: 'index', intersect: false},
        scales: {x: {stacked: true}, y: {stacked: true, title: {display: true, text: 'mentions'}},
          y1: {position: 'right', grid: {drawOnChartArea: false}, title: {display: true, text: 'engagement'}}}}
    });
  } else {
    state.strategyChart.data.labels = labels;
    state.strategyChart.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
    state.strategyChart.update();
  }
  const panel = document.getElementById('strategy-panel');
  panel.dataset.filled = String(windows.length > 0);
  panel.dataset.brand = state.brand;
  panel.dataset.mentions = windows.reduce((sum, w) => sum + w.mentions, 0);
  panel.dataset.lastWindow = windows.length ? windows[windows.length - 1].windowStart : '';
  document.getElementById('strategy-range').textContent = windows.length
    ? state.brand + ', ' + labels[0] + '–' + labels[labels.length - 1] + ' UTC' : state.brand;
}

async function refreshShareOfVoice() {
  const set = state.summary.competitorSets.find(s => s.id === state.set);
  const panel = document.getElementById('sov-panel');
  // The latest hour any brand of the set has figures for.
  let latest = '';
  for (const brand of set ? set.brands : []) {
    const hours = await hoursOf(brand);
    hours.forEach(h => { if (h.windowStart > latest) latest = h.windowStart; });
  }
  // The set's share of that hour; none while it has no hours (or no set is defined): an empty
  // doughnut, not the last set's left on screen.
  const sov = latest ? await get('/api/sets/' + encodeURIComponent(set.id) + '/share-of-voice?window=' + encodeURIComponent(latest))
    : {brands: {}};
  state.sov = sov;
  const brands = Object.keys(sov.brands);
  const data = brands.map(b => sov.brands[b].mentions);
  if (!state.sovChart) {
    state.sovChart = new Chart(document.getElementById('sov-chart'), {
      type: 'doughnut',
      data: {labels: brands, datasets: [{data, backgroundColor: ['#2457c5', '#d9822b', '#2e9e6a', '#7b5cc4', '#d64545', '#9aa3b2']}]},
      options: {animation: false, maintainAspectRatio: false,
        plugins: {tooltip: {callbacks: {label: ctx => ctx.label + ': ' + ctx.raw + ' mentions ('
          + (100 * ((state.sov.brands[ctx.label] || {}).shareOfMentions || 0)).toFixed(1) + '%)'}}}}
    });
  } else {
    state.sovChart.data.labels = brands;
    state.sovChart.data.datasets[0].data = data;
    state.sovChart.update();
  }
  panel.dataset.filled = String(data.some(v => v > 0));
  panel.dataset.set = set ? set.id : '';
  panel.dataset.window = latest;
  panel.dataset.mentions = JSON.stringify(Object.fromEntries(brands.map(b => [b, sov.brands[b].mentions])));
  document.getElementById('sov-window').textContent = !set ? 'no competitor set defined'
    : latest ? set.id + ', hour from ' + hhmm(latest) + ' UTC' : set.id + ', no hours yet';
}

// Net sentiment, (positive - negative) / (positive + negative), of each brand of the competitor set per hour.
async function refreshNetSentiment() {
  const set = state.summary.competitorSets.find(s => s.id === state.set);
  const brands = set ? set.brands : state.summary.brands.map(b => b.id).slice(0, LINE_COLOURS.length);
  const byBrand = {};
  const hours = new Set();
  for (const brand of brands) {
    const windows = await hoursOf(brand);
    byBrand[brand] = Object.fromEntries(windows.map(w => [w.windowStart, w.netSentiment]));
    windows.forEach(w => hours.add(w.windowStart));
  }
  const labels = [...hours].sort().slice(-HOURS_SHOWN);
  const datasets = brands.map((brand, i) => ({type: 'line', label: brand, borderColor: LINE_COLOURS[i % LINE_COLOURS.length],
    spanGaps: true, pointRadius: 2, data: labels.map(h => byBrand[brand][h] ?? null)}));
  if (!state.netChart) {
    state.netChart = new Chart(document.getElementById('net-sentiment-chart'), {
      data: {labels: labels.map(hhmm), datasets},
      options: {animation: false, maintainAspectRatio: false,
        scales: {y: {min: -1, max: 1, title: {display: true, text: 'net sentiment'}}}}
    });
  } else {
    state.netChart.data.labels = labels.map(hhmm);
    state.netChart.data.datasets = datasets;
    state.netChart.update();
  }
  const panel = document.getElementById('net-sentiment-panel');
  const latest = labels.length ? labels[labels.length - 1] : '';
  panel.dataset.filled = String(datasets.some(d => d.data.some(v => v !== null)));
  panel.dataset.window = latest;
  panel.dataset.net = JSON.stringify(Object.fromEntries(brands.map(b => [b, byBrand[b][latest] ?? null])));
  document.getElementById('net-sentiment-range').textContent = labels.length
    ? (set ? set.id + ', ' : '') + hhmm(labels[0]) + '–' + hhmm(latest) + ' UTC' : '';
}

// Positive, neutral and negative mentions of the selected brand per minute, over the strategy chart's minutes.
async function refreshSentimentMix() {
  const windows = (await get('/api/brands/' + encodeURIComponent(state.brand) + '/windows?size=1m'))
    .sort((a, b) => a.windowStart.localeCompare(b.windowStart))
    .slice(-MINUTES_SHOWN);
  const labels = windows.map(w => hhmm(w.windowStart));
  const datasets = ['positive', 'neutral', 'negative'].map(label => ({type: 'bar', label, stack: 'sentiment',
    backgroundColor: SENTIMENT_COLOURS[label], data: windows.map(w => w.sentiment[label])}));
  if (!state.mixChart) {
    state.mixChart = new Chart(document.getElementById('sentiment-mix-chart'), {
      data: {labels, datasets},
      options: {animation: false, maintainAspectRatio: false, scales: {x: {stacked: true}, y: {stacked: true}}}
    });
  } else {
    state.mixChart.data.labels = labels;
    state.mixChart.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
    state.mixChart.update();
  }
  const sum = label => windows.reduce((total, w) => total + w.sentiment[label], 0);
  const panel = document.getElementById('sentiment-mix-panel');
  panel.dataset.filled = String(sum('positive') + sum('neutral') + sum('negative') > 0);
  panel.dataset.brand = state.brand;
  panel.dataset.positive = sum('positive');
  panel.dataset.neutral = sum('neutral');
  panel.dataset.negative = sum('negative');
  document.getElementById('sentiment-mix-brand').textContent = state.brand + ', last ' + windows.length + ' minutes';
}

async function refreshAlerts() {
  const alerts = await get('/api/alerts?limit=20');
  fillTable('alerts', alerts.map(a => {
    const row = document.createElement('tr');
    row.append(text('td', a.brand), text('td', (a.signal === 'NEGATIVE_SENTIMENT' ? 'negative sentiment' : 'feedback')
        + (a.status && a.status !== 'OPENED' ? ' · ' + a.status.toLowerCase() : '')),
      text('td', a.windowStart.replace('T', ' ').substring(0, 16)),
      // Under a usual of one mention a window, the record's ratio is the count itself, no multiple.
      text('td', a.count, 'num'), text('td', a.baseline.toFixed(1), 'num'), text('td', a.baseline >= 1 ? a.ratio.toFixed(1) + '×' : '–', 'num'),
      text('td', a.severity ? a.severity + '/10' : '–', 'num'),
      text('td', a.signal === 'NEGATIVE_SENTIMENT' ? '–' : Math.round(100 * (a.amplifiedShare || 0)) + '%', 'num'),
      text('td', a.suspect || 0, 'num'),
      text('td', a.risingTerms && a.risingTerms.length ? a.risingTerms.join(', ') : '–'),
      // The loudest mention's address as text, not a link: anyone's post can name any address.
      text('td', a.topSamples && a.topSamples.length
        ? (a.topSamples[0].author || '(unknown)') + ': ' + a.topSamples[0].excerpt
          + (a.topSamples[0].url ? ' ' + a.topSamples[0].url : '') : '–'));
    return row;
  }), 11);
  const panel = document.getElementById('alerts-panel');
  panel.dataset.filled = String(alerts.length > 0);
  panel.dataset.count = alerts.length;
}

async function refreshHighlights() {
  const h = await get('/api/brands/' + encodeURIComponent(state.brand) + '/highlights?limit=8');
  fillTable('influencers', h.influencers.map(a => {
    const row = document.createElement('tr');
    row.append(text('td', a.handle), text('td', a.followers.toLocaleString('en'), 'num'), text('td', a.mentions, 'num'),
      text('td', a.engagement.toLocaleString('en'), 'num'));
    return row;
  }), 4);
  fillTable('links', h.links.map(l => {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    const link = document.createElement('a');
    link.href = l.url;
    link.textContent = l.url.replace('https://', '');
    link.rel = 'noopener';
    cell.append(link);
    row.append(cell, text('td', l.shares, 'num'));
    return row;
  }), 2);
  document.getElementById('influencers-panel').dataset.filled = String(h.influencers.length > 0);
  document.getElementById('links-panel').dataset.filled = String(h.links.length > 0);
  document.getElementById('links-panel').dataset.top = h.links.length ? h.links[0].url + ' ' + h.links[0].shares : '';
}

// Shown as text, links too: a theme's link comes from anyone's post, unlike the brand links above.
// A 404 (an hour begun before themes, or outside the store) shows as no themes, not as a failed refresh.
async function refreshThemes() {
  const path = '/api/brands/' + encodeURIComponent(state.brand) + '/themes';
  const response = await fetch(path, REQUEST());
  if (!response.ok && response.status !== 404) {
    throw await failure(path, response);
  }
  const t = response.ok ? await response.json() : null;
  const themes = t ? t.themes : [];
  fillTable('themes', themes.map(theme => {
    const row = document.createElement('tr');
    row.append(text('td', theme.term), text('td', theme.kind.toLowerCase()), text('td', theme.mentions, 'num'),
      text('td', theme.expected.toFixed(1), 'num'));
    return row;
  }), 4);
  document.getElementById('themes-hour').textContent = !t ? state.brand + ', no themes for its latest hour'
    : state.brand + ', hour from ' + hhmm(t.windowStart) + ' UTC, ' + t.mentions + ' mentions, '
      + (t.baselineHours ? 'against ' + t.baselineHours + ' earlier hours' : 'no earlier hours yet');
  const panel = document.getElementById('themes-panel');
  panel.dataset.filled = String(!t || t.mentions > 0);
  panel.dataset.terms = themes.map(theme => theme.term).join(' ');
}

// One refresh at a time: a slow instance would otherwise have requests pile up, and an older refresh
// finishing last would overwrite the panels a newer one filled. A change of brand or set while one runs
// asks for another as soon as it ends.
let refreshing = null;
let refreshAgain = false;

function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = refreshOnce().finally(() => {
    refreshing = null;
    if (refreshAgain) {
      refreshAgain = false;
      refresh();
    }
  });
  return refreshing;
}

// Every panel's request is waited for, failed or not: a refresh that ended at the first failure would
// leave the others running into the next one, which they could overwrite.
async function refreshOnce() {
  try {
    await refreshSummary();
    hourWindows = {};
    const outcomes = await Promise.allSettled([refreshStrategy(), refreshShareOfVoice(), refreshNetSentiment(),
      refreshSentimentMix(), refreshAlerts(), refreshHighlights(), refreshThemes()]);
    const failed = outcomes.filter(o => o.status === 'rejected').map(o => o.reason.message);
    if (failed.length) {
      document.getElementById('status').textContent = 'some panels could not refresh: ' + failed.join('; ');
    }
    document.body.dataset.ready = String(failed.length === 0
      && [...document.querySelectorAll('[data-filled]')].every(p => p.dataset.filled === 'true'));
  } catch (e) {
    document.getElementById('status').textContent = 'query API unreachable: ' + e.message;
  }
}

document.getElementById('brand').addEventListener('change', e => { state.brand = e.target.value; refresh(); });
document.getElementById('set').addEventListener('change', e => { state.set = e.target.value; refresh(); });
// Every two seconds after the last refresh ended, not on a fixed beat.
async function refreshForever() {
  await refresh();
  setTimeout(refreshForever, 2000);
}
refreshForever();
