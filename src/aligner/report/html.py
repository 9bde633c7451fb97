"""Review pages: a static, offline side-by-side view of every release for translators.

No CDN, no network request, no build step: each page is one HTML file with its CSS and JavaScript inline. Beads are
rows (French | English) with their confidence as a number and a colour, origin badges, terminology issues and MT flags.
Filters show low-confidence, machine-translated or flagged beads; ``n``/``p`` (or ``j``/``k``) move between flagged
beads. A reviewer can merge a bead with the next, split a bead into single sentences, or unpair it, and download the
corrected alignment as ``<release>.corrections.json`` for ``aligner apply``.
"""

from __future__ import annotations

import json
from html import escape

from ..model import Origin
from ..settings import CONFIDENT, LOW_CONFIDENCE
from .model import ReleaseReport, RunReport
from .review_data import ReviewPage, ReviewRow, page_payload

CSS = """
:root{--bg:#fff;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--low:#b00020;--mid:#8a5a00;--high:#1b5e20;--focus:#0b57d0}
body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 1.5rem 3rem}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);
padding:.35rem .5rem;vertical-align:top;text-align:left}th{background:#f3f3f3;position:sticky;top:0}
.score{font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}.s-low{color:var(--low)}
.s-mid{color:var(--mid)}.s-high{color:var(--high)}tr.bead:focus{outline:3px solid var(--focus);outline-offset:-3px}
tr.flagged td:first-child{border-left:4px solid var(--low)}.badge{display:inline-block;font-size:.75rem;
padding:0 .35rem;border-radius:.25rem;border:1px solid currentColor;margin-right:.25rem}.o-aligned{color:#1b5e20}
.o-mt{color:#6a1b9a}.o-tm{color:#0d47a1}.o-reviewed{color:#004d40}.o-none{color:#555}.issue{background:#fff3cd;
color:#5c4400;display:block;font-size:.85rem;margin-top:.2rem}.empty{color:var(--muted);font-style:italic}
.controls{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.75rem 0}button{font:inherit}
tr.hidden{display:none}tr.selected{background:#e8f0fe}.help{color:var(--muted);font-size:.85rem}
"""

JS = r"""
(function(){
  const rows=[...document.querySelectorAll('tr.bead')];
  const data=JSON.parse(document.getElementById('beads').textContent);
  const boxes={low:document.getElementById('f-low'),mt:document.getElementById('f-mt'),issues:document.getElementById('f-issues')};
  function apply(){
    const any=boxes.low.checked||boxes.mt.checked||boxes.issues.checked;
    let shown=0;
    rows.forEach(r=>{
      const ok=!any||(boxes.low.checked&&r.dataset.low==='1')||(boxes.mt.checked&&r.dataset.mt==='1')||
        (boxes.issues.checked&&r.dataset.issues!=='0');
      r.classList.toggle('hidden',!ok); if(ok)shown++;
    });
    document.getElementById('shown').textContent=shown+' of '+rows.length+' beads shown';
    return shown;
  }
  Object.values(boxes).forEach(b=>b.addEventListener('change',apply));
  function flagged(){return rows.filter(r=>!r.classList.contains('hidden')&&r.classList.contains('flagged'));}
  function move(step){
    const f=flagged(); if(!f.length)return;
    const i=f.indexOf(document.activeElement);
    const next=f[(i+step+f.length)%f.length]; next.focus();
  }
  document.addEventListener('keydown',e=>{
    if(e.target.tagName==='INPUT')return;
    if(e.key==='n'||e.key==='j'){move(1);e.preventDefault();}
    if(e.key==='p'||e.key==='k'){move(-1);e.preventDefault();}
  });
  // corrections: the page keeps the bead list and rewrites it
  let beads=data.beads.map(b=>b.reviewed?{src:b.src.slice(),tgt:b.tgt.slice(),reviewed:true}:{src:b.src.slice(),tgt:b.tgt.slice(),reviewed:false,score:b.score});
  let ops=[];
  function selected(){return rows.findIndex(r=>r===document.activeElement||r.classList.contains('selected'));}
  rows.forEach(r=>r.addEventListener('click',()=>{rows.forEach(x=>x.classList.remove('selected'));r.classList.add('selected');}));
  function edit(kind){
    const i=selected(); if(i<0){status('select a bead first');return;}
    if(kind==='merge'&&i+1<beads.length){beads[i]={src:beads[i].src.concat(beads[i+1].src),tgt:beads[i].tgt.concat(beads[i+1].tgt),reviewed:true};beads.splice(i+1,1);}
    else if(kind==='split'){const b=beads[i],n=Math.max(b.src.length,b.tgt.length),parts=[];
      for(let k=0;k<n;k++)parts.push({src:b.src[k]===undefined?[]:[b.src[k]],tgt:b.tgt[k]===undefined?[]:[b.tgt[k]],reviewed:true});
      beads.splice(i,1,...parts);}
    else if(kind==='unpair'){const b=beads[i],parts=[];if(b.src.length)parts.push({src:b.src,tgt:[],reviewed:true});if(b.tgt.length)parts.push({src:[],tgt:b.tgt,reviewed:true});beads.splice(i,1,...parts);}
    else return;
    ops.push({op:kind,bead:i}); status(ops.length+' correction(s); download them when done');
  }
  function status(t){document.getElementById('status').textContent=t;}
  document.getElementById('b-merge').addEventListener('click',()=>edit('merge'));
  document.getElementById('b-split').addEventListener('click',()=>edit('split'));
  document.getElementById('b-unpair').addEventListener('click',()=>edit('unpair'));
  document.getElementById('b-download').addEventListener('click',()=>{
    const doc={schema:'aligner-corrections/1',release:data.release,src_sentences:data.src_sentences.length,
      tgt_sentences:data.tgt_sentences.length,source_key:data.source_key,operations:ops,beads:beads};
    const a=document.createElement('a');
    a.href='data:application/json;charset=utf-8,'+encodeURIComponent(JSON.stringify(doc,null,1));
    a.download=data.release+'.corrections.json'; document.body.appendChild(a); a.click(); a.remove();
  });
  apply();
  if(location.hash==='#selftest'){
    const res={total:rows.length};
    boxes.low.checked=true; res.low=apply(); boxes.low.checked=false;
    boxes.mt.checked=true; res.mt=apply(); boxes.mt.checked=false;
    boxes.issues.checked=true; res.issues=apply(); boxes.issues.checked=false;
    res.all=apply();
    const f=flagged(); if(f.length){move(1); res.focused=document.activeElement.dataset.bead;}
    if(rows.length>1){rows[0].classList.add('selected'); edit('merge'); res.after_merge=beads.length;}
    const pre=document.createElement('pre'); pre.id='selftest-result'; pre.textContent=JSON.stringify(res);
    document.body.appendChild(pre);
  }
})();
"""


def _score_class(score: float) -> str:
    return "s-low" if score < LOW_CONFIDENCE else ("s-mid" if score < CONFIDENT else "s-high")


_BADGE = {
    Origin.ALIGNED: "o-aligned",
    Origin.REVIEWED: "o-reviewed",
    Origin.TM_EXACT: "o-tm",
    Origin.TM_FUZZY: "o-tm",
    Origin.MT: "o-mt",
    Origin.NONE: "o-none",
}


def _origin_badge(origin: Origin, label: str) -> str:
    text = "no counterpart" if origin is Origin.NONE else label
    return f'<span class="badge {_BADGE[origin]}">{escape(text)}</span>'


def _row_html(r: ReviewRow) -> str:
    flags = r.issues + r.flags
    low = r.score < LOW_CONFIDENCE
    mt = r.origin is Origin.MT
    cls = "bead" + (" flagged" if flags or low else "")
    fr = escape(r.src_text) if r.src_text else '<span class="empty">(no French)</span>'
    en = escape(r.tgt_text) if r.tgt_text else '<span class="empty">(no English)</span>'
    notes = "".join(f'<span class="issue">{escape(x)}</span>' for x in flags)
    return (
        f'<tr class="{cls}" tabindex="0" data-bead="{r.index}" data-low="{int(low)}" data-mt="{int(mt)}" '
        f'data-issues="{len(flags)}"><td>{r.index}</td><td lang="fr">{fr}{notes}</td><td lang="en">{en}</td>'
        f'<td><span class="score {_score_class(r.score)}">{r.score:.2f}</span></td>'
        f"<td>{_origin_badge(r.origin, r.origin_label)}<br><small>{escape(r.kind)}</small></td></tr>"
    )


def render_release_page(page: ReviewPage) -> str:
    """The page of one release: a row per bead, filters, keyboard navigation and corrections."""
    release, rows = page.release, page.rows
    rid = release.id
    body = [_row_html(r) for r in rows]
    payload = json.dumps(page_payload(page), ensure_ascii=False).replace("</", "<\\/")
    a = release.alignment
    stats = (
        f"{release.stats.fr_sentences} French and {release.stats.en_sentences or 0} English sentences, "
        f"{len(rows)} beads, {a.low_confidence_beads if a else 0} below {LOW_CONFIDENCE} confidence, "
        f"{release.stats.untranslated_sentences} untranslated"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(rid)} – aligner review</title><style>{CSS}</style></head>
<body><p><a href="index.html">← all releases</a></p><h1>{escape(rid)}</h1><p>{escape(stats)}</p>
<div class="controls" role="group" aria-label="Filters">
<label><input type="checkbox" id="f-low"> low confidence</label>
<label><input type="checkbox" id="f-mt"> machine-translated</label>
<label><input type="checkbox" id="f-issues"> terminology issues and flags</label>
<span id="shown" aria-live="polite"></span></div>
<div class="controls" role="group" aria-label="Corrections">
<button type="button" id="b-merge">Merge with next bead</button>
<button type="button" id="b-split">Split into sentences</button>
<button type="button" id="b-unpair">Unpair</button>
<button type="button" id="b-download">Download corrections</button>
<span id="status" aria-live="polite"></span></div>
<p class="help">Keys: <kbd>n</kbd>/<kbd>j</kbd> next flagged bead, <kbd>p</kbd>/<kbd>k</kbd> previous. Click or focus a
bead, then use the correction buttons; apply the downloaded file with <code>aligner apply FILE</code>.</p>
<table><caption class="help">Beads of {escape(rid)}: French, English, confidence, origin</caption>
<thead><tr><th scope="col">#</th><th scope="col">French</th><th scope="col">English</th>
<th scope="col">Confidence</th><th scope="col">Origin</th></tr></thead>
<tbody>{"".join(body)}</tbody></table>
<script type="application/json" id="beads">{payload}</script>
<script>{JS}</script></body></html>
"""


def _chart(releases: list[ReleaseReport]) -> str:
    """Inline SVG: mean confidence proxy (aligned share) and BLEU per release, as horizontal bars."""
    paired = [r for r in releases if r.paired]
    if not paired:
        return ""
    h = 22 * len(paired) + 30
    parts = [
        f'<svg role="img" aria-labelledby="chart-title" width="640" height="{h}" viewBox="0 0 640 {h}">'
        '<title id="chart-title">Aligned share and BLEU per release</title>'
    ]
    for k, r in enumerate(paired):
        y = 20 + 22 * k
        share = r.alignment.aligned_share if r.alignment else 0.0
        parts.append(f'<text x="0" y="{y + 12}" font-size="12">{escape(r.id[:28])}</text>')
        parts.append(
            f'<rect x="220" y="{y}" width="{300 * share:.1f}" height="8" fill="#1b5e20">'
            f"<title>aligned {share:.1%}</title></rect>"
        )
        bleu = r.bleu
        if bleu is not None:
            parts.append(
                f'<rect x="220" y="{y + 9}" width="{3 * bleu:.1f}" height="8" fill="#6a1b9a">'
                f"<title>BLEU {bleu:.1f}</title></rect>"
            )
        parts.append(
            f'<text x="{530}" y="{y + 12}" font-size="12">{share:.0%}'
            f"{'' if bleu is None else f' · BLEU {bleu:.1f}'}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def render_index(report: RunReport) -> str:
    rows = []
    for r in report.releases:
        link = f'<a href="{escape(r.id)}.html">{escape(r.id)}</a>'
        a = r.alignment
        rows.append(
            f"<tr><td>{link}</td><td>{r.stats.fr_sentences}</td><td>{r.stats.en_sentences or '–'}</td>"
            f"<td>{a.beads if a else '–'}</td><td>{f'{a.aligned_share:.1%}' if a else '–'}</td>"
            f"<td>{a.low_confidence_beads if a else '–'}</td><td>{r.stats.untranslated_sentences}</td>"
            f"<td>{'–' if r.term_issues is None else r.term_issues}</td></tr>"
        )
    c = report.corpus
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>aligner review</title><style>{CSS}</style></head><body><h1>aligner review</h1>
<p>{c.releases} releases, {c.paired} paired, {c.aligned_share:.1%} of French sentences aligned,
{c.low_confidence_beads} low-confidence beads, {c.untranslated_sentences} untranslated sentences.</p>
{_chart(report.releases)}
<table><caption class="help">Releases</caption><thead><tr><th scope="col">release</th><th scope="col">fr</th>
<th scope="col">en</th><th scope="col">beads</th><th scope="col">aligned</th><th scope="col">low confidence</th>
<th scope="col">untranslated</th><th scope="col">term issues</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
