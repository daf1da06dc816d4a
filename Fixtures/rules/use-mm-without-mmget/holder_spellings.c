#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: holders written other ways than `x->mm = mm` next to mmgrab() — a global
 * variable, an array member, a store through a pointer parameter (`set_mm(&ctx->mm, mm)`), a
 * compound literal assigned whole — each judged by the reference its store takes, with the same
 * holders stored with mm_users as the fixed forms.
 */

struct hs_a { struct mm_struct *mm; struct work_struct work; };
struct hs_b { struct mm_struct *mms[4]; struct work_struct work; int n; };
struct hs_c { struct mm_struct *mm; struct work_struct work; };
struct hs_d { struct mm_struct *mm; struct work_struct work; int n; };
struct hs_e { struct mm_struct *mm; struct work_struct work; };
struct hs_f { struct mm_struct *mm; struct work_struct work; int n; };

/* 1. A global variable stored after mmgrab(current->mm). */
static struct mm_struct *hs_saved_mm;

static int hs1_thread(void *data)
{
	kthread_use_mm(hs_saved_mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(hs_saved_mm);
	return 0;
}

int hs1_start(void)
{
	mmgrab(current->mm);
	hs_saved_mm = current->mm;
	kthread_run(hs1_thread, NULL, "hs1");
	return 0;
}

/* 2. An array member. */
static void hs2_work(struct work_struct *w)
{
	struct hs_b *c = container_of(w, struct hs_b, work);

	kthread_use_mm(c->mms[c->n]); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mms[c->n]);
}

int hs2_bind(struct hs_b *c, int i)
{
	mmgrab(current->mm);
	c->mms[i] = current->mm;
	INIT_WORK(&c->work, hs2_work);
	return 0;
}

/* 3. A setter that grabs and stores through the slot it is handed. */
static void hs3_set_mm(struct mm_struct **slot, struct mm_struct *mm)
{
	mmgrab(mm);
	*slot = mm;
}

static void hs3_work(struct work_struct *w)
{
	struct hs_c *c = container_of(w, struct hs_c, work);

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int hs3_bind(struct hs_c *c)
{
	hs3_set_mm(&c->mm, current->mm);
	INIT_WORK(&c->work, hs3_work);
	return 0;
}

/* 4. A compound literal assigned to the whole object. */
static void hs4_work(struct work_struct *w)
{
	struct hs_d *c = container_of(w, struct hs_d, work);

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int hs4_bind(struct hs_d *c)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	*c = (struct hs_d){ .mm = mm, .n = 1 };
	INIT_WORK(&c->work, hs4_work);
	return 0;
}

/* Fixed forms: the same spellings storing an mm_users reference. */
static struct mm_struct *hs5_mm;

static int hs5_thread(void *data)
{
	kthread_use_mm(hs5_mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(hs5_mm);
	return 0;
}

int hs5_start(struct task_struct *t)
{
	hs5_mm = get_task_mm(t);
	if (!hs5_mm)
		return -ESRCH;
	kthread_run(hs5_thread, NULL, "hs5");
	return 0;
}

static void hs6_set_mm(struct mm_struct **slot, struct mm_struct *mm)
{
	mmget(mm);
	*slot = mm;
}

static void hs6_work(struct work_struct *w)
{
	struct hs_e *c = container_of(w, struct hs_e, work);

	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int hs6_bind(struct hs_e *c)
{
	hs6_set_mm(&c->mm, current->mm);
	INIT_WORK(&c->work, hs6_work);
	return 0;
}

static void hs7_work(struct work_struct *w)
{
	struct hs_f *c = container_of(w, struct hs_f, work);

	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int hs7_bind(struct hs_f *c, struct task_struct *t)
{
	*c = (struct hs_f){ .mm = get_task_mm(t), .n = 1 };
	if (!c->mm)
		return -ESRCH;
	INIT_WORK(&c->work, hs7_work);
	return 0;
}

/* 8. The global read by an address-space operation (mmgrab-only-access). */
static struct mm_struct *hs8_mm;

static int hs8_thread(void *data)
{
	unsigned long v;

	return access_remote_vm(hs8_mm, 0x1000, &v, sizeof(v), 0); /* expect: mmgrab-only-access */
}

int hs8_start(void)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	hs8_mm = mm;
	kthread_run(hs8_thread, NULL, "hs8");
	return 0;
}

/* 9. The holder inside an anonymous union, filled by a designated initializer (the
 * designator names the union's field first, then the member). */
struct hs_g {
	union {
		struct mm_struct *mm;
		unsigned long cookie;
	};
	struct work_struct work;
};

static void hs9_work(struct work_struct *w)
{
	struct hs_g *c = container_of(w, struct hs_g, work);

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int hs9_bind(struct hs_g *c)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	*c = (struct hs_g){ .mm = mm };
	INIT_WORK(&c->work, hs9_work);
	return 0;
}
