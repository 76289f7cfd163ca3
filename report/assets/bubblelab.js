// bubblelab's interactive charts. Each figure element with a data-chart
// attribute (the id of its data) holds a
// static SVG (kept for print and for browsers without scripts) and a JSON
// data block (a script element of type application/json, id ID) with the
// chart's numbers
// (package report/chart, type Data). This script draws the chart again
// with uPlot: a readout of every series at the date under the pointer,
// drag to zoom on time (double-click or "Reset zoom" to undo), a click on
// a legend entry to hide or show a series, and downloads of the numbers
// (CSV) and of the picture (PNG). It loads nothing from the network.
(function () {
  'use strict';

  // ---- Numbers: a port of package report/numfmt and chart.FormatValue.
  var MINUS = '\u2212';

  function bad(x) { return x === null || x === undefined || !isFinite(x); }

  function group(s) {
    var i = s.indexOf('.');
    var ip = i < 0 ? s : s.slice(0, i), frac = i < 0 ? '' : s.slice(i);
    if (ip.length <= 3) return s;
    var out = ip.slice(0, ip.length % 3);
    for (var j = ip.length % 3; j < ip.length; j += 3) {
      out += (out ? ',' : '') + ip.slice(j, j + 3);
    }
    return out + frac;
  }

  function fixed(x, dec) {
    if (bad(x)) return 'n/a';
    if (dec < 0) dec = 0;
    var s = Math.abs(x).toFixed(dec);
    var neg = x < 0 && s.replace(/[0.]/g, '') !== '';
    s = group(s);
    return neg ? MINUS + s : s;
  }

  function decimalsFor(x, sig) {
    var a = Math.abs(x);
    if (a === 0) return 0;
    var e = Math.floor(Math.log10(a));
    var step = Math.pow(10, e - sig + 1);
    if (Math.round(a / step) * step >= Math.pow(10, e + 1)) e++;
    return Math.max(0, sig - 1 - e);
  }

  function trimZeros(s) {
    return s.indexOf('.') < 0 ? s : s.replace(/0+$/, '').replace(/\.$/, '');
  }

  function expo(x, sig) {
    var parts = x.toExponential(Math.max(0, sig - 1)).split('e');
    var m = trimZeros(parts[0]).replace('-', MINUS);
    return m + 'e' + String(parseInt(parts[1], 10)).replace('-', MINUS);
  }

  function sig(x, n) {
    if (bad(x)) return 'n/a';
    if (x === 0) return '0';
    var a = Math.abs(x);
    if (a < 1e-4 || a >= 1e9) return expo(x, n);
    var s = trimZeros(fixed(x, decimalsFor(x, n)));
    return s === MINUS + '0' ? '0' : s;
  }

  function auto(x) {
    if (bad(x)) return 'n/a';
    var a = Math.abs(x);
    if (a >= 99.95) return fixed(x, 0);
    if (a >= 9.995) return fixed(x, 1);
    if (a >= 0.9995) return fixed(x, 2);
    return sig(x, 3);
  }

  function money(bn) {
    if (bad(bn)) return 'n/a';
    var sign = bn < 0 ? MINUS : '', a = Math.abs(bn), s;
    if (a >= 999.5) s = '$' + sig(a / 1000, 3) + 'tn';
    else if (a >= 0.995 || a === 0) s = '$' + auto(a) + 'bn';
    else s = '$' + sig(a, 2) + 'bn';
    if (s === '$0bn' || s === '$0.00bn') return '$0bn';
    return sign + s;
  }

  function percentDec(share, dec) {
    if (bad(share)) return 'n/a';
    var p = 100 * share;
    if (Math.abs(p) >= 999.5) dec = 0;
    return fixed(p, dec) + '%';
  }

  function signed(s) {
    if (s === '' || s === 'n/a' || s.charAt(0) === MINUS || s.replace(/[0.,$%bntpk ]/g, '') === '') return s;
    return '+' + s;
  }

  function months(m) {
    if (bad(m)) return 'n/a';
    var s = Math.abs(m) >= 9.95 ? fixed(m, 0) : sig(m, 2);
    return s === '1' ? '1 month' : s + ' months';
  }

  function wrap(u, s, suffix) {
    var sign = '';
    if (s.charAt(0) === MINUS) { sign = MINUS; s = s.slice(1); }
    return sign + (u.p || '') + s + (suffix === undefined ? (u.s || '') : suffix);
  }

  // formatValue is chart.FormatValue: v in unit u.
  function formatValue(v, u) {
    if (bad(v)) return 'no value';
    u = u || {};
    var d = v * (u.k || 1);
    if (u.t && Math.abs(d) >= 999.5) return wrap(u, sig(d / 1000, 3), u.t);
    var a = Math.abs(d);
    if (a > 0 && a < 0.995 && u.p === '$') return wrap(u, sig(d, 2));
    var s = sig(d, 3);
    if (!u.p && !u.s && a < 10000) s = s.replace(/,/g, '');
    return wrap(u, s);
  }

  var fmt = {
    Money: money, Percent: function (x) { return percentDec(x, 1); }, Auto: auto,
    Sig3: function (x) { return sig(x, 3); },
    Points: function (x) { return bad(x) ? 'n/a' : signed(fixed(100 * x, 1)) + ' pp'; },
    Months: months, Ratio: function (x) { return bad(x) ? 'n/a' : sig(x, 3) + '\u00d7'; },
    Fixed0: function (x) { return fixed(x, 0); }, value: formatValue
  };
  // The browser test compares these with package numfmt.
  window.bubblelabFormat = fmt;

  // ---- Dates, all in UTC as the reports write them.
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var zh = (document.documentElement.lang || '').indexOf('zh') === 0;

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function dateText(sec, layout) {
    var t = new Date(sec * 1000);
    var y = t.getUTCFullYear(), m = t.getUTCMonth(), d = t.getUTCDate();
    switch (layout) {
      case 'year': return String(y);
      case 'month': return zh ? y + '\u5e74' + (m + 1) + '\u6708' : MONTHS[m] + ' ' + y;
      case 'time': return y + '-' + pad(m + 1) + '-' + pad(d) + ' ' + pad(t.getUTCHours()) + ':' + pad(t.getUTCMinutes());
      default: return y + '-' + pad(m + 1) + '-' + pad(d);
    }
  }

  function isoDate(sec) {
    var t = new Date(sec * 1000);
    return t.getUTCFullYear() + '-' + pad(t.getUTCMonth() + 1) + '-' + pad(t.getUTCDate());
  }

  function xText(d, v) {
    if (v === null || v === undefined) return '';
    return d.dates ? dateText(v, d.xLayout) : formatValue(v, d.xUnit);
  }

  // ---- Colours.
  function alpha(color, a) {
    var m = /^#([0-9a-f]{6})$/i.exec(color);
    if (!m) return color;
    var n = parseInt(m[1], 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }

  // ---- Downloads.
  function csvField(s) {
    s = String(s);
    if (/^[=+\-@\t\r]/.test(s) && isNaN(Number(s))) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function download(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function chartCSV(d) {
    var cols = [];
    d.series.forEach(function (s, i) { if (!s.hidden) cols.push(i); });
    var head = [d.dates ? 'date' : (d.xLabel || 'x')].concat(cols.map(function (i) { return d.series[i].name; }));
    var lines = [head.map(csvField).join(',')];
    for (var j = 0; j < d.x.length; j++) {
      var row = [d.dates ? isoDate(d.x[j]) : String(d.x[j])];
      cols.forEach(function (i) {
        var s = d.series[i], v = (s.value || s.y)[j];
        row.push(v === null || v === undefined ? '' : String(v));
      });
      lines.push(row.map(csvField).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }

  function chartPNG(u, d, name) {
    var ratio = window.devicePixelRatio || 1;
    var src = u.ctx.canvas;
    var pad = 12 * ratio, titleH = 28 * ratio, legendH = 22 * ratio;
    var shown = d.series.filter(function (s, i) { return !s.hidden && u.series[i + 1].show; });
    var perRow = Math.max(1, Math.floor(src.width / (220 * ratio)));
    var rows = Math.ceil(shown.length / perRow);
    var c = document.createElement('canvas');
    c.width = src.width + 2 * pad;
    c.height = src.height + titleH + rows * legendH + 2 * pad;
    var ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = '#1a1a1a';
    ctx.font = 'bold ' + (15 * ratio) + 'px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.fillText(d.title, pad, pad);
    ctx.drawImage(src, pad, pad + titleH);
    ctx.font = (12 * ratio) + 'px system-ui, sans-serif';
    shown.forEach(function (s, k) {
      var x = pad + (k % perRow) * 220 * ratio, y = pad + titleH + src.height + Math.floor(k / perRow) * legendH + 4 * ratio;
      ctx.fillStyle = s.color;
      ctx.fillRect(x, y + 3 * ratio, 14 * ratio, 8 * ratio);
      ctx.fillStyle = '#1a1a1a';
      ctx.fillText(s.name.length > 30 ? s.name.slice(0, 29) + '\u2026' : s.name, x + 20 * ratio, y);
    });
    c.toBlob(function (b) { if (b) download(name + '.png', b); });
  }

  // ---- Marks: shaded spans under the series, event lines over them.
  function drawSpans(d) {
    return function (u) {
      if (!d.spans) return;
      var ctx = u.ctx, b = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(b.left, b.top, b.width, b.height);
      ctx.clip();
      ctx.fillStyle = 'rgba(120,120,120,0.16)';
      d.spans.forEach(function (s) {
        var x0 = u.valToPos(s.from, 'x', true), x1 = u.valToPos(s.to, 'x', true);
        ctx.fillRect(x0, b.top, Math.max(1, x1 - x0), b.height);
      });
      ctx.restore();
    };
  }

  function drawEvents(d) {
    return function (u) {
      if (!d.events) return;
      var ctx = u.ctx, b = u.bbox, r = window.devicePixelRatio || 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(b.left, b.top, b.width, b.height);
      ctx.clip();
      ctx.strokeStyle = '#555';
      ctx.fillStyle = '#333';
      ctx.lineWidth = r;
      ctx.setLineDash([4 * r, 3 * r]);
      ctx.font = (11 * r) + 'px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      d.events.forEach(function (e, k) {
        var x = Math.round(u.valToPos(e.from, 'x', true)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, b.top);
        ctx.lineTo(x, b.top + b.height);
        ctx.stroke();
        if (k < 4) ctx.fillText(e.label, x + 3 * r, b.top + 2 * r + k * 13 * r);
      });
      ctx.restore();
    };
  }

  // ---- One chart.
  function height(width) { return Math.round(Math.max(220, Math.min(380, width * 0.52))); }

  function yRange(fixedRange, zero) {
    return function (u, min, max) {
      if (fixedRange) return [fixedRange[0], fixedRange[1]];
      if (min === null || max === null) return [0, 1];
      if (zero) { min = Math.min(0, min); max = Math.max(0, max); }
      if (min === max) { var e = Math.abs(min) || 1; return [min - e * 0.1, max + e * 0.1]; }
      var padding = (max - min) * 0.05;
      return [zero && min === 0 ? 0 : min - padding, zero && max === 0 ? 0 : max + padding];
    };
  }

  // On a log axis spanning more than two decades only the powers of ten
  // get a tick and a grid line; the nine lines a decade would crowd it.
  function logFilter(u, splits) {
    if (splits.length < 2 || splits[splits.length - 1] / splits[0] <= 100) return splits;
    return splits.map(function (v) {
      var e = Math.log10(v);
      return Math.abs(e - Math.round(e)) < 1e-9 ? v : null;
    });
  }

  // logLines are uPlot's default grid lines or ticks (its options replace
  // the defaults as a whole) with the log filter.
  function logLines(ticks) {
    var o = { show: true, stroke: 'rgba(0,0,0,0.07)', width: 2, filter: logFilter };
    if (ticks) o.size = 10;
    return o;
  }

  function axisValues(unit) {
    return function (u, splits) { return splits.map(function (v) { return v === null ? '' : formatValue(v, unit); }); };
  }

  function build(fig, d, box, width, syncKey) {
    var series = [{ label: d.dates ? (zh ? '\u65e5\u671f' : 'date') : (d.xLabel || 'x'), value: function (u, v) { return xText(d, v); } }];
    d.series.forEach(function (s) {
      var shown = s.value || s.y;
      series.push({
        label: s.name,
        stroke: s.noLine ? alpha(s.color, 0.5) : s.color,
        width: s.noLine ? 0 : 2,
        dash: s.dash || undefined,
        scale: s.right ? 'y2' : 'y',
        points: { show: false },
        spanGaps: false,
        value: function (u, v, si, idx) {
          if (idx === null || idx === undefined) return '';
          return formatValue(shown[idx], s.right ? d.y2Unit : d.yUnit);
        }
      });
    });
    var hasY2 = d.series.some(function (s) { return s.right; });
    var axes = [
      { scale: 'x', values: d.dates ? undefined : axisValues(d.xUnit), label: d.dates ? undefined : d.xLabel, size: d.dates ? 52 : 40, labelSize: 18 },
      { scale: 'y', values: axisValues(d.yUnit), label: d.yLabel, size: 64, labelSize: 18, filter: d.logY ? logFilter : undefined,
        grid: d.logY ? logLines(false) : undefined, ticks: d.logY ? logLines(true) : undefined }
    ];
    var scales = {
      x: { time: !!d.dates },
      y: d.logY ? { distr: 3, log: 10 } : { range: yRange(d.yRange, d.yZero) }
    };
    if (hasY2) {
      axes.push({ scale: 'y2', side: 1, values: axisValues(d.y2Unit), label: d.y2Label, size: 64, labelSize: 18, grid: { show: false }, filter: d.logY2 ? logFilter : undefined, ticks: d.logY2 ? logLines(true) : undefined });
      scales.y2 = d.logY2 ? { distr: 3, log: 10 } : { range: yRange(d.y2Range, false) };
    }
    var data = [d.x].concat(d.series.map(function (s) { return s.y; }));
    var opts = {
      width: width,
      height: height(width),
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      series: series,
      axes: axes,
      scales: scales,
      bands: (d.bands || []).map(function (b) { return { series: [b.upper + 1, b.lower + 1], fill: alpha(b.color, 0.3) }; }),
      cursor: { drag: { x: true, y: false, setScale: true }, sync: syncKey ? { key: syncKey } : undefined },
      legend: { live: true },
      hooks: {
        drawClear: [drawSpans(d)],
        draw: [drawEvents(d)],
        setScale: [function (u, key) {
          if (key === 'x') {
            fig.setAttribute('data-xmin', String(u.scales.x.min));
            fig.setAttribute('data-xmax', String(u.scales.x.max));
          }
        }],
        setSeries: [function (u, si, o) {
          // A band's hidden lower edge follows its upper edge.
          if (si === null || !o || o.show === undefined) return;
          (d.bands || []).forEach(function (b) {
            if (b.upper + 1 === si && d.series[b.lower].hidden && u.series[b.lower + 1].show !== o.show) {
              u.setSeries(b.lower + 1, { show: o.show });
            }
          });
        }]
      }
    };
    var u = new uPlot(opts, data, box);
    // Hidden series are drawn but not listed.
    var rows = u.root.querySelectorAll('.u-legend .u-series');
    d.series.forEach(function (s, i) { if (s.hidden && rows[i + 1]) rows[i + 1].style.display = 'none'; });
    u.over.addEventListener('dblclick', function () { reset(u, d); });
    return u;
  }

  function reset(u, d) {
    if (d.x.length) u.setScale('x', { min: d.x[0], max: d.x[d.x.length - 1] });
  }

  function button(text, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  var T = zh
    ? { reset: '\u91cd\u7f6e\u7f29\u653e', csv: '\u4e0b\u8f7d\u6570\u636e (CSV)', png: '\u4e0b\u8f7d\u56fe\u7247 (PNG)', hint: '\u62d6\u52a8\u4ee5\u7f29\u653e\u65f6\u95f4\uff0c\u53cc\u51fb\u91cd\u7f6e\uff1b\u70b9\u51fb\u56fe\u4f8b\u663e\u793a\u6216\u9690\u85cf\u5e8f\u5217\u3002' }
    : { reset: 'Reset zoom', csv: 'Download data (CSV)', png: 'Download picture (PNG)', hint: 'Drag across the chart to zoom on time, double-click to reset; click a legend entry to hide or show it.' };

  // panel draws one chart of data d in a new element appended to parent:
  // its title, the plot and its tools. syncKey, when set, keeps the
  // cursors of a figure's panels in step.
  function panel(d, parent, name, syncKey) {
    var one = document.createElement('div');
    one.className = 'ichart-one';
    one.setAttribute('role', 'group');
    one.setAttribute('aria-label', d.title);
    var h = document.createElement('p');
    h.className = 'ichart-title';
    h.textContent = d.title;
    var box = document.createElement('div');
    box.className = 'ichart-plot';
    var tools = document.createElement('p');
    tools.className = 'ichart-tools';
    var u = null;
    tools.appendChild(button(T.reset, function () { if (u) reset(u, d); }));
    tools.appendChild(button(T.csv, function () { download(name + '.csv', new Blob([chartCSV(d)], { type: 'text/csv;charset=utf-8' })); }));
    tools.appendChild(button(T.png, function () { if (u) chartPNG(u, d, name); }));
    if (d.title) one.appendChild(h);
    one.appendChild(box);
    one.appendChild(tools);
    parent.appendChild(one);
    var last = 0;
    var draw = function () {
      var w = Math.floor(box.clientWidth);
      if (w < 120 || w === last) return;
      last = w;
      if (!u) u = build(one, d, box, w, syncKey);
      else u.setSize({ width: w, height: height(w) });
    };
    if (window.ResizeObserver) new ResizeObserver(draw).observe(box);
    draw();
  }

  function setup(fig) {
    var el = document.getElementById(fig.getAttribute('data-chart'));
    if (!el) return;
    var d = JSON.parse(el.textContent);
    var panels = d.panels || [d];
    if (!panels.every(function (p) { return p.x && p.x.length; })) return;
    var wrapEl = document.createElement('div');
    wrapEl.className = 'ichart';
    var name = fig.id || 'chart';
    var hint = document.createElement('p');
    hint.className = 'ichart-hint';
    hint.textContent = T.hint;
    if (d.panels) {
      var h = document.createElement('p');
      h.className = 'ichart-title ichart-grid-title';
      h.textContent = d.title;
      wrapEl.appendChild(h);
      var grid = document.createElement('div');
      grid.className = 'ichart-panels';
      wrapEl.appendChild(grid);
      fig.insertBefore(wrapEl, fig.firstChild);
      fig.classList.add('live');
      d.panels.forEach(function (p, i) { panel(p, grid, name + '-' + (i + 1), name); });
    } else {
      fig.insertBefore(wrapEl, fig.firstChild);
      fig.classList.add('live');
      panel(d, wrapEl, name, null);
    }
    wrapEl.appendChild(hint);
  }

  function init() {
    if (typeof uPlot === 'undefined') return;
    var figs = document.querySelectorAll('figure[data-chart]');
    for (var i = 0; i < figs.length; i++) {
      try { setup(figs[i]); } catch (e) {
        // A chart that cannot be redrawn keeps its static picture.
        figs[i].classList.remove('live');
        if (window.console) console.warn('bubblelab chart ' + figs[i].id + ': ' + e);
      }
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
