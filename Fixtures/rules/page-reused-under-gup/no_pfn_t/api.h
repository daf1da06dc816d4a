/* A 6.17+ tree: pfn_t is gone (Alistair Popple's series "mm: remove callers of pfn_t
 * functionality", "mm: remove PFN_DEV, PFN_MAP, PFN_SPECIAL, PFN_SG_CHAIN and PFN_SG_LAST",
 * "mm: remove devmap related functions and page table bits"): vmf_insert_mixed() and
 * vmf_insert_pfn_pmd/pud() take an unsigned long pfn at the same argument position. */
#define MMLINT_NO_PFN_T 1
#include <linux/mmlint_stub.h>
