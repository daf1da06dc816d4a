// Coccinelle's take on mmlint's mmgrab-only-access (scripts/bench): a remote address-space
// operation on E with no pin of E earlier in the same function. Same limits as
// use-mm-without-mmget.cocci; hmm_range_fault's mm (range->notifier->mm) is out of its reach.
virtual report

@ga_pinned exists@
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
 lock_vma_under_rcu@p(mm, ...)
)

@ga_bad@
expression mm;
position p != ga_pinned.p;
identifier op =~ "^(get_user_pages_remote|pin_user_pages_remote|get_user_page_vma_remote|access_remote_vm|fixup_user_fault|walk_page_range|lock_vma_under_rcu)$";
@@
op@p(mm, ...)

@script:python depends on report@
p << ga_bad.p;
op << ga_bad.op;
mm << ga_bad.mm;
@@
coccilib.report.print_report(p[0], "mmgrab-only-access: %s(%s, ...) with no mm_users pin earlier in the function" % (op, mm))
