//! THE opcode table. One line per opcode: its operands and what it does to the accumulator
//! (`acc`) and registers. The macro generates the `Op` enum, operand layouts (for the emitter,
//! decoder and disassembler) and names.
//!
//! Operand kinds: `R` register (u16), `K` constant-pool index (u32), `A` atom / property key
//! (u32), `I` signed immediate (i32), `U` unsigned immediate (u32), `J` jump offset relative to
//! the start of the instruction (i32), `F` feedback (inline cache) slot (u32).

/// Operand kinds, with their encoded widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// Register index (u16).
    R,
    /// Constant pool index (u32).
    K,
    /// Property-key atom (u32).
    A,
    /// Signed immediate (i32).
    I,
    /// Unsigned immediate (u32).
    U,
    /// Relative jump (i32).
    J,
    /// Feedback slot (u32).
    F,
}

impl OperandKind {
    /// Encoded size in bytes.
    pub const fn width(self) -> usize {
        match self {
            OperandKind::R => 2,
            _ => 4,
        }
    }
}

macro_rules! opcodes {
    ($( $(#[doc = $doc:expr])* $name:ident ( $($kind:ident),* ); )*) => {
        /// A bytecode instruction's opcode.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Op { $( $(#[doc = $doc])* $name, )* }

        impl Op {
            /// Every opcode, indexed by its byte.
            pub const ALL: &'static [Op] = &[$(Op::$name),*];
            /// The operand layout.
            pub const fn operands(self) -> &'static [OperandKind] {
                match self { $( Op::$name => &[$(OperandKind::$kind),*], )* }
            }
            /// Encoded length of the instruction (opcode byte plus operands): a table lookup,
            /// since returns use it to step the caller past its call instruction.
            #[allow(clippy::len_without_is_empty)] // an instruction is never empty
            #[inline(always)]
            pub const fn len(self) -> usize {
                const LENGTHS: &[u8] = &[$(Op::$name.encoded_len() as u8),*];
                LENGTHS[self as usize] as usize
            }
            const fn encoded_len(self) -> usize {
                let ops = self.operands();
                let mut n = 1;
                let mut i = 0;
                while i < ops.len() {
                    n += ops[i].width();
                    i += 1;
                }
                n
            }
            /// The mnemonic.
            pub const fn name(self) -> &'static str {
                match self { $( Op::$name => stringify!($name), )* }
            }
        }
    };
}

opcodes! {
    /// acc = undefined
    LdaUndefined();
    /// acc = null
    LdaNull();
    /// acc = true
    LdaTrue();
    /// acc = false
    LdaFalse();
    /// acc = <hole> (TDZ marker)
    LdaHole();
    /// acc = small integer
    LdaSmi(I);
    /// acc = constants[k]
    LdaConst(K);
    /// acc = r
    Ldar(R);
    /// r = acc
    Star(R);
    /// dst = src
    Mov(R, R);
    /// acc = env(depth).slot
    LdaEnv(U, U);
    /// env(depth).slot = acc
    StaEnv(U, U);
    /// throw ReferenceError(name) if acc is the TDZ hole
    CheckTdz(A);
    /// throw TypeError: assignment to constant `name`
    ThrowConstAssign(A);
    /// acc = imported binding `index` of module `module` (its link-time (env, slot) or
    /// namespace); ReferenceError(name) while the binding is in its TDZ
    LdaImport(U, U, A);
    /// acc = `import.meta` of module `module`
    ImportMeta(U);
    /// acc = promise of `import(r, r+1)`; the referrer's name is constants[k]; phase 0
    /// evaluation, 1 `import.source`, 2 `import.defer`
    ImportCall(R, K, U);
    /// acc = global `name` (ReferenceError if missing)
    LdaGlobal(A, F);
    /// acc = global `name` or undefined (for typeof)
    LdaGlobalOrUndefined(A, F);
    /// acc = the script-level lexical binding a (ReferenceError before initialization)
    LdaGlobalLex(A, F);
    /// script-level lexical binding a = acc (ReferenceError before initialization)
    StaGlobalLex(A, F);
    /// initializes script-level lexical binding a with acc
    InitGlobalLex(A);
    /// global `name` = acc
    StaGlobal(A, F);
    /// acc = dynamic lookup of `name` through with/eval scopes, then global
    LdaLookup(A);
    /// acc = dynamic lookup or undefined (typeof)
    LdaLookupOrUndefined(A);
    /// dynamic store of acc to `name`
    StaLookup(A);
    /// declares `var name` of sloppy direct eval code in the caller's variable environment
    DeclareEvalVar(A, U);
    /// acc = delete `name` (sloppy delete of an identifier)
    DeleteLookup(A);
    /// acc = obj.name
    GetNamed(R, A, F);
    /// obj.name = acc
    SetNamed(R, A, F);
    /// acc = obj[acc]
    GetKeyed(R, F);
    /// obj[key] = acc
    SetKeyed(R, R, F);
    /// CreateDataProperty(obj, name, acc)
    DefineNamed(R, A);
    /// CreateDataProperty(obj, key, acc)
    DefineKeyed(R, R);
    /// define accessor/method on obj: kind 0 method (non-enumerable, sets home), 1 getter, 2 setter, 3 enumerable method (object literal); acc = function
    DefineMethod(R, R, U);
    /// copy own enumerable props of acc into obj (object spread), excluding keys listed in array reg (or undefined)
    CopyDataProperties(R, R);
    /// acc = delete obj[acc]
    DeleteKeyed(R);
    /// acc = super[key] with this
    GetSuper(R);
    /// super[key] = acc with this (this, key)
    SetSuper(R, R);
    /// acc = obj.#name (key is a private-name symbol in a register)
    GetPrivate(R, R);
    /// obj.#name = acc
    SetPrivate(R, R);
    /// define private field obj.#name = acc (TypeError if present)
    DefinePrivate(R, R);
    /// acc = #name in acc (brand check)
    HasPrivate(R);
    /// acc = acc in obj
    In(R);
    /// acc = r instanceof acc
    InstanceOf(R);
    /// acc = r + acc
    Add(R, F);
    /// acc = r - acc
    Sub(R, F);
    /// acc = r * acc
    Mul(R, F);
    /// acc = r / acc
    Div(R, F);
    /// acc = r % acc
    Mod(R, F);
    /// acc = r ** acc
    Exp(R, F);
    /// acc = r | acc
    BitOr(R, F);
    /// acc = r & acc
    BitAnd(R, F);
    /// acc = r ^ acc
    BitXor(R, F);
    /// acc = r << acc
    Shl(R, F);
    /// acc = r >> acc
    Shr(R, F);
    /// acc = r >>> acc
    UShr(R, F);
    /// acc = acc + 1 (numeric)
    Inc();
    /// acc = acc - 1 (numeric)
    Dec();
    /// acc = -acc
    Negate();
    /// acc = ~acc
    BitNot();
    /// acc = !acc
    Not();
    /// acc = typeof acc
    TypeOf();
    /// acc = ToNumeric(acc)
    ToNumeric();
    /// acc = ToPropertyKey(acc)
    ToPropertyKey();
    /// acc = ToString(acc) (template literals)
    ToString();
    /// acc = r == acc
    TestEqual(R);
    /// acc = r != acc
    TestNotEqual(R);
    /// acc = r === acc
    TestStrictEqual(R);
    /// acc = r !== acc
    TestStrictNotEqual(R);
    /// acc = r < acc
    TestLess(R);
    /// acc = r > acc
    TestGreater(R);
    /// acc = r <= acc
    TestLessEqual(R);
    /// acc = r >= acc
    TestGreaterEqual(R);
    /// pc += offset
    Jump(J);
    /// backward jump: counts the back-edge, safepoint (GC, interrupts)
    Loop(J);
    /// if ToBoolean(acc) jump
    JumpIfTrue(J);
    /// if !ToBoolean(acc) jump
    JumpIfFalse(J);
    /// if acc is null or undefined jump
    JumpIfNullish(J);
    /// if acc is not null/undefined jump
    JumpIfNotNullish(J);
    /// if acc is undefined jump
    JumpIfUndefined(J);
    /// if acc is not undefined jump
    JumpIfNotUndefined(J);
    /// acc = callee(this = first, args = first+1 .. first+argc)
    Call(R, R, U, F);
    /// like Call, with the receiver register r2 first set to undefined (plain `f(...)` calls)
    CallUndefined(R, R, U, F);
    /// acc = callee(this = first, ...array in first+1)
    CallSpread(R, R);
    /// possible direct eval: callee(this = first, args…)
    CallEval(R, R, U);
    /// acc = new callee(args = first+1 .. first+argc)
    New(R, R, U);
    /// acc = new callee(...array in first+1)
    NewSpread(R, R);
    /// acc = super(args = first+1 ..); binds this
    SuperCall(R, U);
    /// acc = super(...array in first+1); binds this
    SuperCallSpread(R);
    /// return acc
    Return();
    /// throw acc
    Throw();
    /// throw a TypeError / ReferenceError / SyntaxError with a constant message: U = 0 type, 1 reference, 2 syntax, 3 range
    ThrowError(U, K);
    /// acc = {}
    CreateObject();
    /// acc = []
    CreateArray(U);
    /// arr.push(acc)
    ArrayPush(R);
    /// arr.length += 1 (elision)
    ArrayPushHole(R);
    /// push every element of iterable acc onto arr
    ArraySpread(R);
    /// acc = closure of function constant k over the current env
    CreateClosure(K);
    /// acc = new RegExp(constants[p], constants[f])
    CreateRegExp(K, K);
    /// acc = the cached template object for constant k (array of cooked, raw)
    CreateTemplate(K);
    /// acc = rest parameter array from argument index U
    CreateRest(U);
    /// acc = unmapped arguments object of the running frame (§10.4.4.6)
    CreateArguments();
    /// acc = mapped arguments object (§10.4.4.7): parameter map constant k gives each formal
    /// parameter's slot in the current environment
    CreateMappedArguments(K);
    /// class setup: ctor in r0, parent (or hole) in acc → r0.prototype created; acc = prototype
    CreateClass(R);
    /// runs the class field initializer of the active function's class on this
    InitFields();
    /// sets the field-initializer function (acc) on ctor r
    SetFields(R);
    /// acc = this (with TDZ check in derived constructors)
    LdaThis();
    /// acc = new.target
    LdaNewTarget();
    /// acc = the active function object
    LdaCallee();
    /// acc = home object of the active function
    LdaHome();
    /// push a new environment with layout constant K and U slots
    PushEnv(K, U);
    /// pop the current environment
    PopEnv();
    /// replace the current environment by a copy (per-iteration let)
    CopyEnv();
    /// push an object environment for `with (acc)`
    PushWith();
    /// dst = iterator of acc; dst+1 = its next method
    GetIterator(R);
    /// dst = async iterator of acc; dst+1 = its next method
    GetAsyncIterator(R);
    /// acc = iter.next() (for await: the result is awaited, then checked by `IteratorUnpack`)
    IteratorNext(R);
    /// if acc.done jump J else acc = acc.value
    IteratorUnpack(J);
    /// for-of step: call next; if done jump J else acc = value
    ForOfStep(R, J);
    /// iter.return?.() (acc preserved); r = undefined first, so an iterator is closed at most
    /// once (closing undefined does nothing)
    IteratorClose(R);
    /// async iterator close, first half: acc = iter.return() (to be awaited), or jump J when
    /// the iterator has no `return` method (or is undefined: already closed); r = undefined
    AsyncIteratorClose(R, J);
    /// TypeError unless acc is an object (an awaited iterator result)
    CheckIteratorResult();
    /// dst = for-in key iterator over acc
    ForInPrepare(R);
    /// acc = next key or jump J when exhausted
    ForInNext(R, J);
    /// generator: suspend at start (after parameter binding)
    GeneratorStart();
    /// yield acc. Resumed by next(v): acc = v; by throw(e): throws e here; by return(v):
    /// acc = v and jump J (the compiled return path)
    Yield(J);
    /// yield* step over the iterator in r (r+1 its next method, r+2 the received mode or
    /// async step, set on resumption), acc = received value: calls next/throw/return; when
    /// the inner iterator is done jumps J1 with acc = its value, for a return completion jumps
    /// J2 with acc = the value to return; otherwise suspends here (sync: yielding the inner
    /// result object as is). Async generators fall through to `Await` a call result.
    YieldStar(R, J, J);
    /// await acc; on resume acc = the result (rejections throw)
    Await();
    /// acc = ToObject check: TypeError if acc is null/undefined (destructuring)
    RequireObjectCoercible();
    /// acc = a fresh private name (a symbol with description constants[k])
    CreatePrivateName(K);
    /// sets the [[HomeObject]] of function acc to r
    SetHome(R);
    /// debugger statement (no-op without an inspector)
    Debugger();
    /// no operation
    Nop();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_fits_a_byte_and_indices_match() {
        assert!(Op::ALL.len() <= 256);
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
        }
    }
}
