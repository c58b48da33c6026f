(function(){
var d=document,h=d.documentElement,t=d.getElementById("a11y-tools"),K="huimin-a11y",w=window;
if(!t||!t.addEventListener)return;
var mq=w.matchMedia?w.matchMedia("(prefers-contrast: more)"):null;
function g(n){return h.getAttribute("data-"+n)}
function set(n,v){if(v)h.setAttribute("data-"+n,v);else h.removeAttribute("data-"+n)}
// High contrast is on when chosen here, or when the system asks for more contrast and it was not switched off here.
function high(){var c=g("contrast");return c==="high"||(c!=="normal"&&!!mq&&mq.matches)}
function tables(){var ts=d.querySelectorAll(".prose table,table.data"),i;for(i=0;i<ts.length;i++){if(ts[i].scrollWidth>ts[i].clientWidth+1)ts[i].setAttribute("tabindex","0");else ts[i].removeAttribute("tabindex")}}
function sync(){var b=t.querySelector("[data-contrast-toggle]");if(b)b.setAttribute("aria-pressed",high()?"true":"false");tables()}
t.addEventListener("click",function(e){
var b=e.target,s,o={};
while(b&&b!==t&&b.nodeName!=="BUTTON")b=b.parentNode;
if(!b||b===t)return;
s=b.getAttribute("data-size-step");
if(s){s=Math.max(1,Math.min(3,(parseInt(g("size"),10)||1)+parseInt(s,10)));set("size",s>1?String(s):"")}
else if(b.hasAttribute("data-contrast-toggle"))set("contrast",high()?(mq&&mq.matches?"normal":""):"high");
else if(b.hasAttribute("data-a11y-reset")){set("size","");set("contrast","")}
else return;
if(g("size"))o.size=g("size");
if(g("contrast"))o.contrast=g("contrast");
try{localStorage.setItem(K,JSON.stringify(o))}catch(x){}
sync()});
if(mq){if(mq.addEventListener)mq.addEventListener("change",sync);else if(mq.addListener)mq.addListener(sync)}
if(w.addEventListener)w.addEventListener("resize",tables);
t.removeAttribute("hidden");
sync();
})();
