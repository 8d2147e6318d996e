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
