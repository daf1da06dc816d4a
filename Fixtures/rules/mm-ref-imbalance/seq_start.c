#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: a seq_file ->start that pins the mm it walks and returns holding the pin,
 * which ->stop drops (fs/proc/task_mmu.c m_start/m_stop): seq_read() calls ->stop after every
 * ->start whatever it returned, so the pin kept at ->start's returns is no leak — while its
 * failure exits drop it. The same function body, not a ->start, keeps the reference on one path
 * and drops it on another: reported.
 */
struct seq_file { void *private; };
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

struct ss_priv {
	struct mm_struct *mm;
	struct task_struct *task;
};

static void *ss_first_vma(struct ss_priv *priv, loff_t *pos)
{
	return *pos ? NULL : priv->task;
}

static void *ss_start(struct seq_file *m, loff_t *pos)
{
	struct ss_priv *priv = m->private;
	struct mm_struct *mm = priv->mm;

	if (!mm || !mmget_not_zero(mm))
		return NULL;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	return ss_first_vma(priv, pos); /* ok: mm-ref-imbalance */
}

static void ss_stop(struct seq_file *m, void *v)
{
	struct ss_priv *priv = m->private;

	if (!priv->task)
		return;
	mmap_read_unlock(priv->mm);
	mmput(priv->mm);
}

static const struct seq_operations ss_ops = { .start = ss_start, .stop = ss_stop };

/* Not a ->start: nothing drops what the success path keeps. */
void *ss_lookup(struct ss_priv *priv, loff_t *pos)
{
	struct mm_struct *mm = priv->mm;

	if (!mm || !mmget_not_zero(mm))
		return NULL;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	return ss_first_vma(priv, pos); /* expect: mm-ref-imbalance */
}
