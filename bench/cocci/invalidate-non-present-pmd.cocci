// Coccinelle's take on mmlint's invalidate-non-present-pmd, scripts/coccinelle/ style: a pmd/pud
// invalidation of P with no presence test of *P earlier in the function (disjunctions keep
// spatch's token prefilter: only files naming an invalidation are parsed). It cannot tell a test
// made before pmd_lock() from one under it, nor follow page_vma_mapped_walk's contract, a
// VM_BUG_ON's meaning or a caller's test.
virtual report
virtual org

@tested exists@
expression P;
position p;
@@
(
 pmd_present(*P)
|
 pmd_trans_huge(*P)
|
 pmd_devmap(*P)
|
 is_pmd_migration_entry(*P)
|
 pud_present(*P)
|
 pud_trans_huge(*P)
|
 pud_devmap(*P)
)
... when any
(
 pmdp_invalidate@p(..., P)
|
 pmdp_invalidate_ad@p(..., P)
|
 pudp_invalidate@p(..., P)
)

@invalidate depends on report || org@
expression P;
position p != tested.p;
@@
(
 pmdp_invalidate@p(..., P)
|
 pmdp_invalidate_ad@p(..., P)
|
 pudp_invalidate@p(..., P)
)

@script:python depends on report@
p << invalidate.p;
P << invalidate.P;
@@
coccilib.report.print_report(p[0], "invalidate-non-present-pmd: invalidation of %s with no presence test earlier in the function" % P)

@script:python depends on org@
p << invalidate.p;
@@
cocci.print_main("invalidate-non-present-pmd", p)
