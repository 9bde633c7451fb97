"""The script of a release's review page, inlined by :func:`aligner.report.html.render_release_page`.

The page keeps the current bead list and draws the whole table from it after every operation, so a row always shows
the bead that operations on that row act on, and the download is exactly the list shown. Operations: merge with the
next bead, split into sentence pairs, unpair, approve, edit the English; undo goes back one operation at a time.
A French-only release (``paired`` false) offers only approve and edit: those are all ``aligner apply`` takes there.

Nothing a reviewer did is lost with the tab: after every operation the bead list and the operations are kept in the
browser's local storage, under a key bound to the release, its content key and the beads the page was made with, and
a later visit to the same page restores them. Leaving the page with corrections not yet downloaded asks first.
"""

SCRIPT = r"""
(function(){
'use strict';
const $=id=>document.getElementById(id);
const data=JSON.parse($('beads').textContent);
const table=$('review'), tbody=table.tBodies[0];
const LOW=Number(table.dataset.lowConfidence), CONFIDENT=Number(table.dataset.confident);
const BADGE={aligned:'o-aligned',reviewed:'o-reviewed','tm-exact':'o-tm','tm-fuzzy':'o-tm',mt:'o-mt',none:'o-none'};
const boxes={low:$('f-low'),mt:$('f-mt'),issues:$('f-issues')};
let beads=data.beads.map(b=>({src:b.src.slice(),tgt:b.tgt.slice(),score:b.score,origin:b.origin,
  label:b.origin_label||b.origin,text:b.text===undefined?null:b.text,fill:b.fill===undefined?null:b.fill,
  reviewed:!!b.reviewed,was:'',
  issues:(b.issues||[]).slice(),flags:(b.flags||[]).slice()}));  // fields at their default are left out
let ops=[], history=[], sel=-1, editing=-1, saved='[]';  // saved: the operations of the last download
const dirty=()=>JSON.stringify(ops)!==saved;  // the beads follow from the operations: compare those

// --- the text of a bead -----------------------------------------------------------------------------------------
const french=b=>b.src.map(i=>data.src_sentences[i]).join(' ');
const own=b=>b.tgt.map(j=>data.tgt_sentences[j]).join(' ');
const mine=b=>b.text!==null?b.text:own(b);  // English a person stands behind: the reviewer's or the release's
const english=b=>b.text!==null?b.text:(b.fill!==null?b.fill:own(b));  // what the row shows
function reviewedBead(src,tgt,text){
  return {src:src,tgt:tgt,score:1,origin:'reviewed',label:'reviewed',text:text,fill:null,reviewed:true,was:'',
    issues:[],flags:[]};
}

// --- operations on the current list -----------------------------------------------------------------------------
const OPS={
  merge:{can:i=>data.paired&&i+1<beads.length,run:i=>{
    const a=beads[i],b=beads[i+1];
    let text=null;
    if(a.text!==null||b.text!==null)text=[mine(a),mine(b)].filter(t=>t).join(' ');  // fills are stand-ins: dropped
    const m=reviewedBead(a.src.concat(b.src),a.tgt.concat(b.tgt),text);
    m.issues=a.issues.concat(b.issues); m.flags=a.flags.concat(b.flags);
    beads.splice(i,2,m);}},
  split:{can:i=>data.paired&&(beads[i].src.length>1||beads[i].tgt.length>1),run:i=>{
    const b=beads[i],n=Math.max(b.src.length,b.tgt.length),parts=[];
    for(let k=0;k<n;k++)parts.push(reviewedBead(b.src.slice(k,k+1),b.tgt.slice(k,k+1),null));
    beads.splice(i,1,...parts);}},
  unpair:{can:i=>data.paired&&beads[i].src.length>0&&beads[i].tgt.length>0,run:i=>{
    const b=beads[i];
    beads.splice(i,1,reviewedBead(b.src,[],null),reviewedBead([],b.tgt,null));}},
  approve:{can:i=>!beads[i].reviewed||(beads[i].text===null&&beads[i].fill!==null),run:i=>{
    const b=beads[i];
    if(b.text===null&&b.fill!==null)b.text=b.fill;  // the reviewer approves the English they saw
    confirm(b);}},
  edit:{can:i=>beads[i].src.length>0,run:(i,text)=>{const b=beads[i]; b.text=text; confirm(b);}},
};
function confirm(b){
  if(!b.reviewed)b.was=b.label;
  b.reviewed=true; b.origin='reviewed'; b.label='reviewed'; b.score=1;
}
function perform(op,i,arg){
  if(i<0||i>=beads.length||editing>=0||!OPS[op].can(i))return false;
  history.push({beads:JSON.parse(JSON.stringify(beads)),ops:ops.length,sel:sel});
  OPS[op].run(i,arg);
  ops.push({op:op,bead:i});
  sel=Math.min(i,beads.length-1);
  keep();
  render();
  say(op+' of bead '+i+' done; '+ops.length+' correction(s) to download');
  return true;
}
function undo(){
  if(!history.length||editing>=0)return;
  const h=history.pop(), op=ops[h.ops];
  beads=h.beads; ops.length=h.ops; sel=h.sel;
  keep();
  render();
  say('undid '+op.op+' of bead '+op.bead+'; '+ops.length+' correction(s) to download');
}

// --- kept in this browser until downloaded ----------------------------------------------------------------------
function digest(t){let h=2166136261; for(let k=0;k<t.length;k++){h^=t.charCodeAt(k); h=Math.imul(h,16777619);}
  return (h>>>0).toString(16);}
const KEY='aligner-review/1:'+data.release+':'+data.source_key+':'+digest(JSON.stringify(data.beads));
function keep(){
  try{
    if(ops.length)localStorage.setItem(KEY,JSON.stringify({beads:beads,ops:ops,saved:saved}));
    else localStorage.removeItem(KEY);
  }catch(e){say('this browser does not keep the corrections: download them before leaving the page');}
}
function restore(){
  try{
    const kept=JSON.parse(localStorage.getItem(KEY)||'null');
    if(!kept||!Array.isArray(kept.beads)||!Array.isArray(kept.ops)||!kept.ops.length)return false;
    beads=kept.beads; ops=kept.ops; saved=typeof kept.saved==='string'?kept.saved:'[]';
    return true;
  }catch(e){return false;}
}
window.addEventListener('beforeunload',e=>{if(dirty()){e.preventDefault(); e.returnValue='';}});

// --- drawing ----------------------------------------------------------------------------------------------------
function el(tag,cls,text){
  const e=document.createElement(tag);
  if(cls)e.className=cls;
  if(text!==undefined)e.textContent=text;
  return e;
}
const SIDES={fr:[table.dataset.srcLang||'fr',table.dataset.srcName||'French'],
  en:[table.dataset.tgtLang||'en',table.dataset.tgtName||'English']};  // the translation's side and the original's
function textCell(side,text,empty){
  const td=el('td',side);
  td.lang=SIDES[side][0];
  td.appendChild(text?el('span','text',text):el('span','empty',empty));
  return td;
}
function scoreCell(b){
  const s=b.reviewed?1:b.score;
  const td=el('td','conf');
  td.appendChild(el('span','score '+(s<LOW?'s-low':s<CONFIDENT?'s-mid':'s-high'),s.toFixed(2)));
  return td;
}
function originCell(b){
  const td=el('td','origin');
  const o=b.reviewed?'reviewed':b.origin;
  td.appendChild(el('span','badge '+(BADGE[o]||'o-none'),o==='none'?'no counterpart':b.reviewed?'reviewed':b.label));
  td.appendChild(el('br'));
  td.appendChild(el('small','kind',b.src.length+'-'+b.tgt.length));
  if(b.was)td.appendChild(el('small','was',' · was '+b.was));
  return td;
}
function editor(b,i){
  const box=el('div','editor');
  const label=el('label','',SIDES.en[1]+" of bead "+i+" (the reviewer's translation)");
  label.htmlFor='edit-text';
  const area=el('textarea');
  area.id='edit-text'; area.rows=3; area.value=english(b);
  const save=el('button','','Save '+SIDES.en[1]), cancel=el('button','','Cancel');
  save.type=cancel.type='button'; save.id='b-save'; cancel.id='b-cancel';
  box.append(label,area,save,cancel);
  return box;
}
function row(b,i){
  const tr=el('tr','bead');
  const notes=b.issues.concat(b.flags), low=!b.reviewed&&b.score<LOW;
  tr.tabIndex=0; tr.dataset.bead=i; tr.dataset.low=low?'1':'0';
  tr.dataset.mt=!b.reviewed&&b.origin==='mt'?'1':'0'; tr.dataset.issues=String(notes.length);
  if(notes.length||low)tr.classList.add('flagged');
  if(b.reviewed)tr.classList.add('reviewed');
  if(i===sel){tr.classList.add('selected'); tr.setAttribute('aria-current','true');}
  const fr=textCell('fr',french(b),'(no '+SIDES.fr[1]+')');
  notes.forEach(x=>fr.appendChild(el('span','issue',x)));
  const en=textCell('en',english(b),'(no '+SIDES.en[1]+')');
  if(i===editing)en.appendChild(editor(b,i));
  tr.append(el('th','num',String(i)),fr,en,scoreCell(b),originCell(b));
  tr.firstChild.scope='row';
  return tr;
}
function render(){
  const hadRowFocus=document.activeElement&&document.activeElement.closest&&document.activeElement.closest('tr.bead');
  const rows=document.createDocumentFragment();
  beads.forEach((b,i)=>rows.appendChild(row(b,i)));
  tbody.replaceChildren(rows);
  filter(); controls();
  const a=document.activeElement;
  if(editing>=0)$('edit-text').focus();
  else if(sel>=0&&(hadRowFocus||!a||a===document.body||a.disabled))rowAt(sel).focus();
}
function rowAt(i){return tbody.querySelector('tr.bead[data-bead="'+i+'"]');}
function controls(){
  ['merge','split','unpair','approve','edit'].forEach(op=>{
    const b=$('b-'+op); if(b)b.disabled=editing>=0||sel<0||!OPS[op].can(sel);
  });
  $('b-undo').disabled=editing>=0||!history.length;
  $('b-download').disabled=editing>=0;
  $('selection').textContent=sel<0?'no bead selected':'bead '+sel+' selected';
}
function say(t){$('status').textContent=t;}

// --- filters and keyboard ---------------------------------------------------------------------------------------
function filter(){
  const any=boxes.low.checked||boxes.mt.checked||boxes.issues.checked;
  let shown=0;
  const rows=tbody.querySelectorAll('tr.bead');
  rows.forEach(r=>{
    const ok=!any||(boxes.low.checked&&r.dataset.low==='1')||(boxes.mt.checked&&r.dataset.mt==='1')||
      (boxes.issues.checked&&r.dataset.issues!=='0');
    r.classList.toggle('hidden',!ok); if(ok)shown++;
  });
  $('shown').textContent=shown+' of '+rows.length+' beads shown';
}
Object.values(boxes).forEach(b=>b.addEventListener('change',filter));
function move(step){
  const f=[...tbody.querySelectorAll('tr.bead.flagged:not(.hidden)')];
  if(!f.length)return;
  const i=f.indexOf(document.activeElement);
  f[i<0?(step>0?0:f.length-1):(i+step+f.length)%f.length].focus();
}
document.addEventListener('keydown',e=>{
  const t=e.target;
  const typing=t.tagName==='TEXTAREA'||t.isContentEditable||(t.tagName==='INPUT'&&!['checkbox','radio'].includes(t.type));
  if(e.ctrlKey||e.metaKey||e.altKey||typing)return;
  if(e.key==='n'||e.key==='j'){move(1);e.preventDefault();}
  if(e.key==='p'||e.key==='k'){move(-1);e.preventDefault();}
});
function select(i){
  if(i===sel)return;
  const old=rowAt(sel);
  if(old){old.classList.remove('selected'); old.removeAttribute('aria-current');}
  sel=i;
  const r=rowAt(i); r.classList.add('selected'); r.setAttribute('aria-current','true');
  controls();
}
tbody.addEventListener('focusin',e=>{const r=e.target.closest('tr.bead'); if(r)select(Number(r.dataset.bead));});
tbody.addEventListener('click',e=>{
  const r=e.target.closest('tr.bead'); if(!r)return;
  if(e.target.id==='b-save')return save();
  if(e.target.id==='b-cancel'){editing=-1; render(); say('edit cancelled'); return;}
  select(Number(r.dataset.bead));
});
tbody.addEventListener('keydown',e=>{
  if(e.target.id!=='edit-text')return;
  if(e.key==='Escape'){editing=-1; render(); say('edit cancelled');}
  if(e.key==='Enter'&&(e.ctrlKey||e.metaKey)){e.preventDefault(); save();}
});
function save(){
  const text=$('edit-text').value.replace(/\s*\n\s*/g,' ').trim();
  if(!text){say('the English is empty: write it, or cancel'); return;}
  const i=editing; editing=-1;
  perform('edit',i,text);
}

// --- buttons and the download -----------------------------------------------------------------------------------
['merge','split','unpair','approve'].forEach(op=>{const b=$('b-'+op); if(b)b.addEventListener('click',()=>perform(op,sel));});
$('b-edit').addEventListener('click',()=>{
  if(sel<0||!OPS.edit.can(sel))return;
  editing=sel; render(); say('editing the English of bead '+sel+': Save (Ctrl+Enter) or Cancel (Escape)');
});
$('b-undo').addEventListener('click',undo);
function corrections(){
  return {schema:'aligner-corrections/1',release:data.release,source_key:data.source_key,
    src_sentences:data.src_sentences.length,tgt_sentences:data.tgt_sentences.length,
    beads:beads.map(b=>{
      const d={src:b.src,tgt:b.tgt,reviewed:b.reviewed};
      if(!b.reviewed)d.score=b.score;
      if(b.reviewed&&b.text!==null&&b.src.length)d.text=b.text;
      return d;}),
    operations:ops};
}
$('b-download').addEventListener('click',()=>{
  const blob=new Blob([JSON.stringify(corrections(),null,1)+'\n'],{type:'application/json'});
  const a=el('a'); a.href=URL.createObjectURL(blob); a.download=data.release+'.corrections.json';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(()=>URL.revokeObjectURL(a.href),10000);
  saved=JSON.stringify(ops); keep();
  say('downloaded '+a.download+': apply it with aligner apply');
});
const restored=restore();
render();
if(restored)say('restored '+ops.length+' correction(s) this browser kept from an earlier visit'+
  (dirty()?', not downloaded since':'')+'; undo starts from here');
})();
"""
