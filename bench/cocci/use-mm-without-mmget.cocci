// Coccinelle's take on mmlint's use-mm-without-mmget, written as the kernel's
// scripts/coccinelle/ patches are: alternatives as disjunctions, so spatch derives the tokens a
// file must contain and skips every file without kthread_use_mm/use_mm. Reports a borrow of E
// with no mm_users pin of E (mmget_not_zero, mmget, get_task_mm, mm_access, mm_alloc) earlier
// in the same function. Intraprocedural and origin-blind: it cannot see a struct field every
// store pins, a caller that pins a parameter, or current->mm.
virtual report
virtual org

@pinned exists@
expression mm;
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
 kthread_use_mm@p(mm)
|
 use_mm@p(mm)
)

@borrow depends on report || org@
expression mm;
position p != pinned.p;
@@
(
 kthread_use_mm@p(mm)
|
 use_mm@p(mm)
)

@script:python depends on report@
p << borrow.p;
mm << borrow.mm;
@@
coccilib.report.print_report(p[0], "use-mm-without-mmget: borrow of %s with no mm_users pin earlier in the function" % mm)

@script:python depends on org@
p << borrow.p;
@@
cocci.print_main("use-mm-without-mmget", p)
