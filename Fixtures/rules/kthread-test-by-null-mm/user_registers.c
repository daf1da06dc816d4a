#include <linux/mmlint_stub.h>
/*
 * kthread-test-by-null-mm, the other direction: a non-NULL current->mm taken to mean "user
 * task", and the user register frame read on that side. A kernel thread inside
 * kthread_use_mm() and an io_uring/vhost worker (PF_USER_WORKER) have current->mm set and no
 * user registers of their own.
 *   - kernel/events/callchain.c get_perf_callchain() in 6.1 (`if  (current->mm) regs =
 *     task_pt_regs(current); else regs = NULL;`), fixed upstream by "perf: Use current->flags &
 *     PF_KTHREAD|PF_USER_WORKER instead of current->mm == NULL" (is_user_task(), in 6.12.y).
 * Quiet: the flag test; both sides reading the registers; another task's registers.
 */

struct uc_entry {
	unsigned long ip[16];
	int nr;
};

void uc_walk_user(struct uc_entry *e, struct pt_regs *regs);

/* As perf's callchain was written (two blanks and all). */
void uc_callchain(struct uc_entry *e, struct pt_regs *regs, bool user)
{
	if (user) {
		if (!user_mode(regs)) {
			if  (current->mm) /* expect: kthread-test-by-null-mm */
				regs = task_pt_regs(current);
			else
				regs = NULL;
		}
		if (regs)
			uc_walk_user(e, regs);
	}
}

/* The fix: the task's flags say what it is. */
void uc_callchain_fixed(struct uc_entry *e, struct pt_regs *regs, bool user)
{
	if (user && !user_mode(regs)) {
		if (current->mm && !(current->flags & (PF_KTHREAD | PF_USER_WORKER))) /* ok: kthread-test-by-null-mm */
			regs = task_pt_regs(current);
		else
			regs = NULL;
	}
	if (regs)
		uc_walk_user(e, regs);
}

/* A partial fix: the io_uring and vhost workers excluded, a kernel thread inside
 * kthread_use_mm() still taken for a user task. */
void uc_callchain_workers(struct uc_entry *e, struct pt_regs *regs)
{
	if (!user_mode(regs)) {
		if (current->mm && !(current->flags & PF_USER_WORKER)) /* expect: kthread-test-by-null-mm */
			regs = task_pt_regs(current);
		else
			regs = NULL;
	}
	uc_walk_user(e, regs);
}

/* The same, the flag tested first and as a guard of its own. */
unsigned long uc_user_sp_workers(void)
{
	if (current->flags & PF_USER_WORKER)
		return 0;
	if (!current->mm) /* expect: kthread-test-by-null-mm */
		return 0;
	return current_pt_regs()->sp;
}

/* "No mm: a kernel thread, no user registers" as an early return, current_pt_regs() after it. */
unsigned long uc_user_sp(void)
{
	struct pt_regs *regs;

	if (!current->mm) /* expect: kthread-test-by-null-mm */
		return 0;
	regs = current_pt_regs();
	return regs->sp;
}

/* The test kept in a local of any name, the registers read through a running-task local. */
void uc_sample(struct uc_entry *e)
{
	struct task_struct *me = current;
	bool has_ctx = me->mm != NULL; /* expect: kthread-test-by-null-mm */

	if (has_ctx)
		uc_walk_user(e, task_pt_regs(me));
	else
		e->nr = 0;
}

/* The test returned by a helper. */
static bool uc_from_process(void)
{
	return current->mm != NULL;
}

void uc_sample_helper(struct uc_entry *e)
{
	if (uc_from_process()) /* expect: kthread-test-by-null-mm */
		uc_walk_user(e, current_pt_regs());
}

/* The test returned by a helper as a ternary that starts with a macro (`current`). */
static int uc_has_user_ctx(void)
{
	return current->mm ? 1 : 0;
}

void uc_sample_ternary(struct uc_entry *e)
{
	if (!uc_has_user_ctx()) /* expect: kthread-test-by-null-mm */
		return;
	uc_walk_user(e, current_pt_regs());
}

/* Both sides read the registers: the test chooses something else. */
void uc_both_sides(struct uc_entry *e)
{
	struct pt_regs *regs;

	if (current->mm) { /* ok: kthread-test-by-null-mm */
		regs = task_pt_regs(current);
		e->nr = 1;
	} else {
		regs = task_pt_regs(current);
		e->nr = 0;
	}
	uc_walk_user(e, regs);
}

/* Another task's registers (a tracer's): the running task's mm says nothing about it. */
void uc_other_task(struct uc_entry *e, struct task_struct *child)
{
	if (current->mm) /* ok: kthread-test-by-null-mm */
		uc_walk_user(e, task_pt_regs(child));
}

/* "No mm, no user stack": the test guards a use of current->mm itself. */
int uc_stack_vma(unsigned long sp)
{
	struct vm_area_struct *vma;

	if (!current->mm) /* ok: kthread-test-by-null-mm */
		return 0;
	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, sp);
	mmap_read_unlock(current->mm);
	return vma != NULL;
}

/* arch/x86/events/utils.c branch_type(): the test returns early on a user address, and the
 * registers are read after a join with the kernel-address path, which never tested: not
 * the test's consequence. */
int uc_branch_type(unsigned long from, bool user_addr)
{
	if (user_addr) {
		if (!current->mm) /* ok: kthread-test-by-null-mm */
			return 0;
		if (copy_from_user(NULL, (void __user *)from, 16))
			return 0;
	} else if (!from) {
		return 0;
	}
	return current_pt_regs()->sp != 0;
}

/* The register read in a callee (perf_sample_regs_user() before 5.10: perf_get_regs_user();
 * x86's save_stack_trace_user() before 5.2). */
struct uc_regs_user {
	u64 abi;
	struct pt_regs *regs;
};

static void uc_get_regs_user(struct uc_regs_user *regs_user)
{
	regs_user->regs = task_pt_regs(current);
	regs_user->abi = 2;
}

void uc_sample_regs_user(struct uc_regs_user *regs_user, struct pt_regs *regs)
{
	if (user_mode(regs)) {
		regs_user->abi = 2;
		regs_user->regs = regs;
	} else if (current->mm) { /* expect: kthread-test-by-null-mm */
		uc_get_regs_user(regs_user);
	} else {
		regs_user->abi = 0;
		regs_user->regs = NULL;
	}
}

/* The test inside a loop: the NULL side reaches the read only through the test again. */
void uc_loop(struct uc_entry *e, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (current->mm) /* expect: kthread-test-by-null-mm */
			uc_walk_user(e, task_pt_regs(current));
		e->nr++;
	}
}

/* perf_callchain() in 6.1: the test turns a flag off and the callee reads the registers when
 * it is on (the flag crosses a call: not followed). */
void uc_callchain_flag(struct uc_entry *e, struct pt_regs *regs)
{
	bool user = e->nr != 0;

	if (!current->mm) /* todo: kthread-test-by-null-mm (the decision travels as an argument) */
		user = false;
	uc_callchain(e, regs, user);
}

/* powerpc spells task_pt_regs() as a member read (tsk->thread.regs): no call to match. */
#define uc_ppc_task_pt_regs(tsk)	((tsk)->thread.regs)

void uc_callchain_ppc(struct uc_entry *e, struct pt_regs *regs)
{
	if (current->mm) /* todo: kthread-test-by-null-mm (powerpc's task_pt_regs writes no call) */
		regs = uc_ppc_task_pt_regs(current);
	else
		regs = NULL;
	if (regs)
		uc_walk_user(e, regs);
}
