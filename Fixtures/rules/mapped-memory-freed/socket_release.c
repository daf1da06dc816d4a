#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a socket family's rings, mapped by its proto_ops.mmap with
 * remap_pfn_range() of their physical address (AF_XDP 4.18-6.6 shape). proto_ops.release runs
 * from the socket file's ->release (net/socket.c sock_close → __sock_release → ops->release),
 * and a vma pins that file: freeing the rings there frees after the last mapping. Reported: a
 * setsockopt that replaces a ring with a new one and frees the old while it may be mapped.
 */

struct sock;
struct socket {
	struct sock *sk;
	struct file *file;
};

struct proto_ops {
	int family;
	int (*release)(struct socket *sock);
	int (*mmap)(struct file *file, struct socket *sock, struct vm_area_struct *vma);
	int (*setsockopt)(struct socket *sock, int level, int optname, void *optval, unsigned int optlen);
};

struct sr_queue {
	size_t ring_size;
	void *ring;
};

struct sr_sock {
	struct mutex mutex;
	struct sr_queue *rx;
};

struct sr_sock *sr_sk(struct sock *sk);
unsigned int get_order(unsigned long size);

static struct sr_queue *sr_create(size_t size)
{
	struct sr_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	q->ring_size = size;
	q->ring = (void *)__get_free_pages(GFP_KERNEL, get_order(size));
	if (!q->ring) {
		kfree(q);
		return NULL;
	}
	return q;
}

static void sr_destroy(struct sr_queue *q)
{
	if (!q)
		return;
	free_pages((unsigned long)q->ring, get_order(q->ring_size)); /* ok: mapped-memory-freed the socket file is being released */
	kfree(q);
}

static int sr_mmap(struct file *file, struct socket *sock, struct vm_area_struct *vma)
{
	struct sr_sock *s = sr_sk(sock->sk);
	unsigned long size = vma->vm_end - vma->vm_start;
	struct sr_queue *q = READ_ONCE(s->rx);

	if (!q || size > q->ring_size)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(q->ring) >> PAGE_SHIFT, size, vma->vm_page_prot);
}

static int sr_setsockopt(struct socket *sock, int level, int optname, void *optval, unsigned int optlen)
{
	struct sr_sock *s = sr_sk(sock->sk);
	struct sr_queue *q = sr_create(optlen), *old;

	if (!q)
		return -ENOMEM;
	mutex_lock(&s->mutex);
	old = s->rx;
	s->rx = q;
	mutex_unlock(&s->mutex);
	if (old)
		free_pages((unsigned long)old->ring, get_order(old->ring_size)); /* expect: mapped-memory-freed the old ring may be mapped */
	kfree(old);
	return 0;
}

static int sr_release(struct socket *sock)
{
	struct sr_sock *s;

	if (!sock->sk)
		return 0;
	s = sr_sk(sock->sk);
	sr_destroy(s->rx);
	sock->sk = NULL;
	return 0;
}

static const struct proto_ops sr_proto_ops = {
	.family = 44,
	.release = sr_release,
	.mmap = sr_mmap,
	.setsockopt = sr_setsockopt,
};
