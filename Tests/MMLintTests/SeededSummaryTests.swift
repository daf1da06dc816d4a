@testable import Checker
import Facts
import Findings
import Foundation
import Frontend
import Index
import XCTest

/// A context round's engine grows the first run's index by a few files and takes the summaries
/// those files cannot change from the first engine (Engine.prior, dirtyKeys). Whatever it takes,
/// its summaries and findings must be those of an engine that summarizes everything again: a
/// callee the added file defines, a new caller (callersComplete), a new member store (ops
/// targets) and a function nothing added touches, each in the scenario below.
final class SeededSummaryTests: ScratchTestCase {
    private let first = """
    #include <linux/mmlint_stub.h>
    struct ctx { struct mm_struct *mm; int busy; };
    struct ctx_ops { void (*run)(struct ctx *c); };
    struct holder { struct ctx_ops *ops; };

    void helper_use(struct ctx *c);		/* defined by the added file */

    static void use_member(struct ctx *c)
    {
    	kthread_use_mm(c->mm);
    	kthread_unuse_mm(c->mm);
    }

    void entry(struct ctx *c)			/* the added file calls it too */
    {
    	helper_use(c);
    	use_member(c);
    }

    void other_entry(struct ctx *c)		/* only its callee is new */
    {
    	helper_use(c);
    	use_member(c);
    }

    void outer(struct ctx *c)
    {
    	other_entry(c);
    }

    struct mm_struct *ctx_mm(struct ctx *c);	/* a getter the added file defines */

    void via_getter(struct ctx *c)		/* its summary only the getter's body changes */
    {
    	struct mm_struct *mm = ctx_mm(c);

    	kthread_use_mm(mm);
    	kthread_unuse_mm(mm);
    }

    void via_getter_caller(struct ctx *c)
    {
    	via_getter(c);
    }

    void through_ops(struct holder *h, struct ctx *c)
    {
    	h->ops->run(c);				/* the added file stores a second target */
    }

    static void run_one(struct ctx *c)
    {
    	kthread_use_mm(c->mm);
    	kthread_unuse_mm(c->mm);
    }

    struct ctx_ops one_ops = { .run = run_one };

    int pinned(struct ctx *c)			/* nothing added touches it */
    {
    	if (!mmget_not_zero(c->mm))
    		return -EINVAL;
    	use_member(c);
    	mmput(c->mm);
    	return 0;
    }
    """

    private let added = """
    #include <linux/mmlint_stub.h>
    struct ctx { struct mm_struct *mm; int busy; };
    struct ctx_ops { void (*run)(struct ctx *c); };

    void entry(struct ctx *c);

    void helper_use(struct ctx *c)
    {
    	kthread_use_mm(c->mm);
    	kthread_unuse_mm(c->mm);
    }

    struct mm_struct *ctx_mm(struct ctx *c)
    {
    	return c->mm;
    }

    static void run_two(struct ctx *c)
    {
    	c->busy = 1;
    }

    struct ctx_ops two_ops = { .run = run_two };

    void from_added(struct ctx *c)
    {
    	if (!mmget_not_zero(c->mm))
    		return;
    	entry(c);
    	mmput(c->mm);
    }
    """

    private func parse(_ name: String, _ text: String, rules: RuleSet) throws -> FileFacts {
        try write(name, text)
        return Frontend.parse(file: tmp.appendingPathComponent(name).path,
                              arguments: ["-std=gnu11", "-I", fixtures.appendingPathComponent("include").path],
                              root: tmp.path, seen: SeenFunctions(), names: rules.frontendNames)
    }

    /// Requirements in one order (a summary keeps them in a set's order where two tie).
    private func normalized(_ summaries: [String: Contract]) -> [String: Contract] {
        summaries.mapValues { c in
            var c = c
            c.requires.sort { "\($0)" < "\($1)" }
            return c
        }
    }

    /// The engines of one context round: the first over `first` (dataflows kept), the one grown
    /// by `added` seeded from it, and a fresh one over the grown index; the three runs' findings.
    private struct Round {
        var e1: Engine, seeded: Engine, fresh: Engine
        var before: [Finding], found: [Finding], expected: [Finding]
    }

    private func contextRound(_ first: String, _ added: String) throws -> Round {
        let rules = try RuleSet.load(directory: rulesDir)
        let a = try parse("a.c", first, rules: rules)
        let b = try parse("b.c", added, rules: rules)
        XCTAssertTrue(a.parsedCleanly && b.parsedCleanly)
        let index = TreeIndex([a])
        let e1 = Engine(rules: rules, index: index, version: nil)
        e1.keepsFlows = true
        let before = e1.run()
        let grown = index.adding([b])
        let seeded = Engine(rules: rules, index: grown, version: nil)
        seeded.prior = e1
        let found = seeded.run()
        let fresh = Engine(rules: rules, index: grown, version: nil)
        return Round(e1: e1, seeded: seeded, fresh: fresh, before: before, found: found, expected: fresh.run())
    }

    /// Seeded and fresh agree: summaries and findings.
    private func assertSame(_ r: Round) {
        func lines(_ f: [Finding]) -> [String] { f.map { "\($0.file):\($0.line) \($0.rule) \($0.message)" } }
        XCTAssertEqual(normalized(r.seeded.summaries), normalized(r.fresh.summaries))
        XCTAssertEqual(lines(r.found), lines(r.expected))
    }

    func testSeededEngineMatchesAFreshOne() throws {
        let r = try contextRound(first, added)
        let (e1, fresh) = (r.e1, r.fresh)
        XCTAssertGreaterThan(r.seeded.seededFrom, 0, "some summary was taken from the first engine")
        assertSame(r)
        // The scenario moves what it should: entry() gains the added callee's requirement, the
        // ops call sees two targets.
        for k in ["entry", "other_entry", "via_getter"] {
            XCTAssertNotEqual(e1.summaries[k].map { Set($0.requires) }, fresh.summaries[k].map { Set($0.requires) }, k)
        }
        e1.releaseFlows()
    }

    private let lockCaller = """
    #include <linux/mmlint_stub.h>
    struct folio *pmd_folio(pmd_t pmd);
    bool folio_trylock(struct folio *folio);
    void folio_unlock(struct folio *folio);
    void relock_for_folio(spinlock_t *ptl, struct folio *folio);	/* the added file defines it */

    bool clean_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
    {
    	struct folio *folio;
    	spinlock_t *ptl;
    	pmd_t orig_pmd;

    	ptl = pmd_trans_huge_lock(pmd, vma);
    	if (!ptl)
    		return false;
    	orig_pmd = *pmd;
    	if (!pmd_present(orig_pmd))
    		goto out;
    	folio = pmd_folio(orig_pmd);
    	if (!folio_trylock(folio))
    		relock_for_folio(ptl, folio);
    	pmdp_invalidate(vma, addr, pmd);
    	folio_unlock(folio);
    out:
    	spin_unlock(ptl);
    	return true;
    }

    void clean_range(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
    {
    	clean_pmd(vma, pmd, addr);
    }

    int pinned_elsewhere(struct mm_struct *mm)	/* nothing added touches it */
    {
    	if (!mmget_not_zero(mm))
    		return -EINVAL;
    	kthread_use_mm(mm);
    	kthread_unuse_mm(mm);
    	mmput(mm);
    	return 0;
    }
    """

    private let lockHelper = """
    #include <linux/mmlint_stub.h>
    void folio_lock(struct folio *folio);

    void relock_for_folio(spinlock_t *ptl, struct folio *folio)
    {
    	folio_get(folio);
    	spin_unlock(ptl);
    	folio_lock(folio);
    	spin_lock(ptl);
    	folio_put(folio);
    }
    """

    /// An added file that defines a lock helper (one that drops and retakes its caller's lock)
    /// changes what the helper's callers may assume, not every summary: the seeded engine
    /// summarizes the helper and its callers again and takes the rest, and finds what a fresh
    /// engine finds (the invalidation after the helper returned).
    func testAddedLockHelperSeedsTheRest() throws {
        let r = try contextRound(lockCaller, lockHelper)
        XCTAssertNotEqual(r.e1.wrapperKills, r.fresh.wrapperKills, "the added helper is a lock helper")
        XCTAssertGreaterThan(r.seeded.seededFrom, 0, "what the helper cannot change is taken from the first engine")
        assertSame(r)
        XCTAssertFalse(r.before.contains { $0.rule == "invalidate-non-present-pmd" }, "without the helper's body the test holds")
        XCTAssertTrue(r.found.contains { $0.rule == "invalidate-non-present-pmd" && $0.function == "clean_pmd" })
        r.e1.releaseFlows()
    }

    /// An engine whose first run did not keep its dataflows cannot seed: everything is summarized.
    func testNoSeedWithoutKeptFlows() throws {
        let rules = try RuleSet.load(directory: rulesDir)
        let a = try parse("a.c", first, rules: rules)
        let b = try parse("b.c", added, rules: rules)
        let index = TreeIndex([a])
        let e1 = Engine(rules: rules, index: index, version: nil)
        _ = e1.run()
        let seeded = Engine(rules: rules, index: index.adding([b]), version: nil)
        seeded.prior = e1
        _ = seeded.run()
        XCTAssertEqual(seeded.seededFrom, 0)
    }
}
