// Site search (/search/ only): Pagefind's API over the site's shards, merged newest first and
// only as far as a query needs (README, "Search"). The query is kept in the address (?q=).
(function(){
var d=document,root=d.getElementById("search");
if(!root||!window.Promise||!window.history||!history.pushState)return;
var shards=root.getAttribute("data-shards").split(" ").filter(Boolean).map(function(s){var p=s.split("|");return{url:p[0],year:p[1]||"",pages:+p[2]||0}});
var form=d.getElementById("search-form"),q=d.getElementById("search-q"),status=d.getElementById("search-status"),
list=d.getElementById("search-results"),more=d.getElementById("search-more"),nojs=d.getElementById("search-nojs");
var sel={kind:d.getElementById("search-kind"),year:d.getElementById("search-year"),category:d.getElementById("search-category")};
// A site this small merges every shard at once, so results rank over the whole site; a bigger
// one merges the newest shards first, and older ones only while a query has too few results.
var EAGER=3000,total=shards.reduce(function(a,s){return a+s.pages},0);
var WANT=10,pf=null,loaded=[],current=null,shown=0,seq=0;
form.hidden=false;nojs.hidden=true;
if(!shards.length){status.textContent="本站还没有可以搜索的内容。";return}
function say(t){status.textContent=t}
function filters(){var f={},k;for(k in sel)if(sel[k]&&sel[k].value)f[k]=sel[k].value;return f}
function start(){
  if(!pf)pf=import(shards[0].url+"pagefind.js").then(function(m){loaded.push(0);return m.options({baseUrl:"/",excerptLength:40}).then(function(){
    if(total>EAGER)return m;
    var all=[],i;for(i=1;i<shards.length;i++)all.push(merge(m,i));
    return Promise.all(all).then(function(){return m})})});
  return pf}
// The next shard to merge: one of the chosen year first, then the newest not yet loaded.
function next(){var y=sel.year?sel.year.value:"",i;
  for(i=0;i<shards.length;i++)if(loaded.indexOf(i)<0&&(!y||shards[i].year===y))return i;
  if(y)return -1;
  return -1}
function merge(m,i){loaded.push(i);return m.mergeIndex(shards[i].url,{baseUrl:"/"})}
// Pages with every word of the query. Pagefind ranks any page with any of the words (and a
// word it does not know is dropped, so 琥珀灯笼节 would find pages with 节日): each word, as the
// browser segments it like Pagefind does, is searched alone (a word also finds the longer words
// it begins, 庐剧 → 庐剧团) and only pages found for every one are kept, in Pagefind's order
// for the whole query (where titles weigh most).
var seg=window.Intl&&Intl.Segmenter?new Intl.Segmenter("zh",{granularity:"word"}):null;
function words(term){
  var out=[];
  term.split(/\s+/).forEach(function(p){
    if(!seg){if(p)out.push(p);return}
    for(var it=seg.segment(p)[Symbol.iterator](),n=it.next();!n.done;n=it.next())if(n.value.isWordLike&&out.indexOf(n.value.segment)<0)out.push(n.value.segment)});
  return out}
function find(m,term){
  var f=filters(),ws=words(term);
  return Promise.all([m.search(ws.join(" "),{filters:f})].concat(ws.map(function(w){return m.search(w,{filters:f})}))).then(function(all){
    var ranked=all.shift(),hits={};
    all.forEach(function(r){r.results.forEach(function(x){hits[x.id]=(hits[x.id]||0)+1})});
    return{results:ranked.results.filter(function(x){return hits[x.id]===all.length})}})}
function searchAll(m,term){
  return find(m,term).then(function(r){
    var i=next();
    if(r&&r.results.length<shown+WANT&&i>=0)return merge(m,i).then(function(){return searchAll(m,term)});
    return r})}
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
function item(r){
  var li=d.createElement("li"),m=r.meta||{};li.className="search-result";
  li.innerHTML='<h2 class="search-title"><a href="'+esc(r.url)+'">'+esc(m.title||r.url)+'</a></h2>'+
    '<p class="search-meta">'+esc([m.kind,m.date].filter(Boolean).join(" · "))+'</p>'+
    // Pagefind's excerpt: the page's own text, escaped, with <mark> around the matched words.
    '<p class="search-excerpt">'+r.excerpt+'</p>';
  return li}
function note(){
  var n=current.results.length,rest=next()>=0;
  if(!n)return say(rest?"没有找到，正在搜索更早的内容…":"没有找到与“"+q.value+"”相关的内容。请换一个词语试试，或者少写几个字。");
  say("找到 "+n+(rest?" 条以上":" 条")+"与“"+q.value+"”相关的结果，已显示 "+shown+" 条。")}
function showMore(){
  var id=seq,m;
  return start().then(function(mod){m=mod;return shown+WANT>current.results.length&&next()>=0?searchAll(m,current.term):current}).then(function(r){
    if(id!==seq)return;
    r.term=current.term;current=r;
    var part=r.results.slice(shown,shown+WANT);
    return Promise.all(part.map(function(x){return x.data()})).then(function(data){
      if(id!==seq)return;
      data.forEach(function(x){list.appendChild(item(x))});
      shown+=data.length;
      more.hidden=!(shown<current.results.length||next()>=0);
      note()})})}
function run(){
  var term=q.value.trim(),id=++seq;
  list.innerHTML="";shown=0;more.hidden=true;
  if(!term){say("");return Promise.resolve()}
  say("正在搜索“"+term+"”…");
  return start().then(function(m){return searchAll(m,term)}).then(function(r){
    if(id!==seq)return;
    r.term=term;current=r;return showMore()}).catch(function(e){if(id===seq)say("搜索出错了，请刷新页面后再试。");if(window.console)console.error(e)})}
function fromUrl(){
  var p=new URLSearchParams(location.search),k;
  q.value=p.get("q")||"";
  for(k in sel)if(sel[k])sel[k].value=p.get(k)||"";
  return run()}
function toUrl(){
  var p=new URLSearchParams(),f=filters(),k;
  if(q.value.trim())p.set("q",q.value.trim());
  for(k in f)p.set(k,f[k]);
  var s=p.toString(),u=location.pathname+(s?"?"+s:"");
  if(u!==location.pathname+location.search)history.pushState(null,"",u)}
form.addEventListener("submit",function(e){e.preventDefault();toUrl();run()});
for(var k in sel)if(sel[k])sel[k].addEventListener("change",function(){toUrl();run()});
more.addEventListener("click",function(){more.hidden=true;say("正在加载更多结果…");showMore().then(function(){var a=list.children[shown-WANT>0?shown-WANT:0];})});
window.addEventListener("popstate",fromUrl);
root.huiminSearch={run:fromUrl};
fromUrl();
})();
