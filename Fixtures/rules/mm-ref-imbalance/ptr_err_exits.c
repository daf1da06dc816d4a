#include <linux/mmlint_stub.h>
/*
 * An error exit that returns an error pointer's code (`return PTR_ERR(iotlb);`, or `err =
 * PTR_ERR(p); goto err;` to an exit returning `err`) is an error exit like one returning a
 * negative constant: where it drops the owner's mm_users and another error exit keeps it in the
 * object (vhost_dev_set_owner()'s ladder), the other one leaks it. Quiet where every error
 * exit drops it.
 */

struct pe_dev {
	struct mm_struct *mm;		/* get_task_mm() at set-owner */
	void *iotlb;
	u64 features;
};

static void *pe_iotlb_alloc(int order)
{
	void *p = kzalloc(order * 64, GFP_KERNEL);

	return p ? p : ERR_PTR(-ENOMEM);
}

long pe_set_owner(struct pe_dev *dev, void __user *argp)
{
	void *iotlb;
	u64 features;

	dev->mm = get_task_mm(current);
	if (!dev->mm)
		return -ESRCH;
	iotlb = pe_iotlb_alloc(4);
	if (IS_ERR(iotlb)) {
		mmput(dev->mm);
		dev->mm = NULL;
		return PTR_ERR(iotlb);
	}
	dev->iotlb = iotlb;
	if (copy_from_user(&features, argp, sizeof(features)))
		return -EFAULT; /* expect: mm-ref-imbalance the error exit keeps the owner mm */
	dev->features = features;
	return 0;
}

long pe_set_owner_ladder(struct pe_dev *dev, void __user *argp)
{
	void *iotlb;
	u64 features;
	long err;

	dev->mm = get_task_mm(current);
	if (!dev->mm)
		return -ESRCH;
	iotlb = pe_iotlb_alloc(4);
	if (IS_ERR(iotlb)) {
		err = PTR_ERR(iotlb);
		goto err_put;
	}
	dev->iotlb = iotlb;
	if (copy_from_user(&features, argp, sizeof(features)))
		return -EFAULT; /* expect: mm-ref-imbalance */
	dev->features = features;
	return 0;
err_put:
	mmput(dev->mm);
	dev->mm = NULL;
	return err;
}

long pe_set_owner_ok(struct pe_dev *dev, void __user *argp)
{
	void *iotlb;
	u64 features;
	long err;

	dev->mm = get_task_mm(current);
	if (!dev->mm)
		return -ESRCH;
	iotlb = pe_iotlb_alloc(4);
	if (IS_ERR(iotlb)) {
		err = PTR_ERR(iotlb);
		goto err_put;
	}
	dev->iotlb = iotlb;
	if (copy_from_user(&features, argp, sizeof(features))) {
		err = -EFAULT;
		goto err_put;
	}
	dev->features = features;
	return 0; /* ok: mm-ref-imbalance the owner keeps it */
err_put:
	mmput(dev->mm);
	dev->mm = NULL;
	return err;
}
