#include <linux/mmlint_stub.h>
/*
 * The result of mmget_not_zero() carried as a value before it is tested: a bool given a
 * short-circuit test (`ok = mm && mmget_not_zero(mm)`), the same inside a statement-
 * expression macro, a helper returning `!!mmget_not_zero()` or a ?: of it. Each is the pin
 * on the side where it is true; a borrow after a test that ignores the value is still one
 * without mm_users.
 */

struct pv_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	u32 __user *p;
};

int pv_open(struct pv_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

static bool pv_pin_notnot(struct pv_ctx *c)
{
	return !!mmget_not_zero(c->mm);
}

static bool pv_pin_ternary(struct pv_ctx *c)
{
	return c->mm ? mmget_not_zero(c->mm) : false;
}

#define PV_PIN(m) ({ bool __ok = (m) && mmget_not_zero(m); __ok; })

/* 1. a helper returning !!mmget_not_zero() */
void pv_borrow_notnot(struct pv_ctx *c)
{
	if (!pv_pin_notnot(c))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

/* 2. a helper returning a ?: of it */
void pv_borrow_ternary(struct pv_ctx *c)
{
	if (!pv_pin_ternary(c))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	put_user(2, c->p);
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

/* 3. a bool given a short-circuit test */
void pv_borrow_and(struct pv_ctx *c)
{
	bool ok = c->mm && mmget_not_zero(c->mm);

	if (!ok)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	put_user(3, c->p);
	kthread_unuse_mm(c->mm);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
}

/* 4. the same assigned after the declaration, inverted with || */
void pv_borrow_or(struct pv_ctx *c)
{
	bool dead;

	dead = !c->mm || !mmget_not_zero(c->mm);
	if (dead)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	put_user(4, c->p);
	kthread_unuse_mm(c->mm);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
}

/* 5. inside a statement-expression macro */
void pv_borrow_macro(struct pv_ctx *c)
{
	if (!PV_PIN(c->mm))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	put_user(5, c->p);
	kthread_unuse_mm(c->mm);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
}

/* 6. the value computed, then not what decides the borrow */
void pv_borrow_ignored(struct pv_ctx *c)
{
	bool ok = c->mm && mmget_not_zero(c->mm);

	if (!ok)
		pr_debug("pv: owner exiting\n");
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	put_user(6, c->p);
	kthread_unuse_mm(c->mm);
	if (ok)
		mmput(c->mm);
}
