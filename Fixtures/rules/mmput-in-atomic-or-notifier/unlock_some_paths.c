#include <linux/mmlint_stub.h>
/*
 * mmput-in-atomic-or-notifier: a callee that drops the caller's spinlock before it sleeps
 * ends the chain only on the paths where it does. binder's lru isolate callback
 * (binder_alloc_free_page, 5.x) is called with the lru spinlock held, drops it before the
 * zap and the mmput -- but on the mmap_read_trylock() failure path it returned through a
 * plain mmput() with the lock still held (fixed with mmput_async()). Spellings: the early
 * mmput in a block, the same through a goto to an error label; the fixed form.
 */

bool mutex_trylock(struct mutex *lock);
void list_del_init(struct list_head *entry);

enum us_status { US_REMOVED_RETRY, US_SKIP };

struct us_page {
	struct list_head lru;
	struct mm_struct *mm;
	unsigned long addr;
};

struct us_lru {
	spinlock_t lock;
	struct list_head list;
};

static enum us_status us_isolate(struct list_head *item, spinlock_t *lock)
{
	struct us_page *p = container_of(item, struct us_page, lru);
	struct mm_struct *mm = p->mm;

	if (!mmget_not_zero(mm))
		return US_SKIP;
	if (!mmap_read_trylock(mm)) {
		mmput(mm);
		return US_SKIP;
	}
	list_del_init(item);
	spin_unlock(lock);
	mmap_read_unlock(mm);
	mmput(mm);
	spin_lock(lock);
	return US_REMOVED_RETRY;
}

static enum us_status us_isolate_goto(struct list_head *item, spinlock_t *lock)
{
	struct us_page *p = container_of(item, struct us_page, lru);
	struct mm_struct *mm = p->mm;

	if (!mmget_not_zero(mm))
		goto skip;
	if (!mmap_read_trylock(mm))
		goto put;
	list_del_init(item);
	spin_unlock(lock);
	mmap_read_unlock(mm);
	mmput(mm);
	spin_lock(lock);
	return US_REMOVED_RETRY;
put:
	mmput(mm);
skip:
	return US_SKIP;
}

static enum us_status us_isolate_fixed(struct list_head *item, spinlock_t *lock)
{
	struct us_page *p = container_of(item, struct us_page, lru);
	struct mm_struct *mm = p->mm;

	if (!mmget_not_zero(mm))
		return US_SKIP;
	if (!mmap_read_trylock(mm)) {
		mmput_async(mm);
		return US_SKIP;
	}
	list_del_init(item);
	spin_unlock(lock);
	mmap_read_unlock(mm);
	mmput(mm);
	spin_lock(lock);
	return US_REMOVED_RETRY;
}

void us_walk(struct us_lru *lru)
{
	struct us_page *p;

	spin_lock(&lru->lock);
	list_for_each_entry(p, &lru->list, lru)
		if (us_isolate(&p->lru, &lru->lock) == US_REMOVED_RETRY) /* expect: mmput-in-atomic-or-notifier the trylock failure puts under the lock */
			break;
	spin_unlock(&lru->lock);
}

void us_walk_goto(struct us_lru *lru)
{
	struct us_page *p;

	spin_lock(&lru->lock);
	list_for_each_entry(p, &lru->list, lru)
		if (us_isolate_goto(&p->lru, &lru->lock) == US_REMOVED_RETRY) /* expect: mmput-in-atomic-or-notifier the error label puts under the lock */
			break;
	spin_unlock(&lru->lock);
}

void us_walk_fixed(struct us_lru *lru)
{
	struct us_page *p;

	spin_lock(&lru->lock);
	list_for_each_entry(p, &lru->list, lru)
		if (us_isolate_fixed(&p->lru, &lru->lock) == US_REMOVED_RETRY) /* ok: mmput-in-atomic-or-notifier only the async put under the lock */
			break;
	spin_unlock(&lru->lock);
}
