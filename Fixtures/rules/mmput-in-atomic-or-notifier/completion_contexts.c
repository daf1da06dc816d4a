#include <linux/mmlint_stub.h>
/*
 * mmput() where it may sleep in atomic context, in three more spellings: under task_lock() (a
 * spinlock: spin_lock(&p->alloc_lock)), in a USB gadget request's or a URB's completion (run
 * from the controller's interrupt, the gadget's with the UDC lock held: f_fs hands its
 * completion to a work item for this), and in a dma-fence callback (run where the fence
 * signals, often a hard irq). Fixed: mmput_async(), or the put after task_unlock().
 */

struct usb_device;
struct usb_ep;
struct usb_request {
	void *buf;
	unsigned int length;
	void (*complete)(struct usb_ep *ep, struct usb_request *req);
	void *context;
};
struct urb {
	void *context;
	void (*complete)(struct urb *urb);
};
void usb_fill_bulk_urb(struct urb *urb, struct usb_device *dev, unsigned int pipe, void *buf, int len,
		       void (*complete_fn)(struct urb *), void *context);
struct dma_fence;
struct dma_fence_cb { void (*func)(struct dma_fence *fence, struct dma_fence_cb *cb); };
int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
			   void (*func)(struct dma_fence *fence, struct dma_fence_cb *cb));

struct cx_io {
	struct mm_struct *mm;	/* mm_users taken when the I/O was queued */
	struct usb_request *req;
	struct urb *urb;
	struct dma_fence_cb cb;
};

/* Under task_lock(): the put may run __mmput(). */
void cx_switch_mm(struct task_struct *t, struct mm_struct *prev)
{
	task_lock(t);
	mmput(prev); /* expect: mmput-in-atomic-or-notifier */
	task_unlock(t);
}

void cx_switch_mm_fixed(struct task_struct *t, struct mm_struct *prev)
{
	task_lock(t);
	task_unlock(t);
	mmput(prev); /* ok: mmput-in-atomic-or-notifier */
}

/* A gadget request's completion. */
static void cx_req_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct cx_io *io = req->context;

	mmput(io->mm); /* expect: mmput-in-atomic-or-notifier */
}

static void cx_req_complete_fixed(struct usb_ep *ep, struct usb_request *req)
{
	struct cx_io *io = req->context;

	mmput_async(io->mm); /* ok: mmput-in-atomic-or-notifier */
}

void cx_queue(struct cx_io *io, bool fixed)
{
	io->req->context = io;
	io->req->complete = fixed ? cx_req_complete_fixed : cx_req_complete;
}

/* A URB's completion, set by usb_fill_bulk_urb(). */
static void cx_urb_done(struct urb *urb)
{
	struct cx_io *io = urb->context;

	mmput(io->mm); /* expect: mmput-in-atomic-or-notifier */
}

void cx_submit(struct cx_io *io, struct usb_device *udev, void *buf, int len)
{
	usb_fill_bulk_urb(io->urb, udev, 0, buf, len, cx_urb_done, io);
}

/* A dma-fence callback, through a helper. */
static void cx_release_mm(struct cx_io *io)
{
	mmput(io->mm); /* expect: mmput-in-atomic-or-notifier */
}

static void cx_fence_signaled(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct cx_io *io = container_of(cb, struct cx_io, cb);

	cx_release_mm(io);
}

int cx_wait(struct cx_io *io, struct dma_fence *fence)
{
	return dma_fence_add_callback(fence, &io->cb, cx_fence_signaled);
}
