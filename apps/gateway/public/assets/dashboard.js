/* global document, window, sessionStorage, echarts, URLSearchParams */
// The postal staff dashboard (监管驾驶舱). It uses only the public API under /api/v1 with the
// bearer token from the login; lists of services whose API is not there yet show an empty state.

const API = '/api/v1';
const TOKEN_KEY = 'edp.token';
const USER_KEY = 'edp.user';
const GROUPS = {
  industry: '行业',
  rural_delivery: '农村寄递',
  subsidies: '补助资金',
  outlets: '末端网点',
  cold_chain: '冷链',
  green: '绿色包装',
  data_quality: '数据质量',
  supervision: '监管',
};
const OUTLET_KINDS = {
  terminal_outlet: '快递末端网点',
  smart_locker: '智能快件箱',
  public_service_station: '公共服务站',
  village_post_station: '村邮站',
  village_service_point: '村级综合服务点',
};
const METRICS = {
  parcels_upstream: '农产品进城（上行）快件量',
  parcels_downstream: '工业品下乡（下行）快件量',
  subsidy_paid_fen: '已拨付补助资金',
  outlets_filed: '末端网点备案数',
  parcels_delivered_locker: '智能快件箱投递量',
  facilities_registered: '冷链设施登记数',
  waybills_upstream: '上行运单数',
  waybills_downstream: '下行运单数',
};

const ROLES = { admin: '省局管理员', staff: '邮政管理人员', auditor: '审计', courier: '快递企业', county_centre: '县级寄递物流中心' };
const MATTER_KINDS = {
  licence_application: '许可申请',
  outlet_filing: '网点备案',
  green_report: '绿色包装报告',
  subsidy_claim: '补助申请',
  rectification: '责令整改',
};
const MATTER_STATUSES = {
  submitted: '已提交',
  returned: '退回补正',
  accepted: '已受理',
  due: '待报送',
  draft: '草稿',
  notice_of_missing_material: '待补正材料',
  open: '待整改',
  responded: '整改已报告',
  escalated: '专项督办',
  overdue: '已逾期',
};

const state = { path: [], year: new Date().getFullYear(), metric: 'parcels_upstream', charts: {}, overview: null };
const $ = (id) => document.getElementById(id);

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, options = {}) {
  const res = await fetch(`${API}${path}`, {
    ...options,
    headers: { 'content-type': 'application/json', ...(token() ? { authorization: `Bearer ${token()}` } : {}), ...(options.headers || {}) },
  });
  if (res.status === 401 && token()) {
    logout();
    throw new Error('登录已过期，请重新登录');
  }
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const err = new Error(body?.detail || `请求失败（${res.status}）`);
    err.status = res.status;
    throw err;
  }
  return body;
}

// ---------- formatting ----------

function formatValue(value, unit) {
  if (value === null || value === undefined) return '暂无数据';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'fen':
      return formatNumber(value / 100, '元');
    case 'items':
      return formatNumber(value, '件');
    case 'tonnes':
      return formatNumber(value, '吨');
    case 'facilities':
      return `${value} 个`;
    case 'counties':
      return `${value} 个县`;
    case 'enterprises':
      return `${value} 家`;
    case 'inspections':
      return `${value} 次`;
    default:
      return formatNumber(value, '');
  }
}

function formatNumber(n, suffix) {
  const abs = Math.abs(n);
  if (abs >= 1e8) return `${(n / 1e8).toFixed(2)} 亿${suffix}`;
  if (abs >= 1e4) return `${(n / 1e4).toFixed(2)} 万${suffix}`;
  return `${Number.isInteger(n) ? n : n.toFixed(2)} ${suffix}`.trim();
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// ---------- login ----------

function showLogin() {
  $('login-view').hidden = false;
  $('main-view').hidden = true;
  $('matters-view').hidden = true;
  $('who').hidden = true;
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  showLogin();
}

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const result = await api('/auth/login', { method: 'POST', body: JSON.stringify({ username: $('username').value, password: $('password').value }) });
    sessionStorage.setItem(TOKEN_KEY, result.accessToken);
    sessionStorage.setItem(USER_KEY, JSON.stringify({ ...result.user, username: $('username').value }));
    await start();
  } catch (err) {
    $('login-error').textContent = err.status === 401 ? '用户名或密码错误' : err.message;
  }
}

// ---------- main view ----------

async function start() {
  const user = JSON.parse(sessionStorage.getItem(USER_KEY) || '{}');
  $('login-view').hidden = true;
  $('who').hidden = false;
  $('who-name').textContent = `${user.username || ''}（${ROLES[user.role] || user.role}）`;
  // the deployment's own region (PROVINCE_CODE, or 全国 in the national view) names the platform
  const top = await api('/regions').catch(() => ({ items: [], root: null }));
  const root = top.root || { code: user.regionCode, name: user.regionCode };
  showRoot(root);
  if (user.role === 'courier' || user.role === 'county_centre') {
    $('matters-view').hidden = false;
    await loadMatters();
    return;
  }
  $('main-view').hidden = false;
  const home = user.regionCode || root.code;
  state.path = [{ code: home, name: home === root.code ? root.name : home }];
  if (home !== root.code) {
    const parent = home.length === 6 ? home.slice(0, 4) : home.length === 4 ? home.slice(0, 2) : root.code;
    const siblings = await api(`/regions?parent=${parent}`).catch(() => ({ items: [] }));
    state.path[0].name = siblings.items.find((r) => r.code === home)?.name || home;
  }
  await Promise.all([refresh(), loadBulletin()]);
}

/** The latest published monthly bulletin (月度通报): its title, the top of its ranking and a link to its PDF. */
async function loadBulletin() {
  try {
    const page = await api('/bulletins/public?limit=1');
    const latest = page.items[0];
    if (!latest) return;
    $('bulletin-title').textContent = `${latest.title}（${latest.publishedAt.slice(0, 10)} 发布）`;
    $('bulletin-ranking').innerHTML = latest.ranking
      .slice(0, 5)
      .map((r) => `<li data-region-code="${escapeHtml(r.regionCode)}">第${r.rank}名 ${escapeHtml(r.regionName)}（${r.score.toFixed(2)} 分）</li>`)
      .join('');
    const link = $('bulletin-pdf');
    link.href = latest.pdf;
    link.dataset.bulletinId = latest.id;
    link.hidden = false;
  } catch (err) {
    $('bulletin-title').textContent = `无法获取通报：${err.message}`;
  }
}

/** The title and heading follow the deployment's region: 河北省智慧快递监管平台, 全国智慧快递监管平台 … */
function showRoot(root) {
  const title = `${root.name}智慧快递监管平台`;
  document.title = title;
  $('platform-title').textContent = title;
}

function region() {
  return state.path[state.path.length - 1];
}

function renderBreadcrumb() {
  const crumbs = state.path.map((r, i) =>
    i === state.path.length - 1 ? `<span data-region-code="${r.code}">${escapeHtml(r.name)}</span>` : `<a data-depth="${i}">${escapeHtml(r.name)}</a>`,
  );
  $('breadcrumb').innerHTML = crumbs.join('<span class="sep">›</span>');
  $('main-view').dataset.region = region().code;
}

async function refresh() {
  renderBreadcrumb();
  await Promise.all([loadOverview(), loadSeries(), loadActions()]);
}

async function drillTo(code, name) {
  state.path.push({ code, name });
  await refresh();
}

async function loadOverview() {
  const overview = await api(`/supervision/overview?year=${state.year}&regionCode=${region().code}`);
  state.overview = overview;
  $('kpis').innerHTML = overview.indicators
    .map((k) => {
      const t = k.target;
      const cls = k.met === true ? 'met' : k.met === false ? 'unmet' : '';
      const targetText = t
        ? `${t.benchmark ? '参照' : ''}目标 ${t.op === '>=' ? '≥' : '≤'} ${formatValue(t.value, t.unit)}（${t.year}年）${k.met === true ? ' · 已达标' : k.met === false ? ' · 未达标' : ''}`
        : '无政策目标';
      const tip = t ? `${t.quote}——${t.document} ${t.clause}` : k.source;
      const width = k.progress === null ? 0 : Math.min(100, Math.round(k.progress * 100));
      return `<div class="kpi ${cls}" data-key="${k.key}" title="${escapeHtml(tip)}">
        <span class="group">${GROUPS[k.group] || ''}</span>
        <div class="name">${escapeHtml(k.nameZh)}</div>
        <div class="value">${formatValue(k.value, k.unit)}</div>
        <div class="target">${escapeHtml(targetText)}</div>
        <div class="bar"><span style="width:${width}%"></span></div>
      </div>`;
    })
    .join('');
  const withTarget = overview.indicators.filter((k) => k.progress !== null);
  chart('progress-chart').setOption(
    {
      animation: false,
      grid: { left: 150, right: 30, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${v}%` },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: withTarget.map((k) => k.nameZh), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: withTarget.map((k) => ({ value: Math.round(k.progress * 1000) / 10, itemStyle: { color: k.met ? '#1a7f37' : '#d97706' } })),
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    },
    true,
  );
}

async function loadSeries() {
  const from = `${state.year}-01-01`;
  const to = `${state.year}-12-31`;
  const data = await api(`/supervision/indicators?metric=${state.metric}&regionCode=${region().code}&period=month&from=${from}&to=${to}`);
  const scale = data.unit === 'fen' ? 100 : 1;
  const unit = data.unit === 'fen' ? '元' : '';
  const months = Array.from({ length: 12 }, (_, i) => `${state.year}-${String(i + 1).padStart(2, '0')}-01`);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const byMonth = new Map(data.region.points.map((p) => [p.period, p.value / scale]));
  $('trend-title').textContent = `${region().name} ${state.year} 年${data.nameZh}（按月）`;
  chart('trend-chart').setOption(
    {
      animation: false,
      grid: { left: 60, right: 20, top: 20, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months.map((m) => `${Number(m.slice(5, 7))}月`) },
      yAxis: { type: 'value', name: unit },
      series: [
        { name: data.nameZh, type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: months.map((m) => (m > today ? null : (byMonth.get(m) ?? 0))) },
      ],
    },
    true,
  );
  const children = data.children;
  $('children-title').textContent = children.length ? `${region().name}下级区划对比（点击下钻）` : `${region().name}（县级，已到最细一级）`;
  chart('children-chart').setOption(
    {
      animation: false,
      grid: { left: 60, right: 20, top: 20, bottom: 60 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: (children.length ? children : [data.region]).map((c) => c.regionName), axisLabel: { rotate: 35 } },
      yAxis: { type: 'value', name: unit },
      series: [
        { name: data.nameZh, type: 'bar', data: (children.length ? children : [data.region]).map((c) => c.total / scale), itemStyle: { color: '#0b4f8a' } },
      ],
    },
    true,
  );
  $('regions-title').textContent = children.length ? `${region().name}下级区划` : `${region().name}`;
  $('regions-metric').textContent = `${data.nameZh}（${state.year}年合计）`;
  $('regions-body').innerHTML = (children.length ? children : [data.region])
    .map(
      (c) =>
        `<tr data-region-code="${c.regionCode}" data-region-name="${escapeHtml(c.regionName)}" data-drill="${children.length ? 'yes' : 'no'}">
          <td>${escapeHtml(c.regionName)}</td><td>${c.regionCode}</td><td>${formatValue(c.total, data.unit)}</td></tr>`,
    )
    .join('');
}

function chart(id) {
  if (!state.charts[id]) {
    state.charts[id] = echarts.init($(id));
    if (id === 'children-chart') {
      state.charts[id].on('click', (params) => {
        const row = document.querySelectorAll('#regions-body tr')[params.dataIndex];
        if (row?.dataset.drill === 'yes') void drillTo(row.dataset.regionCode, row.dataset.regionName);
      });
    }
  }
  return state.charts[id];
}

// ---------- lists of what needs action ----------

function renderList(id, items, empty) {
  $(id).innerHTML = items.length
    ? items.map((i) => `<li><span class="since">${escapeHtml(i.since || '')}</span>${escapeHtml(i.text)}</li>`).join('')
    : `<li class="empty">${escapeHtml(empty)}</li>`;
}

/** A list from another service's API: that service down (503) or failing shows an empty state saying so. */
async function optionalList(id, path, toItems, empty) {
  try {
    renderList(id, toItems(await api(path)), empty);
  } catch (err) {
    const why = err.status === 503 ? '该服务暂时不可用' : `无法获取：${err.message}`;
    renderList(id, [], why);
  }
}

async function loadActions() {
  const code = region().code;
  const actions = await api(`/supervision/actions?regionCode=${code}`);
  const simple = (list) => list.map((a) => ({ since: a.since, text: `${a.regionName}：${a.summary}` }));
  renderList('list-claims', simple(actions.claims), '暂无待审补助申请');
  renderList('list-quality', simple(actions.dataQualityFlags), '暂无数据质量预警');
  renderList('list-incidents', simple(actions.incidents), '暂无未结突发事件');
  renderList(
    'list-discipline',
    actions.jointDiscipline.map((a) => ({ since: a.since, text: a.summary })),
    '暂无失信联合惩戒企业',
  );
  const query = new URLSearchParams({ status: 'submitted', regionCode: code, limit: '20' });
  await Promise.all([
    optionalList(
      'list-outlets',
      `/outlets?${query}`,
      (page) => page.items.map((o) => ({ since: (o.createdAt || '').slice(0, 10), text: `${o.name}（${OUTLET_KINDS[o.kind] ?? o.kind}）` })),
      '暂无待备案网点',
    ),
    optionalList(
      'list-green',
      `/green-reports/summary?year=${state.year}`,
      (summary) => [
        ...summary.filing.missingFilers.map((f) => ({ since: summary.filing.dueDate, text: `${f.enterpriseName}：年度报告未报送` })),
        ...summary.filing.lateFilers.map((f) => ({ since: f.filedOn, text: `${f.enterpriseName}：逾期 ${f.daysLate} 天报送` })),
      ],
      '暂无逾期未报企业',
    ),
  ]);
}

// ---------- my matters (courier and county-centre users) ----------

async function loadMatters() {
  try {
    const matters = await api('/my/matters');
    $('matters-body').innerHTML = matters.items.length
      ? matters.items
          .map(
            (m) =>
              `<tr data-kind="${escapeHtml(m.kind)}"><td>${escapeHtml(m.dueOn || '—')}</td><td>${escapeHtml(MATTER_KINDS[m.kind] || m.kind)}：${escapeHtml(m.title)}</td>` +
              `<td>${escapeHtml(MATTER_STATUSES[m.status] || m.status)}</td><td>${escapeHtml(m.nextStep)}</td></tr>`,
          )
          .join('')
      : '<tr><td colspan="4" class="empty">暂无待办事项</td></tr>';
    $('matters-note').textContent = matters.unavailable.length ? `暂不可用：${matters.unavailable.join('、')}` : '';
  } catch (err) {
    $('matters-note').textContent = `无法获取待办事项：${err.message}`;
  }
}

// ---------- wiring ----------

function init() {
  const thisYear = new Date().getFullYear();
  $('year').innerHTML = Array.from({ length: thisYear - 2022 + 1 }, (_, i) => thisYear + 1 - i)
    .map((y) => `<option value="${y}" ${y === thisYear ? 'selected' : ''}>${y} 年</option>`)
    .join('');
  $('metric').innerHTML = Object.entries(METRICS)
    .map(([k, v]) => `<option value="${k}">${v}</option>`)
    .join('');
  $('login-form').addEventListener('submit', (e) => void login(e));
  $('logout').addEventListener('click', logout);
  $('year').addEventListener('change', () => {
    state.year = Number($('year').value);
    void refresh();
  });
  $('metric').addEventListener('change', () => {
    state.metric = $('metric').value;
    void loadSeries();
  });
  $('breadcrumb').addEventListener('click', (e) => {
    const depth = e.target.dataset?.depth;
    if (depth === undefined) return;
    state.path = state.path.slice(0, Number(depth) + 1);
    void refresh();
  });
  $('regions-body').addEventListener('click', (e) => {
    const row = e.target.closest('tr');
    if (row?.dataset.drill === 'yes') void drillTo(row.dataset.regionCode, row.dataset.regionName);
  });
  window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
  if (token()) void start().catch(showLogin);
  else showLogin();
}

init();
