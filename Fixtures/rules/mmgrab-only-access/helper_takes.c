#include <linux/mmlint_stub.h>
/*
 * The reference a member holds, taken by a helper of the object called after the store (the
 * store itself takes none): mmget() through `hold(c)` gives the member users, so the worker's
 * remote access is fine until release puts it; mmgrab() through a helper gives mm_count only,
 * so the same access is the mmgrab-only error; a helper handed the object that takes nothing
 * leaves the member with no reference at all.
 */

struct ht_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	char buf[8];
};

static void ht_hold_users(struct ht_ctx *c)
{
	mmget(c->mm);
}

static void ht_hold_count(struct ht_ctx *ctx)
{
	if (ctx->mm)
		mmgrab(ctx->mm);
}

static void ht_log(struct ht_ctx *c)
{
	pr_debug("ctx %p\n", c);
}

static void ht_work(struct work_struct *w)
{
	struct ht_ctx *c = container_of(w, struct ht_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
}

int ht_open(struct ht_ctx *c)
{
	c->mm = current->mm;
	ht_hold_users(c);
	INIT_WORK(&c->work, ht_work);
	return 0;
}

void ht_release(struct ht_ctx *c)
{
	cancel_work_sync(&c->work);
	mmput(c->mm);
}

struct hc_ctx {
	struct ht_ctx inner;
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	char buf[8];
};

static void hc_hold(struct hc_ctx *c)
{
	mmgrab(c->mm);
}

static void hc_work(struct work_struct *w)
{
	struct hc_ctx *c = container_of(w, struct hc_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

int hc_open(struct hc_ctx *c)
{
	c->mm = current->mm;
	hc_hold(c);
	INIT_WORK(&c->work, hc_work);
	return 0;
}

struct hn_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	char buf[8];
};

static void hn_work(struct work_struct *w)
{
	struct hn_ctx *c = container_of(w, struct hn_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

int hn_open(struct hn_ctx *c)
{
	c->mm = current->mm;
	ht_log((struct ht_ctx *)c);
	INIT_WORK(&c->work, hn_work);
	return 0;
}
