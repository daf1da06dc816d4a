import Checker
import Facts
import Foundation
import Frontend
import XCTest

/// Scope-based cleanups (guard(), scoped_guard(), __free()): the compiler calls the cleanup
/// function when the variable's scope ends, on every way out of it. The frontend's graph must
/// say the same: on every path from the entry to the exit, each cleanup variable's cleanup call
/// comes after its declaration, once per declaration passed, and never without it.
final class CleanupScopeTests: ScratchTestCase {
    func testEveryPathRunsEachCleanupOncePerDeclaration() throws {
        try write("scopes.c", """
        #include <linux/mmlint_stub.h>
        DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
        struct sc { spinlock_t lock; int n; bool busy; struct sc *next; };

        int sc_block(struct sc *s)
        {
        	{
        		guard(spinlock)(&s->lock);
        		if (s->busy)
        			return -EBUSY;
        		s->n++;
        	}
        	return s->n ? 1 : 0;
        }

        int sc_loops(struct sc *s, int k)
        {
        	int i;

        	for (i = 0; i < k; i++) {
        		scoped_guard(spinlock, &s->lock) {
        			if (s->busy)
        				break;
        			if (s->n)
        				continue;
        			s->n = i;
        		}
        	}
        	return 0;
        }

        int sc_switch_goto(struct sc *s, int op)
        {
        	switch (op) {
        	case 1: {
        		guard(spinlock)(&s->lock);
        		if (s->busy)
        			goto out;
        		s->n = 1;
        		break;
        	}
        	default:
        		break;
        	}
        	return 0;
        out:
        	return -EBUSY;
        }

        bool sc_returns(struct sc *s)
        {
        	guard(spinlock)(&s->lock);
        	return s->busy && s->n;
        }
        """)
        let facts = Frontend.parse(file: tmp.appendingPathComponent("scopes.c").path,
                                   arguments: ["-std=gnu11", "-I", fixtures.appendingPathComponent("include").path],
                                   root: tmp.path, seen: SeenFunctions())
        let functions = facts.functions.filter { $0.name.hasPrefix("sc_") }
        XCTAssertEqual(functions.count, 4)
        for fn in functions {
            let cleanups = fn.nodes.filter { if case .event(.call(let c)) = $0.kind { return c.isCleanup }; return false }
            XCTAssertFalse(cleanups.isEmpty, "\(fn.name): no cleanup call")
            // The open cleanup variables before each node: scopes nest, so every way into a
            // node agrees (a loop's back edge too), and none is open at the exit.
            let variables = cleanupVariables(fn)
            var before: [Int: [String: Int]] = [0: [:]]
            var work = [0]
            while let n = work.popLast() {
                var open = before[n]!
                switch fn.nodes[n].kind {
                case .event(.assign(let lhs, _, _, _, _)) where lhs.fields.isEmpty && variables.contains(lhs.description):
                    open[lhs.description, default: 0] += 1
                case .event(.call(let c)) where c.isCleanup:
                    guard case .path(let v)? = c.args.first else { XCTFail("\(fn.name): cleanup without its variable"); continue }
                    XCTAssertGreaterThan(open[v.description] ?? 0, 0, "\(fn.name): \(c.name) before its declaration")
                    open[v.description, default: 0] -= 1
                default: break
                }
                open = open.filter { $0.value != 0 }
                for s in fn.nodes[n].succs {
                    if let seen = before[s] {
                        XCTAssertEqual(seen, open, "\(fn.name): node \(s) is reached with different scopes open")
                    } else {
                        before[s] = open; work.append(s)
                    }
                }
            }
            XCTAssertEqual(before[1], [:], "\(fn.name): a path leaves a scope without its cleanup")
            for (i, n) in fn.nodes.enumerated() {
                if case .event(.call(let c)) = n.kind, c.isCleanup { XCTAssertNotNil(before[i], "\(fn.name): unreachable cleanup") }
            }
        }
    }

    /// The variables whose cleanup the function calls.
    private func cleanupVariables(_ fn: FunctionFacts) -> Set<String> {
        Set(fn.nodes.compactMap { n -> String? in
            guard case .event(.call(let c)) = n.kind, c.isCleanup, case .path(let v)? = c.args.first else { return nil }
            return v.description
        })
    }
}
