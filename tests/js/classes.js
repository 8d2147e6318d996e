// Classes: fields, private names, accessors, statics, inheritance, super.
class Animal {
  #secret = 42;
  static count = 0;
  name;
  constructor(name) { this.name = name; Animal.count++; }
  get secret() { return this.#secret; }
  speak() { return `${this.name} makes a sound`; }
  static create(n) { return new this(n); }
}
class Dog extends Animal {
  speak() { return super.speak() + ' (woof)'; }
  toString() { return `Dog(${this.name})`; }
}
const d = Dog.create('Rex');
console.log(d.speak(), d.secret, Animal.count, String(d), d instanceof Animal);
console.log(typeof Animal, Object.getPrototypeOf(Dog) === Animal);
try { Animal(); } catch (e) { console.log(e instanceof TypeError); }

// Computed super assignment: the key comes from its own register, the receiver is `this`, and a
// failed [[Set]] throws in strict code.
{
  const base = {
    set k(v) {
      console.log("base setter", v, this === o);
    },
  };
  const o = {
    __proto__: base,
    assign(key, v) {
      "use strict";
      super[key] = v;
      return Object.getOwnPropertyNames(this).join(",");
    },
  };
  console.log(o.assign("k", 1));
  console.log(o.assign("fresh" + 2, 2), o.fresh2);
  Object.freeze(o);
  try {
    o.assign("other", 3);
  } catch (e) {
    console.log(e instanceof TypeError);
  }
}
