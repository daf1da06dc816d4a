// Coccinelle's take on mmlint's use-mm-without-mmget, for the benchmark (scripts/bench):
// kthread_use_mm(E) where nothing earlier in the same function pins E (mmget_not_zero,
// mmget, get_task_mm, mm_access, mm_alloc). Intraprocedural and origin-blind: it cannot see a
// struct field that every store pins, a caller that pins a parameter, or current->mm.
virtual report

@um_pinned exists@
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
kthread_use_mm@p(mm)

@um_bad@
expression mm;
position p != um_pinned.p;
@@
kthread_use_mm@p(mm)

@script:python depends on report@
p << um_bad.p;
mm << um_bad.mm;
@@
coccilib.report.print_report(p[0], "use-mm-without-mmget: kthread_use_mm(%s) with no mm_users pin earlier in the function" % mm)
