/* A scope-based put for mm references, as cleanup.h's DEFINE_FREE() spells one (the tree under
 * analysis defines it in a header of its own). */
#include <linux/mmlint_stub.h>

DEFINE_FREE(mmput, struct mm_struct *, if (_T) mmput(_T))
