// Drives `jetcrab --inspect-wait` with chrome-remote-interface, an independent CDP client.
// Usage: node cdp_client.js PORT SCRIPT_URL BREAK_LINE (0-based). Prints "OK" on success.
'use strict';
const CDP = require('chrome-remote-interface');
const assert = require('assert');

const [port, scriptUrl, breakLine] = [+process.argv[2], process.argv[3], +process.argv[4]];

function waitFor(client, method, pred = () => true) {
  return new Promise((resolve) => {
    const listener = (params) => {
      if (pred(params)) {
        client.removeListener(method, listener);
        resolve(params);
      }
    };
    client.on(method, listener);
  });
}

(async () => {
  // Discovery through /json/list (and /json/protocol, which the client fetches first).
  const targets = await CDP.List({ host: '127.0.0.1', port });
  assert.strictEqual(targets[0].type, 'node');
  const client = await CDP({ host: '127.0.0.1', port, target: targets[0] });
  const { Runtime, Debugger } = client;
  await Runtime.enable();
  await Debugger.enable();

  const three = await Runtime.evaluate({ expression: '1+2' });
  assert.strictEqual(three.result.value, 3);

  let unknown = null;
  try {
    await client.send('Nope.nothing', {});
  } catch (e) {
    unknown = e;
  }
  assert.ok(unknown && /wasn't found/.test(String(unknown.message || JSON.stringify(unknown))));

  const bp = await Debugger.setBreakpointByUrl({ url: scriptUrl, lineNumber: breakLine });
  assert.ok(bp.breakpointId);

  const hello = waitFor(client, 'Runtime.consoleAPICalled', (p) => p.args[0].value === 'hello');
  const paused = waitFor(client, 'Debugger.paused');
  await Runtime.runIfWaitingForDebugger();

  const log = await hello;
  assert.strictEqual(log.type, 'log');
  assert.strictEqual(log.args[1].type, 'object');
  assert.deepStrictEqual(log.args[1].preview.properties.map((q) => [q.name, q.value]), [['a', '1']]);
  const got = await Runtime.callFunctionOn({
    functionDeclaration: 'function (k) { return this[k] + 1; }',
    objectId: log.args[1].objectId,
    arguments: [{ value: 'a' }],
    returnByValue: true,
  });
  assert.strictEqual(got.result.value, 2);
  const byValue = await Runtime.evaluate({ expression: '({ x: [1, "two"] })', returnByValue: true });
  assert.deepStrictEqual(byValue.result.value, { x: [1, 'two'] });
  const thrown = await Runtime.evaluate({ expression: 'null.x' });
  assert.ok(thrown.exceptionDetails && /TypeError/.test(thrown.exceptionDetails.exception.description));
  const heap = await Runtime.getHeapUsage();
  assert.ok(heap.usedSize > 0 && heap.totalSize >= heap.usedSize);
  await Runtime.releaseObjectGroup({ objectGroup: 'console' });

  const p = await paused;
  const top = p.callFrames[0];
  assert.strictEqual(top.location.lineNumber, breakLine);
  assert.strictEqual(top.functionName, 'add');
  assert.deepStrictEqual(p.hitBreakpoints, [bp.breakpointId]);
  const v = await Debugger.evaluateOnCallFrame({ callFrameId: top.callFrameId, expression: 'sum * 10' });
  assert.strictEqual(v.result.value, 50);
  const local = top.scopeChain.find((s) => s.type === 'local');
  const props = await Runtime.getProperties({ objectId: local.object.objectId, ownProperties: true });
  assert.ok(props.result.some((d) => d.name === 'sum' && d.value.value === 5));
  assert.ok(top.scopeChain.some((s) => s.type === 'global'));

  await Debugger.setPauseOnExceptions({ state: 'all' });
  const done = waitFor(client, 'Runtime.consoleAPICalled', (q) => q.args[0].value === 'done');
  const onThrow = waitFor(client, 'Debugger.paused');
  await Debugger.resume();
  const fin = await done;
  assert.strictEqual(fin.args[1].value, 5);
  const ex = await onThrow;
  assert.strictEqual(ex.reason, 'exception');
  assert.ok(/boom/.test(ex.data.description), JSON.stringify(ex.data));
  await Debugger.resume();
  await client.close();
  console.log('OK');
})().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
