#include "report/html/assets.hpp"

#include <openssl/evp.h>

#include <array>

#include "wire/http.hpp"

namespace wsconform::report {

namespace {

constexpr std::string_view kStylesheet = R"CSS(
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#f9fafb;--pass:#15803d;--ns:#b45309;--fail:#b91c1c;--info:#1d4ed8;--unimpl:#6b7280;--err:#7e22ce}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{padding:18px 28px;color:#fff;background:#15803d}
header.top.bad{background:#b91c1c}
header.top.unjudged{background:#7e22ce}
header.top h1{margin:0;font-size:15px;font-weight:600;opacity:.9}
header.top .verdict{margin:2px 0 4px;font-size:26px;font-weight:700}
header.top .run{margin:0;opacity:.92}
.interrupted{background:#fef3c7;color:#92400e;padding:8px 28px;font-weight:600}
main{max-width:1240px;margin:0 auto;padding:16px 24px 40px}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 16px}
h2{font-size:17px;margin:0 0 10px}
h4{font-size:13px;margin:14px 0 6px;text-transform:uppercase;letter-spacing:.03em;color:#374151}
h5{font-size:13px;margin:6px 0 4px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:12px}
.card{display:block;min-width:118px;padding:8px 12px;border-radius:6px;border:1px solid var(--line);text-decoration:none;color:var(--fg);background:#fff}
.card b{display:block;font-size:22px}
.card.v-pass b{color:var(--pass)}.card.v-non-strict b{color:var(--ns)}.card.v-fail b{color:var(--fail)}
.card.v-informational b{color:var(--info)}.card.v-unimplemented b{color:var(--unimpl)}.card.v-error b{color:var(--err)}
.card.zero{opacity:.55}
table.grid{border-collapse:collapse;width:100%;font-size:13px}
table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
table.grid td.n,table.grid th.n{text-align:right;font-variant-numeric:tabular-nums}
table.grid td.z{color:#d1d5db}
.sections-wrap{max-height:300px;overflow:auto}
.badge{display:inline-block;min-width:92px;text-align:center;padding:1px 6px;border-radius:4px;color:#fff;font-size:12px;font-weight:600}
.v-pass.badge{background:var(--pass)}.v-non-strict.badge{background:var(--ns)}.v-fail.badge{background:var(--fail)}
.v-informational.badge{background:var(--info)}.v-unimplemented.badge{background:var(--unimpl)}.v-error.badge{background:var(--err)}
#filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:0 0 10px;padding:8px 10px;background:var(--bg);border-radius:6px}
#filters[hidden]{display:none}
#filters label{white-space:nowrap}
#filters input[type=search]{min-width:240px;padding:3px 6px}
#f-shown{color:var(--muted)}
details.case{border-top:1px solid var(--line)}
details.case>summary{cursor:pointer;padding:5px 2px;list-style-position:outside;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
details.case[open]>summary{white-space:normal}
details.case .id{font-size:12.5px}
details.case .title{color:#374151}
details.case .target{color:var(--info);font-size:12px}
details.case .headline{color:var(--muted);font-size:12.5px}
details.case .body{padding:4px 6px 14px 24px}
blockquote.requirement{margin:6px 0;padding:6px 12px;border-left:4px solid #93c5fd;background:#eff6ff}
blockquote.requirement p{margin:2px 0}
blockquote.requirement .meta{color:var(--muted);font-size:12px}
ul.reasons{margin:6px 0;padding-left:20px}
.cmp{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.cmp>div{min-width:0}
.cmp ul{margin:0;padding-left:18px}
li.sub{list-style:circle;color:#374151}
.bad{color:var(--fail)}
.why{color:var(--muted)}
pre{margin:0;padding:6px 8px;background:var(--bg);border:1px solid var(--line);border-radius:4px;font-size:12px;white-space:pre-wrap;word-break:break-all}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code.hex{font-size:11.5px;color:#4b5563;word-break:break-all}
.size{color:var(--muted);font-size:12px}
.text{white-space:pre-wrap;word-break:break-all}
table.peers{border-collapse:collapse;font-size:12px;margin-bottom:8px}
table.peers th,table.peers td{border-bottom:1px solid var(--line);padding:2px 8px;text-align:left}
table.wire{border-collapse:collapse;width:100%;font-size:12px;table-layout:fixed}
table.wire th,table.wire td{border-bottom:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top;word-break:break-all}
table.wire th:nth-child(1){width:82px}table.wire th:nth-child(2){width:22px}table.wire th:nth-child(3){width:130px}
table.wire td.t{font-variant-numeric:tabular-nums;color:var(--muted)}
tr.k-frame-received td:nth-child(2),tr.k-handshake-response td:nth-child(2){color:var(--info)}
tr.k-server-violation td{color:var(--fail)}
.codes{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:10px}
.code{border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:#fffdf7}
.code h5 span{font-weight:400;color:#374151}
.code dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:2px 10px;font-size:12.5px}
.code dt{color:var(--muted)}
.code dd{margin:0}
ul.vs{margin:6px 0 0;padding-left:18px;font-size:12.5px}
.dur{color:var(--muted);font-size:12px;margin:8px 0 0}
.who{margin:0}
.burst-grid,.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
table.kv{border-collapse:collapse;font-size:13px}
table.kv th{text-align:left;color:var(--muted);font-weight:400;padding:1px 12px 1px 0;white-space:pre}
svg.chart{flex:1 1 520px;min-width:0;max-width:640px;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
table.matrix td.cell{text-align:center}
table.matrix a{text-decoration:none}
footer{color:var(--muted);font-size:12px;text-align:center;padding:10px}
@media (max-width:900px){.cmp{grid-template-columns:1fr}}
)CSS";

constexpr std::string_view kScript = R"JS(
(function () {
  'use strict';
  var bar = document.getElementById('filters');
  if (!bar) return;
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.mrow'));
  var boxes = Array.prototype.slice.call(bar.querySelectorAll('input[name=verdict]'));
  var section = document.getElementById('f-section');
  var text = document.getElementById('f-text');
  var shown = document.getElementById('f-shown');
  var texts = cases.map(function (c) { return c.textContent.toLowerCase(); });
  var seen = {};
  cases.forEach(function (c) {
    var s = c.getAttribute('data-section');
    if (seen[s]) return;
    seen[s] = true;
    var option = document.createElement('option');
    option.value = s;
    option.textContent = s;
    section.appendChild(option);
  });
  function wanted() {
    var verdicts = {};
    boxes.forEach(function (b) { verdicts[b.value] = b.checked; });
    return {verdicts: verdicts, section: section.value, needle: text.value.trim().toLowerCase()};
  }
  function apply() {
    var w = wanted();
    var count = 0;
    cases.forEach(function (c, i) {
      var ok = w.verdicts[c.getAttribute('data-verdict')] !== false &&
          (!w.section || c.getAttribute('data-section') === w.section) &&
          (!w.needle || texts[i].indexOf(w.needle) >= 0);
      c.hidden = !ok;
      if (ok) count++;
    });
    rows.forEach(function (r) {
      var any = r.getAttribute('data-verdicts').split(' ').some(function (v) {
        return w.verdicts[v] !== false;
      });
      r.hidden = !(any && (!w.section || r.getAttribute('data-section') === w.section) &&
          (!w.needle || r.textContent.toLowerCase().indexOf(w.needle) >= 0));
    });
    shown.textContent = count + ' of ' + cases.length + ' cases shown';
  }
  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq > 0) {
        try { params[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1)); } catch (e) {}
      }
    });
    if ('open' in params) {
      params.open.split(',').forEach(function (id) {
        var c = document.getElementById(id);
        if (c && c.tagName === 'DETAILS') c.open = true;
      });
    }
    if (!('verdict' in params) && !('section' in params) && !('q' in params)) return false;
    var only = params.verdict ? params.verdict.split(',') : null;
    boxes.forEach(function (b) { b.checked = !only || only.indexOf(b.value) >= 0; });
    if ('section' in params) section.value = params.section;
    if ('q' in params) text.value = params.q;
    return true;
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  section.addEventListener('change', apply);
  text.addEventListener('input', apply);
  function openTarget() {
    var c = /^#c[0-9]+-[0-9]+$/.test(location.hash) && document.getElementById(location.hash.slice(1));
    if (c) { c.hidden = false; c.open = true; }
  }
  window.addEventListener('hashchange', function () {
    if (fromHash()) apply();
    openTarget();
  });
  fromHash();
  bar.hidden = false;
  apply();
  openTarget();
  document.documentElement.setAttribute('data-js', 'ready');
})();
)JS";

}  // namespace

std::string_view html_stylesheet() {
  return kStylesheet;
}

std::string_view html_script() {
  return kScript;
}

std::string csp_hash_source(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return "'sha256-" + wire::base64_encode(wire::ByteView(digest.data(), length)) + "'";
}

std::string html_content_security_policy() {
  return "default-src 'none'; script-src " + csp_hash_source(kScript) + "; style-src " +
         csp_hash_source(kStylesheet) + "; base-uri 'none'; form-action 'none'";
}

}  // namespace wsconform::report
