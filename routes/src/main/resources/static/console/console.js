// 重層 Hub operator console: plain JS over /console/api (metadata only; content only for auditors, audited).
'use strict';

const T = {
  title: ['重層 Hub 運用コンソール', 'Jusou Hub operator console'],
  tabDashboard: ['ダッシュボード', 'Dashboard'], tabQuarantine: ['隔離・デッドレター', 'Quarantine & dead letters'],
  tabAlerts: ['警報', 'Alerts'], tabAudit: ['監査ログ', 'Audit trail'], logout: ['ログアウト', 'Log out'],
  throughput: ['処理量（件/分）', 'Throughput (msg/min)'], received: ['受信（1時間）', 'Received (1 h)'],
  delivered: ['配信（1時間）', 'Delivered (1 h)'], rejected: ['拒否（1時間）', 'Rejected (1 h)'],
  deadLetters: ['デッドレター', 'Dead letters'], quarantined: ['隔離中', 'In quarantine'], overdue: ['期限超過の紹介', 'Overdue referrals'],
  activeAlerts: ['発生中の警報', 'Active alerts'], chartThroughput: ['処理量（直近1時間、件/分）', 'Throughput (last hour, msg/min)'],
  chartQueues: ['待ちメッセージ（直近1時間）', 'Messages waiting (last hour)'], agencies: ['機関ごと', 'Per agency'],
  agency: ['機関', 'Agency'], connector: ['コネクタ', 'Connector'], lastIn: ['最終受信', 'Last in'], lastOut: ['最終配信', 'Last out'],
  countsHour: ['受信/配信/拒否（1時間）', 'In/out/rejected (1 h)'], rate: ['件/分（受/配）', 'Per min (in/out)'],
  inbound: ['受信キュー（件・最古・接続）', 'Inbound queue (depth, oldest, consumers)'],
  outbound: ['配信キュー（件・最古・接続）', 'Outbound queue (depth, oldest, consumers)'], actions: ['操作', 'Actions'],
  reasons: ['拒否理由（1時間）', 'Rejection reasons (1 h)'], reasonCode: ['理由コード', 'Reason code'], count: ['件数', 'Count'],
  updated: ['更新', 'Updated'], all: ['すべて', 'All'], kind: ['種別', 'Kind'], kindRejected: ['拒否', 'Rejected'],
  kindDead: ['デッドレター', 'Dead letter'], status: ['状態', 'Status'], stQuarantined: ['隔離中', 'Quarantined'],
  stReplayed: ['再送済み', 'Replayed'], stDiscarded: ['破棄済み', 'Discarded'], from: ['から', 'From'], to: ['まで', 'To'],
  search: ['検索', 'Search'], bulkReplay: ['選択したものを一括再送', 'Replay selected'], cancel: ['中止', 'Cancel'],
  time: ['日時', 'Time'], messageId: ['メッセージID', 'Message id'], type: ['種類', 'Type'], size: ['サイズ', 'Size'],
  detail: ['詳細', 'Details'], path: ['JSONパス', 'JSON path'], explanation: ['説明', 'Explanation'],
  discardReason: ['破棄の理由', 'Reason for discard'], discard: ['破棄', 'Discard'], replay: ['再送', 'Replay'],
  openContent: ['内容を開く（記録されます）', 'Open content (recorded)'], state: ['状態', 'State'], rule: ['規則', 'Rule'],
  target: ['対象', 'Target'], value: ['値', 'Value'], threshold: ['閾値', 'Threshold'], raisedAt: ['発生', 'Raised'],
  clearedAt: ['解除', 'Cleared'], actor: ['操作者', 'Who'], action: ['操作', 'Action'], detailCol: ['内容', 'Detail'],
  pause: ['停止', 'Pause'], resume: ['再開', 'Resume'], running: ['稼働中', 'running'], paused: ['停止中', 'paused'],
  failed: ['異常', 'failed'], unknown: ['不明', 'unknown'], raised: ['発生中', 'raised'], cleared: ['解除', 'cleared'],
  inbox: ['受信', 'in'], outbox: ['配信', 'out'], dlq: ['デッドレター', 'dead letters'], replayed: ['再送しました。', 'Replayed.'],
  discarded: ['破棄しました。', 'Discarded.'], needReason: ['破棄の理由を入力してください。', 'Enter a reason for the discard.'],
  jobRunning: ['実行中', 'running'], jobFinished: ['完了', 'finished'], jobCancelled: ['中止', 'cancelled'], jobFailed: ['失敗', 'failed'],
  never: ['なし', 'never'], seconds: ['秒', 's'], sender: ['送信機関', 'Sender'], quarantinedAt: ['隔離日時', 'Quarantined at'],
  tabUsers: ['利用者', 'Users'], addUser: ['追加', 'Add'], userName: ['アカウント', 'Account'], role: ['ロール', 'Role'],
  municipality: ['自治体（空欄は全自治体）', 'Municipality (empty: all)'], allMunicipalities: ['全自治体', 'all'],
  active: ['有効', 'active'], disabled: ['無効', 'disabled'], lockedUntil: ['ロック中（解除: ', 'locked (until '],
  disable: ['無効にする', 'Disable'], enable: ['有効にする', 'Enable'], resetPassword: ['パスワード再設定', 'Reset password'],
  newPassword: ['新しいパスワード（12文字以上）', 'New password (12 characters or more)'], setRole: ['ロール変更', 'Change role'],
  userAdded: ['追加しました。', 'Added.'], done: ['完了しました。', 'Done.'],
  pendingChanges: ['承認待ちのコネクタ変更（宛先・シークレット）', 'Connector changes awaiting approval (destination, secret)'],
  proposedBy: ['提案者', 'Proposed by'], proposedAt: ['提案日時', 'Proposed at'], alters: ['変わる項目', 'Alters'],
  approve: ['承認', 'Approve'], reject: ['却下', 'Reject'], ownChange: ['自分の提案は承認できません', 'You cannot approve your own'],
  noPending: ['承認待ちはありません。', 'Nothing awaits approval.'], approved: ['承認し、適用しました。', 'Approved and applied.'],
  rejectedChange: ['却下しました。', 'Rejected.'],
  changedBy: ['変更者', 'Changed by'], statusReason: ['理由', 'Reason'], nothingSelected: ['選択されていません。', 'Nothing selected.'],
};
let lang = localStorage.getItem('hub-console-lang') || 'ja';
const t = key => (T[key] ? T[key][lang === 'ja' ? 0 : 1] : key);

let me = null;
let selectedId = null;
let currentJob = null;
const charts = {};

async function api(path, options = {}) {
  const headers = Object.assign({'Accept': 'application/json'}, options.headers || {});
  if (options.method && options.method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers[me.csrf.header] = me.csrf.token;
  }
  const response = await fetch('/console/api' + path, Object.assign({}, options, {headers, credentials: 'same-origin'}));
  if (response.status === 401) {
    location.href = '/console/login';
    throw new Error('unauthenticated');
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((body && (lang === 'ja' ? body.title_ja : body.title)) || response.status);
    error.body = body;
    throw error;
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return node;
}

const time = v => (v ? new Date(v).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {timeZone: 'Asia/Tokyo'}) : t('never'));
const age = s => (s < 0 ? '?' : s < 120 ? s + t('seconds') : Math.round(s / 60) + (lang === 'ja' ? '分' : ' min'));
const hasRole = (...roles) => me && me.roles.some(r => roles.includes(r));

function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = t('title');
  document.querySelectorAll('[data-t]').forEach(node => { node.textContent = t(node.dataset.t); });
  document.getElementById('lang-switch').textContent = lang === 'ja' ? 'English' : '日本語';
}

function showTab(name) {
  document.querySelectorAll('.panel').forEach(p => p.classList.toggle('hidden', p.id !== name));
  document.querySelectorAll('.tab').forEach(b => b.classList.toggle('active', b.dataset.tab === name));
  if (name === 'quarantine') loadQuarantine();
  if (name === 'alerts') loadAlerts();
  if (name === 'audit') loadAudit();
  if (name === 'users') loadUsers();
}

// ---- dashboard ----
async function loadOverview() {
  const o = await api('/overview');
  const hub = o.hub;
  document.getElementById('hub-throughput').textContent = hub.throughputPerMinute;
  document.getElementById('hub-in').textContent = hub.in;
  document.getElementById('hub-delivered').textContent = hub.delivered;
  document.getElementById('hub-rejected').textContent = hub.rejected;
  document.getElementById('hub-dead').textContent = hub.deadLetters;
  document.getElementById('hub-quarantine').textContent = (hub.quarantine.rejected || 0) + (hub.quarantine['dead-letter'] || 0);
  document.getElementById('hub-overdue').textContent = hub.overdueReferrals < 0 ? '?' : hub.overdueReferrals;
  document.getElementById('hub-alerts').textContent = o.alerts.length;
  document.getElementById('card-dead').classList.toggle('problem', hub.deadLetters > 0);
  document.getElementById('card-overdue').classList.toggle('problem', hub.overdueReferrals > 0);
  document.getElementById('card-alerts').classList.toggle('problem', o.alerts.length > 0);

  const body = document.querySelector('#agencies tbody');
  body.replaceChildren();
  for (const a of o.agencies) {
    const problems = new Set(a.problems);
    const queueCell = (q, side) => el('td', {id: `${side}-${a.agencyId}`,
        class: [...problems].some(p => p.startsWith(side.toUpperCase())) ? 'problem' : '',
        'data-depth': q.depth},
      el('span', {class: 'depth'}, q.depth < 0 ? '?' : q.depth), ' · ', age(q.oldestAgeSeconds), ' · ', q.consumers < 0 ? '?' : q.consumers);
    const state = a.connector.state;
    const actions = el('td');
    if (hasRole('OPERATOR', 'ADMIN')) {
      const action = state === 'paused' ? 'resume' : 'pause';
      actions.appendChild(el('button', {type: 'button', id: `${action}-${a.agencyId}`, onclick: () => connector(a.agencyId, action)}, t(action)));
    }
    body.appendChild(el('tr', {id: `agency-${a.agencyId}`, class: problems.size ? 'problem-row' : ''},
      el('td', {}, el('strong', {}, a.agencyId), el('br'), el('span', {class: 'muted'}, a.name || '')),
      el('td', {id: `state-${a.agencyId}`, class: state === 'running' ? 'ok' : 'problem', 'data-state': state},
        t(state), a.connector.version ? ` v${a.connector.version}` : ''),
      el('td', {}, time(a.lastIn)), el('td', {}, time(a.lastOut)),
      el('td', {id: `counts-${a.agencyId}`}, `${a.in} / ${a.out} / ${a.rejected}`),
      el('td', {}, `${a.inPerMinute} / ${a.outPerMinute}`),
      queueCell(a.inbound, 'inbound'), queueCell(a.outbound, 'outbound'), actions));
  }
  const reasons = document.querySelector('#reasons tbody');
  reasons.replaceChildren();
  for (const [code, n] of Object.entries(hub.rejectionReasons)) {
    reasons.appendChild(el('tr', {}, el('td', {}, code), el('td', {}, n)));
  }
  const filter = document.getElementById('f-agency');
  if (filter.options.length === 1) {
    o.agencies.forEach(a => filter.appendChild(el('option', {value: a.agencyId}, a.agencyId)));
  }
  drawCharts(o.series);
  document.getElementById('updated-at').textContent = time(o.generatedAt);
}

function drawCharts(series) {
  const width = Math.max(300, Math.floor((document.querySelector('.charts').clientWidth - 40) / 2));
  const data1 = [series.minutes, series.delivered, series.rejected];
  const q = series.queues;
  const data2 = [q.t, q.inbound, q.outbound, q.deadLetters];
  if (typeof uPlot === 'undefined') return;
  const make = (id, data, labels, colors) => {
    if (charts[id]) { charts[id].setData(data); return; }
    charts[id] = new uPlot({width, height: 160, legend: {show: true},
      series: [{}].concat(labels.map((l, i) => ({label: l, stroke: colors[i], width: 1.5})))}, data, document.getElementById(id));
  };
  make('chart-throughput', data1, [t('delivered'), t('rejected')], ['#2a7', '#d33']);
  make('chart-queues', data2, [t('inbox'), t('outbox'), t('dlq')], ['#36c', '#c80', '#d33']);
}

// ---- four eyes: connector changes of destination or secret wait for a second admin ----
async function loadChanges() {
  const changes = await api('/connector-changes');
  const body = document.querySelector('#changes tbody');
  body.replaceChildren();
  document.getElementById('no-changes').classList.toggle('hidden', changes.length > 0);
  for (const c of changes) {
    const actions = el('td');
    if (hasRole('ADMIN')) {
      const own = c.proposedBy === me.user;
      actions.appendChild(el('button', {type: 'button', id: `approve-${c.changeId}`, disabled: own ? 'disabled' : null,
        title: own ? t('ownChange') : null, onclick: () => decide(c.changeId, 'approve')}, t('approve')));
      actions.appendChild(el('button', {type: 'button', id: `reject-${c.changeId}`, onclick: () => decide(c.changeId, 'reject')}, t('reject')));
    }
    body.appendChild(el('tr', {id: `change-${c.changeId}`}, el('td', {class: 'mono'}, c.agencyId), el('td', {}, c.kind),
      el('td', {class: 'mono'}, c.changedFields.join(', ')), el('td', {}, c.proposedBy), el('td', {}, time(c.proposedAt)), actions));
  }
}

async function decide(changeId, decision) {
  const message = document.getElementById('changes-message');
  try {
    await api(`/connector-changes/${encodeURIComponent(changeId)}/${decision}`, {method: 'POST', body: '{}'});
    message.textContent = t(decision === 'approve' ? 'approved' : 'rejectedChange');
  } catch (e) {
    message.textContent = e.message;
  }
  await loadChanges();
  await loadOverview();
}

async function connector(agencyId, action) {
  await api(`/connectors/${encodeURIComponent(agencyId)}/${action}`, {method: 'POST', body: '{}'});
  await loadOverview();
}

// ---- quarantine ----
function filterQuery() {
  const params = new URLSearchParams();
  const v = id => document.getElementById(id).value;
  if (v('f-agency')) params.set('agency', v('f-agency'));
  if (v('f-reason')) params.set('reason', v('f-reason').trim().toUpperCase());
  if (v('f-kind')) params.set('kind', v('f-kind'));
  params.set('status', v('f-status'));
  if (v('f-from')) params.set('from', new Date(v('f-from')).toISOString());
  if (v('f-to')) params.set('to', new Date(v('f-to')).toISOString());
  return params.toString();
}

async function loadQuarantine() {
  const entries = await api('/quarantine?' + filterQuery());
  const body = document.querySelector('#q-table tbody');
  body.replaceChildren();
  for (const e of entries) {
    const actions = el('td', {}, el('button', {type: 'button', class: 'detail-button', onclick: () => showDetail(e.quarantineId)}, t('detail')));
    if (hasRole('OPERATOR', 'ADMIN') && e.status === 'quarantined') {
      actions.appendChild(el('button', {type: 'button', class: 'replay-button', id: `replay-${e.quarantineId}`,
        onclick: () => replay(e.quarantineId)}, t('replay')));
    }
    body.appendChild(el('tr', {id: `q-${e.quarantineId}`, 'data-message-id': e.messageId || ''},
      el('td', {}, el('input', {type: 'checkbox', class: 'q-select', value: e.quarantineId})),
      el('td', {}, time(e.quarantinedAt)), el('td', {}, e.kind === 'dead-letter' ? t('kindDead') : t('kindRejected')),
      el('td', {}, e.sender), el('td', {class: 'mono'}, e.messageId || '–'), el('td', {}, e.messageType || '–'),
      el('td', {class: 'mono'}, e.reasonCodes), el('td', {}, e.bodyBytes + ' B'),
      el('td', {class: 'status'}, t('st' + e.status.charAt(0).toUpperCase() + e.status.slice(1))), actions));
  }
}

async function showDetail(id) {
  selectedId = id;
  const d = await api(`/quarantine/${encodeURIComponent(id)}`);
  const meta = document.getElementById('q-meta');
  meta.replaceChildren();
  const row = (k, v) => { meta.appendChild(el('dt', {}, t(k))); meta.appendChild(el('dd', {class: 'mono'}, v ?? '–')); };
  row('messageId', d.entry.messageId); row('sender', d.entry.sender); row('type', d.entry.messageType);
  row('kind', d.entry.kind); row('size', d.entry.bodyBytes + ' B'); row('quarantinedAt', time(d.entry.quarantinedAt));
  row('status', d.entry.status);
  if (d.statusChange) { row('changedBy', `${d.statusChange.by} (${time(d.statusChange.at)})`); row('statusReason', d.statusChange.reason); }
  const reasons = document.querySelector('#q-reasons tbody');
  reasons.replaceChildren();
  for (const r of d.reasons) {
    reasons.appendChild(el('tr', {}, el('td', {class: 'mono'}, r.code), el('td', {class: 'mono'}, r.path || '–'),
      el('td', {}, lang === 'ja' ? r.ja : r.en)));
  }
  document.getElementById('q-content').classList.add('hidden');
  document.getElementById('q-content').textContent = '';
  document.getElementById('q-message').textContent = '';
  document.getElementById('q-detail').classList.remove('hidden');
}

async function replay(id) {
  try {
    await api(`/quarantine/${encodeURIComponent(id)}/replay`, {method: 'POST', body: '{}'});
    document.getElementById('q-message').textContent = t('replayed');
  } catch (e) {
    document.getElementById('q-message').textContent = e.message;
  }
  await loadQuarantine();
}

async function discard() {
  const reason = document.getElementById('discard-reason').value.trim();
  if (!reason) { document.getElementById('q-message').textContent = t('needReason'); return; }
  try {
    await api(`/quarantine/${encodeURIComponent(selectedId)}/discard`, {method: 'POST', body: JSON.stringify({reason})});
    document.getElementById('q-message').textContent = t('discarded');
  } catch (e) {
    document.getElementById('q-message').textContent = e.message;
  }
  await loadQuarantine();
}

async function openContent() {
  const c = await api(`/quarantine/${encodeURIComponent(selectedId)}/content`);
  const pre = document.getElementById('q-content');
  pre.textContent = c.bodyMasked;
  pre.classList.remove('hidden');
}

async function bulkReplay() {
  const ids = [...document.querySelectorAll('.q-select:checked')].map(c => c.value);
  if (!ids.length) { document.getElementById('q-message').textContent = t('nothingSelected'); return; }
  currentJob = await api('/replay-jobs', {method: 'POST', body: JSON.stringify({quarantineIds: ids})});
  document.getElementById('bulk-progress').classList.remove('hidden');
  pollJob();
}

async function pollJob() {
  if (!currentJob) return;
  const job = await api(`/replay-jobs/${encodeURIComponent(currentJob.jobId)}`);
  const bar = document.getElementById('bulk-bar');
  bar.max = Math.max(1, job.total);
  bar.value = job.replayed + job.skipped;
  const st = {running: 'jobRunning', finished: 'jobFinished', cancelled: 'jobCancelled', failed: 'jobFailed'}[job.status];
  document.getElementById('bulk-text').textContent = `${job.replayed + job.skipped} / ${job.total} (${t(st)})`;
  document.getElementById('bulk-progress').dataset.status = job.status;
  document.getElementById('bulk-cancel').disabled = job.status !== 'running';
  if (job.status === 'running') setTimeout(pollJob, 500);
  else { currentJob = null; loadQuarantine(); }
}

async function cancelJob() {
  if (currentJob) await api(`/replay-jobs/${encodeURIComponent(currentJob.jobId)}/cancel`, {method: 'POST', body: '{}'});
}

// ---- alerts and audit ----
async function loadAlerts() {
  const alerts = await api('/alerts');
  const body = document.querySelector('#alert-table tbody');
  body.replaceChildren();
  for (const a of alerts) {
    body.appendChild(el('tr', {class: a.raised ? 'problem-row' : ''}, el('td', {}, t(a.raised ? 'raised' : 'cleared')),
      el('td', {}, a.ruleId), el('td', {class: 'mono'}, a.target), el('td', {}, a.value), el('td', {}, a.threshold),
      el('td', {}, time(a.raisedAt)), el('td', {}, a.clearedAt ? time(a.clearedAt) : '–')));
  }
}

async function loadAudit() {
  const events = await api('/audit?limit=200');
  const body = document.querySelector('#audit-table tbody');
  body.replaceChildren();
  for (const e of events) {
    body.appendChild(el('tr', {}, el('td', {}, time(e.occurredAt)), el('td', {}, e.actor), el('td', {class: 'mono'}, e.action),
      el('td', {class: 'mono'}, e.target || '–'), el('td', {}, e.detail || '')));
  }
}

// ---- users (admins) ----
async function loadUsers() {
  const users = await api('/users');
  const body = document.querySelector('#user-table tbody');
  body.replaceChildren();
  for (const u of users) {
    const state = !u.enabled ? t('disabled') : u.lockedUntil && new Date(u.lockedUntil) > new Date()
      ? t('lockedUntil') + time(u.lockedUntil) + ')' : t('active');
    const role = el('select', {id: `role-${u.name}`}, ...['OPERATOR', 'AUDITOR', 'ADMIN'].map(r =>
      el('option', r === u.role ? {selected: 'selected'} : {}, r)));
    role.addEventListener('change', () => userAction(u.name, 'role', {role: role.value}));
    body.appendChild(el('tr', {id: `user-${u.name}`}, el('td', {class: 'mono'}, u.name), el('td', {}, role),
      el('td', {}, u.municipality || t('allMunicipalities')), el('td', {}, state),
      el('td', {}, el('button', {type: 'button', onclick: () => userAction(u.name, u.enabled ? 'disable' : 'enable', {})},
        t(u.enabled ? 'disable' : 'enable')),
      el('button', {type: 'button', onclick: () => {
        const password = prompt(t('newPassword'));
        if (password) userAction(u.name, 'password', {password});
      }}, t('resetPassword')))));
  }
}

async function userAction(name, action, body) {
  const message = document.getElementById('u-message');
  try {
    await api(`/users/${encodeURIComponent(name)}/${action}`, {method: 'POST', body: JSON.stringify(body)});
    message.textContent = t('done');
  } catch (e) {
    message.textContent = e.message;
  }
  loadUsers();
}

async function addUser(event) {
  event.preventDefault();
  const message = document.getElementById('u-message');
  const password = document.getElementById('u-password');
  try {
    await api('/users', {method: 'POST', body: JSON.stringify({name: document.getElementById('u-name').value,
      role: document.getElementById('u-role').value, municipality: document.getElementById('u-municipality').value || null,
      password: password.value})});
    message.textContent = t('userAdded');
  } catch (e) {
    message.textContent = e.message;
  }
  password.value = '';
  loadUsers();
}

async function start() {
  me = await api('/me');
  document.getElementById('user').textContent = me.user;
  document.getElementById('roles').textContent = me.roles.join(', ') + (me.municipality ? ' · ' + me.municipality : '');
  const logout = document.getElementById('logout-csrf');
  logout.name = '_csrf';
  logout.value = me.csrf.token;
  document.body.classList.toggle('can-act', hasRole('OPERATOR', 'ADMIN'));
  document.body.classList.toggle('can-read-content', hasRole('AUDITOR'));
  document.body.classList.toggle('can-admin', hasRole('ADMIN'));
  document.getElementById('u-add').addEventListener('submit', addUser);
  document.querySelectorAll('.tab').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
  document.getElementById('lang-switch').addEventListener('click', () => {
    lang = lang === 'ja' ? 'en' : 'ja';
    localStorage.setItem('hub-console-lang', lang);
    applyLanguage();
    Object.keys(charts).forEach(k => { charts[k].destroy(); delete charts[k]; });
    loadOverview();
  });
  document.getElementById('q-filter').addEventListener('submit', e => { e.preventDefault(); loadQuarantine(); });
  document.getElementById('q-all').addEventListener('change', e =>
    document.querySelectorAll('.q-select').forEach(c => { c.checked = e.target.checked; }));
  document.getElementById('detail-replay').addEventListener('click', () => replay(selectedId));
  document.getElementById('detail-discard').addEventListener('click', discard);
  document.getElementById('detail-content').addEventListener('click', openContent);
  document.getElementById('bulk-replay').addEventListener('click', bulkReplay);
  document.getElementById('bulk-cancel').addEventListener('click', cancelJob);
  applyLanguage();
  await loadOverview();
  await loadChanges();
  setInterval(() => {
    if (!document.getElementById('dashboard').classList.contains('hidden')) loadOverview().catch(() => {});
    if (!document.getElementById('dashboard').classList.contains('hidden')) loadChanges().catch(() => {});
  }, 2000);
}

start();
