// Timeout objects as Node returns them: ref/unref/hasRef/refresh/close and the numeric id.
// The expected output (timer_objects.out) was recorded from node.
const order = [];
const forever = setTimeout(() => order.push('never'), 100000);
console.log(typeof forever, forever.constructor.name, forever.hasRef());
console.log(forever.unref() === forever, forever.hasRef());

// An unreferenced timer still fires while something else keeps the loop alive.
setTimeout(() => order.push('unref fires'), 50).unref();
setTimeout(() => order.push('keeper'), 100);

// clearTimeout takes the object or its primitive id.
const byId = setTimeout(() => order.push('cleared by id'), 1);
clearTimeout(+byId);
const byObject = setTimeout(() => order.push('cleared by object'), 1);
clearTimeout(byObject);
const closed = setTimeout(() => order.push('closed'), 1);
closed.close();

// refresh() restarts the countdown: it fires after 'keeper'.
const refreshed = setTimeout(() => order.push('refreshed'), 60);
setTimeout(() => refreshed.refresh(), 90);

// An interval cleared from its own callback.
let n = 0;
const iv = setInterval(() => {
  order.push('interval ' + ++n);
  if (n === 3) clearInterval(iv);
}, 1);

setTimeout(() => console.log(order.join(', ')), 250);
