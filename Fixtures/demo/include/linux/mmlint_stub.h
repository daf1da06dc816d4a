/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmlint_stub.h - a self-contained stand-in for the kernel headers the mmlint
 * fixtures need.
 *
 * It includes nothing. Types are cut down to the fields the fixtures touch; the
 * mm, GUP, HMM, mmu-notifier and page-table APIs are declared as real prototypes
 * under their kernel names (6.12 signatures, simplified types where harmless),
 * because the analyzer's vocabulary is keyed by function name. Only the kernel's
 * own macro-shaped APIs (current, container_of, BUG_ON, READ_ONCE, INIT_WORK, ...)
 * are macros here.
 *
 * Parses with: clang -fsyntax-only -I Fixtures/include FILE.c
 */
#ifndef _LINUX_MMLINT_STUB_H
#define _LINUX_MMLINT_STUB_H

/* ------------------------------------------------------------------------
 * Compiler and basic types
 * ------------------------------------------------------------------------ */

#define __user
#define __rcu
#define __iomem
#define __force
#define __must_check	__attribute__((warn_unused_result))
#define __always_inline	inline __attribute__((always_inline))
#define __noreturn	__attribute__((noreturn))
#define __maybe_unused	__attribute__((unused))
#define __init
#define __exit

#define NULL ((void *)0)

#if !defined(__STDC_VERSION__) || __STDC_VERSION__ < 202311L
typedef _Bool bool;
enum {
	false	= 0,
	true	= 1
};
#endif

typedef unsigned char		u8;
typedef unsigned short		u16;
typedef unsigned int		u32;
typedef unsigned long long	u64;
typedef signed char		s8;
typedef short			s16;
typedef int			s32;
typedef long long		s64;

typedef unsigned long		size_t;
typedef long			ssize_t;
typedef long long		loff_t;
typedef int			pid_t;
typedef unsigned int		gfp_t;
typedef unsigned int		vm_fault_t;
typedef unsigned long long	phys_addr_t;
typedef unsigned long		pgoff_t;
typedef unsigned long		vm_flags_t;

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
/* include/linux/compiler_attributes.h */
#define fallthrough	__attribute__((__fallthrough__))

#define READ_ONCE(x)		(*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile typeof(x) *)&(x) = (val); } while (0)
/* as x86 spells them (asm-generic/barrier.h); arm64's are stlr/ldar asm */
#define smp_store_release(p, v)	do { WRITE_ONCE(*(p), (v)); } while (0)
#define smp_load_acquire(p)	({ typeof(*(p)) ___p1 = READ_ONCE(*(p)); ___p1; })

/*
 * xchg() and its orderings: the old value of *ptr. Every architecture writes them in
 * assembly (x86's __xchg_op, arm64's __xchg_case_mb_64): to the parser an opaque call.
 */
unsigned long __arch_xchg(volatile void *ptr, unsigned long x, int size);
#define xchg(ptr, x)		((__typeof__(*(ptr)))__arch_xchg((ptr), (unsigned long)(x), sizeof(*(ptr))))
#define xchg_relaxed(ptr, x)	((__typeof__(*(ptr)))__arch_xchg((ptr), (unsigned long)(x), sizeof(*(ptr))))
#define xchg_release(ptr, x)	((__typeof__(*(ptr)))__arch_xchg((ptr), (unsigned long)(x), sizeof(*(ptr))))
#define xchg_acquire(ptr, x)	((__typeof__(*(ptr)))__arch_xchg((ptr), (unsigned long)(x), sizeof(*(ptr))))
/* cmpxchg() and its orderings: the old value of *ptr, which became `n` where it was `o`. */
unsigned long __arch_cmpxchg(volatile void *ptr, unsigned long o, unsigned long n, int size);
#define cmpxchg(ptr, o, n)	((__typeof__(*(ptr)))__arch_cmpxchg((ptr), (unsigned long)(o), (unsigned long)(n), sizeof(*(ptr))))
#define cmpxchg_relaxed(ptr, o, n) ((__typeof__(*(ptr)))__arch_cmpxchg((ptr), (unsigned long)(o), (unsigned long)(n), sizeof(*(ptr))))
#define cmpxchg_acquire(ptr, o, n) ((__typeof__(*(ptr)))__arch_cmpxchg((ptr), (unsigned long)(o), (unsigned long)(n), sizeof(*(ptr))))
#define cmpxchg_release(ptr, o, n) ((__typeof__(*(ptr)))__arch_cmpxchg((ptr), (unsigned long)(o), (unsigned long)(n), sizeof(*(ptr))))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

#define EXPORT_SYMBOL(sym)	extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym)	extern typeof(sym) sym

/* ------------------------------------------------------------------------
 * Errors, BUG/WARN
 * ------------------------------------------------------------------------ */

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define EAGAIN		11
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EINVAL		22
#define ENODEV		19
#define ENOTTY		25

#define MAX_ERRNO	4095

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline void *ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

void __warn_once(void);
void __warn(void);

#define BUG()		__builtin_unreachable()
#define BUG_ON(c)	do { if (unlikely(c)) BUG(); } while (0)
#define VM_BUG_ON(c)	BUG_ON(c)

#define WARN_ON(c)	({ int __r = !!(c); if (unlikely(__r)) __warn(); unlikely(__r); })
#define WARN_ON_ONCE(c)	({ int __r = !!(c); if (unlikely(__r)) __warn_once(); unlikely(__r); })
#define VM_WARN_ON_ONCE(c) \
	({ int __r = !!(c); if (unlikely(__r)) __warn_once(); unlikely(__r); })

int printk(const char *fmt, ...);
#define pr_err(fmt, ...)	printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(fmt, ##__VA_ARGS__)

/* ------------------------------------------------------------------------
 * Atomics, locks, lists
 * ------------------------------------------------------------------------ */

typedef struct {
	int counter;
} atomic_t;

int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
bool atomic_inc_not_zero(atomic_t *v);
bool atomic_dec_and_test(atomic_t *v);
int atomic_dec_return(atomic_t *v);
bool atomic_sub_and_test(int i, atomic_t *v);

typedef struct spinlock {
	unsigned int rlock;
} spinlock_t;

struct rw_semaphore {
	atomic_t count;
};

struct mutex {
	atomic_t owner;
};

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, typeof(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&pos->member == (head))
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, typeof(*pos), member);	\
	     !list_entry_is_head(pos, head, member);			\
	     pos = list_next_entry(pos, member))

struct completion {
	unsigned int done;
};

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);

void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

void rcu_read_lock(void);
void rcu_read_unlock(void);

void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);

/* Scope-based locking as include/linux/cleanup.h (6.5+) spells it: guard(name)(&lock) holds
 * the lock to the end of the enclosing block, scoped_guard(name, &lock) for the statement
 * that follows; the compiler calls the guard's destructor when the scope ends. */
#define __cleanup(func)		__attribute__((__cleanup__(func)))
#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)
#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)			\
typedef _type class_##_name##_t;						\
static inline void class_##_name##_destructor(_type *p)				\
{ _type _T = *p; _exit; }							\
static inline _type class_##_name##_constructor(_init_args)			\
{ _type t = _init; return t; }
#define CLASS(_name, var)							\
	class_##_name##_t var __cleanup(class_##_name##_destructor) =		\
		class_##_name##_constructor
#define DEFINE_GUARD(_name, _type, _lock, _unlock)				\
	DEFINE_CLASS(_name, _type, if (_T) { _unlock; }, ({ _lock; _T; }), _type _T); \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)	\
	{ return *_T; }
#define DEFINE_LOCK_GUARD_1(_name, _type, _lock, _unlock, ...)			\
typedef struct { _type *lock; __VA_ARGS__; } class_##_name##_t;		\
static inline void class_##_name##_destructor(class_##_name##_t *_T)		\
{ if (_T->lock) { _unlock; } }							\
static inline class_##_name##_t class_##_name##_constructor(_type *l)		\
{ class_##_name##_t _t = { .lock = l }, *_T = &_t; _lock; return _t; }	\
static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)		\
{ return _T->lock; }
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock)				\
typedef struct { void *lock; } class_##_name##_t;				\
static inline void class_##_name##_destructor(class_##_name##_t *_T)		\
{ if (_T->lock) { _unlock; } }							\
static inline class_##_name##_t class_##_name##_constructor(void)		\
{ class_##_name##_t _t = { .lock = (void *)1 }, *_T = &_t; (void)_T; _lock; return _t; } \
static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)		\
{ return _T->lock; }
/* __free(name): the variable's value is freed when its scope ends; no_free_ptr()/return_ptr()
 * take it out first (the variable is left NULL). */
#define DEFINE_FREE(_name, _type, _free)					\
	static inline void __free_##_name(void *p) { _type _T = *(_type *)p; _free; }
#define __free(_name)	__cleanup(__free_##_name)
#define no_free_ptr(p)	({ __auto_type __ptr = (p); (p) = NULL; __ptr; })
#define return_ptr(p)	return no_free_ptr(p)
#define guard(_name)	CLASS(_name, __UNIQUE_ID(guard))
#define scoped_guard(_name, args...)						\
	for (CLASS(_name, scope)(args), *done = NULL;				\
	     class_##_name##_lock_ptr(&scope) && !done; done = (void *)1)
/* The guard classes themselves (include/linux/spinlock.h, mutex.h) are defined in the
 * fixtures' own headers: the analysis reads header functions of the analyzed tree only. */

struct srcu_struct {
	int idx;
};
int srcu_read_lock(struct srcu_struct *ssp);
void srcu_read_unlock(struct srcu_struct *ssp, int idx);
void synchronize_srcu(struct srcu_struct *ssp);
void synchronize_rcu(void);

void INIT_LIST_HEAD(struct list_head *list);
void list_add_tail(struct list_head *new, struct list_head *head);
void list_del(struct list_head *entry);

void init_completion(struct completion *x);
void complete(struct completion *x);
void wait_for_completion(struct completion *x);

/* ------------------------------------------------------------------------
 * Memory allocation and user copies
 * ------------------------------------------------------------------------ */

#define GFP_KERNEL	0x0cc0u
#define GFP_ATOMIC	0x0820u

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kvcalloc(size_t n, size_t size, gfp_t flags);
void kfree(const void *objp);
void kvfree(const void *addr);

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);

/*
 * get_user()/put_user() are type-generic macros in the kernel; here they are thin
 * macros over two real functions so that the value argument stays an lvalue.
 */
int __get_user_fn(void *dst, const void __user *src, size_t size);
int __put_user_fn(const void *src, void __user *dst, size_t size);
#define get_user(x, ptr)	__get_user_fn(&(x), (ptr), sizeof(*(ptr)))
#define put_user(x, ptr) \
	({ typeof(*(ptr)) __pu_val = (x); __put_user_fn(&__pu_val, (ptr), sizeof(*(ptr))); })

/* ------------------------------------------------------------------------
 * Page tables
 * ------------------------------------------------------------------------ */

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long pgd; } pgd_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct page *pgtable_t;

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define HPAGE_PMD_SHIFT		21
#define HPAGE_PMD_SIZE		(1UL << HPAGE_PMD_SHIFT)
#define HPAGE_PMD_MASK		(~(HPAGE_PMD_SIZE - 1))
#define HPAGE_PMD_NR		(1 << (HPAGE_PMD_SHIFT - PAGE_SHIFT))
#define HPAGE_PUD_SHIFT		30
#define HPAGE_PUD_SIZE		(1UL << HPAGE_PUD_SHIFT)
#define HPAGE_PUD_MASK		(~(HPAGE_PUD_SIZE - 1))

/* ------------------------------------------------------------------------
 * struct page / folio
 * ------------------------------------------------------------------------ */

struct page {
	unsigned long flags;
	atomic_t _refcount;
};

struct folio {
	struct page page;
};

struct page *pmd_page(pmd_t pmd);
struct folio *page_folio(struct page *page);
void put_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void folio_get(struct folio *folio);
void folio_put(struct folio *folio);

/* ------------------------------------------------------------------------
 * mm_struct, vm_area_struct, task_struct
 * ------------------------------------------------------------------------ */

/*
 * As include/linux/mm_types.h (4.19+): the members sit in an anonymous struct (the
 * __randomize_layout part) before the flexible cpu_bitmap, so `mm->mmap_lock` is a member of
 * an anonymous record; C and mmlint read it as struct mm_struct's.
 */
struct mm_struct {
	struct {
		atomic_t mm_users;
		atomic_t mm_count;
		struct rw_semaphore mmap_lock;
		unsigned long flags;
		pgd_t *pgd;
		spinlock_t page_table_lock;
		unsigned long start_code, end_code, start_data, end_data;
		unsigned long start_brk, brk, start_stack;
	};
	unsigned long cpu_bitmap[];
};

struct vm_operations_struct;

struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start, vm_end, vm_flags;
	unsigned long vm_pgoff;
	pgprot_t vm_page_prot;
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;
};

#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_IO		0x00004000UL
#define VM_PFNMAP	0x00000400UL
#define VM_HUGEPAGE	0x20000000UL

#define MMF_OOM_SKIP	21
#define MMF_UNSTABLE	22

/* As include/linux/sched.h with CONFIG_RANDSTRUCT: the randomized members (->mm among them)
 * in an anonymous struct (randomized_struct_fields_start/_end). */
struct task_struct {
	volatile long state;
	unsigned int flags;
	struct {
		pid_t pid;
		pid_t tgid;
		struct mm_struct *mm, *active_mm;
		struct task_struct *group_leader;
		spinlock_t alloc_lock;
		char comm[16];
	};
	void *stack;
	struct { struct pt_regs *regs; } thread;	/* powerpc */
};

#define PF_EXITING	0x00000004
#define PF_KTHREAD	0x00200000
#define PF_USER_WORKER	0x00004000

struct task_struct *get_current(void);
#define current get_current()

void get_task_struct(struct task_struct *t);
void put_task_struct(struct task_struct *t);
void task_lock(struct task_struct *p);
void task_unlock(struct task_struct *p);
struct task_struct *find_lock_task_mm(struct task_struct *p);
struct pid;
enum pid_type { PIDTYPE_PID, PIDTYPE_TGID };
struct pid *find_vpid(int nr);
struct task_struct *pid_task(struct pid *pid, enum pid_type type);
struct task_struct *get_pid_task(struct pid *pid, enum pid_type type);
void put_pid(struct pid *pid);
struct kobject;
void kobject_put(struct kobject *kobj);
struct rb_node { unsigned long __rb_parent_color; struct rb_node *rb_right, *rb_left; };
struct rb_root { struct rb_node *rb_node; };
void rb_erase(struct rb_node *node, struct rb_root *root);
struct task_struct *find_task_by_vpid(pid_t nr);
struct task_struct *find_get_task_by_vpid(pid_t nr);

extern struct mm_struct init_mm;

/* ------------------------------------------------------------------------
 * mm reference counting (include/linux/sched/mm.h, kernel/fork.c)
 * ------------------------------------------------------------------------ */

#define PTRACE_MODE_READ		0x01
#define PTRACE_MODE_ATTACH		0x02
#define PTRACE_MODE_FSCREDS		0x04
#define PTRACE_MODE_REALCREDS		0x08
#define PTRACE_MODE_READ_FSCREDS	(PTRACE_MODE_READ | PTRACE_MODE_FSCREDS)
#define PTRACE_MODE_ATTACH_REALCREDS	(PTRACE_MODE_ATTACH | PTRACE_MODE_REALCREDS)

void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
void mmdrop_sched(struct mm_struct *mm);
void mmget(struct mm_struct *mm);
bool mmget_not_zero(struct mm_struct *mm);
void mmput(struct mm_struct *mm);
void mmput_async(struct mm_struct *mm);
struct mm_struct *get_task_mm(struct task_struct *task);
struct mm_struct *mm_access(struct task_struct *task, unsigned int mode);
struct mm_struct *mm_alloc(void);

/* kernel/kthread.c (5.8+) and mm/mmu_context.c (before 5.8) */
void kthread_use_mm(struct mm_struct *mm);
void kthread_unuse_mm(struct mm_struct *mm);
void use_mm(struct mm_struct *mm);
void unuse_mm(struct mm_struct *mm);

/* include/linux/mmap_lock.h */
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
void mmap_write_lock(struct mm_struct *mm);
void mmap_write_unlock(struct mm_struct *mm);
bool mmap_read_trylock(struct mm_struct *mm);
bool mmap_write_trylock(struct mm_struct *mm);
int mmap_read_lock_killable(struct mm_struct *mm);
int mmap_write_lock_killable(struct mm_struct *mm);

bool test_bit(long nr, const unsigned long *addr);
void set_bit(long nr, unsigned long *addr);

/* ------------------------------------------------------------------------
 * VMA lookup, GUP, faults, page walks, madvise
 * ------------------------------------------------------------------------ */

/* The user register frame at the top of a task's kernel stack (x86, arm64, s390, riscv:
 * task_pt_regs() is a macro around task_stack_page(); powerpc reads tsk->thread.regs). */
struct pt_regs { unsigned long ip, sp, flags; };
#define THREAD_SIZE		(4 * PAGE_SIZE)
static inline void *task_stack_page(const struct task_struct *task) { return task->stack; }
#define task_pt_regs(task)	((struct pt_regs *)(task_stack_page(task) + THREAD_SIZE) - 1)
#define current_pt_regs()	task_pt_regs(current)
#define user_mode(regs)		(((regs)->flags & 3) == 3)
struct zap_details;
struct mm_walk;

struct mm_walk_ops {
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_entry)(pte_t *pte, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
};

struct mm_walk {
	const struct mm_walk_ops *ops;
	struct mm_struct *mm;
	pgd_t *pgd;
	struct vm_area_struct *vma;
	void *private;
};

#define FOLL_WRITE		0x01
#define FOLL_GET		0x04
#define FOLL_FORCE		0x10
#define FOLL_NOWAIT		0x20
#define FOLL_PIN		0x40000
#define FOLL_LONGTERM		0x100

#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_REMOTE	0x80
#define FAULT_FLAG_ALLOW_RETRY	0x04

#define VM_FAULT_ERROR		0x000f
#define VM_FAULT_SIGBUS		0x0002
#define VM_FAULT_NOPAGE		0x0100

#define MADV_DONTNEED		4
#define MADV_PAGEOUT		21

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start_addr,
					     unsigned long end_addr);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm,
					  unsigned long address);
void vma_end_read(struct vm_area_struct *vma);

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long pin_user_pages_fast(unsigned long start, int nr_pages,
			 unsigned int gup_flags, struct page **pages);
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		     int len, unsigned int gup_flags);
int fixup_user_fault(struct mm_struct *mm, unsigned long address,
		     unsigned int fault_flags, bool *unlocked);
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);
int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, const struct mm_walk_ops *ops,
		    void *private);
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, struct zap_details *details);
struct device;
struct iommu_sva;
struct iommu_sva *iommu_sva_bind_device(struct device *dev, struct mm_struct *mm, void *drvdata);
void iommu_sva_unbind_device(struct iommu_sva *handle);
void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address,
		  unsigned long size);
struct page;
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	pgoff_t pgoff;
	unsigned int flags;
	struct page *page;
};
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len_in,
	       int behavior);

/* ------------------------------------------------------------------------
 * mmu notifiers and HMM
 * ------------------------------------------------------------------------ */

struct mmu_notifier;
struct mmu_interval_notifier;

struct mmu_notifier_range {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
	unsigned int flags;
	int event;
};

struct mmu_notifier_ops {
	void (*release)(struct mmu_notifier *subscription, struct mm_struct *mm);
	int (*clear_flush_young)(struct mmu_notifier *subscription, struct mm_struct *mm,
				 unsigned long start, unsigned long end);
	int (*clear_young)(struct mmu_notifier *subscription, struct mm_struct *mm,
			   unsigned long start, unsigned long end);
	int (*test_young)(struct mmu_notifier *subscription, struct mm_struct *mm,
			  unsigned long address);
	int (*invalidate_range_start)(struct mmu_notifier *subscription,
				      const struct mmu_notifier_range *range);
	void (*invalidate_range_end)(struct mmu_notifier *subscription,
				     const struct mmu_notifier_range *range);
	void (*free_notifier)(struct mmu_notifier *subscription);
};

struct mmu_notifier {
	struct list_head hlist;
	const struct mmu_notifier_ops *ops;
	struct mm_struct *mm;
	unsigned int users;
};

struct mmu_interval_notifier_ops {
	bool (*invalidate)(struct mmu_interval_notifier *interval_sub,
			   const struct mmu_notifier_range *range,
			   unsigned long cur_seq);
};

struct mmu_interval_notifier {
	const struct mmu_interval_notifier_ops *ops;
	struct mm_struct *mm;
	unsigned long invalidate_seq;
	unsigned long start, last;
};

int mmu_notifier_register(struct mmu_notifier *subscription,
			  struct mm_struct *mm);
void mmu_notifier_unregister(struct mmu_notifier *subscription,
			     struct mm_struct *mm);
void mmu_notifier_put(struct mmu_notifier *subscription);
int mmu_interval_notifier_insert(struct mmu_interval_notifier *interval_sub,
				 struct mm_struct *mm, unsigned long start,
				 unsigned long length,
				 const struct mmu_interval_notifier_ops *ops);
void mmu_interval_notifier_remove(struct mmu_interval_notifier *interval_sub);
unsigned long mmu_interval_read_begin(struct mmu_interval_notifier *interval_sub);
bool mmu_interval_read_retry(struct mmu_interval_notifier *interval_sub,
			     unsigned long seq);
void mmu_interval_set_seq(struct mmu_interval_notifier *interval_sub,
			  unsigned long cur_seq);

struct hmm_range {
	struct mmu_interval_notifier *notifier;
	unsigned long notifier_seq;
	unsigned long start;
	unsigned long end;
	unsigned long *hmm_pfns;
	unsigned long default_flags;
	unsigned long pfn_flags_mask;
	void *dev_private_owner;
};

#define HMM_PFN_REQ_FAULT	(1UL << 63)
#define HMM_PFN_REQ_WRITE	(1UL << 62)

int hmm_range_fault(struct hmm_range *range);

/* ------------------------------------------------------------------------
 * PMD / PUD entries (include/linux/pgtable.h, mm/pgtable-generic.c,
 * include/linux/huge_mm.h, include/linux/swapops.h)
 * ------------------------------------------------------------------------ */

spinlock_t *pmd_lock(struct mm_struct *mm, pmd_t *pmd);
spinlock_t *pmd_lockptr(struct mm_struct *mm, pmd_t *pmd);
spinlock_t *pud_lock(struct mm_struct *mm, pud_t *pud);
spinlock_t *pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma);
spinlock_t *__pmd_trans_huge_lock(pmd_t *pmd, struct vm_area_struct *vma);

pmd_t pmdp_get(pmd_t *pmdp);
int pmd_present(pmd_t pmd);
int pmd_trans_huge(pmd_t pmd);
int pmd_devmap(pmd_t pmd);
int pmd_none(pmd_t pmd);
int pmd_write(pmd_t pmd);
int pmd_dirty(pmd_t pmd);
int pmd_young(pmd_t pmd);
int is_swap_pmd(pmd_t pmd);
int is_pmd_migration_entry(pmd_t pmd);
int pmd_same(pmd_t pmd_a, pmd_t pmd_b);
pmd_t pmd_wrprotect(pmd_t pmd);
pmd_t pmd_mkclean(pmd_t pmd);
pmd_t pmd_mkold(pmd_t pmd);

int pud_present(pud_t pud);
int pud_trans_huge(pud_t pud);
int pud_devmap(pud_t pud);
int pud_none(pud_t pud);
pud_t pud_wrprotect(pud_t pud);
pud_t pud_mkold(pud_t pud);

pmd_t pmdp_invalidate(struct vm_area_struct *vma, unsigned long address,
		      pmd_t *pmdp);
pmd_t pmdp_invalidate_ad(struct vm_area_struct *vma, unsigned long address,
			 pmd_t *pmdp);
pud_t pudp_invalidate(struct vm_area_struct *vma, unsigned long address,
		      pud_t *pudp);
pmd_t pmd_mkinvalid(pmd_t pmd);
pud_t pud_mkinvalid(pud_t pud);
void set_pmd_at(struct mm_struct *mm, unsigned long addr, pmd_t *pmdp,
		pmd_t pmd);
void set_pud_at(struct mm_struct *mm, unsigned long addr, pud_t *pudp,
		pud_t pud);
pmd_t pmdp_huge_clear_flush(struct vm_area_struct *vma, unsigned long address,
			    pmd_t *pmdp);
pmd_t pmdp_huge_get_and_clear(struct mm_struct *mm, unsigned long addr,
			      pmd_t *pmdp);
void pmd_clear(pmd_t *pmdp);
/* As include/linux/sched.h: may drop the lock and take it again. */
int __cond_resched_lock(spinlock_t *lock);
#define cond_resched_lock(lock)	__cond_resched_lock(lock)
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end);
void update_mmu_cache_pmd(struct vm_area_struct *vma, unsigned long addr,
			  pmd_t *pmd);

typedef struct {
	unsigned long val;
} swp_entry_t;

swp_entry_t pmd_to_swp_entry(pmd_t pmd);
swp_entry_t make_readable_migration_entry(pgoff_t offset);
pmd_t swp_entry_to_pmd(swp_entry_t entry);
int is_writable_migration_entry(swp_entry_t entry);

pgtable_t pte_alloc_one(struct mm_struct *mm);
void pte_free(struct mm_struct *mm, pgtable_t pte);

/* include/linux/rmap.h */
#define PVMW_SYNC		(1 << 0)
#define PVMW_MIGRATION		(1 << 1)

struct page_vma_mapped_walk {
	unsigned long pfn;
	unsigned long nr_pages;
	pgoff_t pgoff;
	struct folio *folio;
	struct vm_area_struct *vma;
	unsigned long address;
	pmd_t *pmd;
	pte_t *pte;
	spinlock_t *ptl;
	unsigned int flags;
};

bool page_vma_mapped_walk(struct page_vma_mapped_walk *pvmw);
void page_vma_mapped_walk_done(struct page_vma_mapped_walk *pvmw);

struct rmap_walk_control {
	void *arg;
	bool (*rmap_one)(struct folio *folio, struct vm_area_struct *vma,
			 unsigned long addr, void *arg);
};

void rmap_walk(struct folio *folio, struct rmap_walk_control *rwc);
unsigned long folio_pfn(struct folio *folio);
swp_entry_t make_writable_migration_entry(pgoff_t offset);

/* ------------------------------------------------------------------------
 * Work items and kthreads
 * ------------------------------------------------------------------------ */

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	atomic_t data;
	struct list_head entry;
	work_func_t func;
};

struct timer_list {
	unsigned long expires;
	void (*function)(struct timer_list *);
};

/* include/linux/timer.h: timer_setup() is __init_timer() is init_timer_key(). */
void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags,
		    const char *name, void *key);
#define timer_setup(timer, callback, flags)	init_timer_key((timer), (callback), (flags), NULL, NULL)
int mod_timer(struct timer_list *timer, unsigned long expires);

/* include/linux/interrupt.h: request_irq() is an inline over request_threaded_irq(). */
typedef int irqreturn_t;
#define IRQ_HANDLED	1
typedef irqreturn_t (*irq_handler_t)(int, void *);
int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long flags, const char *name, void *dev);
static inline int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
			      const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}
struct tasklet_struct { unsigned long state; };
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));
struct rcu_head { void *next; };
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
/* As include/linux/rcupdate.h (6.12): kfree_rcu() frees after a grace period. */
void kvfree_call_rcu(struct rcu_head *head, void *ptr);
#define kfree_rcu(ptr, rhf)	kvfree_call_rcu(&((ptr)->rhf), (void *)(ptr))
void *krealloc(const void *p, size_t new_size, gfp_t flags);

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
};

struct workqueue_struct;
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_unbound_wq;

/* As include/linux/workqueue.h __INIT_WORK_KEY: the function is stored in ->func. */
void __init_work(struct work_struct *work, int onstack);
#define INIT_WORK(w, fn)		\
	do { __init_work((w), 0); (w)->func = (fn); } while (0)
#define INIT_DELAYED_WORK(dw, fn)	INIT_WORK(&(dw)->work, (fn))

bool schedule_work(struct work_struct *work);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay);
bool flush_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work_sync(struct delayed_work *dwork);
struct delayed_work *to_delayed_work(struct work_struct *work);

/* include/linux/fs.h: an I/O request; ki_complete is called when an async request ends. */
#define EIOCBQUEUED	529
struct file;
struct kiocb {
	struct file *ki_filp;
	void (*ki_complete)(struct kiocb *iocb, long ret);
	void *private;
	int ki_flags;
};
static inline bool is_sync_kiocb(struct kiocb *kiocb) { return kiocb->ki_complete == NULL; }

/* As include/linux/kthread.h: kthread_run → kthread_create → kthread_create_on_node. */
struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data,
					   int node, const char namefmt[], ...);
#define kthread_run(fn, data, name)	kthread_create_on_node((fn), (data), -1, (name))
bool kthread_should_stop(void);
int kthread_stop(struct task_struct *k);
int wake_up_process(struct task_struct *p);
void schedule(void);
void msleep(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);

/* As include/linux/wait.h (6.12): wait_event() loops on prepare_to_wait_event() until the
 * condition holds; the interruptible forms leave the loop on a signal (goto __out) with the
 * condition still false. ___wait_is_interruptible() is a constant 0 for TASK_UNINTERRUPTIBLE. */
struct wait_queue_head { int lock; };
typedef struct wait_queue_head wait_queue_head_t;
#define TASK_INTERRUPTIBLE	0x00000001
#define TASK_UNINTERRUPTIBLE	0x00000002
#define TASK_WAKEKILL		0x00000100
void init_waitqueue_head(wait_queue_head_t *wq_head);
void wake_up(wait_queue_head_t *wq_head);
void wake_up_all(wait_queue_head_t *wq_head);
long prepare_to_wait_event(wait_queue_head_t *wq_head, int state);
void finish_wait(wait_queue_head_t *wq_head);
#define ___wait_is_interruptible(state)						\
	(!__builtin_constant_p(state) ||					\
	 (state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
#define ___wait_event(wq_head, condition, state, ret, cmd)			\
({										\
	__label__ __out;							\
	long __ret = ret;							\
	for (;;) {								\
		long __int = prepare_to_wait_event(&wq_head, state);		\
		if (condition)							\
			break;							\
		if (___wait_is_interruptible(state) && __int) {			\
			__ret = __int;						\
			goto __out;						\
		}								\
		cmd;								\
	}									\
	finish_wait(&wq_head);							\
__out:	__ret;									\
})
#define wait_event(wq_head, condition)						\
do {										\
	if (condition)								\
		break;								\
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, schedule()); \
} while (0)
#define wait_event_interruptible(wq_head, condition)				\
({										\
	int __ret = 0;								\
	if (!(condition))							\
		__ret = ___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 0, schedule()); \
	__ret;									\
})

/* ------------------------------------------------------------------------
 * Files (just enough for ioctl/open/release handlers)
 * ------------------------------------------------------------------------ */

struct address_space;
struct inode {
	unsigned long i_ino;
	struct address_space *i_mapping;
};

struct file {
	void *private_data;
	unsigned int f_flags;
	struct inode *f_inode;
	struct address_space *f_mapping;
};
void fput(struct file *file);

/* device memory mapped into user space: inserters, frees, revocation */
struct vm_area_desc;
struct file_operations {
	int (*open)(struct inode *, struct file *);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*mmap_prepare)(struct vm_area_desc *);	/* 6.16+ (include/linux/fs.h) */
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	int (*release)(struct inode *, struct file *);
};
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *);
	void (*close)(struct vm_area_struct *);
	vm_fault_t (*fault)(struct vm_fault *);
	int (*may_split)(struct vm_area_struct *, unsigned long);
	int (*mremap)(struct vm_area_struct *);
};
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags);
struct idr { void *rnode; };
void *idr_find(const struct idr *idr, unsigned long id);
void *idr_remove(struct idr *idr, unsigned long id);
struct platform_device { void *driver_data; };
void *platform_get_drvdata(struct platform_device *pdev);
typedef unsigned long long dma_addr_t;
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);
int vm_insert_pages(struct vm_area_struct *vma, unsigned long addr, struct page **pages, unsigned long *num);
int vm_map_pages(struct vm_area_struct *vma, struct page **pages, unsigned long num);
vm_fault_t vmf_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);
int remap_vmalloc_range(struct vm_area_struct *vma, void *addr, unsigned long pgoff);
int dma_mmap_coherent(struct device *dev, struct vm_area_struct *vma, void *cpu_addr, dma_addr_t dma_addr, size_t size);
/* device-managed allocations: devres frees them after the driver's remove() returns (drivers/base/devres.c) */
void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void *dmam_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);
unsigned long devm_get_free_pages(struct device *dev, gfp_t gfp_mask, unsigned int order);
void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle);
/* As include/linux/sysfs.h: a binary attribute a user can mmap (its file is a kernfs node). */
struct kobject { const char *name; };
struct attribute { const char *name; unsigned short mode; };
struct bin_attribute {
	struct attribute attr;
	size_t size;
	int (*mmap)(struct file *, struct kobject *, const struct bin_attribute *attr, struct vm_area_struct *vma);
	/* As 6.12 include/linux/sysfs.h: the address_space the file's open installs (pci-sysfs.c). */
	struct address_space *(*f_mapping)(void);
};
int sysfs_create_bin_file(struct kobject *kobj, const struct bin_attribute *attr);
void sysfs_remove_bin_file(struct kobject *kobj, const struct bin_attribute *attr);
int device_create_bin_file(struct device *dev, const struct bin_attribute *attr);
void device_remove_bin_file(struct device *dev, const struct bin_attribute *attr);
struct address_space *iomem_get_mapping(void);
/* As include/linux/device/devres.h: actions run at unbind, last registered first. */
int devm_add_action(struct device *dev, void (*action)(void *), void *data);
int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);
struct cma;
int dma_mmap_pages(struct device *dev, struct vm_area_struct *vma, size_t size, struct page *page);
void dma_free_pages(struct device *dev, size_t size, struct page *page, dma_addr_t dma_handle, int dir);
void dma_free_noncoherent(struct device *dev, size_t size, void *vaddr, dma_addr_t dma_handle, int dir);
unsigned long vmalloc_to_pfn(const void *addr);
bool cma_release(struct cma *cma, const struct page *pages, unsigned long count);
void devm_kfree(struct device *dev, const void *p);
void kfree_sensitive(const void *objp);
void dmam_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t dma_handle);
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);
struct page *virt_to_page(const void *addr);
unsigned long virt_to_phys(const volatile void *address);
#define PAGE_OFFSET		0xffff888000000000UL
#define __pa(x)			((unsigned long)(x) - PAGE_OFFSET)	/* arithmetic, as on x86 */
#define PFN_DOWN(x)		((x) >> PAGE_SHIFT)
#define PHYS_PFN(x)		((unsigned long)((x) >> PAGE_SHIFT))
unsigned long page_to_pfn(const struct page *page);
void *page_address(const struct page *page);
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn, unsigned long size, pgprot_t prot);
int io_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn, unsigned long size, pgprot_t prot);
/* Device-memory protections, spelled as x86 has them: a macro, a function, an alias macro. */
#define pgprot_noncached(prot)	((pgprot_t){ (prot).pgprot | 0x18 })
pgprot_t pgprot_writecombine(pgprot_t prot);
#define pgprot_device pgprot_noncached
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
void free_pages_exact(void *virt, size_t size);
void vfree(const void *addr);
struct page *vmalloc_to_page(const void *addr);
void *vmalloc_user(unsigned long size);
struct page *alloc_page(gfp_t gfp);
unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr_pages, struct page **page_array);
void __free_page(struct page *page);
void put_page(struct page *page);
void unmap_mapping_range(struct address_space *mapping, loff_t const holebegin, loff_t const holelen, int even_cows);

/* Pages GUP may hold: pool memory, pfn_t inserts (flags as include/linux/pfn_t.h has them), ZONE_DEVICE. */
struct gen_pool;
unsigned long gen_pool_alloc(struct gen_pool *pool, size_t size);
void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size);
void gen_pool_free_owner(struct gen_pool *pool, unsigned long addr, size_t size, void **owner);
#ifndef MMLINT_NO_PFN_T
typedef struct { u64 val; } pfn_t;
#define BITS_PER_LONG_LONG	64
#define PFN_DEV			(1ULL << (BITS_PER_LONG_LONG - 3))
#define PFN_MAP			(1ULL << (BITS_PER_LONG_LONG - 4))
pfn_t phys_to_pfn_t(phys_addr_t addr, u64 flags);
pfn_t __pfn_to_pfn_t(unsigned long pfn, u64 flags);
pfn_t pfn_to_pfn_t(unsigned long pfn);
pfn_t page_to_pfn_t(struct page *page);
vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr, pfn_t pfn);
#else
/* 6.17+ (the pfn_t removal, Alistair Popple's "mm: Remove pfn_t" series): the inserters take a
 * plain pfn at the same argument position; include/linux/pfn_t.h and PFN_DEV/PFN_MAP are gone. */
vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
vm_fault_t vmf_insert_mixed_mkwrite(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
vm_fault_t vmf_insert_pfn_pmd(struct vm_fault *vmf, unsigned long pfn, bool write);
vm_fault_t vmf_insert_pfn_pud(struct vm_fault *vmf, unsigned long pfn, bool write);
#endif
struct percpu_ref { unsigned long count; };
void percpu_ref_get(struct percpu_ref *ref);
void percpu_ref_put(struct percpu_ref *ref);
enum memory_type { MEMORY_DEVICE_PRIVATE = 1, MEMORY_DEVICE_COHERENT, MEMORY_DEVICE_FS_DAX, MEMORY_DEVICE_GENERIC,
		   MEMORY_DEVICE_PCI_P2PDMA };
struct dev_pagemap_ops {
	void (*page_free)(struct page *page);
};
struct dev_pagemap {
	struct percpu_ref ref;
	enum memory_type type;
	const struct dev_pagemap_ops *ops;
	void *owner;
};
void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap);
void *memremap_pages(struct dev_pagemap *pgmap, int nid);
void memunmap_pages(struct dev_pagemap *pgmap);
void *page_to_virt(struct page *page);
void get_page(struct page *page);
void __free_pages(struct page *page, unsigned int order);

/* refcount_t, mmap_lock assertions, kernel page-table lookup */
typedef struct { atomic_t refs; } refcount_t;
unsigned int refcount_read(const refcount_t *r);
void refcount_inc(refcount_t *r);
bool refcount_sub_and_test(unsigned int i, refcount_t *r);
bool refcount_dec_and_test(refcount_t *r);
void refcount_inc(refcount_t *r);
bool refcount_dec_and_test(refcount_t *r);
struct kref { refcount_t refcount; };
void kref_get(struct kref *kref);
int kref_put(struct kref *kref, void (*release)(struct kref *kref));
void kref_init(struct kref *kref);
int kref_get_unless_zero(struct kref *kref);
bool refcount_inc_not_zero(refcount_t *r);
void refcount_set(refcount_t *r, int n);
void mmap_assert_locked(struct mm_struct *mm);
enum pg_level { PG_LEVEL_NONE, PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G };
pte_t *lookup_address(unsigned long address, unsigned int *level);
void flush_tlb_one_kernel(unsigned long addr);
void set_pmd(pmd_t *pmdp, pmd_t pmd);

/* ------------------------------------------------------------------------
 * For the rule family: irq-saving spinlocks (macros, as in the kernel), list
 * removal, cpumasks and local TLB flushes, mmu_notifier_get.
 * ------------------------------------------------------------------------ */

unsigned long _raw_spin_lock_irqsave(spinlock_t *lock);
#define spin_lock_irqsave(lock, flags)	do { flags = _raw_spin_lock_irqsave(lock); } while (0)
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
void list_del_init(struct list_head *entry);

struct cpumask { unsigned long bits[4]; };
struct cpumask *mm_cpumask(struct mm_struct *mm);
const struct cpumask *cpumask_of(int cpu);
void cpumask_copy(struct cpumask *dst, const struct cpumask *src);
int smp_processor_id(void);
void local_flush_tlb_mm(struct mm_struct *mm);
void flush_tlb_others(const struct cpumask *mask, struct mm_struct *mm);

struct mmu_notifier *mmu_notifier_get(const struct mmu_notifier_ops *ops, struct mm_struct *mm);

/* ------------------------------------------------------------------------
 * Newer kernels' spellings (upstream after 6.12; each says since when). The
 * fixtures that use them are written in the newer API's style.
 * ------------------------------------------------------------------------ */

/* 6.15 (Alistair Popple, "fs/dax: Fix ZONE_DEVICE page reference counts"): inserters of
 * ZONE_DEVICE/DAX memory that take a folio reference per mapping (mm/memory.c insert_page(),
 * mm/huge_memory.c insert_pmd()/insert_pud() with a folio). */
vm_fault_t vmf_insert_page_mkwrite(struct vm_fault *vmf, struct page *page, bool write);
vm_fault_t vmf_insert_folio_pmd(struct vm_fault *vmf, struct folio *folio, bool write);
vm_fault_t vmf_insert_folio_pud(struct vm_fault *vmf, struct folio *folio, bool write);
struct page *folio_page(struct folio *folio, unsigned long n);

/* 6.16: f_op->mmap_prepare() describes the mapping before the VMA exists (include/linux/mm_types.h
 * struct vm_area_desc); 2025 (Lorenzo Stoakes, "mm: add ability to take further action in
 * vm_area_desc"): mmap_action_*() ask the core to remap after the VMA is linked. */
enum mmap_action_type { MMAP_NOTHING, MMAP_REMAP_PFN, MMAP_IO_REMAP_PFN };
struct mmap_action {
	unsigned long start, start_pfn, size;
	pgprot_t pgprot;
	enum mmap_action_type type;
};
struct vm_area_desc {
	const struct mm_struct *mm;
	struct file *file;
	unsigned long start;
	unsigned long end;
	pgoff_t pgoff;
	struct file *vm_file;
	vm_flags_t vm_flags;
	pgprot_t page_prot;
	const struct vm_operations_struct *vm_ops;
	void *private_data;
	struct mmap_action action;
};
void mmap_action_remap(struct vm_area_desc *desc, unsigned long start, unsigned long start_pfn, unsigned long size);
void mmap_action_remap_full(struct vm_area_desc *desc, unsigned long start_pfn);
void mmap_action_ioremap(struct vm_area_desc *desc, unsigned long start, unsigned long start_pfn, unsigned long size);
void mmap_action_ioremap_full(struct vm_area_desc *desc, unsigned long start_pfn);
/* 2026 (Lorenzo Stoakes, the mmap_prepare v3 series with vm_ops->mapped): the mmap_prepare
 * equivalents of vm_iomap_memory() and vm_map_pages(). */
void mmap_action_simple_ioremap(struct vm_area_desc *desc, phys_addr_t start_phys_addr, unsigned long size);
void mmap_action_map_kernel_pages(struct vm_area_desc *desc, unsigned long start, struct page **pages,
				  unsigned long nr_pages);
void mmap_action_map_kernel_pages_full(struct vm_area_desc *desc, struct page **pages);

/* Zap spellings by era: zap_page_range() up to 6.2; zap_vma_pages() 6.3 on; 2026 (David
 * Hildenbrand's zap rename series): zap_page_range_single() -> zap_vma_range() without its
 * details argument, zap_vma_ptes() -> zap_special_vma_range(), zap_vma_pages() -> zap_vma(). */
void zap_page_range(struct vm_area_struct *vma, unsigned long address, unsigned long size);
void zap_vma_pages(struct vm_area_struct *vma);
void zap_vma_range(struct vm_area_struct *vma, unsigned long address, unsigned long size);
void zap_special_vma_range(struct vm_area_struct *vma, unsigned long address, unsigned long size);
void zap_vma(struct vm_area_struct *vma);

/* 6.5 (and 6.1.y): find_extend_vma() is gone; its successors. */
struct vm_area_struct *find_extend_vma_locked(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *lock_mm_and_find_vma(struct mm_struct *mm, unsigned long address, struct pt_regs *regs);

/* Device-private THP (2025): a second non-present huge pmd; the leaf-entry rework (Lorenzo
 * Stoakes, include/linux/leafops.h) renames the tests: is_pmd_migration_entry() ->
 * pmd_is_migration_entry(), is_pmd_device_private_entry() -> pmd_is_device_private_entry(),
 * is_pmd_non_present_folio_entry() -> pmd_is_valid_softleaf(). */
bool pmd_is_migration_entry(pmd_t pmd);
bool is_pmd_device_private_entry(pmd_t pmd);
bool pmd_is_device_private_entry(pmd_t pmd);
bool is_pmd_non_present_folio_entry(pmd_t pmd);
bool pmd_is_valid_softleaf(pmd_t pmd);
#define VM_WARN_ON(c)	WARN_ON(c)

#endif /* _LINUX_MMLINT_STUB_H */
