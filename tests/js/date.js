// Date: construction, getters and setters, parsing, formatting and arithmetic.
// Every printed value is independent of the current time and of the local time zone:
// local results are checked against values computed from getTimezoneOffset.

function show(label, v) {
  console.log(label + ":", v);
}

// Construction from a time value, a string, another Date and fields.
var epoch = new Date(0);
show("epoch iso", epoch.toISOString());
show("epoch utc", epoch.toUTCString());
show("epoch getTime", epoch.getTime());
show("copy", new Date(epoch).getTime());
show("from string", new Date("2024-02-29T12:34:56.789Z").getTime());
show("from date-only", new Date("2024-02-29").toISOString());
show("valueOf", new Date(1234567890123).valueOf());
show("clip fraction", new Date(1.9).getTime());
show("max", new Date(8.64e15).toISOString());
show("min", new Date(-8.64e15).toISOString());
show("past max", new Date(8.64e15 + 1).getTime());
show("typeof Date()", typeof Date());
show("Date.length", Date.length);
show("instanceof", new Date(0) instanceof Date);
show("tag", Object.prototype.toString.call(new Date(0)));

// Date.UTC and two-digit years.
show("UTC", Date.UTC(2000, 0, 1));
show("UTC year only", Date.UTC(2017));
show("UTC 99", new Date(Date.UTC(99, 11, 31)).toISOString());
show("UTC 100", new Date(Date.UTC(100, 0, 1)).toISOString());
show("UTC overflow month", new Date(Date.UTC(2023, 13, 1)).toISOString());
show("UTC negative day", new Date(Date.UTC(2024, 0, 0)).toISOString());
show("UTC NaN", Date.UTC(NaN));

// UTC getters.
var d = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 765));
show("utc fields", [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(),
  d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()].join(","));

// Local getters agree with UTC fields shifted by the offset, in any zone.
var off = d.getTimezoneOffset();
var shifted = new Date(d.getTime() - off * 60000);
show("local matches offset",
  d.getFullYear() === shifted.getUTCFullYear() && d.getMonth() === shifted.getUTCMonth() &&
  d.getDate() === shifted.getUTCDate() && d.getDay() === shifted.getUTCDay() &&
  d.getHours() === shifted.getUTCHours() && d.getMinutes() === shifted.getUTCMinutes() &&
  d.getSeconds() === shifted.getUTCSeconds() && d.getMilliseconds() === shifted.getUTCMilliseconds());
show("getYear", new Date(2000, 6, 1).getYear());

// Local construction round-trips through the local getters.
var local = new Date(2021, 6, 4, 5, 6, 7, 8);
show("local fields", [local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(),
  local.getMinutes(), local.getSeconds(), local.getMilliseconds()].join(","));
show("local 2-digit year", new Date(95, 0).getFullYear());

// UTC setters, their return values and argument defaults.
var s = new Date(Date.UTC(2020, 0, 31));
show("setUTCMonth", new Date(s.setUTCMonth(1)).toISOString());
s = new Date(Date.UTC(2020, 0, 31));
show("setUTCDate 0", new Date(s.setUTCDate(0)).toISOString());
show("setUTCFullYear", new Date(s.setUTCFullYear(2021, 1, 29)).toISOString());
show("setUTCHours", new Date(s.setUTCHours(25, 61, 61, 1001)).toISOString());
show("setUTCMinutes", new Date(s.setUTCMinutes(-1)).toISOString());
show("setUTCSeconds", new Date(s.setUTCSeconds(30, 500)).toISOString());
show("setUTCMilliseconds", new Date(s.setUTCMilliseconds(-1)).toISOString());
show("setTime", s.setTime(86400000));
show("setTime NaN", s.setTime());
show("getUTCDate of invalid", s.getUTCDate());
show("setUTCHours on invalid", s.setUTCHours(1));
show("setUTCFullYear on invalid", new Date(s.setUTCFullYear(2001)).toISOString());

// Local setters: results compared in local terms.
var l = new Date(2019, 11, 31, 12);
l.setDate(l.getDate() + 1);
show("local next day", [l.getFullYear(), l.getMonth(), l.getDate(), l.getHours()].join(","));
l.setMonth(1, 29);
show("local Feb 29 2020", [l.getFullYear(), l.getMonth(), l.getDate()].join(","));
l.setFullYear(2021);
show("local 2021 rolls", [l.getFullYear(), l.getMonth(), l.getDate()].join(","));
l.setHours(0, 0, 0, 0);
show("local midnight", [l.getHours(), l.getMinutes(), l.getSeconds(), l.getMilliseconds()].join(","));
l.setYear(99);
show("setYear 99", l.getFullYear());

// Arithmetic across month, year and leap boundaries.
function addDaysUTC(date, n) {
  var r = new Date(date.getTime());
  r.setUTCDate(r.getUTCDate() + n);
  return r.toISOString().slice(0, 10);
}
show("2023-12-31 + 1", addDaysUTC(new Date("2023-12-31"), 1));
show("2024-02-28 + 1", addDaysUTC(new Date("2024-02-28"), 1));
show("2023-02-28 + 1", addDaysUTC(new Date("2023-02-28"), 1));
show("1900-02-28 + 1", addDaysUTC(new Date("1900-02-28"), 1));
show("2000-02-28 + 1", addDaysUTC(new Date("2000-02-28"), 1));
show("2024-03-01 - 1", addDaysUTC(new Date("2024-03-01"), -1));
show("+366 in 2024", addDaysUTC(new Date("2024-01-01"), 366));
show("days 2024", (Date.UTC(2025, 0, 1) - Date.UTC(2024, 0, 1)) / 86400000);
show("days 2100", (Date.UTC(2101, 0, 1) - Date.UTC(2100, 0, 1)) / 86400000);
show("difference", new Date("2024-03-10T00:00:00Z") - new Date("2024-03-09T12:00:00Z"));

// Parsing and round trips.
show("parse ISO Z", Date.parse("2000-01-01T00:00:00Z"));
show("parse ISO offset", Date.parse("2000-01-01T05:30:00+05:30"));
show("parse ISO ms", Date.parse("2000-01-01T00:00:00.123Z"));
show("parse year-month", Date.parse("2000-02"));
show("parse year", Date.parse("2000"));
show("parse extended", Date.parse("+010000-01-01T00:00:00Z"));
show("parse negative", new Date(Date.parse("-000001-06-15T00:00:00Z")).toISOString());
show("parse -000000", Date.parse("-000000-01-01T00:00:00Z"));
show("parse garbage", Date.parse("garbage"));
show("parse bad month", Date.parse("2000-13-01"));
show("parse past max", Date.parse("+275760-09-13T00:00:00.001Z"));
var samples = [0, 951782400123, -1e12, 253402300799000, 1e12];
samples.forEach(function (t) {
  var x = new Date(t);
  var iso = Date.parse(x.toISOString()) === t;
  var utc = Date.parse(x.toUTCString()) === t - x.getUTCMilliseconds();
  var str = Date.parse(x.toString()) === t - x.getUTCMilliseconds();
  show("round trip " + t, iso + " " + utc + " " + str);
});
show("local date-time = local fields",
  new Date("2022-08-09T10:11:12").getHours() === 10 && new Date("2022-08-09T10:11:12").getDate() === 9);

// toJSON and JSON.stringify.
show("toJSON", new Date(0).toJSON());
show("JSON.stringify", JSON.stringify({ when: new Date(Date.UTC(2012, 3, 5, 6, 7, 8, 9)) }));
show("toJSON invalid", new Date(NaN).toJSON());
show("toJSON generic", Date.prototype.toJSON.call({
  valueOf: function () { return 5; },
  toISOString: function () { return "custom"; }
}));

// Invalid dates.
var bad = new Date("nope");
show("invalid getTime", bad.getTime());
show("invalid toString", bad.toString());
show("invalid String()", String(bad));
show("invalid toUTCString", bad.toUTCString());
show("invalid toDateString", bad.toDateString());
show("invalid getFullYear", bad.getFullYear());
try {
  bad.toISOString();
} catch (e) {
  show("toISOString throws", e instanceof RangeError);
}
try {
  Date.prototype.getTime.call({});
} catch (e) {
  show("getTime on non-date", e instanceof TypeError);
}

// Symbol.toPrimitive and conversions.
var p = new Date(Date.UTC(2001, 8, 9, 1, 46, 40));
show("number hint", p[Symbol.toPrimitive]("number"));
show("string hint matches toString", p[Symbol.toPrimitive]("string") === p.toString());
show("default hint is string", p[Symbol.toPrimitive]("default") === p.toString());
show("+date", +p);
show("date + 1 is string", typeof (p + 1));
show("date - 0", p - 0);
show("less than", new Date(1) < new Date(2));
try {
  p[Symbol.toPrimitive]("bogus");
} catch (e) {
  show("bad hint", e instanceof TypeError);
}
var desc = Object.getOwnPropertyDescriptor(Date.prototype, Symbol.toPrimitive);
show("toPrimitive attrs", desc.writable + " " + desc.enumerable + " " + desc.configurable);
show("toGMTString is toUTCString", Date.prototype.toGMTString === Date.prototype.toUTCString);

// Argument conversion order.
var order = [];
function tracked(name, v) {
  return { valueOf: function () { order.push(name); return v; } };
}
new Date(tracked("y", 2000), tracked("m", 0), tracked("d", 1), tracked("h", 0));
Date.UTC(tracked("Y", 2000), tracked("M", 0));
new Date(0).setUTCHours(tracked("H", 1), tracked("Mi", 2), tracked("S", 3));
show("conversion order", order.join(","));

// Subclassing.
class MyDate extends Date {
  year() { return this.getUTCFullYear(); }
}
var md = new MyDate(Date.UTC(1999, 0, 1));
show("subclass", md.year() + " " + (md instanceof Date) + " " + md.toISOString());
