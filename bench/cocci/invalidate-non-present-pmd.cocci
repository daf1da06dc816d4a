// Coccinelle's take on mmlint's invalidate-non-present-pmd (scripts/bench): pmdp_invalidate /
// pmdp_invalidate_ad / pudp_invalidate on P with no presence test of *P earlier in the
// function. It cannot tell a test made before pmd_lock() from one made under it, nor follow
// page_vma_mapped_walk's contract or a caller's test.
virtual report

@pi_tested exists@
expression P;
position p;
identifier inv =~ "^(pmdp_invalidate|pmdp_invalidate_ad|pudp_invalidate)$";
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
)
... when any
inv@p(..., P)

@pi_bad@
expression P;
position p != pi_tested.p;
identifier inv =~ "^(pmdp_invalidate|pmdp_invalidate_ad|pudp_invalidate)$";
@@
inv@p(..., P)

@script:python depends on report@
p << pi_bad.p;
inv << pi_bad.inv;
@@
coccilib.report.print_report(p[0], "invalidate-non-present-pmd: %s with no presence test earlier in the function" % inv)
