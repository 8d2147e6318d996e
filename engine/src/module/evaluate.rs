//! Evaluation (§16.2.1.5.3 Evaluate, InnerModuleEvaluation, ExecuteAsyncModule,
//! GatherAvailableAncestors, AsyncModuleExecutionFulfilled/Rejected).
//!
//! A module without top-level await runs its body synchronously. A module with it (or with an
//! async dependency) is "async": its body is an async function whose promise drives
//! `AsyncModuleExecutionFulfilled`/`Rejected`, which run the ancestors that became ready in
//! `[[AsyncEvaluationOrder]]`.

use super::record::{ModuleId, Status};
use crate::builtins::promise;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm, TERMINATED};

impl Vm {
    /// Evaluate(): returns the promise of the module's (cycle root's) evaluation.
    pub(crate) fn evaluate_module(&mut self, m: ModuleId) -> JsResult<Value> {
        let mut m = m;
        let r = self.modules.get(m);
        if matches!(r.status, Status::EvaluatingAsync | Status::Evaluated) && r.source().is_some() {
            m = r.cycle_root;
        }
        if let Some(p) = self.modules.get(m).capability {
            return Ok(p);
        }
        let p = promise::new_promise(self);
        self.modules.get_mut(m).capability = Some(p);
        let mut stack = Vec::new();
        match self.inner_module_evaluation(m, &mut stack, 0) {
            Ok(_) => {
                if !self.modules.get(m).is_async_evaluation() {
                    promise::resolve_promise(self, p, Value::UNDEFINED)?;
                }
            }
            Err(e) if e == TERMINATED => return Err(e),
            Err(e) => {
                for s in stack {
                    let r = self.modules.get_mut(s);
                    r.status = Status::Evaluated;
                    r.error = Some(e);
                }
                promise::reject_promise(self, p, e);
            }
        }
        Ok(p)
    }

    /// InnerModuleEvaluation(module, stack, index).
    fn inner_module_evaluation(
        &mut self,
        m: ModuleId,
        stack: &mut Vec<ModuleId>,
        mut index: u32,
    ) -> JsResult<u32> {
        let record = self.modules.get_mut(m);
        let Some(source) = record.source() else {
            return Ok(index);
        };
        match record.status {
            Status::EvaluatingAsync | Status::Evaluated => {
                return match record.error {
                    Some(e) => Err(e),
                    None => Ok(index),
                }
            }
            Status::Evaluating => return Ok(index),
            _ => {}
        }
        let has_tla = source.has_tla;
        let deferred = source.deferred.clone();
        record.status = Status::Evaluating;
        record.dfs_index = index;
        record.dfs_ancestor_index = index;
        record.pending_async_deps = 0;
        index += 1;
        stack.push(m);
        // `import defer` requests only evaluate their asynchronous transitive dependencies now.
        let mut deps = Vec::new();
        let loaded = record.loaded.clone();
        for (dep, deferred) in loaded.into_iter().zip(deferred) {
            let Some(dep) = dep else {
                continue;
            };
            if deferred {
                self.gather_async_transitive_dependencies(dep, &mut Vec::new(), &mut deps);
            } else {
                deps.push(dep);
            }
        }
        for mut dep in deps {
            index = self.inner_module_evaluation(dep, stack, index)?;
            let d = self.modules.get(dep);
            if d.source().is_none() {
                continue;
            }
            if d.status == Status::Evaluating {
                let anc = d.dfs_ancestor_index;
                let r = self.modules.get_mut(m);
                r.dfs_ancestor_index = r.dfs_ancestor_index.min(anc);
            } else {
                dep = d.cycle_root;
                let d = self.modules.get(dep);
                if let Some(e) = d.error {
                    return Err(e);
                }
            }
            if self.modules.get(dep).is_async_evaluation() {
                self.modules.get_mut(m).pending_async_deps += 1;
                self.modules.get_mut(dep).async_parents.push(m);
            }
        }
        let pending = self.modules.get(m).pending_async_deps;
        if pending > 0 || has_tla {
            self.modules.async_counter += 1;
            self.modules.get_mut(m).async_order = self.modules.async_counter;
            if pending == 0 {
                self.execute_async_module(m)?;
            }
        } else {
            self.execute_module(m)?;
        }
        let r = self.modules.get(m);
        if r.dfs_ancestor_index == r.dfs_index {
            while let Some(s) = stack.pop() {
                let r = self.modules.get_mut(s);
                r.status = if r.is_async_evaluation() {
                    Status::EvaluatingAsync
                } else {
                    Status::Evaluated
                };
                r.cycle_root = m;
                if s == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// GatherAsynchronousTransitiveDependencies (import defer): the modules with top-level
    /// await that `m` (not yet evaluated) needs.
    fn gather_async_transitive_dependencies(
        &self,
        m: ModuleId,
        seen: &mut Vec<ModuleId>,
        out: &mut Vec<ModuleId>,
    ) {
        if seen.contains(&m) {
            return;
        }
        seen.push(m);
        let r = self.modules.get(m);
        let Some(source) = r.source() else {
            return;
        };
        if matches!(
            r.status,
            Status::Evaluating | Status::EvaluatingAsync | Status::Evaluated
        ) {
            return;
        }
        if source.has_tla {
            if !out.contains(&m) {
                out.push(m);
            }
            return;
        }
        for dep in r.loaded.iter().flatten() {
            self.gather_async_transitive_dependencies(*dep, seen, out);
        }
    }

    /// `import.defer()` of `m` can resolve without evaluating anything (no asynchronous
    /// transitive dependency is waiting). Otherwise the whole module is evaluated first (a
    /// simplification of the proposal, which evaluates only those dependencies).
    pub(crate) fn defers_evaluation(&self, m: ModuleId) -> bool {
        let mut deps = Vec::new();
        self.gather_async_transitive_dependencies(m, &mut Vec::new(), &mut deps);
        deps.is_empty()
    }

    /// ReadyForSyncExecution(module): can `m` be evaluated synchronously right now?
    fn ready_for_sync_execution(&self, m: ModuleId, seen: &mut Vec<ModuleId>) -> bool {
        if seen.contains(&m) {
            return true;
        }
        seen.push(m);
        let r = self.modules.get(m);
        let Some(source) = r.source() else {
            return true;
        };
        match r.status {
            Status::Evaluated => return true,
            Status::Evaluating | Status::EvaluatingAsync => return false,
            _ => {}
        }
        if source.has_tla {
            return false;
        }
        r.loaded
            .iter()
            .flatten()
            .all(|&d| self.ready_for_sync_execution(d, seen))
    }

    /// GetModuleExportsList's EvaluateSync(module) for deferred namespaces: evaluates `m` now
    /// (or rethrows its evaluation error); a TypeError when it cannot run synchronously.
    pub(crate) fn evaluate_sync(&mut self, m: ModuleId) -> JsResult<()> {
        let r = self.modules.get(m);
        if r.source().is_some()
            && r.status != Status::Evaluated
            && !self.ready_for_sync_execution(m, &mut Vec::new())
        {
            return Err(self.type_error("Deferred module is not ready for synchronous execution"));
        }
        let p = self.evaluate_module(m)?;
        match promise::promise_info(p) {
            Some((promise::PromiseState::Rejected, e)) => Err(e),
            _ => Ok(()),
        }
    }

    /// Runs a module body: its completion value (a promise for async bodies).
    fn run_module_body(&mut self, m: ModuleId) -> JsResult<Value> {
        let r = self.modules.get(m);
        let env = r.env;
        let Some(code) = r.source().map(|s| s.body.clone()) else {
            return Ok(Value::UNDEFINED);
        };
        let f = self.create_closure(&code, Some(env));
        self.call(Value::object(f), Value::UNDEFINED, &[])
    }

    /// ExecuteModule() of a synchronous module.
    fn execute_module(&mut self, m: ModuleId) -> JsResult<()> {
        self.run_module_body(m).map(|_| ())
    }

    /// ExecuteAsyncModule(module).
    fn execute_async_module(&mut self, m: ModuleId) -> JsResult<()> {
        let p = self.run_module_body(m)?;
        self.subscribe(p, m, async_module_fulfilled, async_module_rejected)
    }

    /// GatherAvailableAncestors(module, execList).
    fn gather_available_ancestors(&mut self, m: ModuleId, list: &mut Vec<ModuleId>) {
        let parents = self.modules.get(m).async_parents.clone();
        for p in parents {
            let root = self.modules.get(p).cycle_root;
            if list.contains(&p) || self.modules.get(root).error.is_some() {
                continue;
            }
            let r = self.modules.get_mut(p);
            r.pending_async_deps = r.pending_async_deps.saturating_sub(1);
            if r.pending_async_deps == 0 {
                list.push(p);
                if !r.source().is_some_and(|s| s.has_tla) {
                    self.gather_available_ancestors(p, list);
                }
            }
        }
    }

    /// AsyncModuleExecutionFulfilled(module).
    fn async_module_execution_fulfilled(&mut self, m: ModuleId) -> JsResult<()> {
        let r = self.modules.get_mut(m);
        if r.status == Status::Evaluated {
            return Ok(());
        }
        r.async_order = 0;
        r.status = Status::Evaluated;
        if let Some(p) = r.capability {
            promise::resolve_promise(self, p, Value::UNDEFINED)?;
        }
        let mut list = Vec::new();
        self.gather_available_ancestors(m, &mut list);
        list.sort_by_key(|&x| self.modules.get(x).async_order);
        for x in list {
            let r = self.modules.get(x);
            if r.status == Status::Evaluated {
                continue;
            }
            if r.source().is_some_and(|s| s.has_tla) {
                self.execute_async_module(x)?;
                continue;
            }
            match self.execute_module(x) {
                Err(e) if e == TERMINATED => return Err(e),
                Err(e) => self.async_module_execution_rejected(x, e),
                Ok(()) => {
                    let r = self.modules.get_mut(x);
                    r.async_order = 0;
                    r.status = Status::Evaluated;
                    if let Some(p) = r.capability {
                        promise::resolve_promise(self, p, Value::UNDEFINED)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// AsyncModuleExecutionRejected(module, error).
    fn async_module_execution_rejected(&mut self, m: ModuleId, e: Value) {
        let r = self.modules.get_mut(m);
        if r.status == Status::Evaluated {
            return;
        }
        r.error = Some(e);
        r.status = Status::Evaluated;
        r.async_order = 0;
        let parents = r.async_parents.clone();
        let capability = r.capability;
        for p in parents {
            self.async_module_execution_rejected(p, e);
        }
        if let Some(p) = capability {
            promise::reject_promise(self, p, e);
        }
    }
}

fn async_module_fulfilled(vm: &mut Vm, _: Value, _: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    vm.async_module_execution_fulfilled(super::captured_id(&ctx))?;
    Ok(Value::UNDEFINED)
}

fn async_module_rejected(vm: &mut Vm, _: Value, args: &[Value], ctx: NativeCtx) -> JsResult<Value> {
    let e = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.async_module_execution_rejected(super::captured_id(&ctx), e);
    Ok(Value::UNDEFINED)
}
