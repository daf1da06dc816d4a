// Coccinelle's take on mmlint's mmgrab-only-access, scripts/coccinelle/ style (disjunctions,
// so spatch's token prefilter skips files without one of the operations): a remote
// address-space operation on E with no mm_users pin of E earlier in the same function. The
// operations are those of Rules/mmgrab-only-access.yml that take the mm as an argument (VMA
// lookups only matter before 5.17 and are left out, as mmlint does on 6.12); hmm_range_fault's
// mm (range->notifier->mm) is out of reach of a syntactic match.
virtual report
virtual org

@pinned exists@
expression mm, e1;
position p;
@@
(
 mmget_not_zero(mm)
|
 mmget(mm)
|
 mm = get_task_mm(...)
|
 mm = mm_access(...)
|
 mm = mm_alloc()
)
... when any
(
 get_user_pages_remote@p(mm, ...)
|
 pin_user_pages_remote@p(mm, ...)
|
 get_user_page_vma_remote@p(mm, ...)
|
 access_remote_vm@p(mm, ...)
|
 fixup_user_fault@p(mm, ...)
|
 walk_page_range@p(mm, ...)
|
 walk_page_range_novma@p(mm, ...)
|
 lock_vma_under_rcu@p(mm, ...)
|
 do_madvise@p(mm, ...)
|
 do_munmap@p(mm, ...)
|
 mmu_notifier_register@p(e1, mm)
|
 __mmu_notifier_register@p(e1, mm)
|
 mmu_notifier_get@p(e1, mm)
|
 mmu_interval_notifier_insert@p(e1, mm, ...)
|
 mmu_interval_notifier_insert_locked@p(e1, mm, ...)
)

@remote depends on report || org@
expression mm, e1;
position p != pinned.p;
@@
(
 get_user_pages_remote@p(mm, ...)
|
 pin_user_pages_remote@p(mm, ...)
|
 get_user_page_vma_remote@p(mm, ...)
|
 access_remote_vm@p(mm, ...)
|
 fixup_user_fault@p(mm, ...)
|
 walk_page_range@p(mm, ...)
|
 walk_page_range_novma@p(mm, ...)
|
 lock_vma_under_rcu@p(mm, ...)
|
 do_madvise@p(mm, ...)
|
 do_munmap@p(mm, ...)
|
 mmu_notifier_register@p(e1, mm)
|
 __mmu_notifier_register@p(e1, mm)
|
 mmu_notifier_get@p(e1, mm)
|
 mmu_interval_notifier_insert@p(e1, mm, ...)
|
 mmu_interval_notifier_insert_locked@p(e1, mm, ...)
)

@script:python depends on report@
p << remote.p;
mm << remote.mm;
@@
coccilib.report.print_report(p[0], "mmgrab-only-access: address-space operation on %s with no mm_users pin earlier in the function" % mm)

@script:python depends on org@
p << remote.p;
@@
cocci.print_main("mmgrab-only-access", p)
