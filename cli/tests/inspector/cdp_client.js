// Drives `jetcrab --inspect-wait` with chrome-remote-interface, an independent CDP client.
// Usage: node cdp_client.js PORT SCRIPT_URL BREAK_LINE (0-based). Prints "OK" on success.
// The script burns CPU in `burn` and allocates `Widget`s before the breakpoint is reached.
'use strict';
const CDP = require('chrome-remote-interface');
const assert = require('assert');

const [port, scriptUrl, breakLine] = [+process.argv[2], process.argv[3], +process.argv[4]];

// Resolves once `pred()` holds; rejects after `ms`.
async function eventually(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Rejects once the script has ended (`JetCrab.finished`) or the connection is gone, so that a
// wait for an event that can no longer come (the script threw early, the engine died) fails at
// once instead of at the test's deadline.
let end;
const ended = new Promise((_, reject) => {
  end = reject;
});
ended.catch(() => {});

// Resolves with the params of the next `method` event that satisfies `pred`; unless
// `afterEnd`, rejects if the script ends first.
function waitFor(client, method, pred = () => true, afterEnd = false) {
  const event = new Promise((resolve) => {
    const listener = (params) => {
      if (pred(params)) {
        client.removeListener(method, listener);
        resolve(params);
      }
    };
    client.on(method, listener);
  });
  return afterEnd ? event : Promise.race([event, ended]);
}

(async () => {
  // Discovery through /json/list (and /json/protocol, which the client fetches first).
  const targets = await CDP.List({ host: '127.0.0.1', port });
  assert.strictEqual(targets[0].type, 'node');
  const client = await CDP({ host: '127.0.0.1', port, target: targets[0] });
  const { Runtime, Debugger, Profiler, HeapProfiler } = client;
  client.on('disconnect', () => end(new Error('the inspector closed the connection')));
  client.on('JetCrab.finished', (p) => end(new Error(`the script ended first: ${JSON.stringify(p)}`)));
  await Runtime.enable();
  await Debugger.enable();

  // Before the script runs: the JetCrab stream, a CPU profile and the sampling heap profiler.
  const telemetry = [];
  client.on('JetCrab.telemetry', (r) => telemetry.push(r));
  const finished = waitFor(client, 'JetCrab.finished', undefined, true);
  const destroyed = waitFor(client, 'Runtime.executionContextDestroyed', undefined, true);
  const { header } = await client.send('JetCrab.enable', { samplingInterval: 1000 });
  assert.strictEqual(header.engine, 'jetcrab');
  assert.strictEqual(header.version, 1);
  await Profiler.enable();
  await Profiler.setSamplingInterval({ interval: 500 });
  await Profiler.start();
  await HeapProfiler.enable();
  await HeapProfiler.startSampling({ samplingInterval: 4096 });

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

  // Profiler: the hot function and what it calls hold many samples.
  const { profile } = await Profiler.stop();
  assert.strictEqual(profile.samples.length, profile.timeDeltas.length);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inBurn = new Set();
  const visit = (n) => {
    inBurn.add(n.id);
    (n.children || []).forEach((c) => visit(byId.get(c)));
  };
  profile.nodes.filter((n) => n.callFrame.functionName === 'burn').forEach(visit);
  const burnSamples = profile.samples.filter((id) => inBurn.has(id)).length;
  assert.ok(burnSamples >= 10, `${burnSamples} samples in burn`);

  // JetCrab: function records first, then the live stream with GC events; a snapshot with
  // heap numbers; an explicit collection counts.
  await eventually(() => telemetry.some((r) => r.type === 'gc_end'), 10000, 'a gc_end record');
  assert.strictEqual(telemetry[0].type, 'function');
  const gcEnd = telemetry.find((r) => r.type === 'gc_end');
  assert.ok(gcEnd.seq > 0 && gcEnd.v === 1 && gcEnd.heap_limit > 0, JSON.stringify(gcEnd));
  assert.ok(telemetry.some((r) => r.type === 'sample'), 'no sample records');
  const { snapshot: before } = await client.send('JetCrab.getSnapshot');
  assert.ok(before.heap.used > 0 && before.heap.size >= before.heap.used, JSON.stringify(before.heap));
  assert.ok(before.heap.limit > before.heap.used);
  assert.ok(before.gc.count >= 1 && before.gc.recent.length >= 1, JSON.stringify(before.gc));
  assert.strictEqual(before.gc.recent[before.gc.recent.length - 1].type, 'gc_end');
  assert.ok(before.functions.some((f) => f.name === 'burn'));
  assert.deepStrictEqual(await HeapProfiler.collectGarbage(), {});
  const { snapshot: after } = await client.send('JetCrab.getSnapshot');
  assert.strictEqual(after.gc.count, before.gc.count + 1);

  // Sampling heap profiler: samples whose sizes the tree accounts for.
  const { profile: sampled } = await HeapProfiler.stopSampling();
  const selfSizes = (n) => n.selfSize + n.children.reduce((a, c) => a + selfSizes(c), 0);
  const sampledBytes = sampled.samples.reduce((a, x) => a + x.size, 0);
  assert.ok(sampled.samples.length > 0 && sampledBytes > 0);
  assert.strictEqual(selfSizes(sampled.head), sampledBytes);

  // A heap snapshot: the chunks join into a well-formed graph holding the script's Widgets.
  const chunks = [];
  const progress = [];
  const onChunk = (c) => chunks.push(c.chunk);
  const onProgress = (p) => progress.push(p);
  client.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  client.on('HeapProfiler.reportHeapSnapshotProgress', onProgress);
  await HeapProfiler.takeHeapSnapshot({ reportProgress: true });
  client.removeListener('HeapProfiler.addHeapSnapshotChunk', onChunk);
  client.removeListener('HeapProfiler.reportHeapSnapshotProgress', onProgress);
  const snap = JSON.parse(chunks.join(''));
  const meta = snap.snapshot.meta;
  const [nf, ef] = [meta.node_fields.length, meta.edge_fields.length];
  assert.deepStrictEqual(meta.node_fields,
    ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness']);
  assert.deepStrictEqual(meta.edge_fields, ['type', 'name_or_index', 'to_node']);
  assert.ok(snap.nodes.length > 0 && snap.nodes.length % nf === 0 && snap.edges.length % ef === 0);
  assert.strictEqual(snap.snapshot.node_count, snap.nodes.length / nf);
  let edgeSum = 0;
  const names = new Set();
  for (let i = 0; i < snap.nodes.length; i += nf) {
    edgeSum += snap.nodes[i + meta.node_fields.indexOf('edge_count')];
    names.add(snap.strings[snap.nodes[i + meta.node_fields.indexOf('name')]]);
  }
  assert.strictEqual(edgeSum, snap.edges.length / ef);
  for (let i = meta.edge_fields.indexOf('to_node'); i < snap.edges.length; i += ef) {
    const to = snap.edges[i];
    assert.ok(to % nf === 0 && to < snap.nodes.length, `edge ${i} to ${to}`);
  }
  assert.ok(names.has('Widget'), 'no Widget node');
  for (const k of ['trace_function_infos', 'trace_tree', 'samples', 'locations']) {
    assert.deepStrictEqual(snap[k], []);
  }
  assert.ok(progress.length > 0 && progress[progress.length - 1].finished === true);
  // Snapshot ids and remote objects lead to each other (DevTools' "Store as global variable").
  const w0 = await Runtime.evaluate({ expression: 'widgets[0]' });
  const { heapSnapshotObjectId } = await HeapProfiler.getHeapObjectId({ objectId: w0.result.objectId });
  const idField = meta.node_fields.indexOf('id');
  const at = snap.nodes.findIndex((v, i) => i % nf === idField && String(v) === heapSnapshotObjectId);
  assert.ok(at >= 0, `no node with id ${heapSnapshotObjectId}`);
  assert.strictEqual(snap.strings[snap.nodes[at - idField + meta.node_fields.indexOf('name')]], 'Widget');
  const again = await HeapProfiler.getObjectByHeapObjectId({ objectId: heapSnapshotObjectId });
  assert.strictEqual(again.result.className, 'Widget');

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
  // The script ends: JetCrab.finished after the last record, and the context goes away.
  assert.deepStrictEqual(await finished, { exitCode: 0, error: null });
  assert.strictEqual((await destroyed).executionContextId, 1);
  await client.close();
  console.log('OK');
})().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
