@testable import Checker
import Facts
import Foundation
import Frontend
import XCTest

/// The dataflow's fixpoint visits nodes in reverse postorder. Outside loops a node is then
/// computed once, from its predecessors' final states; a LIFO worklist joined partial states
/// and, because a transfer through an alias is not monotone, could keep what only a partial
/// state said (mm/pagewalk.c walk_pud_range: `next = pud_addr_end(addr, end)` inside the loop
/// lost `next`'s alias at the exit).
final class DataflowOrderTests: ScratchTestCase {
    private struct NoContracts: ContractSource {
        func contract(for call: CallSite) -> Contract? { nil }
        func cleanupContract(constructor: CallSite) -> Contract? { nil }
        func hasExitBarrier(_ f: Field) -> Bool { false }
        func returnedPath(of callee: String) -> ArgPath? { nil }
    }

    private func functions() throws -> [FunctionFacts] {
        try write("order.c", """
        #define addr_end(addr, end) \\
        	({ unsigned long __b = ((addr) + 4096) & ~4095UL; (__b - 1 < (end) - 1) ? __b : (end); })
        struct w { unsigned long a, b; int action; int (*hole)(unsigned long, unsigned long); };

        int walk(struct w *w, unsigned long addr, unsigned long end)
        {
        	unsigned long next;
        	int err = 0;

        	do {
        again:
        		next = addr_end(addr, end);
        		if (w->hole) {
        			err = w->hole(addr, next);
        			if (err)
        				break;
        			continue;
        		}
        		if (w->action == 2)
        			goto again;
        		if (w->action == 1)
        			continue;
        		err = w->hole(addr, next);
        		if (err)
        			break;
        	} while (addr = next, addr != end);
        	return err;
        }

        int diamond(struct w *w, int k)
        {
        	unsigned long x;

        	if (k > 1)
        		x = k > 2 ? w->a : w->b;
        	else if (k)
        		x = w->b;
        	else
        		x = w->a;
        	return (int)x;
        }
        """)
        let facts = Frontend.parse(file: tmp.appendingPathComponent("order.c").path, arguments: ["-std=gnu11"],
                                   root: tmp.path, seen: SeenFunctions())
        return facts.functions
    }

    /// Every edge that does not close a loop goes forward in the order, and every node the entry
    /// reaches has a place.
    func testReversePostorderPutsPredecessorsFirst() throws {
        let fns = try functions()
        XCTAssertEqual(Set(fns.map(\.name)), ["walk", "diamond"])
        for fn in fns {
            let (order, index) = Dataflow.reversePostorder(fn)
            XCTAssertEqual(order.first, 0)
            XCTAssertEqual(Set(order).count, order.count)
            var backEdges = 0
            for (u, n) in fn.nodes.enumerated() where index[u] >= 0 {
                for v in n.succs {
                    XCTAssertGreaterThanOrEqual(index[v], 0, "\(fn.name): \(v) is reached but has no place")
                    if index[v] <= index[u] { backEdges += 1 }
                }
            }
            XCTAssertEqual(backEdges > 0, fn.name == "walk", "\(fn.name): \(backEdges) edges go backwards")
        }
    }

    /// Every path to the exit of `walk` stores the same conditional value in `next` on its last
    /// trip through the loop: the exit knows what `next` names.
    func testLoopExitKeepsTheValueEveryPathStored() throws {
        let fn = try XCTUnwrap(try functions().first { $0.name == "walk" })
        var df = Dataflow(fn: fn, vocab: Vocabulary(), contracts: NoContracts())
        df.run()
        let exit = try XCTUnwrap(df.inState[1])
        let next = try XCTUnwrap(exit.alias["next"], "the exit lost next's alias: \(exit.alias)")
        XCTAssertTrue(next.description.hasPrefix("?:"), "\(next)")
    }
}
