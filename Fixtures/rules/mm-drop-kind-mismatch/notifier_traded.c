#include <linux/mmlint_stub.h>
/*
 * xen gntdev's open (4.x): `priv->mm = get_task_mm(current); mmu_notifier_register(&priv->mn,
 * priv->mm); mmput(priv->mm);` — the member keeps the notifier's mm_count only. A release that
 * unregisters and then mmput()s the member drops an mm_users reference nobody holds; the fixed
 * release only unregisters (the subscription's mmdrop()).
 */

struct gd_priv {
	struct mm_struct *mm;
	struct mmu_notifier mn;
	bool ptemod;
};

extern const struct mmu_notifier_ops gd_mn_ops;

int gd_open(struct gd_priv *priv)
{
	int ret = 0;

	if (priv->ptemod) {
		priv->mm = get_task_mm(current);
		if (!priv->mm)
			return -ENOMEM;
		priv->mn.ops = &gd_mn_ops;
		ret = mmu_notifier_register(&priv->mn, priv->mm);
		mmput(priv->mm);
	}
	return ret;
}

void gd_release_put(struct gd_priv *priv)
{
	if (priv->ptemod) {
		mmu_notifier_unregister(&priv->mn, priv->mm);
		mmput(priv->mm); /* expect: mm-drop-kind-mismatch open already put the users reference */
	}
	kfree(priv);
}

void gd_release(struct gd_priv *priv)
{
	if (priv->ptemod)
		mmu_notifier_unregister(&priv->mn, priv->mm); /* ok: mm-drop-kind-mismatch */
	kfree(priv); /* ok: mm-ref-imbalance open put its reference */
}
