// The citizen page: the official Web Chat talking to this bot's own Direct Line endpoint, and the status lookup.
(function () {
  'use strict';

  const directLineBase = window.location.origin + '/v3/directline';

  async function startChat() {
    const error = document.getElementById('chat-error');
    try {
      // The bot hands out a token bound to a new conversation; no secret lives in the page.
      const response = await fetch(directLineBase + '/tokens/generate', { method: 'POST' });
      if (!response.ok) {
        throw new Error(response.status === 429 ? '访问过于频繁，请稍后刷新页面。' : '暂时无法连接信访助手，请稍后刷新页面。');
      }
      const { token } = await response.json();
      const directLine = window.WebChat.createDirectLine({
        token: token,
        domain: directLineBase,
        webSocket: false, // this endpoint is polled; there is no stream URL
        pollingInterval: 1000
      });
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          locale: 'zh-CN',
          overrideLocalizedStrings: {
            TEXT_INPUT_PLACEHOLDER: '请输入您想咨询的问题，例如：拖欠工资怎么办？'
          },
          styleOptions: {
            accent: '#b3261e',
            botAvatarInitials: '信',
            userAvatarInitials: '我',
            bubbleBorderRadius: 8,
            bubbleFromUserBorderRadius: 8,
            bubbleFromUserBackground: '#fbe9e7',
            hideUploadButton: true,
            sendBoxTextWrap: true,
            suggestedActionLayout: 'flow',
            suggestedActionBorderRadius: 16,
            primaryFont: '"Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif'
          }
        },
        document.getElementById('webchat')
      );
      document.querySelector('#webchat input, #webchat textarea')?.focus();
    } catch (e) {
      error.textContent = e instanceof Error && /[\u4e00-\u9fa5]/.test(e.message) ? e.message : '暂时无法连接信访助手，请稍后刷新页面。';
      error.hidden = false;
    }
  }

  // Fields of GET /api/petitions/{no}?phone= (personal data arrives masked) and how the page names them.
  const statusLabels = {
    trackingNo: '信访件编号',
    statusText: '办理状态',
    status: '办理状态',
    receivedAt: '登记时间',
    currentUnit: '办理单位',
    dueDate: '办理期限',
    acceptanceNoticeBy: '受理告知期限',
    petitioner: '信访人',
    rating: '评价'
  };

  function renderStatus(target, petition) {
    const list = document.createElement('dl');
    const shown = new Set();
    for (const [key, label] of Object.entries(statusLabels)) {
      const value = petition[key];
      if (value === undefined || value === null || value === '' || shown.has(label)) continue;
      if (typeof value === 'object') continue;
      shown.add(label);
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      list.append(dt, dd);
    }
    const parts = [list.childElementCount ? list : document.createTextNode('已找到该信访件。')];
    // The answer itself once given (处理意见), then every status notice sent about the item.
    for (const opinion of petition.opinions || []) {
      const box = document.createElement('section');
      box.className = 'news';
      const title = document.createElement('strong');
      title.textContent = '处理意见（' + opinion.title + '，' + opinion.repliedAt + '答复）';
      const text = document.createElement('p');
      text.textContent = '处理结果：' + opinion.outcome + '\n' + opinion.text +
        (opinion.legalBasis ? '\n依据：' + opinion.legalBasis : '') + (opinion.issuingUnit ? '\n' + opinion.issuingUnit : '');
      box.append(title, text);
      parts.push(box);
    }
    if ((petition.notices || []).length) {
      const box = document.createElement('section');
      box.className = 'news';
      const title = document.createElement('strong');
      title.textContent = '办理进度通知';
      const items = document.createElement('ul');
      for (const notice of petition.notices) {
        const item = document.createElement('li');
        item.textContent = notice.at + '　' + notice.text;
        items.append(item);
      }
      box.append(title, items);
      parts.push(box);
    }
    target.replaceChildren(...parts);
  }

  function setupStatusLookup() {
    const form = document.getElementById('status-form');
    const result = document.getElementById('status-result');
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      const no = form.elements.no.value.trim();
      const phone = form.elements.phone.value.trim();
      result.textContent = '正在查询…';
      try {
        const response = await fetch('/api/petitions/' + encodeURIComponent(no) + '?phone=' + encodeURIComponent(phone), {
          headers: { Accept: 'application/json' }
        });
        if (response.ok) {
          renderStatus(result, await response.json());
        } else if (response.status === 404) {
          result.textContent = '未找到该信访件，请核对信访件编号和电话号码后4位。';
        } else if (response.status === 400) {
          const problem = await response.json().catch(() => ({}));
          const messages = Object.values(problem.errors || {}).flat();
          result.textContent = messages.length ? messages.join(' ') : '请核对输入的内容。';
        } else if (response.status === 429) {
          result.textContent = '查询过于频繁，请稍后再试。';
        } else {
          result.textContent = '暂时无法查询，请稍后再试。';
        }
      } catch {
        result.textContent = '网络异常，请稍后再试。';
      }
    });
  }

  // 领导接访日: the coming days from the public JSON, a booking form, and cancelling with the last four phone digits.
  async function loadReceptionDays() {
    const list = document.getElementById('reception-days');
    const form = document.getElementById('booking-form');
    const select = form.elements.dayId;
    try {
      const response = await fetch('/api/reception-days', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      const days = await response.json();
      const chosen = select.value;
      list.replaceChildren();
      select.replaceChildren();
      for (const day of days) {
        const item = document.createElement('li');
        item.dataset.dayId = String(day.id);
        const free = document.createElement('span');
        free.className = 'free-slots';
        free.textContent = day.freeSlots > 0 ? '剩余名额 ' + day.freeSlots : '已约满';
        item.append(day.date + ' ' + day.leader + '接访，' + day.place +
          (day.topics.length ? '，主题：' + day.topics.join('、') : '') + '，', free);
        list.append(item);
        if (day.freeSlots > 0) {
          const option = document.createElement('option');
          option.value = String(day.id);
          option.textContent = day.date + ' ' + day.leader;
          select.append(option);
        }
      }
      if (!days.length) list.textContent = '近期没有安排领导接访日，可以在接待时间直接前来。';
      if (chosen) select.value = chosen;
      form.hidden = select.options.length === 0;
    } catch {
      list.textContent = '接访日暂时无法加载，请稍后刷新页面。';
    }
  }

  function problemText(problem, fallback) {
    const messages = Object.values(problem.errors || {}).flat();
    return messages.length ? messages.join(' ') : (problem.message || fallback);
  }

  function setupBooking() {
    const form = document.getElementById('booking-form');
    const result = document.getElementById('booking-result');
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      result.textContent = '正在预约…';
      const body = {
        dayId: Number(form.elements.dayId.value),
        name: form.elements.name.value.trim(),
        phone: form.elements.phone.value.trim(),
        matter: form.elements.matter.value.trim()
      };
      try {
        const response = await fetch('/api/bookings', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body)
        });
        const answer = await response.json().catch(() => ({}));
        if (response.status === 201) {
          result.textContent = '预约成功，预约号 ' + answer.bookingNo + '。请记下预约号，带上身份证件按时到达。';
          form.reset();
        } else if (response.status === 429) {
          result.textContent = '操作过于频繁，请一分钟后再试。';
        } else {
          result.textContent = problemText(answer, '预约没有成功，请稍后再试。');
        }
      } catch {
        result.textContent = '网络异常，请稍后再试。';
      }
      await loadReceptionDays();
    });

    const cancel = document.getElementById('cancel-form');
    const cancelResult = document.getElementById('cancel-result');
    cancel.addEventListener('submit', async function (event) {
      event.preventDefault();
      const no = cancel.elements.no.value.trim();
      const phone = cancel.elements.phone.value.trim();
      try {
        const response = await fetch('/api/bookings/' + encodeURIComponent(no) + '?phone=' + encodeURIComponent(phone), { method: 'DELETE' });
        if (response.status === 204) {
          cancelResult.textContent = '已取消预约 ' + no.toUpperCase() + '，名额已让出。';
          cancel.reset();
        } else {
          cancelResult.textContent = problemText(await response.json().catch(() => ({})), '取消没有成功，请稍后再试。');
        }
      } catch {
        cancelResult.textContent = '网络异常，请稍后再试。';
      }
      await loadReceptionDays();
    });
  }

  setupStatusLookup();
  setupBooking();
  loadReceptionDays();
  if (window.WebChat) {
    startChat();
  } else {
    const error = document.getElementById('chat-error');
    error.textContent = '聊天组件未能加载，请稍后刷新页面。';
    error.hidden = false;
  }
})();
