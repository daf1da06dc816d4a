#include <linux/mmlint_stub.h>
/*
 * Another task's ->mm (not current's), held by the function's own mmgrab() only, then
 * borrowed: the grab is the function's statement of what it holds (mm_count: the struct, not
 * the address space), and the other task may exit under the borrow. No caller is needed.
 */

struct ft_ctx {
	struct task_struct *owner;
	int __user *uptr;
	struct work_struct work;
};

/* the task is a parameter, the mm a local initialized from it */
void ft_poke_param(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm = tsk->mm;

	mmgrab(mm);
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(v, p);
	kthread_unuse_mm(mm);
	mmdrop(mm);
}

/* the task through a member, the mm assigned after its declaration, in a work item */
static void ft_work(struct work_struct *w)
{
	struct ft_ctx *c = container_of(w, struct ft_ctx, work);
	struct mm_struct *mm;

	mm = c->owner->mm;
	if (!mm)
		return;
	mmgrab(mm);
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(1, c->uptr);
	kthread_unuse_mm(mm);
	mmdrop(mm);
}

void ft_queue(struct ft_ctx *c)
{
	INIT_WORK(&c->work, ft_work);
	schedule_work(&c->work);
}

/* spelled on the member itself, no local */
void ft_poke_member(struct ft_ctx *c, int v)
{
	mmgrab(c->owner->mm);
	kthread_use_mm(c->owner->mm); /* expect: use-mm-without-mmget */
	put_user(v, c->uptr);
	kthread_unuse_mm(c->owner->mm);
	mmdrop(c->owner->mm);
}

/* fixed: get_task_mm() takes mm_users */
void ft_poke_fixed(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm = get_task_mm(tsk);

	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(v, p);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* fixed: grabbed for the struct, pinned with mmget_not_zero() for the borrow */
void ft_poke_fixed_grab(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm = tsk->mm;

	mmgrab(mm);
	if (mmget_not_zero(mm)) {
		kthread_use_mm(mm); /* ok: use-mm-without-mmget */
		put_user(v, p);
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	mmdrop(mm);
}

/* current's own mm, grabbed: the running task holds mm_users for its syscall */
void ft_poke_own(int v, int __user *p)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(v, p);
	kthread_unuse_mm(mm);
	mmdrop(mm);
}
