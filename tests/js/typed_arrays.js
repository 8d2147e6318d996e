// ArrayBuffer, typed arrays and DataView: construction, conversions, exotic indexing,
// resizable buffers, detach-free methods and species.
const show = (ta) => `${ta.constructor.name}(${ta.length}) [${Array.from(ta).join(", ")}]`;

// Element conversions.
console.log(show(new Int8Array([127, 128, -129, 1.9, -1.9, NaN])));
console.log(show(new Uint8Array([256, -1, 3.7, Infinity])));
console.log(show(new Uint8ClampedArray([300, -5, 1.5, 2.5, 0.5, NaN])));
console.log(show(new Int16Array([40000, -40000])));
console.log(show(new Uint32Array([-1, 2 ** 32 + 5])));
console.log(show(new Float32Array([0.1, 1e40, -0])));
console.log(show(new Float64Array([Math.PI, -Infinity])));

// Constructors, buffers and views.
const buf = new ArrayBuffer(16);
const u8 = new Uint8Array(buf);
const u32 = new Uint32Array(buf, 4, 2);
u32[0] = 0x01020304;
console.log(u8.join(","), u32.byteOffset, u32.byteLength, u32.length, buf.byteLength);
console.log(Uint16Array.BYTES_PER_ELEMENT, new Float64Array(3).byteLength, ArrayBuffer.isView(u8), ArrayBuffer.isView(buf));
console.log(Object.getPrototypeOf(Int8Array).name, Object.getPrototypeOf(Int8Array.prototype) === Object.getPrototypeOf(Uint8Array.prototype));
for (const bad of [() => new Uint32Array(buf, 1), () => new Int16Array(-1), () => Int8Array(2), () => new ArrayBuffer(2 ** 53)]) {
  try { bad(); } catch (e) { console.log(e.constructor.name); }
}

// Integer-indexed exotic behaviour.
const ta = new Int16Array([10, 20, 30]);
ta[5] = 1; ta["-0"] = 2; ta["1.5"] = 3; ta.foo = 4;
console.log(Object.keys(ta).join(","), ta[5], ta["-0"], "1.5" in ta, 1 in ta, 3 in ta);
console.log(JSON.stringify(Object.getOwnPropertyDescriptor(ta, "1")), delete ta[0], delete ta[7]);
console.log(Reflect.defineProperty(ta, "0", { value: 9 }), ta[0], Reflect.defineProperty(ta, "0", { value: 1, writable: false }));
Object.prototype[7] = "proto"; console.log(ta[7], ({ __proto__: ta })[1]); delete Object.prototype[7];

// Methods.
const f = Float64Array.of(5, 1, NaN, -0, 0, 3, -2);
console.log(show(f.slice().sort()), show(f.filter((x) => x === x).toSorted((a, b) => b - a)));
console.log(show(f.subarray(1, 4)), show(f.slice(-3)), f.indexOf(3), f.includes(NaN), f.lastIndexOf(5));
console.log(show(Int8Array.from([1, 2, 3], (x) => x * 10)), show(Int8Array.from({ length: 2, 0: 7 })));
console.log(show(new Int32Array([1, 2, 3, 4, 5]).copyWithin(0, 3)), show(new Int8Array(4).fill(7, 1, -1)));
console.log(show(new Uint8Array([1, 2, 3]).map((x) => x * 100)), show(new Uint8Array([1, 2, 3, 4]).filter((x) => x % 2)));
console.log(new Int8Array([1, 2, 3]).reduce((a, b) => a + b), new Int8Array([1, 2, 3]).reduceRight((a, b) => a + "" + b));
console.log(show(new Int8Array([1, 2, 3]).reverse()), show(new Int8Array([1, 2, 3]).toReversed()), show(new Int8Array([1, 2, 3]).with(-1, 9)));
const target = new Uint16Array(6); target.set([1, 2]); target.set(new Int8Array([-1, 5]), 3);
console.log(show(target), [...target.entries()].slice(3, 5).join(" | "), [...target.keys()].length);
console.log(new Float32Array([1.5, 2]).toString(), Int8Array.prototype.toString === Array.prototype.toString);
console.log(Object.prototype.toString.call(new Uint8ClampedArray(1)), new Int8Array(2)[Symbol.toStringTag]);
console.log(new Int8Array([1, 2, 3]).at(-1), new Int8Array([4, 5]).find((x) => x > 4), new Int8Array([4, 5]).findLastIndex((x) => x < 5));

// Species.
class MyU8 extends Uint8Array {}
const m = new MyU8([1, 2, 3]);
console.log(m.map((x) => x).constructor.name, m.subarray(1).constructor.name, m.slice(0, 1) instanceof MyU8);

// Resizable buffers and length tracking.
const rab = new ArrayBuffer(4, { maxByteLength: 16 });
const tracking = new Uint8Array(rab);
const fixed = new Uint8Array(rab, 0, 4);
console.log(rab.resizable, rab.maxByteLength, tracking.length, fixed.length);
rab.resize(8);
console.log(tracking.length, fixed.length, rab.byteLength);
rab.resize(2);
console.log(tracking.length, fixed.length, fixed.byteOffset, fixed[0]);
try { fixed.fill(1); } catch (e) { console.log(e.constructor.name); }

// ArrayBuffer.prototype.slice.
const src = new Uint8Array([1, 2, 3, 4]).buffer;
console.log(new Uint8Array(src.slice(1, 3)).join(","), src.slice(-1).byteLength, src.slice(3, 1).byteLength);

// DataView.
const dv = new DataView(new ArrayBuffer(12), 2);
dv.setInt16(0, -2); dv.setUint32(2, 0xdeadbeef, true); dv.setFloat32(6, 1.5);
console.log(dv.getInt16(0), dv.getUint16(0, true), dv.getUint32(2, true).toString(16), dv.getUint32(2).toString(16), dv.getFloat32(6));
console.log(dv.byteLength, dv.byteOffset, dv.getInt8(0), dv.getUint8(1));
try { dv.getFloat64(4); } catch (e) { console.log(e.constructor.name); }

// console.log of typed arrays.
class Bytes extends Uint8Array {}
console.log(new Float64Array([1.5, -0, NaN]), new Int8Array(0), { a: new Uint16Array(2) }, new Bytes(2));
