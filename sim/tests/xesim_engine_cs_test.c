// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the engine command streamer (sim/xesim_engine_cs.c) and the
 * ppGTT walk (sim/xesim_ppgtt.c), against a fake device memory: a flat GGTT
 * whose pages can be unmapped, system memory at DMA addresses from 4 GiB,
 * and local memory, each 256 KiB.
 */

#include <asm/byteorder.h>
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "abi/xe_alu_abi.h"
#include "abi/xe_mi_abi.h"
#include "abi/xe_ppgtt_abi.h"
#include "xesim_engine_cs.h"
#include "xesim_lrc.h"
#include "xesim_ppgtt.h"

#define FAKE_MEM_SIZE	SZ_256K
#define FAKE_PAGES	(FAKE_MEM_SIZE / SZ_4K)
#define FAKE_SYS_BASE	SZ_4G

/* GGTT layout of the default test context */
#define CTX_ADDR	0x0000
#define HWSP_ADDR	0x1000
#define RING_ADDR	0x2000
#define RING_SIZE	SZ_4K
#define DATA_ADDR	0x8000
#define BATCH_ADDR	0xa000
#define SEM_ADDR	0xc000

#define CANARY		0x5a5a5a5a
#define BUDGET		1000

struct fake_dev {
	struct kunit *test;
	struct xesim_cs_mem mem;
	u8 *ggtt;
	u8 *sys;
	u8 *lmem;
	DECLARE_BITMAP(ggtt_unmapped, FAKE_PAGES);
	DECLARE_BITMAP(sys_unmapped, FAKE_PAGES);
	DECLARE_BITMAP(ggtt_readonly, FAKE_PAGES);
	u64 sys_next;
	u64 lmem_next;
	unsigned int writes;
	unsigned int crossings;
	unsigned int irqs;
	unsigned int locks;
	unsigned int unlocks;
	bool preempt;
	unsigned int nregs;
	u32 reg[8];
	u32 val[8];
	u32 flags[8];
	u32 refuse_reg;
};

/* Where the test writes commands: a ring (wrapping at @size) or a batch. */
struct emitter {
	struct fake_dev *fd;
	enum xesim_cs_space space;
	u64 base;
	u32 size;
	u32 pos;
};

/* a context as the test (the driver) sees it; ring.pos is its tail */
struct tctx {
	struct fake_dev *fd;
	u32 addr;
	struct emitter ring;
};

static u8 *fake_ptr(struct fake_dev *fd, enum xesim_cs_space space, u64 addr,
		    size_t len)
{
	unsigned long *unmapped = NULL;
	u8 *base;

	switch (space) {
	case XESIM_CS_SPACE_GGTT:
		base = fd->ggtt;
		unmapped = fd->ggtt_unmapped;
		break;
	case XESIM_CS_SPACE_SYSMEM:
		if (addr < FAKE_SYS_BASE)
			return NULL;
		addr -= FAKE_SYS_BASE;
		base = fd->sys;
		unmapped = fd->sys_unmapped;
		break;
	default:
		base = fd->lmem;
		break;
	}
	if (addr >= FAKE_MEM_SIZE || len > FAKE_MEM_SIZE - addr)
		return NULL;
	if (unmapped && (test_bit(addr / SZ_4K, unmapped) ||
			 test_bit((addr + len - 1) / SZ_4K, unmapped)))
		return NULL;
	return base + addr;
}

static void fake_check_access(struct fake_dev *fd, u64 addr, size_t len)
{
	if ((addr & (SZ_4K - 1)) + len > SZ_4K)
		fd->crossings++;
}

static int fake_read(void *priv, enum xesim_cs_space space, u64 addr,
		     void *buf, size_t len)
{
	struct fake_dev *fd = priv;
	u8 *p = fake_ptr(fd, space, addr, len);

	fake_check_access(fd, addr, len);
	if (!p)
		return -EFAULT;
	memcpy(buf, p, len);
	return 0;
}

static int fake_write(void *priv, enum xesim_cs_space space, u64 addr,
		      const void *buf, size_t len)
{
	struct fake_dev *fd = priv;
	u8 *p = fake_ptr(fd, space, addr, len);

	fake_check_access(fd, addr, len);
	if (!p || (space == XESIM_CS_SPACE_GGTT &&
		   test_bit(addr / SZ_4K, fd->ggtt_readonly)))
		return -EFAULT;
	memcpy(p, buf, len);
	fd->writes++;
	return 0;
}

static int fake_reg_write(void *priv, u32 reg, u32 val, u32 flags)
{
	struct fake_dev *fd = priv;

	if (fd->refuse_reg && reg == fd->refuse_reg)
		return -EPERM;
	if (fd->nregs < ARRAY_SIZE(fd->reg)) {
		fd->reg[fd->nregs] = reg;
		fd->val[fd->nregs] = val;
		fd->flags[fd->nregs] = flags;
	}
	fd->nregs++;
	return 0;
}

static void fake_user_interrupt(void *priv)
{
	struct fake_dev *fd = priv;

	fd->irqs++;
}

static bool fake_preempt_pending(void *priv)
{
	struct fake_dev *fd = priv;

	return fd->preempt;
}

static void fake_atomic_lock(void *priv)
{
	struct fake_dev *fd = priv;

	fd->locks++;
}

static void fake_atomic_unlock(void *priv)
{
	struct fake_dev *fd = priv;

	fd->unlocks++;
}

static const struct xesim_cs_mem_ops fake_ops = {
	.read = fake_read,
	.write = fake_write,
	.reg_write = fake_reg_write,
	.user_interrupt = fake_user_interrupt,
	.atomic_lock = fake_atomic_lock,
	.atomic_unlock = fake_atomic_unlock,
};

/* the same, with a preemption hook */
static const struct xesim_cs_mem_ops fake_ops_preempt = {
	.read = fake_read,
	.write = fake_write,
	.reg_write = fake_reg_write,
	.user_interrupt = fake_user_interrupt,
	.preempt_pending = fake_preempt_pending,
	.atomic_lock = fake_atomic_lock,
	.atomic_unlock = fake_atomic_unlock,
};

static struct fake_dev *fake_create(struct kunit *test)
{
	struct fake_dev *fd = kunit_kzalloc(test, sizeof(*fd), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fd);
	fd->ggtt = kunit_kzalloc(test, FAKE_MEM_SIZE, GFP_KERNEL);
	fd->sys = kunit_kzalloc(test, FAKE_MEM_SIZE, GFP_KERNEL);
	fd->lmem = kunit_kzalloc(test, FAKE_MEM_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fd->ggtt);
	KUNIT_ASSERT_NOT_NULL(test, fd->sys);
	KUNIT_ASSERT_NOT_NULL(test, fd->lmem);
	fd->test = test;
	fd->mem.ops = &fake_ops;
	fd->mem.priv = fd;
	fd->mem.mmio_base = XESIM_RENDER_RING_BASE;
	return fd;
}

/* Another device holding a copy of everything @src holds (a migration). */
static struct fake_dev *fake_clone(struct kunit *test, struct fake_dev *src)
{
	struct fake_dev *fd = fake_create(test);

	memcpy(fd->ggtt, src->ggtt, FAKE_MEM_SIZE);
	memcpy(fd->sys, src->sys, FAKE_MEM_SIZE);
	memcpy(fd->lmem, src->lmem, FAKE_MEM_SIZE);
	bitmap_copy(fd->ggtt_unmapped, src->ggtt_unmapped, FAKE_PAGES);
	bitmap_copy(fd->sys_unmapped, src->sys_unmapped, FAKE_PAGES);
	fd->sys_next = src->sys_next;
	fd->lmem_next = src->lmem_next;
	return fd;
}

static u32 rd32(struct fake_dev *fd, enum xesim_cs_space space, u64 addr)
{
	u8 *p = fake_ptr(fd, space, addr, 4);

	KUNIT_ASSERT_NOT_NULL(fd->test, p);
	return le32_to_cpup((__le32 *)p);
}

static u64 rd64(struct fake_dev *fd, enum xesim_cs_space space, u64 addr)
{
	u8 *p = fake_ptr(fd, space, addr, 8);

	KUNIT_ASSERT_NOT_NULL(fd->test, p);
	return le64_to_cpup((__le64 *)p);
}

static void wr32(struct fake_dev *fd, enum xesim_cs_space space, u64 addr,
		 u32 val)
{
	u8 *p = fake_ptr(fd, space, addr, 4);

	KUNIT_ASSERT_NOT_NULL(fd->test, p);
	*(__le32 *)p = cpu_to_le32(val);
}

static void wr64(struct fake_dev *fd, enum xesim_cs_space space, u64 addr,
		 u64 val)
{
	u8 *p = fake_ptr(fd, space, addr, 8);

	KUNIT_ASSERT_NOT_NULL(fd->test, p);
	*(__le64 *)p = cpu_to_le64(val);
}

static u32 g32(struct fake_dev *fd, u64 addr)
{
	return rd32(fd, XESIM_CS_SPACE_GGTT, addr);
}

/* Fill @len bytes of GGTT at @addr with the canary. */
static void canaries(struct fake_dev *fd, u64 addr, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 4)
		wr32(fd, XESIM_CS_SPACE_GGTT, addr + i, CANARY);
}

static bool canaries_intact(struct fake_dev *fd, u64 addr, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 4)
		if (g32(fd, addr + i) != CANARY)
			return false;
	return true;
}

/* A zeroed 4 KiB page of system memory or LMEM, by device address. */
static u64 fake_page(struct fake_dev *fd, enum xesim_cs_space space)
{
	u64 *next = space == XESIM_CS_SPACE_LMEM ? &fd->lmem_next : &fd->sys_next;
	u64 base = space == XESIM_CS_SPACE_LMEM ? 0 : FAKE_SYS_BASE;
	u64 addr = base + *next;

	KUNIT_ASSERT_LT(fd->test, *next, (u64)FAKE_MEM_SIZE);
	*next += SZ_4K;
	return addr;
}

static u64 entry_for(u64 addr, enum xesim_cs_space space, bool rw)
{
	return addr | XE_PAGE_PRESENT | (rw ? XE_PAGE_RW : 0) |
	       (space == XESIM_CS_SPACE_LMEM ? XE_PPGTT_PTE_DM : 0);
}

static enum xesim_cs_space entry_space(u64 entry)
{
	return entry & XE_PPGTT_PTE_DM ? XESIM_CS_SPACE_LMEM : XESIM_CS_SPACE_SYSMEM;
}

static u64 fake_root(struct fake_dev *fd, enum xesim_cs_space space)
{
	return entry_for(fake_page(fd, space), space, true);
}

/*
 * Map @va with the leaf entry @leaf at @leaf_level (0: 4 KiB, 1: 2 MiB,
 * 2: 1 GiB), making missing tables in @pt_space.
 */
static void fake_map(struct fake_dev *fd, u64 root, u64 va, u64 leaf,
		     int leaf_level, enum xesim_cs_space pt_space)
{
	u64 entry = root;
	int level;

	for (level = XE_PPGTT_LEVELS - 1; level >= leaf_level; level--) {
		u64 idx = (va >> (XE_PTE_SHIFT + level * XE_PDE_SHIFT)) & (XE_PDES - 1);
		u64 slot = (entry & XE_PTE_ADDR_MASK) + idx * 8;
		enum xesim_cs_space space = entry_space(entry);

		if (level == leaf_level) {
			wr64(fd, space, slot, leaf);
			return;
		}
		entry = rd64(fd, space, slot);
		if (!(entry & XE_PAGE_PRESENT)) {
			entry = fake_root(fd, pt_space);
			wr64(fd, space, slot, entry);
		}
	}
}

/* Map one 4 KiB page at @va to a new page in @space; returns its address. */
static u64 fake_map_page(struct fake_dev *fd, u64 root, u64 va,
			 enum xesim_cs_space space)
{
	u64 page = fake_page(fd, space);

	fake_map(fd, root, va, entry_for(page, space, true), 0, space);
	return page;
}

static struct tctx *tctx_create(struct fake_dev *fd, u32 addr, u32 ring,
				u32 size, u32 hwsp, u64 root)
{
	struct tctx *tc = kunit_kzalloc(fd->test, sizeof(*tc), GFP_KERNEL);
	struct xesim_lrc ctx;

	KUNIT_ASSERT_NOT_NULL(fd->test, tc);
	tc->fd = fd;
	tc->addr = addr;
	tc->ring.fd = fd;
	tc->ring.space = XESIM_CS_SPACE_GGTT;
	tc->ring.base = ring;
	tc->ring.size = size;
	xesim_lrc_init(&ctx, ring, size, hwsp, root);
	KUNIT_ASSERT_EQ(fd->test, xesim_lrc_write(&fd->mem, addr, &ctx), 0);
	return tc;
}

static struct tctx *tctx_default(struct fake_dev *fd, u64 root)
{
	return tctx_create(fd, CTX_ADDR, RING_ADDR, RING_SIZE, HWSP_ADDR, root);
}

static struct emitter batch_at(struct fake_dev *fd, enum xesim_cs_space space, u64 addr)
{
	return (struct emitter){ .fd = fd, .space = space, .base = addr };
}

static void emit_dws(struct emitter *e, const u32 *dw, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		wr32(e->fd, e->space, e->base + e->pos, dw[i]);
		e->pos += 4;
		if (e->size)
			e->pos %= e->size;
	}
}

#define EMIT(e, ...) \
	emit_dws(e, (const u32[]){ __VA_ARGS__ }, \
		 sizeof((const u32[]){ __VA_ARGS__ }) / sizeof(u32))

static void emit_sdi(struct emitter *e, bool ggtt, u64 addr, u32 val)
{
	EMIT(e, MI_STORE_DATA_IMM | (ggtt ? MI_SDI_GGTT : 0) | MI_SDI_NUM_DW(1),
	     lower_32_bits(addr), upper_32_bits(addr), val);
}

static void emit_sdi_ggtt(struct emitter *e, u32 addr, u32 val)
{
	emit_sdi(e, true, addr, val);
}

static void emit_bb_start(struct emitter *e, bool ppgtt, u64 addr)
{
	EMIT(e, MI_BATCH_BUFFER_START | (ppgtt ? MI_BATCH_PPGTT : 0) | XE_INSTR_NUM_DW(3),
	     lower_32_bits(addr), upper_32_bits(addr));
}

static void emit_atomic_inc_ggtt(struct emitter *e, u32 addr)
{
	EMIT(e, MI_ATOMIC | MI_ATOMIC_GGTT | MI_ATOMIC_OP(MI_ATOMIC_OP_4B | MI_ATOMIC_OP_INC) |
	     MI_ATOMIC_LEN_PLAIN, addr, 0);
}

static void emit_sem_wait(struct emitter *e, u32 flags, u32 op, u32 data, u64 addr)
{
	EMIT(e, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_OP(op) | flags |
	     XE_INSTR_NUM_DW(4), data, lower_32_bits(addr), upper_32_bits(addr));
}

/* the seqno write of upstream rings: a post-sync write into the status page */
static void emit_seqno(struct emitter *e, u32 offset, u32 val)
{
	EMIT(e, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_DW_STORE_INDEX | MI_FLUSH_IMM_DW,
	     offset | MI_FLUSH_DW_USE_GTT, 0, val);
}

static enum xesim_cs_result tctx_run(struct tctx *tc, unsigned int budget,
				     struct xesim_cs_stats *stats,
				     struct xesim_cs_exec *exec)
{
	KUNIT_EXPECT_EQ(tc->fd->test,
			xesim_lrc_set_tail(&tc->fd->mem, tc->addr, tc->ring.pos), 0);
	return xesim_engine_cs_run(&tc->fd->mem, tc->addr, budget, stats, exec);
}

static struct xesim_lrc tctx_image(struct tctx *tc)
{
	struct xesim_lrc ctx = {};

	KUNIT_EXPECT_EQ(tc->fd->test, xesim_lrc_read(&tc->fd->mem, tc->addr, &ctx), 0);
	return ctx;
}

static void tctx_set_head(struct tctx *tc, u32 head)
{
	struct xesim_lrc ctx = tctx_image(tc);

	ctx.ring_head = head;
	ctx.ring_tail = head;
	tc->ring.pos = head;
	KUNIT_ASSERT_EQ(tc->fd->test, xesim_lrc_write(&tc->fd->mem, tc->addr, &ctx), 0);
}

static void expect_fault(struct kunit *test, const struct xesim_cs_exec *exec,
			 enum xesim_cs_fault_reason reason, enum xesim_cs_access access,
			 bool ppgtt, u64 addr)
{
	KUNIT_EXPECT_EQ(test, exec->result, XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec->fault.reason, reason);
	KUNIT_EXPECT_EQ(test, exec->fault.access, access);
	KUNIT_EXPECT_EQ(test, exec->fault.ppgtt, ppgtt);
	KUNIT_EXPECT_EQ(test, exec->fault.addr, addr);
}

static void cs_noop_idle(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;

	EMIT(&tc->ring, MI_NOOP, MI_NOOP, MI_NOOP | 0x1234);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 3);
	KUNIT_EXPECT_EQ(test, stats.cmds[0], 3);
	KUNIT_EXPECT_EQ(test, stats.runs, 1);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.ring_head, 12);
	KUNIT_EXPECT_EQ(test, ctx.ring_tail, 12);
	KUNIT_EXPECT_EQ(test, ctx.state, XESIM_LRC_IDLE);

	/* nothing new: idle at once */
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 0);
	KUNIT_EXPECT_EQ(test, fd->crossings, 0);
}

static void cs_store_data_imm(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;

	canaries(fd, DATA_ADDR, 64);
	emit_sdi_ggtt(r, DATA_ADDR + 4, 0x11111111);
	EMIT(r, MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_QW(1),
	     DATA_ADDR + 16, 0, 0x22222222, 0x33333333);
	EMIT(r, MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(3),
	     DATA_ADDR + 32, 0, 1, 2, 3);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 3);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x20], 3);

	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), CANARY);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0x11111111);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), CANARY);
	KUNIT_EXPECT_EQ(test, rd64(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 16),
			0x3333333322222222ull);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 24), CANARY);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 32), 1);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 36), 2);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 40), 3);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 44), CANARY);

	/* a qword store must be 8-byte aligned */
	EMIT(r, MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_QW(1),
	     DATA_ADDR + 52, 0, 0x44444444, 0x55555555);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ALIGN, XESIM_CS_ACCESS_WRITE, false,
		     DATA_ADDR + 52);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 48, 16));
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_ALIGN], 1);
}

static void cs_store_data_imm_long(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_exec exec;
	u32 cmd[3 + 40];
	unsigned int i;

	/* 40 dwords across a page boundary: streamed, each access in one page */
	cmd[0] = MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(40);
	cmd[1] = DATA_ADDR + SZ_4K - 64;
	cmd[2] = 0;
	for (i = 0; i < 40; i++)
		cmd[3 + i] = 0x1000 + i;
	emit_dws(r, cmd, ARRAY_SIZE(cmd));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	for (i = 0; i < 40; i++)
		KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + SZ_4K - 64 + 4 * i), 0x1000 + i);
	KUNIT_EXPECT_EQ(test, fd->crossings, 0);

	/* the same into a page followed by an unmapped one: no partial write */
	canaries(fd, DATA_ADDR + 2 * SZ_4K - 64, 64);
	set_bit((DATA_ADDR + 2 * SZ_4K) / SZ_4K, fd->ggtt_unmapped);
	cmd[1] = DATA_ADDR + 2 * SZ_4K - 64;
	emit_dws(r, cmd, ARRAY_SIZE(cmd));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_WRITE, false,
		     DATA_ADDR + 2 * SZ_4K);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 2 * SZ_4K - 64, 64));

	/* short form: two dwords straddling the same boundary */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, 0);
	EMIT(r, MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(2),
	     DATA_ADDR + 2 * SZ_4K - 4, 0, 7, 8);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_ACCESS);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 2 * SZ_4K - 64, 64));
	KUNIT_EXPECT_EQ(test, fd->crossings, 0);
}

static void cs_flush_dw(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	u64 root = fake_root(fd, XESIM_CS_SPACE_SYSMEM);
	struct tctx *tc = tctx_default(fd, root);
	struct emitter *r = &tc->ring;
	u64 va = 0x100000ull;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	u64 page;

	page = fake_map_page(fd, root, va, XESIM_CS_SPACE_SYSMEM);
	canaries(fd, DATA_ADDR, 64);
	canaries(fd, HWSP_ADDR, 256);
	EMIT(r, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_IMM_DW,
	     (DATA_ADDR + 8) | MI_FLUSH_DW_USE_GTT, 0, 0xabcd0001);
	EMIT(r, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_IMM_QW,
	     (DATA_ADDR + 16) | MI_FLUSH_DW_USE_GTT, 0, 0xabcd0002, 0xabcd0003);
	/* upstream's TLB-invalidating flush with a status page index */
	EMIT(r, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_DW_STORE_INDEX |
	     MI_INVALIDATE_TLB | MI_FLUSH_IMM_DW, 0xd0 | MI_FLUSH_DW_USE_GTT, 0, 42);
	/* ppGTT post-sync (dword 1 bit 2 clear) */
	EMIT(r, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_IMM_DW,
	     lower_32_bits(va) + 0x40, upper_32_bits(va), 0xabcd0004);
	/* no post-sync operation: nothing written */
	EMIT(r, MI_FLUSH_DW | MI_FLUSH_IMM_DW, (DATA_ADDR + 32) | MI_FLUSH_DW_USE_GTT, 0, 1);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x26], 5);

	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), CANARY);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 0xabcd0001);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 12), CANARY);
	KUNIT_EXPECT_EQ(test, rd64(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 16),
			0xabcd0003abcd0002ull);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 32), CANARY);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + 0xd0), 42);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + 0xcc), CANARY);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_SYSMEM, page + 0x40), 0xabcd0004);

	/* post-sync timestamp writes are not modelled */
	EMIT(r, MI_FLUSH_DW | MI_FLUSH_DW_OP_MASK | MI_FLUSH_IMM_QW,
	     (DATA_ADDR + 32) | MI_FLUSH_DW_USE_GTT, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 32), CANARY);
}

static void cs_atomic(struct kunit *test)
{
	const u32 a4 = MI_ATOMIC | MI_ATOMIC_GGTT | MI_ATOMIC_INLINE_DATA | MI_ATOMIC_LEN_INLINE;
	const u32 a8 = a4 | FIELD_PREP(MI_ATOMIC_DATA_SIZE, MI_ATOMIC_SIZE_QWORD);
	const u32 plain = MI_ATOMIC | MI_ATOMIC_GGTT | MI_ATOMIC_LEN_PLAIN;
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_exec exec;

	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR, 100);
	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 4, 7);
	wr64(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 8, 0xffffffffull);
	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 16, 9);
	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 20, 9);
	canaries(fd, DATA_ADDR + 24, 8);

	/* ADD 5 (inline), returning the old value to GPR0 */
	EMIT(r, a4 | MI_ATOMIC_RETURN_DATA | MI_ATOMIC_OP(MI_ATOMIC_OP_ADD),
	     DATA_ADDR, 0, 5, 0, 0, 0, 0, 0, 0, 0);
	/* INC, no inline data */
	emit_atomic_inc_ggtt(r, DATA_ADDR + 4);
	/* qword ADD across the 32-bit boundary */
	EMIT(r, a8 | MI_ATOMIC_OP(MI_ATOMIC_OP_8B | MI_ATOMIC_OP_ADD),
	     DATA_ADDR + 8, 0, 2, 0, 0, 0, 0, 0, 0, 0);
	/* CMP_WR: 9 == 9, write 77; then 9 != 8, leave alone */
	EMIT(r, a4 | MI_ATOMIC_OP(MI_ATOMIC_OP_CMP_WR), DATA_ADDR + 16, 0, 9, 77,
	     0, 0, 0, 0, 0, 0);
	EMIT(r, a4 | MI_ATOMIC_OP(MI_ATOMIC_OP_CMP_WR), DATA_ADDR + 20, 0, 8, 77,
	     0, 0, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 5);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 105);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 8);
	KUNIT_EXPECT_EQ(test, rd64(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 8), 0x100000001ull);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 16), 77);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 20), 9);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 24, 8));
	KUNIT_EXPECT_EQ(test, fd->locks, 5);
	KUNIT_EXPECT_EQ(test, fd->unlocks, 5);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).gpr[0], 100);

	/* operands from the GPRs without inline data: SUB GPR0 (100), DEC */
	EMIT(r, plain | MI_ATOMIC_OP(MI_ATOMIC_OP_SUB), DATA_ADDR, 0);
	EMIT(r, plain | MI_ATOMIC_OP(MI_ATOMIC_OP_DEC), DATA_ADDR + 4, 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 5);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 7);

	/* octword operations and misaligned operands fault, touching nothing */
	EMIT(r, plain | FIELD_PREP(MI_ATOMIC_DATA_SIZE, MI_ATOMIC_SIZE_OCTWORD) |
	     MI_ATOMIC_OP(MI_ATOMIC_OP_16B | MI_ATOMIC_OP_INC), DATA_ADDR + 24, 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);

	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	EMIT(r, a8 | MI_ATOMIC_OP(MI_ATOMIC_OP_8B | MI_ATOMIC_OP_INC), DATA_ADDR + 28, 0,
	     0, 0, 0, 0, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ALIGN, XESIM_CS_ACCESS_READ, false,
		     DATA_ADDR + 28);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 24, 8));
	KUNIT_EXPECT_EQ(test, fd->locks, fd->unlocks);
}

static void cs_load_register_imm(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;

	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(2) | MI_LRI_LRM_CS_MMIO,
	     0x2034, 0x1111, 0x2038 | 0x3, 0x2222);
	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(1), 0x190240, 0x3333);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x22], 2);
	KUNIT_ASSERT_EQ(test, fd->nregs, 3);
	KUNIT_EXPECT_EQ(test, fd->reg[0], 0x2034);
	KUNIT_EXPECT_EQ(test, fd->val[0], 0x1111);
	KUNIT_EXPECT_EQ(test, fd->flags[0], MI_LRI_LRM_CS_MMIO);
	KUNIT_EXPECT_EQ(test, fd->reg[1], 0x2038);
	KUNIT_EXPECT_EQ(test, fd->val[1], 0x2222);
	KUNIT_EXPECT_EQ(test, fd->reg[2], 0x190240);
	KUNIT_EXPECT_EQ(test, fd->val[2], 0x3333);
	KUNIT_EXPECT_EQ(test, fd->flags[2], 0);

	/* a refused register faults; the pairs before it were written */
	fd->refuse_reg = 0x4000;
	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(2), 0x3000, 1, 0x4000, 2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_REGISTER, XESIM_CS_ACCESS_NONE, false,
		     0x4000);
	KUNIT_EXPECT_EQ(test, fd->nregs, 4);

	/* an even length is not a list of pairs */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	EMIT(r, MI_LOAD_REGISTER_IMM | XE_INSTR_NUM_DW(4), 0x3000, 1, 0x3004);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_LENGTH);
	KUNIT_EXPECT_EQ(test, fd->nregs, 4);
}

/* The end of an upstream job: seqno, interrupt, arbitration point. */
static void emit_job_end(struct emitter *r, u32 seqno)
{
	emit_seqno(r, 0x40, seqno);
	EMIT(r, MI_USER_INTERRUPT, MI_ARB_ON_OFF | MI_ARB_ENABLE, MI_ARB_CHECK);
}

static void cs_user_interrupt(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct xesim_cs_stats stats = {};

	emit_job_end(&tc->ring, 1);
	emit_job_end(&tc->ring, 2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, NULL), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, fd->irqs, 1);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + 0x40), 1);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, NULL), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, fd->irqs, 2);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + 0x40), 2);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x2], 2);
	KUNIT_EXPECT_EQ(test, stats.yields[XESIM_CS_YIELD_ARB], 1);
}

static void cs_arb_check(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_exec exec;

	emit_sdi_ggtt(r, DATA_ADDR, 1);
	EMIT(r, MI_ARB_CHECK);
	emit_sdi_ggtt(r, DATA_ADDR + 4, 2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, exec.yield, XESIM_CS_YIELD_ARB);
	KUNIT_EXPECT_EQ(test, exec.executed, 2);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 1);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).state, XESIM_LRC_RUNNABLE);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 2);

	/* arbitration off: no yield */
	EMIT(r, MI_ARB_ON_OFF | MI_ARB_DISABLE, MI_ARB_CHECK);
	emit_sdi_ggtt(r, DATA_ADDR + 8, 3);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 3);
	KUNIT_EXPECT_FALSE(test, tctx_image(tc).flags & XESIM_CTX_FLAG_ARB_ENABLE);

	/* arbitration on, but the scheduler has nothing else to run */
	fd->mem.ops = &fake_ops_preempt;
	fd->preempt = false;
	EMIT(r, MI_ARB_ON_OFF | MI_ARB_ENABLE, MI_ARB_CHECK);
	emit_sdi_ggtt(r, DATA_ADDR + 12, 4);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 12), 4);
	fd->preempt = true;
	EMIT(r, MI_ARB_CHECK);
	emit_sdi_ggtt(r, DATA_ADDR + 16, 5);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 16), 0);
}

/* A ring that runs a ppGTT batch, then stores after it. */
static void cs_batch_ppgtt(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	/* PML4 in LMEM; the batch's tables in system memory, the data's in LMEM */
	u64 root = fake_root(fd, XESIM_CS_SPACE_LMEM);
	struct tctx *tc = tctx_default(fd, root);
	struct emitter *r = &tc->ring;
	u64 bb_va = 0x7f1234567000ull, data_va = 0x800000000000ull - SZ_4K;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	struct emitter bb;
	u64 data;

	u64 alias;

	bb = batch_at(fd, XESIM_CS_SPACE_SYSMEM,
		      fake_map_page(fd, root, bb_va, XESIM_CS_SPACE_SYSMEM));
	data = fake_map_page(fd, root, data_va, XESIM_CS_SPACE_LMEM);
	alias = fake_map_page(fd, root, DATA_ADDR, XESIM_CS_SPACE_LMEM);
	/* not privileged: the "use global GTT" bit is ignored, ppGTT it is */
	emit_sdi_ggtt(&bb, DATA_ADDR, 0xa);
	emit_sdi(&bb, false, data_va + 8, 0xb);
	EMIT(&bb, MI_NOOP, MI_BATCH_BUFFER_END);

	emit_bb_start(r, true, bb_va);
	emit_sdi_ggtt(r, DATA_ADDR + 4, 0xc);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 6);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, alias), 0xa);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 0);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, data + 8), 0xb);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0xc);
	KUNIT_EXPECT_EQ(test, stats.batches, 1);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x31], 1);
	KUNIT_EXPECT_EQ(test, stats.cmds[0xa], 1);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.flags, XESIM_CTX_FLAG_ARB_ENABLE);
	KUNIT_EXPECT_EQ(test, ctx.ring_head, ctx.ring_tail);

	/* an MI_BATCH_BUFFER_END in the ring does nothing */
	EMIT(r, MI_BATCH_BUFFER_END);
	emit_sdi_ggtt(r, DATA_ADDR + 8, 0xd);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 0xd);
}

/* Make a context's page faults recoverable, with an ASID. */
static void tctx_set_asid(struct tctx *tc, u32 asid)
{
	struct xesim_lrc ctx = tctx_image(tc);

	ctx.asid = asid;
	KUNIT_ASSERT_EQ(tc->fd->test, xesim_lrc_write(&tc->fd->mem, tc->addr, &ctx), 0);
}

/*
 * A recoverable context stalls on a ppGTT page that is not present, and on a
 * write through a read-only leaf: nothing written, the head at the command,
 * RUNNABLE; run again once the page is there, it executes the command. A
 * context that is not recoverable faults (sticky) instead.
 */
static void cs_ppgtt_stall(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	u64 root = fake_root(fd, XESIM_CS_SPACE_LMEM);
	struct tctx *tc = tctx_default(fd, root);
	struct emitter *r = &tc->ring;
	u64 va = 0x12345000ull, ro_va = 0x22345000ull, page, ro_page;
	struct xesim_cs_stats *stats = kunit_kzalloc(test, sizeof(*stats), GFP_KERNEL);
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	u32 head;

	KUNIT_ASSERT_NOT_NULL(test, stats);

	tctx_set_asid(tc, XESIM_CTX_ASID_RECOVERABLE | 0x2a);
	emit_sdi_ggtt(r, DATA_ADDR, 0x1);
	head = r->pos;
	emit_sdi(r, false, va + 4, 0xbeef);
	emit_sdi_ggtt(r, DATA_ADDR + 4, 0x2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_STALLED);
	KUNIT_EXPECT_EQ(test, exec.executed, 1);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_PAGE);
	KUNIT_EXPECT_EQ(test, exec.fault.access, XESIM_CS_ACCESS_WRITE);
	KUNIT_EXPECT_TRUE(test, exec.fault.ppgtt);
	KUNIT_EXPECT_EQ(test, exec.fault.addr, va + 4);
	KUNIT_EXPECT_EQ(test, exec.asid, XESIM_CTX_ASID_RECOVERABLE | 0x2a);
	KUNIT_EXPECT_EQ(test, stats->stalls, 1);
	KUNIT_EXPECT_EQ(test, stats->faults[XESIM_CS_FAULT_PAGE], 0);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.state, XESIM_LRC_RUNNABLE);
	KUNIT_EXPECT_EQ(test, ctx.ring_head, head);
	KUNIT_EXPECT_EQ(test, ctx.asid, XESIM_CTX_ASID_RECOVERABLE | 0x2a);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 0x1);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0);

	/* still not there: it stalls again, at the same command */
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_STALLED);
	KUNIT_EXPECT_EQ(test, exec.executed, 0);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).ring_head, head);

	/* the "driver" binds the page: the command runs, then the rest */
	page = fake_map_page(fd, root, va, XESIM_CS_SPACE_LMEM);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 2);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, page + 4), 0xbeef);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0x2);

	/* a write through a read-only leaf stalls too */
	ro_page = fake_page(fd, XESIM_CS_SPACE_LMEM);
	fake_map(fd, root, ro_va, entry_for(ro_page, XESIM_CS_SPACE_LMEM, false), 0,
		 XESIM_CS_SPACE_LMEM);
	emit_sdi(r, false, ro_va, 0x5);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_STALLED);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_READONLY);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, ro_page), 0);
	fake_map(fd, root, ro_va, entry_for(ro_page, XESIM_CS_SPACE_LMEM, true), 0,
		 XESIM_CS_SPACE_LMEM);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, ro_page), 0x5);

	/* a context with no ppGTT has nothing to resolve: it faults */
	tc = tctx_default(fd, 0);
	tctx_set_asid(tc, XESIM_CTX_ASID_RECOVERABLE | 0x2a);
	emit_sdi(&tc->ring, false, va, 0x6);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).state, XESIM_LRC_FAULTED);

	/* without the recoverable bit a missing page faults the context */
	tc = tctx_default(fd, root);
	tctx_set_asid(tc, 0x2a);
	emit_sdi(&tc->ring, false, va + SZ_8K, 0x7);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_PAGE, XESIM_CS_ACCESS_WRITE, true,
		     va + SZ_8K);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).state, XESIM_LRC_FAULTED);
}

/* A GGTT batch that chains to a second one. */
static void cs_batch_ggtt_chain(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct emitter bb1 = batch_at(fd, XESIM_CS_SPACE_GGTT, BATCH_ADDR);
	struct emitter bb2 = batch_at(fd, XESIM_CS_SPACE_GGTT, BATCH_ADDR + 0x800);
	struct xesim_cs_stats stats = {};
	struct xesim_lrc ctx;

	emit_sdi_ggtt(&bb1, DATA_ADDR, 1);
	emit_bb_start(&bb1, false, BATCH_ADDR + 0x800);
	emit_sdi_ggtt(&bb2, DATA_ADDR + 4, 2);
	EMIT(&bb2, MI_BATCH_BUFFER_END);
	emit_bb_start(r, false, BATCH_ADDR);
	emit_sdi_ggtt(r, DATA_ADDR + 8, 3);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, NULL), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 1);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 2);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 3);
	KUNIT_EXPECT_EQ(test, stats.batches, 1);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x31], 2);

	/* nested (second-level) batches are not supported */
	bb1.pos = 0;
	EMIT(&bb1, MI_BATCH_BUFFER_START | MI_BATCH_SECOND_LEVEL | XE_INSTR_NUM_DW(3),
	     BATCH_ADDR + 0x800, 0);
	emit_bb_start(r, false, BATCH_ADDR);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, NULL), XESIM_CS_FAULT);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, ctx.fault.addr, BATCH_ADDR);
}

/*
 * A batch interrupted by the end of its slice keeps its place in the image:
 * a copy of the memory (a saved and restored VF) finishes it the same way.
 */
static void cs_batch_slice_state(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test), *fd2;
	u64 root = fake_root(fd, XESIM_CS_SPACE_SYSMEM);
	struct tctx *tc = tctx_default(fd, root);
	u64 bb_va = 0x40000000ull, data_va = 0x50000000ull, data;
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	struct emitter bb;
	unsigned int i;

	bb = batch_at(fd, XESIM_CS_SPACE_SYSMEM,
		      fake_map_page(fd, root, bb_va, XESIM_CS_SPACE_SYSMEM));
	data = fake_map_page(fd, root, data_va, XESIM_CS_SPACE_SYSMEM);
	for (i = 0; i < 10; i++)
		emit_sdi(&bb, false, data_va + 4 * i, i + 1);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(&tc->ring, true, bb_va);
	emit_sdi_ggtt(&tc->ring, DATA_ADDR + 64, 99);

	KUNIT_EXPECT_EQ(test, tctx_run(tc, 4, NULL, &exec), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, exec.yield, XESIM_CS_YIELD_SLICE);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_TRUE(test, ctx.flags & XESIM_CTX_FLAG_IN_BATCH);
	KUNIT_EXPECT_TRUE(test, ctx.flags & XESIM_CTX_FLAG_BATCH_PPGTT);
	KUNIT_EXPECT_EQ(test, ctx.bb_start, bb_va);
	KUNIT_EXPECT_EQ(test, ctx.bb_addr, bb_va + 3 * 16);
	KUNIT_EXPECT_EQ(test, ctx.ring_head, 12);
	KUNIT_EXPECT_EQ(test, ctx.state, XESIM_LRC_RUNNABLE);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_SYSMEM, data + 8), 3);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_SYSMEM, data + 12), 0);

	fd2 = fake_clone(test, fd);
	tc->fd = fd2;
	while (tctx_run(tc, 3, NULL, &exec) == XESIM_CS_YIELDED)
		;
	KUNIT_EXPECT_EQ(test, exec.result, XESIM_CS_IDLE);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, rd32(fd2, XESIM_CS_SPACE_SYSMEM, data + 4 * i), i + 1);
	KUNIT_EXPECT_EQ(test, g32(fd2, DATA_ADDR + 64), 99);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_SYSMEM, data + 12), 0);
}

static void ppgtt_walk(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	u64 root = fake_root(fd, XESIM_CS_SPACE_SYSMEM);
	struct xesim_ppgtt_xlate xl;
	u64 page, entry, pt;

	/* 4 KiB page, tables in LMEM below the PML4 */
	page = fake_page(fd, XESIM_CS_SPACE_SYSMEM);
	fake_map(fd, root, 0x123456789000ull, entry_for(page, XESIM_CS_SPACE_SYSMEM, false), 0,
		 XESIM_CS_SPACE_LMEM);
	KUNIT_ASSERT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x123456789abcull, &xl), 0);
	KUNIT_EXPECT_EQ(test, xl.space, XESIM_CS_SPACE_SYSMEM);
	KUNIT_EXPECT_EQ(test, xl.addr, page + 0xabc);
	KUNIT_EXPECT_EQ(test, xl.size, SZ_4K - 0xabc);
	KUNIT_EXPECT_EQ(test, xl.level, 0);
	KUNIT_EXPECT_FALSE(test, xl.writable);
	KUNIT_EXPECT_FALSE(test, xl.null);

	/* 2 MiB and 1 GiB pages */
	fake_map(fd, root, 0x200000000ull,
		 entry_for(0, XESIM_CS_SPACE_LMEM, true) | XE_PDE_PS_2M, 1,
		 XESIM_CS_SPACE_SYSMEM);
	KUNIT_ASSERT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x200012345ull, &xl), 0);
	KUNIT_EXPECT_EQ(test, xl.space, XESIM_CS_SPACE_LMEM);
	KUNIT_EXPECT_EQ(test, xl.addr, 0x12345);
	KUNIT_EXPECT_EQ(test, xl.size, SZ_2M - 0x12345);
	KUNIT_EXPECT_EQ(test, xl.level, 1);
	KUNIT_EXPECT_TRUE(test, xl.writable);
	fake_map(fd, root, 0x8000000000ull,
		 entry_for(FAKE_SYS_BASE, XESIM_CS_SPACE_SYSMEM, true) | XE_PDPE_PS_1G, 2,
		 XESIM_CS_SPACE_SYSMEM);
	KUNIT_ASSERT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x8012345678ull, &xl), 0);
	KUNIT_EXPECT_EQ(test, xl.addr, FAKE_SYS_BASE + 0x12345678);
	KUNIT_EXPECT_EQ(test, xl.size, SZ_1G - 0x12345678);
	KUNIT_EXPECT_EQ(test, xl.level, 2);

	/* NULL page */
	fake_map(fd, root, 0x300000000ull, XE_PAGE_PRESENT | XE_PAGE_RW | XE_PTE_NULL, 0,
		 XESIM_CS_SPACE_SYSMEM);
	KUNIT_ASSERT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x300000010ull, &xl), 0);
	KUNIT_EXPECT_TRUE(test, xl.null);

	/* not present at each level, no root, beyond 48 bits */
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x7f0000000000ull, &xl), -ENOENT);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x123400000000ull, &xl), -ENOENT);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x123456000000ull, &xl), -ENOENT);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x12345678a000ull, &xl), -ENOENT);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, 0, 0x123456789000ull, &xl), -ENOENT);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, BIT_ULL(48), &xl), -ERANGE);

	/* 64 KiB page tables are not supported; nor is a huge PML4 entry */
	pt = fake_page(fd, XESIM_CS_SPACE_SYSMEM);
	fake_map(fd, root, 0x400000000ull,
		 entry_for(pt, XESIM_CS_SPACE_SYSMEM, true) | XE_PDE_64K, 1,
		 XESIM_CS_SPACE_SYSMEM);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x400000000ull, &xl), -EOPNOTSUPP);
	entry = entry_for(FAKE_SYS_BASE, XESIM_CS_SPACE_SYSMEM, true) | XE_PDPE_PS_1G;
	fake_map(fd, root, 0x500000000000ull, entry, 3, XESIM_CS_SPACE_SYSMEM);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x500000000000ull, &xl),
			-EOPNOTSUPP);

	/* a page-table page the function cannot reach (not DMA-mapped) */
	set_bit((pt - FAKE_SYS_BASE) / SZ_4K, fd->sys_unmapped);
	fake_map(fd, root, 0x600000000ull, entry_for(pt, XESIM_CS_SPACE_SYSMEM, true), 1,
		 XESIM_CS_SPACE_SYSMEM);
	KUNIT_EXPECT_EQ(test, xesim_ppgtt_walk(&fd->mem, root, 0x600000000ull, &xl), -EFAULT);
}

/* ppGTT permissions and faults, as the engine sees them. */
static void cs_ppgtt_faults(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	u64 root = fake_root(fd, XESIM_CS_SPACE_SYSMEM);
	struct tctx *tc = tctx_default(fd, root);
	struct emitter *r = &tc->ring;
	u64 ro_va = 0x10000ull, null_va = 0x20000ull, huge_va = 0x40000000ull;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	u64 ro_page, dma_page;

	ro_page = fake_page(fd, XESIM_CS_SPACE_SYSMEM);
	fake_map(fd, root, ro_va, entry_for(ro_page, XESIM_CS_SPACE_SYSMEM, false), 0,
		 XESIM_CS_SPACE_SYSMEM);
	fake_map(fd, root, null_va, XE_PAGE_PRESENT | XE_PAGE_RW | XE_PTE_NULL, 0,
		 XESIM_CS_SPACE_SYSMEM);
	/* a 2 MiB page over all of LMEM */
	fake_map(fd, root, huge_va, entry_for(0, XESIM_CS_SPACE_LMEM, true) | XE_PDE_PS_2M, 1,
		 XESIM_CS_SPACE_SYSMEM);
	wr32(fd, XESIM_CS_SPACE_SYSMEM, ro_page, CANARY);

	/* a read of a read-only page, writes to a NULL page and to a huge page */
	emit_sem_wait(r, 0, MI_SEMAPHORE_SAD_EQ_SDD, CANARY, ro_va);
	emit_sdi(r, false, null_va, 1);
	emit_sdi(r, false, huge_va + 0x3f000, 2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, 0x3f000), 2);

	/* a write to the read-only page */
	emit_sdi(r, false, ro_va, 3);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_READONLY, XESIM_CS_ACCESS_WRITE, true, ro_va);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_SYSMEM, ro_page), CANARY);

	/* a page whose DMA mapping went away */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	dma_page = fake_map_page(fd, root, 0x50000ull, XESIM_CS_SPACE_SYSMEM);
	set_bit((dma_page - FAKE_SYS_BASE) / SZ_4K, fd->sys_unmapped);
	emit_sdi(r, false, 0x50000ull, 4);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_WRITE, true, 0x50000);
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_READONLY], 1);
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_ACCESS], 1);
}

static void cs_unknown_opcode(struct kunit *test)
{
	/* a render PIPE_CONTROL: not an MI command */
	const u32 pipe_control = (0x3 << 29) | (0x3 << 27) | (0x2 << 24) | 4;
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	unsigned int writes;

	canaries(fd, DATA_ADDR, 16);
	emit_sdi_ggtt(r, DATA_ADDR, 1);
	EMIT(r, pipe_control, 0, 0, 0, 0, 0);
	emit_sdi_ggtt(r, DATA_ADDR + 4, 2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_OPCODE, XESIM_CS_ACCESS_NONE, false,
		     RING_ADDR + 16);
	KUNIT_EXPECT_EQ(test, exec.fault.cmd, pipe_control);
	KUNIT_EXPECT_EQ(test, exec.executed, 1);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 1);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 4, 12));
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_OPCODE], 1);

	/* the fault is in the image, with the head at the faulting command */
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.state, XESIM_LRC_FAULTED);
	KUNIT_EXPECT_EQ(test, ctx.ring_head, 16);
	KUNIT_EXPECT_EQ(test, ctx.fault.reason, XESIM_CS_FAULT_OPCODE);
	KUNIT_EXPECT_EQ(test, ctx.fault.cmd, pipe_control);
	KUNIT_EXPECT_EQ(test, ctx.fault.addr, RING_ADDR + 16);

	/* sticky: the context does not run, nothing is written */
	writes = fd->writes;
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, CTX_ADDR, BUDGET, &stats, &exec),
			XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.executed, 0);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_OPCODE);
	KUNIT_EXPECT_EQ(test, fd->writes, writes);
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_OPCODE], 1);

	/* an unknown MI opcode, after the owner skipped the bad command */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	ctx = tctx_image(tc);
	ctx.ring_head = 16 + 6 * 4;
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, CTX_ADDR, &ctx), 0);
	wr32(fd, XESIM_CS_SPACE_GGTT, RING_ADDR + 16 + 6 * 4, FIELD_PREP(MI_OPCODE, 0x3f));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_OPCODE);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 4, 12));
}

static void cs_unmapped_ppgtt(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	u64 root = fake_root(fd, XESIM_CS_SPACE_SYSMEM);
	struct tctx *tc = tctx_default(fd, root), *noppgtt;
	struct emitter *r = &tc->ring;
	u64 va = 0x7fff00000000ull;
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;

	canaries(fd, DATA_ADDR, 16);
	fake_map_page(fd, root, va, XESIM_CS_SPACE_SYSMEM);

	/* a store to an unmapped address */
	emit_sdi(r, false, va + SZ_4K, 1);
	emit_sdi_ggtt(r, DATA_ADDR, 2);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_PAGE, XESIM_CS_ACCESS_WRITE, true, va + SZ_4K);
	KUNIT_EXPECT_EQ(test, exec.fault.cmd, MI_STORE_DATA_IMM | MI_SDI_NUM_DW(1));
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR, 16));

	/* a batch at an unmapped address */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	emit_bb_start(r, true, va + 2 * SZ_4K);
	emit_sdi_ggtt(r, DATA_ADDR, 3);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_PAGE, XESIM_CS_ACCESS_FETCH, true,
		     va + 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, exec.fault.cmd, 0);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_TRUE(test, ctx.flags & XESIM_CTX_FLAG_IN_BATCH);
	KUNIT_EXPECT_EQ(test, ctx.bb_addr, va + 2 * SZ_4K);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR, 16));

	/* a context without a ppGTT */
	noppgtt = tctx_create(fd, 0x10000, 0x11000, RING_SIZE, 0x12000, 0);
	emit_sdi(&noppgtt->ring, false, va, 1);
	KUNIT_EXPECT_EQ(test, tctx_run(noppgtt, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_PAGE, XESIM_CS_ACCESS_WRITE, true, va);
}

static void cs_bad_length(struct kunit *test)
{
	const struct {
		u32 dw[6];
		unsigned int n;
	} cases[] = {
		/* a store without data */
		{ { MI_STORE_DATA_IMM | MI_SDI_GGTT | XE_INSTR_NUM_DW(3), DATA_ADDR, 0 }, 3 },
		/* a qword store with an odd number of dwords */
		{ { MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_STORE_QWORD | MI_SDI_NUM_DW(1),
		    DATA_ADDR, 0, 1 }, 4 },
		{ { MI_BATCH_BUFFER_START | XE_INSTR_NUM_DW(4), BATCH_ADDR, 0, 0 }, 4 },
		{ { MI_FLUSH_DW | XE_INSTR_NUM_DW(3), DATA_ADDR, 0 }, 3 },
		{ { MI_SEMAPHORE_WAIT | XE_INSTR_NUM_DW(6), 0, SEM_ADDR, 0, 0, 0 }, 6 },
		{ { MI_ATOMIC | MI_ATOMIC_GGTT | MI_ATOMIC_INLINE_DATA | MI_ATOMIC_LEN_PLAIN,
		    DATA_ADDR, 0 }, 3 },
	};
	struct fake_dev *fd = fake_create(test);
	struct xesim_cs_exec exec;
	struct tctx *tc;
	unsigned int i;

	canaries(fd, DATA_ADDR, 16);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		tc = tctx_default(fd, 0);
		emit_dws(&tc->ring, cases[i].dw, cases[i].n);
		tctx_run(tc, BUDGET, NULL, &exec);
		KUNIT_EXPECT_EQ_MSG(test, exec.result, XESIM_CS_FAULT, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, exec.fault.reason, XESIM_CS_FAULT_LENGTH, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, exec.fault.addr, RING_ADDR, "case %u", i);
	}

	/* a command that runs past the tail */
	tc = tctx_default(fd, 0);
	emit_sdi_ggtt(&tc->ring, DATA_ADDR, 1);
	tc->ring.pos -= 8;
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_LENGTH);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR, 16));
}

static void cs_ring_wrap(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_exec exec;
	u32 cmd[3 + 20];
	unsigned int i;

	/* start 8 bytes before the end: the first store straddles the wrap */
	tctx_set_head(tc, RING_SIZE - 8);
	for (i = 0; i < 4; i++)
		emit_sdi_ggtt(r, DATA_ADDR + 4 * i, 0x100 + i);
	KUNIT_EXPECT_EQ(test, r->pos, 56);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 4);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4 * i), 0x100 + i);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).ring_head, 56);
	KUNIT_EXPECT_EQ(test, fd->crossings, 0);

	/* and a long command wrapping around: 20 dwords of data */
	tctx_set_head(tc, RING_SIZE - 40);
	cmd[0] = MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(20);
	cmd[1] = DATA_ADDR + 0x100;
	cmd[2] = 0;
	for (i = 0; i < 20; i++)
		cmd[3 + i] = 0x200 + i;
	emit_dws(r, cmd, ARRAY_SIZE(cmd));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	for (i = 0; i < 20; i++)
		KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 0x100 + 4 * i), 0x200 + i);
}

/* A long ring gives the same result in one run and in many small slices. */
static void cs_slicing(struct kunit *test)
{
	struct fake_dev *fd1 = fake_create(test), *fd2 = fake_create(test);
	struct tctx *tc1 = tctx_default(fd1, 0), *tc2 = tctx_default(fd2, 0);
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	unsigned int i, runs = 0;

	for (i = 0; i < 60; i++) {
		emit_sdi_ggtt(&tc1->ring, DATA_ADDR + 4 * i, i * 7);
		emit_atomic_inc_ggtt(&tc1->ring, SEM_ADDR);
		emit_sdi_ggtt(&tc2->ring, DATA_ADDR + 4 * i, i * 7);
		emit_atomic_inc_ggtt(&tc2->ring, SEM_ADDR);
	}
	KUNIT_EXPECT_EQ(test, tctx_run(tc1, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 120);

	do {
		runs++;
		tctx_run(tc2, 7, &stats, &exec);
		KUNIT_EXPECT_LE(test, exec.executed, 7);
	} while (exec.result == XESIM_CS_YIELDED && runs < 100);
	KUNIT_EXPECT_EQ(test, exec.result, XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, runs, 18);
	KUNIT_EXPECT_EQ(test, stats.yields[XESIM_CS_YIELD_SLICE], 17);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x20], 60);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x2f], 60);
	KUNIT_EXPECT_EQ(test, g32(fd2, SEM_ADDR), 60);
	KUNIT_EXPECT_EQ(test, memcmp(fd1->ggtt + DATA_ADDR, fd2->ggtt + DATA_ADDR, SZ_16K), 0);
	KUNIT_EXPECT_EQ(test, memcmp(fd1->ggtt + RING_ADDR, fd2->ggtt + RING_ADDR, RING_SIZE), 0);
}

static void cs_semaphore_ops(struct kunit *test)
{
	static const struct {
		u32 op;
		u32 mem;
		u32 data;
		bool holds;
	} cases[] = {
		{ MI_SEMAPHORE_SAD_GT_SDD, 5, 4, true },
		{ MI_SEMAPHORE_SAD_GT_SDD, 4, 4, false },
		{ MI_SEMAPHORE_SAD_GTE_SDD, 4, 4, true },
		{ MI_SEMAPHORE_SAD_GTE_SDD, 3, 4, false },
		{ MI_SEMAPHORE_SAD_LT_SDD, 3, 4, true },
		{ MI_SEMAPHORE_SAD_LT_SDD, 4, 4, false },
		{ MI_SEMAPHORE_SAD_LTE_SDD, 4, 4, true },
		{ MI_SEMAPHORE_SAD_LTE_SDD, 5, 4, false },
		{ MI_SEMAPHORE_SAD_EQ_SDD, 4, 4, true },
		{ MI_SEMAPHORE_SAD_EQ_SDD, 0xffffffff, 4, false },
		{ MI_SEMAPHORE_SAD_NEQ_SDD, 5, 4, true },
		{ MI_SEMAPHORE_SAD_NEQ_SDD, 4, 4, false },
	};
	struct fake_dev *fd = fake_create(test);
	struct xesim_cs_exec exec;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tctx *tc = tctx_default(fd, 0);
		bool holds;

		wr32(fd, XESIM_CS_SPACE_GGTT, SEM_ADDR, cases[i].mem);
		emit_sem_wait(&tc->ring, MI_SEMAPHORE_GGTT, cases[i].op, cases[i].data, SEM_ADDR);
		tctx_run(tc, BUDGET, NULL, &exec);
		holds = exec.result == XESIM_CS_IDLE;
		KUNIT_EXPECT_EQ_MSG(test, holds, cases[i].holds, "case %u", i);
		if (!holds)
			KUNIT_EXPECT_EQ_MSG(test, exec.result, XESIM_CS_YIELDED, "case %u", i);
	}
}

static void cs_semaphore_wait(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct tctx *signaller = tctx_create(fd, 0x10000, 0x11000, RING_SIZE, 0x12000, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;

	/* the Gen12 form with the token dword */
	EMIT(r, MI_NOOP, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_GGTT | MI_SEMAPHORE_POLL |
	     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_GTE_SDD) | XE_INSTR_NUM_DW(5),
	     2, SEM_ADDR, 0, 0);
	emit_sdi_ggtt(r, DATA_ADDR, 1);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, exec.yield, XESIM_CS_YIELD_SEMAPHORE);
	KUNIT_EXPECT_EQ(test, exec.executed, 1);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.state, XESIM_LRC_WAITING);
	KUNIT_EXPECT_EQ(test, ctx.ring_head, 4);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 0);

	/* another context moves the semaphore, one step at a time */
	emit_atomic_inc_ggtt(&signaller->ring, SEM_ADDR);
	KUNIT_EXPECT_EQ(test, tctx_run(signaller, BUDGET, NULL, NULL), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, exec.executed, 0);
	emit_atomic_inc_ggtt(&signaller->ring, SEM_ADDR);
	KUNIT_EXPECT_EQ(test, tctx_run(signaller, BUDGET, NULL, NULL), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 2);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 1);
	KUNIT_EXPECT_EQ(test, stats.yields[XESIM_CS_YIELD_SEMAPHORE], 2);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x1c], 1);

	/* register polling is not modelled */
	emit_sem_wait(r, MI_SEMAPHORE_GGTT | MI_SEMAPHORE_REGISTER_POLL,
		      MI_SEMAPHORE_SAD_EQ_SDD, 0, SEM_ADDR);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);
}

static void cs_context_errors(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	struct tctx *tc;

	/* no context image there: fault, and the page is left alone */
	canaries(fd, 0x20000, SZ_4K);
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, 0x20000, BUDGET, &stats, &exec),
			XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_CONTEXT, XESIM_CS_ACCESS_FETCH, false, 0x20000);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, 0x20000, SZ_4K));

	/* unmapped or misaligned */
	set_bit(0x21, fd->ggtt_unmapped);
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, 0x21000, BUDGET, &stats, &exec),
			XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_CONTEXT);
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, 0x22040, BUDGET, &stats, &exec),
			XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_CONTEXT);
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_CONTEXT], 3);

	/* a valid image with an invalid ring: the fault is recorded in it */
	tc = tctx_create(fd, CTX_ADDR, RING_ADDR, RING_SIZE + 0x800, HWSP_ADDR, 0);
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, CTX_ADDR, BUDGET, &stats, &exec),
			XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_CONTEXT);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.state, XESIM_LRC_FAULTED);
	KUNIT_EXPECT_EQ(test, ctx.fault.reason, XESIM_CS_FAULT_CONTEXT);

	/* a tail outside the ring */
	tc = tctx_default(fd, 0);
	tc->ring.pos = RING_SIZE;
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_CONTEXT);

	/* the helpers refuse misaligned images and memory without an image */
	xesim_lrc_init(&ctx, RING_ADDR, RING_SIZE, HWSP_ADDR, 0);
	KUNIT_EXPECT_EQ(test, xesim_lrc_check(&ctx), 0);
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, 0x40, &ctx), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_lrc_read(&fd->mem, 0x20000, &ctx), -EBADMSG);
	ctx.ring_start = RING_ADDR + 4;
	KUNIT_EXPECT_EQ(test, xesim_lrc_check(&ctx), -EINVAL);
}

/* GGTT layout of the migration test, as offsets in the VF's range */
#define MIG_OLD_BASE	0x10000
#define MIG_NEW_BASE	0x30000
#define MIG_RANGE	0x10000
#define MIG_CTX		0x0000
#define MIG_HWSP	0x1000
#define MIG_RING	0x2000
#define MIG_DATA	0x3000
#define MIG_BATCH	0x4000

/* The second job: a GGTT batch, a store, the seqno and an interrupt. */
static void emit_mig_job(struct tctx *tc, u32 base)
{
	emit_sdi_ggtt(&tc->ring, base + MIG_DATA + 8, 0x3333);
	emit_seqno(&tc->ring, 0x40, 2);
	EMIT(&tc->ring, MI_USER_INTERRUPT);
}

static void emit_mig_batch(struct fake_dev *fd, u32 base)
{
	struct emitter bb = batch_at(fd, XESIM_CS_SPACE_GGTT, base + MIG_BATCH);

	emit_sdi_ggtt(&bb, base + MIG_DATA + 4, 0x2222);
	EMIT(&bb, MI_BATCH_BUFFER_END);
}

static bool ggtt_clean_outside(struct fake_dev *fd, u32 start, u32 size)
{
	u32 i;

	for (i = 0; i < FAKE_MEM_SIZE; i++) {
		if (i >= start && i < start + size)
			continue;
		if (i >= MIG_OLD_BASE && i < MIG_OLD_BASE + MIG_RANGE)
			continue;
		if (fd->ggtt[i])
			return false;
	}
	return true;
}

/*
 * The unit version of the migration test: the VF's GGTT range moved (the
 * device copied its pages and unmapped the old range, the GuC rebased its own
 * reference to the context image). Each GGTT address the driver left in the
 * image or the ring makes the engine fault; once all are fixed up, the same
 * work completes with the right data.
 */
static void cs_ggtt_rebase(struct kunit *test)
{
	const u32 old = MIG_OLD_BASE, new = MIG_NEW_BASE, new_ctx = MIG_NEW_BASE + MIG_CTX;
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_create(fd, old + MIG_CTX, old + MIG_RING, RING_SIZE,
				      old + MIG_HWSP, 0);
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	u32 head;

	/* job 1 ran before the migration */
	emit_sdi_ggtt(&tc->ring, old + MIG_DATA, 0x1111);
	emit_seqno(&tc->ring, 0x40, 1);
	EMIT(&tc->ring, MI_USER_INTERRUPT);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, old + MIG_HWSP + 0x40), 1);

	/* job 2 is queued: a batch, then the rest of the job */
	head = tc->ring.pos;
	emit_mig_batch(fd, old);
	emit_bb_start(&tc->ring, false, old + MIG_BATCH);
	emit_mig_job(tc, old);
	KUNIT_EXPECT_EQ(test, xesim_lrc_set_tail(&fd->mem, tc->addr, tc->ring.pos), 0);

	/* migrate: the range moves, the old one goes away */
	memcpy(fd->ggtt + new, fd->ggtt + old, MIG_RANGE);
	bitmap_set(fd->ggtt_unmapped, old / SZ_4K, MIG_RANGE / SZ_4K);
	tc->addr = new_ctx;
	tc->ring.base = new + MIG_RING;

	/* nothing fixed: the switch in faults on the stale status page */
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, new_ctx, BUDGET, NULL, &exec),
			XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_READ, false,
		     old + MIG_HWSP + XESIM_HWSP_OFF_ENGINE);
	KUNIT_EXPECT_EQ(test, exec.executed, 0);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).state, XESIM_LRC_FAULTED);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).ring_head, head);

	/* status page rebased: the ring is fetched at its old address */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, new_ctx), 0);
	ctx = tctx_image(tc);
	ctx.hwsp = ctx.hwsp - old + new;
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, new_ctx, &ctx), 0);
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, new_ctx, BUDGET, NULL, &exec),
			XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_FETCH, false,
		     old + MIG_RING + head);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).state, XESIM_LRC_FAULTED);

	/* ring start rebased: the batch is started at its stale address */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, new_ctx), 0);
	ctx = tctx_image(tc);
	ctx.ring_start = ctx.ring_start - old + new;
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, new_ctx, &ctx), 0);
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, new_ctx, BUDGET, NULL, &exec),
			XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_FETCH, false,
		     old + MIG_BATCH);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_TRUE(test, ctx.flags & XESIM_CTX_FLAG_IN_BATCH);
	KUNIT_EXPECT_EQ(test, ctx.bb_addr, old + MIG_BATCH);

	/*
	 * The context stopped inside a GGTT batch: rebase the batch state too
	 * (clearing the fault in the same write), and re-emit the batch.
	 */
	ctx.bb_addr = ctx.bb_addr - old + new;
	ctx.bb_start = ctx.bb_start - old + new;
	ctx.state = XESIM_LRC_IDLE;
	ctx.fault = (struct xesim_cs_fault){};
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, new_ctx, &ctx), 0);
	emit_mig_batch(fd, new);
	/* the ring still carries a stale store address */
	KUNIT_EXPECT_EQ(test, xesim_engine_cs_run(&fd->mem, new_ctx, BUDGET, NULL, &exec),
			XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_WRITE, false,
		     old + MIG_DATA + 8);
	KUNIT_EXPECT_EQ(test, g32(fd, new + MIG_DATA + 4), 0x2222);
	KUNIT_EXPECT_EQ(test, g32(fd, new + MIG_DATA + 8), 0);
	KUNIT_EXPECT_EQ(test, fd->irqs, 1);

	/* re-emit the ring from the head with new addresses: the job completes */
	tc->ring.pos = tctx_image(tc).ring_head;
	emit_mig_job(tc, new);
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, new_ctx), 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, new + MIG_DATA), 0x1111);
	KUNIT_EXPECT_EQ(test, g32(fd, new + MIG_DATA + 4), 0x2222);
	KUNIT_EXPECT_EQ(test, g32(fd, new + MIG_DATA + 8), 0x3333);
	KUNIT_EXPECT_EQ(test, g32(fd, new + MIG_HWSP + 0x40), 2);
	KUNIT_EXPECT_EQ(test, fd->irqs, 2);
	KUNIT_EXPECT_TRUE(test, ggtt_clean_outside(fd, new, MIG_RANGE));
}

/*
 * The status page: the engine records every switch out and every completion
 * in it, through the image's hwsp address; a status page it cannot reach
 * faults the context, at the switch in before any command, or at the
 * completion before the interrupt.
 */
static void cs_hwsp_writes(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;

	emit_sdi_ggtt(&tc->ring, DATA_ADDR, 1);
	EMIT(&tc->ring, MI_USER_INTERRUPT);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_SWITCHES), 1);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_COMPLETIONS), 1);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_RING_HEAD), 20);
	/* an empty run is still a switch in and out */
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_SWITCHES), 2);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_COMPLETIONS), 1);

	/* the status page is not writable: the completion faults, no interrupt */
	set_bit(HWSP_ADDR / SZ_4K, fd->ggtt_readonly);
	emit_sdi_ggtt(&tc->ring, DATA_ADDR + 4, 2);
	EMIT(&tc->ring, MI_USER_INTERRUPT);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_WRITE, false,
		     HWSP_ADDR + XESIM_HWSP_OFF_ENGINE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 2);
	KUNIT_EXPECT_EQ(test, fd->irqs, 1);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).ring_head, 36);

	/* a stale status page: nothing runs at all */
	clear_bit(HWSP_ADDR / SZ_4K, fd->ggtt_readonly);
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	ctx = tctx_image(tc);
	ctx.hwsp = FAKE_MEM_SIZE;
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, CTX_ADDR, &ctx), 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_READ, false,
		     FAKE_MEM_SIZE + XESIM_HWSP_OFF_ENGINE);
	KUNIT_EXPECT_EQ(test, exec.executed, 0);
	KUNIT_EXPECT_EQ(test, fd->irqs, 1);

	/* fixed: the interrupt comes, and the status page counts on */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	ctx = tctx_image(tc);
	ctx.hwsp = HWSP_ADDR;
	KUNIT_EXPECT_EQ(test, xesim_lrc_write(&fd->mem, CTX_ADDR, &ctx), 0);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, fd->irqs, 2);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_COMPLETIONS), 2);
	KUNIT_EXPECT_EQ(test, g32(fd, HWSP_ADDR + XESIM_HWSP_OFF_RING_HEAD), 40);
}

/* ---- registers, MI_MATH, conditional batch end ---- */

#define GPR(n)		XESIM_CS_REG_GPR(n)
#define GPR_HI(n)	(XESIM_CS_REG_GPR(n) + 4)
#define CS_MMIO		MI_LRI_LRM_CS_MMIO

static void emit_lri(struct emitter *e, u32 flags, u32 reg, u32 val)
{
	EMIT(e, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(1) | flags, reg, val);
}

static void emit_srm(struct emitter *e, u32 flags, u32 reg, u64 addr)
{
	EMIT(e, MI_STORE_REGISTER_MEM | XE_INSTR_NUM_DW(4) | flags, reg,
	     lower_32_bits(addr), upper_32_bits(addr));
}

static void emit_lrm(struct emitter *e, u32 flags, u32 reg, u64 addr)
{
	EMIT(e, MI_LOAD_REGISTER_MEM | XE_INSTR_NUM_DW(4) | flags, reg,
	     lower_32_bits(addr), upper_32_bits(addr));
}

static void emit_cond_bbe(struct emitter *e, u32 flags, u32 data, u64 addr)
{
	EMIT(e, MI_CONDITIONAL_BATCH_BUFFER_END | XE_INSTR_NUM_DW(4) | flags, data,
	     lower_32_bits(addr), upper_32_bits(addr));
}

/* LRI into the GPRs (both ways of naming them), SRM back to memory. */
static void cs_lri_srm_gpr(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;

	canaries(fd, DATA_ADDR, 32);
	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(2) | CS_MMIO,
	     GPR(0), 0x11112222, GPR_HI(0), 0x33334444);
	/* absolute offsets, in the render engine's block */
	emit_lri(r, 0, XESIM_RENDER_RING_BASE + GPR(15), 0x5555);
	emit_lri(r, 0, XESIM_RENDER_RING_BASE + GPR_HI(15), 0x6666);
	emit_srm(r, MI_SRM_USE_GGTT | MI_SRM_ADD_CS_OFFSET, GPR(0), DATA_ADDR);
	emit_srm(r, MI_SRM_USE_GGTT | MI_SRM_ADD_CS_OFFSET, GPR_HI(0), DATA_ADDR + 4);
	emit_srm(r, MI_SRM_USE_GGTT, XESIM_RENDER_RING_BASE + GPR_HI(15), DATA_ADDR + 8);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 6);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 0x11112222);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0x33334444);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 0x6666);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 12, 20));
	KUNIT_EXPECT_EQ(test, stats.cmds[0x24], 3);
	/* the engine keeps its registers: the device hook saw none of them */
	KUNIT_EXPECT_EQ(test, fd->nregs, 0);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.gpr[0], 0x3333444411112222ull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[15], 0x0000666600005555ull);

	/* byte-disable bits on an engine register are not modelled */
	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(1) | CS_MMIO |
	     FIELD_PREP(MI_LRI_BYTE_WRITE_DISABLE, 0x1), GPR(1), 1);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).gpr[1], 0);

	/* an SRM to an unreachable address faults */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, GPR(0), FAKE_MEM_SIZE);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_WRITE, false,
		     FAKE_MEM_SIZE);

	/* an SRM of a register the engine does not have faults, writing nothing */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, 0x34, DATA_ADDR + 12);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_REGISTER, XESIM_CS_ACCESS_NONE, false,
		     0x34);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 12, 20));
}

/* LRM from memory, LRR between registers; an unknown register faults. */
static void cs_lrm_lrr(struct kunit *test)
{
	static const struct xesim_cs_mem_ops no_hook = {
		.read = fake_read,
		.write = fake_write,
	};
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;

	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR, 0xcafe0001);
	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR + 4, 0xcafe0002);
	canaries(fd, DATA_ADDR + 8, 24);
	emit_lrm(r, MI_LRM_USE_GGTT | CS_MMIO, GPR(1), DATA_ADDR);
	emit_lrm(r, MI_LRM_USE_GGTT | MI_LRM_ASYNC, XESIM_RENDER_RING_BASE + GPR_HI(1),
		 DATA_ADDR + 4);
	/* GPR1 low -> GPR2 high, GPR1 high -> GPR3 low */
	EMIT(r, MI_LOAD_REGISTER_REG | XE_INSTR_NUM_DW(3) | MI_LRR_SRC_CS_MMIO |
	     MI_LRR_DST_CS_MMIO, GPR(1), GPR_HI(2));
	EMIT(r, MI_LOAD_REGISTER_REG | XE_INSTR_NUM_DW(3),
	     XESIM_RENDER_RING_BASE + GPR_HI(1), XESIM_RENDER_RING_BASE + GPR(3));
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, GPR_HI(2), DATA_ADDR + 8);
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, GPR(3), DATA_ADDR + 12);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 6);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 0xcafe0001);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 12), 0xcafe0002);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 16, 16));
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.gpr[1], 0xcafe0002cafe0001ull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[2], 0xcafe000100000000ull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[3], 0xcafe0002ull);

	/* an LRM from an unreachable address faults, the register unchanged */
	emit_lrm(r, MI_LRM_USE_GGTT | CS_MMIO, GPR(1), FAKE_MEM_SIZE + 8);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_READ, false,
		     FAKE_MEM_SIZE + 8);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).gpr[1], 0xcafe0002cafe0001ull);

	/* an LRR from a register the engine does not have */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	EMIT(r, MI_LOAD_REGISTER_REG | XE_INSTR_NUM_DW(3) | MI_LRR_SRC_CS_MMIO |
	     MI_LRR_DST_CS_MMIO, 0x34, GPR(4));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_REGISTER, XESIM_CS_ACCESS_NONE, false,
		     0x34);

	/* a device without a register hook: an LRI elsewhere faults, not dropped */
	fd->mem.ops = &no_hook;
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	emit_lri(r, 0, 0x190240, 1);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_REGISTER, XESIM_CS_ACCESS_NONE, false,
		     0x190240);
	KUNIT_EXPECT_EQ(test, fd->nregs, 0);

	/* another engine's block is not this engine's registers */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	emit_lri(r, 0, XESIM_BLT_RING_BASE + GPR(4), 1);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_REGISTER, XESIM_CS_ACCESS_NONE, false,
		     XESIM_BLT_RING_BASE + GPR(4));
	KUNIT_EXPECT_EQ(test, tctx_image(tc).gpr[4], 0);
}

#define ALU(op, a, b)	CS_ALU_INSTR(CS_ALU_OPCODE_##op, a, b)
#define SRCA		CS_ALU_OPERAND_SRCA
#define SRCB		CS_ALU_OPERAND_SRCB
#define ACCU		CS_ALU_OPERAND_ACCU

/* An MI_MATH of R[dst] = R[a] op R[b]. */
static void emit_math_binop(struct emitter *e, u32 op, u32 dst, u32 a, u32 b)
{
	EMIT(e, MI_MATH | MI_MATH_NUM_DW(4), ALU(LOAD, SRCA, a), ALU(LOAD, SRCB, b),
	     CS_ALU_INSTR(op, 0, 0), ALU(STORE, dst, ACCU));
}

static void cs_math(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	struct xesim_lrc ctx;
	unsigned int i;

	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(4) | CS_MMIO,
	     GPR(0), 0xffffffff, GPR_HI(0), 0, GPR(1), 0x0000f00f, GPR_HI(1), 0);
	/* the sum carries into the high dword; the difference wraps at 64 bits */
	emit_math_binop(r, CS_ALU_OPCODE_ADD, 2, 0, 1);
	emit_math_binop(r, CS_ALU_OPCODE_SUB, 3, 1, 0);
	emit_math_binop(r, CS_ALU_OPCODE_AND, 4, 0, 1);
	emit_math_binop(r, CS_ALU_OPCODE_OR, 5, 0, 1);
	emit_math_binop(r, CS_ALU_OPCODE_XOR, 6, 0, 1);
	EMIT(r, MI_MATH | MI_MATH_NUM_DW(9),
	     ALU(LOADINV, SRCA, 1), ALU(LOAD0, SRCB, 0), ALU(OR, 0, 0),
	     ALU(STORE, 7, ACCU),		/* ~R1 */
	     ALU(STOREINV, 8, ACCU),		/* R1 */
	     ALU(LOAD1, SRCA, 0), ALU(LOAD, SRCB, 1), ALU(SUB, 0, 0),
	     ALU(STORE, 9, CS_ALU_OPERAND_CF));	/* all ones - R1: no borrow */
	/* SUB with a borrow, then the flags */
	EMIT(r, MI_MATH | MI_MATH_NUM_DW(5), ALU(LOAD, SRCA, 1), ALU(LOAD, SRCB, 0),
	     ALU(SUB, 0, 0), ALU(STORE, 10, ACCU), ALU(STORE, 11, CS_ALU_OPERAND_CF));
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, GPR(2), DATA_ADDR);
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, GPR_HI(2), DATA_ADDR + 4);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, stats.cmds[0x1a], 7);
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.gpr[2], 0x10000f00eull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[3], 0xf00full - 0xffffffffull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[4], 0xf00full);
	KUNIT_EXPECT_EQ(test, ctx.gpr[5], 0xffffffffull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[6], 0xffff0ff0ull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[7], ~0xf00full);
	KUNIT_EXPECT_EQ(test, ctx.gpr[8], 0xf00full);
	KUNIT_EXPECT_EQ(test, ctx.gpr[9], 0);
	KUNIT_EXPECT_EQ(test, ctx.gpr[11], U64_MAX);
	/* the sum reached memory through an SRM */
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 0x0000f00e);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 1);

	/* a long MI_MATH, fetched in pieces: R12 = R1 + 20 * 1 */
	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(1) | CS_MMIO, GPR(13), 1);
	EMIT(r, MI_MATH | MI_MATH_NUM_DW(2 + 20 * 3 + 1), ALU(LOAD, SRCA, 1),
	     ALU(LOAD, SRCB, 13));
	for (i = 0; i < 20; i++)
		EMIT(r, ALU(ADD, 0, 0), ALU(LOAD, SRCA, ACCU), ALU(NOOP, 0, 0));
	EMIT(r, ALU(STORE, 12, ACCU));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).gpr[12], 0xf00full + 20);

	/* an ALU operation the model does not implement: no GPR changes */
	EMIT(r, MI_MATH | MI_MATH_NUM_DW(5), ALU(LOAD0, SRCA, 0), ALU(ADD, 0, 0),
	     ALU(STORE, 0, ACCU), ALU(SHL, 0, 0), ALU(STORE, 1, ACCU));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);
	KUNIT_EXPECT_EQ(test, exec.fault.cmd, MI_MATH | MI_MATH_NUM_DW(5));
	ctx = tctx_image(tc);
	KUNIT_EXPECT_EQ(test, ctx.gpr[0], 0xffffffffull);
	KUNIT_EXPECT_EQ(test, ctx.gpr[1], 0xf00full);

	/* nor an operand it does not know (a STORE into SRCA) */
	KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	tctx_set_head(tc, r->pos);
	EMIT(r, MI_MATH | MI_MATH_NUM_DW(1), ALU(STORE, SRCA, ACCU));
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_UNSUPPORTED);
}

/* A GGTT batch that a conditional end stops, or not. */
static void cs_cond_batch_end(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct emitter bb = batch_at(fd, XESIM_CS_SPACE_GGTT, BATCH_ADDR);
	struct xesim_cs_exec exec;

	wr32(fd, XESIM_CS_SPACE_GGTT, SEM_ADDR, 5);
	canaries(fd, DATA_ADDR, 32);
	/* 5 > 4 holds: on; no compare bit: on; 5 != 5 fails: the batch ends */
	emit_cond_bbe(&bb, MI_DO_COMPARE | MI_COND_BB_GGTT, 4, SEM_ADDR);
	emit_sdi_ggtt(&bb, DATA_ADDR, 1);
	emit_cond_bbe(&bb, MI_COND_BB_GGTT, 9, SEM_ADDR);
	emit_sdi_ggtt(&bb, DATA_ADDR + 4, 2);
	emit_cond_bbe(&bb, MI_DO_COMPARE | MI_COND_BB_GGTT |
		      MI_COND_BB_OP(MI_SEMAPHORE_SAD_NEQ_SDD), 5, SEM_ADDR);
	emit_sdi_ggtt(&bb, DATA_ADDR + 8, 3);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(r, false, BATCH_ADDR);
	emit_sdi_ggtt(r, DATA_ADDR + 12, 4);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 1);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 2);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), CANARY);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 12), 4);
	KUNIT_EXPECT_FALSE(test, tctx_image(tc).flags & XESIM_CTX_FLAG_IN_BATCH);

	/* the IGT spinner's form: 5 > 5 fails, the batch ends at once */
	bb.pos = 0;
	emit_cond_bbe(&bb, MI_DO_COMPARE | MI_COND_BB_GGTT, 5, SEM_ADDR);
	emit_sdi_ggtt(&bb, DATA_ADDR + 16, 5);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(r, false, BATCH_ADDR);
	emit_sdi_ggtt(r, DATA_ADDR + 20, 6);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 3);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 16), CANARY);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 20), 6);

	/* in the ring itself it ends nothing */
	emit_cond_bbe(r, MI_DO_COMPARE | MI_COND_BB_GGTT, 5, SEM_ADDR);
	emit_sdi_ggtt(r, DATA_ADDR + 24, 7);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 24), 7);

	/* an unreachable compare address faults */
	emit_cond_bbe(r, MI_DO_COMPARE | MI_COND_BB_GGTT, 5, FAKE_MEM_SIZE);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_READ, false,
		     FAKE_MEM_SIZE);
}

/* CTX_TIMESTAMP advances while the context runs, and is saved with it. */
static void cs_ctx_timestamp(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_exec exec;
	u64 saved;

	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP, DATA_ADDR);
	EMIT(r, MI_NOOP);
	emit_srm(r, MI_SRM_USE_GGTT, XESIM_RENDER_RING_BASE + XESIM_CS_REG_CTX_TIMESTAMP,
		 DATA_ADDR + 4);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_GT(test, g32(fd, DATA_ADDR + 4), g32(fd, DATA_ADDR));
	saved = tctx_image(tc).timestamp;
	KUNIT_EXPECT_GT(test, saved, (u64)g32(fd, DATA_ADDR + 4));

	/* the next run goes on from the saved value */
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP, DATA_ADDR + 8);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_GT(test, (u64)g32(fd, DATA_ADDR + 8), saved);

	/* a privileged write sets it, upper dword included */
	EMIT(r, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(2) | CS_MMIO,
	     XESIM_CS_REG_CTX_TIMESTAMP_UDW, 7, XESIM_CS_REG_CTX_TIMESTAMP, 0xff000000);
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP_UDW,
		 DATA_ADDR + 12);
	emit_srm(r, MI_SRM_USE_GGTT | CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP, DATA_ADDR + 16);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 12), 7);
	KUNIT_EXPECT_GT(test, g32(fd, DATA_ADDR + 16), 0xff000000);
	KUNIT_EXPECT_GT(test, tctx_image(tc).timestamp, 0x7ff000000ull);
}

/* The registers are the context's: they survive switches and a migration. */
static void cs_regs_context_switch(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	struct tctx *a = tctx_default(fd, 0);
	struct tctx *b = tctx_create(fd, 0x3000, 0x4000, SZ_4K, 0x5000, 0);
	struct xesim_cs_exec exec;
	struct fake_dev *dst;
	u64 ts;

	/* A loads R7 and yields at its arbitration point; B loads its own R7 */
	emit_lri(&a->ring, CS_MMIO, GPR(7), 0xaaaa);
	emit_lri(&a->ring, CS_MMIO, GPR_HI(7), 0xa);
	EMIT(&a->ring, MI_ARB_CHECK);
	emit_srm(&a->ring, MI_SRM_USE_GGTT | CS_MMIO, GPR(7), DATA_ADDR);
	emit_srm(&a->ring, MI_SRM_USE_GGTT | CS_MMIO, GPR_HI(7), DATA_ADDR + 4);
	emit_lri(&b->ring, CS_MMIO, GPR(7), 0xbbbb);
	emit_srm(&b->ring, MI_SRM_USE_GGTT | CS_MMIO, GPR(7), DATA_ADDR + 8);

	KUNIT_EXPECT_EQ(test, tctx_run(a, BUDGET, NULL, &exec), XESIM_CS_YIELDED);
	KUNIT_EXPECT_EQ(test, tctx_run(b, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 8), 0xbbbb);
	KUNIT_EXPECT_EQ(test, tctx_run(a, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), 0xaaaa);
	KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR + 4), 0xa);

	/* a migration: the image moves with the memory, and so do the registers */
	ts = tctx_image(a).timestamp;
	dst = fake_clone(test, fd);
	a->fd = dst;
	a->ring.fd = dst;
	emit_srm(&a->ring, MI_SRM_USE_GGTT | CS_MMIO, GPR(7), DATA_ADDR + 12);
	emit_srm(&a->ring, MI_SRM_USE_GGTT | CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP,
		 DATA_ADDR + 16);
	KUNIT_EXPECT_EQ(test, tctx_run(a, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, g32(dst, DATA_ADDR + 12), 0xaaaa);
	KUNIT_EXPECT_GT(test, (u64)g32(dst, DATA_ADDR + 16), ts);
}

/* Clear a fault and leave the batch it was in: the ring goes on at its tail. */
static void tctx_restart(struct tctx *tc)
{
	struct xesim_lrc ctx;

	KUNIT_ASSERT_EQ(tc->fd->test, xesim_lrc_clear_fault(&tc->fd->mem, tc->addr), 0);
	ctx = tctx_image(tc);
	ctx.flags &= ~(XESIM_CTX_FLAG_IN_BATCH | XESIM_CTX_FLAG_BATCH_PPGTT);
	ctx.bb_addr = 0;
	ctx.bb_start = 0;
	ctx.ring_head = tc->ring.pos;
	ctx.ring_tail = tc->ring.pos;
	KUNIT_ASSERT_EQ(tc->fd->test, xesim_lrc_write(&tc->fd->mem, tc->addr, &ctx), 0);
}

/* In a user (ppGTT) batch the GGTT bit is ignored and registers are GPRs only. */
static void cs_user_batch_registers(struct kunit *test)
{
	struct fake_dev *fd = fake_create(test);
	u64 root = fake_root(fd, XESIM_CS_SPACE_LMEM);
	struct tctx *tc = tctx_default(fd, root);
	struct emitter *r = &tc->ring;
	u64 bb_va = 0x100000, sem_va = SEM_ADDR;
	struct xesim_cs_exec exec;
	struct emitter bb;
	u64 alias, sem;

	bb = batch_at(fd, XESIM_CS_SPACE_LMEM,
		      fake_map_page(fd, root, bb_va, XESIM_CS_SPACE_LMEM));
	/* the GGTT addresses the batch names are also ppGTT addresses */
	alias = fake_map_page(fd, root, DATA_ADDR, XESIM_CS_SPACE_LMEM);
	sem = fake_map_page(fd, root, sem_va, XESIM_CS_SPACE_LMEM);
	wr32(fd, XESIM_CS_SPACE_LMEM, alias, 0x1234);
	wr32(fd, XESIM_CS_SPACE_GGTT, DATA_ADDR, 0x5678);
	wr32(fd, XESIM_CS_SPACE_LMEM, sem, 0);
	wr32(fd, XESIM_CS_SPACE_GGTT, SEM_ADDR, 1);
	canaries(fd, DATA_ADDR + 4, 28);

	emit_lrm(&bb, MI_LRM_USE_GGTT | CS_MMIO, GPR(0), DATA_ADDR);
	emit_srm(&bb, MI_SRM_USE_GGTT | CS_MMIO, GPR(0), DATA_ADDR + 4);
	/* the ppGTT semaphore is 0, not greater than 0: the batch ends here */
	emit_cond_bbe(&bb, MI_DO_COMPARE | MI_COND_BB_GGTT, 0, SEM_ADDR);
	emit_sdi(&bb, false, DATA_ADDR + 8, 0xbad);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(r, true, bb_va);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_IDLE);
	KUNIT_EXPECT_EQ(test, exec.executed, 4);
	KUNIT_EXPECT_EQ(test, tctx_image(tc).gpr[0], 0x1234);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, alias + 4), 0x1234);
	KUNIT_EXPECT_EQ(test, rd32(fd, XESIM_CS_SPACE_LMEM, alias + 8), 0);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, DATA_ADDR + 4, 28));

	/* the context timestamp is readable there, not writable */
	bb.pos = 0;
	emit_srm(&bb, CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP, DATA_ADDR + 12);
	emit_lri(&bb, CS_MMIO, XESIM_CS_REG_CTX_TIMESTAMP, 0);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(r, true, bb_va);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	expect_fault(test, &exec, XESIM_CS_FAULT_PRIVILEGE, XESIM_CS_ACCESS_NONE, false,
		     XESIM_CS_REG_CTX_TIMESTAMP);
	KUNIT_EXPECT_NE(test, rd32(fd, XESIM_CS_SPACE_LMEM, alias + 12), 0);

	/* nor any other register, even one the device would take */
	tctx_restart(tc);
	bb.pos = 0;
	emit_lri(&bb, 0, 0x190240, 1);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(r, true, bb_va);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_PRIVILEGE);
	KUNIT_EXPECT_EQ(test, fd->nregs, 0);

	/* nor the kernel's status page by index */
	tctx_restart(tc);
	canaries(fd, HWSP_ADDR + 0x40, 4);
	bb.pos = 0;
	emit_seqno(&bb, 0x40, 9);
	EMIT(&bb, MI_BATCH_BUFFER_END);
	emit_bb_start(r, true, bb_va);
	KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, NULL, &exec), XESIM_CS_FAULT);
	KUNIT_EXPECT_EQ(test, exec.fault.reason, XESIM_CS_FAULT_PRIVILEGE);
	KUNIT_EXPECT_TRUE(test, canaries_intact(fd, HWSP_ADDR + 0x40, 4));
}

/* MI commands the engine does not implement fault, with the command kept. */
static void cs_unimplemented_mi(struct kunit *test)
{
	/* MI_SET_CONTEXT, MI_STORE_DATA_INDEX, MI_COPY_MEM_MEM, MI_REPORT_HEAD */
	static const u32 opcodes[] = { 0x18, 0x21, 0x2e, 0x07 };
	struct fake_dev *fd = fake_create(test);
	struct tctx *tc = tctx_default(fd, 0);
	struct emitter *r = &tc->ring;
	struct xesim_cs_stats stats = {};
	struct xesim_cs_exec exec;
	unsigned int i;
	u32 cmd;

	for (i = 0; i < ARRAY_SIZE(opcodes); i++) {
		cmd = XE_INSTR_MI | FIELD_PREP(MI_OPCODE, opcodes[i]) | 1;
		tctx_set_head(tc, 0);
		emit_sdi_ggtt(r, DATA_ADDR, i);
		EMIT(r, cmd, 0, 0);
		KUNIT_EXPECT_EQ(test, tctx_run(tc, BUDGET, &stats, &exec), XESIM_CS_FAULT);
		expect_fault(test, &exec, XESIM_CS_FAULT_OPCODE, XESIM_CS_ACCESS_NONE,
			     false, RING_ADDR + 16);
		KUNIT_EXPECT_EQ(test, exec.fault.cmd, cmd);
		KUNIT_EXPECT_EQ(test, tctx_image(tc).fault.cmd, cmd);
		KUNIT_EXPECT_EQ(test, g32(fd, DATA_ADDR), i);
		KUNIT_EXPECT_EQ(test, xesim_lrc_clear_fault(&fd->mem, CTX_ADDR), 0);
	}
	KUNIT_EXPECT_EQ(test, stats.faults[XESIM_CS_FAULT_OPCODE], ARRAY_SIZE(opcodes));
}

static struct kunit_case xesim_engine_cs_cases[] = {
	KUNIT_CASE(cs_noop_idle),
	KUNIT_CASE(cs_store_data_imm),
	KUNIT_CASE(cs_store_data_imm_long),
	KUNIT_CASE(cs_flush_dw),
	KUNIT_CASE(cs_atomic),
	KUNIT_CASE(cs_load_register_imm),
	KUNIT_CASE(cs_user_interrupt),
	KUNIT_CASE(cs_arb_check),
	KUNIT_CASE(cs_batch_ppgtt),
	KUNIT_CASE(cs_ppgtt_stall),
	KUNIT_CASE(cs_batch_ggtt_chain),
	KUNIT_CASE(cs_batch_slice_state),
	KUNIT_CASE(ppgtt_walk),
	KUNIT_CASE(cs_ppgtt_faults),
	KUNIT_CASE(cs_unknown_opcode),
	KUNIT_CASE(cs_unmapped_ppgtt),
	KUNIT_CASE(cs_bad_length),
	KUNIT_CASE(cs_ring_wrap),
	KUNIT_CASE(cs_slicing),
	KUNIT_CASE(cs_semaphore_ops),
	KUNIT_CASE(cs_semaphore_wait),
	KUNIT_CASE(cs_context_errors),
	KUNIT_CASE(cs_ggtt_rebase),
	KUNIT_CASE(cs_hwsp_writes),
	KUNIT_CASE(cs_lri_srm_gpr),
	KUNIT_CASE(cs_lrm_lrr),
	KUNIT_CASE(cs_math),
	KUNIT_CASE(cs_cond_batch_end),
	KUNIT_CASE(cs_ctx_timestamp),
	KUNIT_CASE(cs_regs_context_switch),
	KUNIT_CASE(cs_user_batch_registers),
	KUNIT_CASE(cs_unimplemented_mi),
	{}
};

static struct kunit_suite xesim_engine_cs_suite = {
	.name = "xesim_engine_cs",
	.test_cases = xesim_engine_cs_cases,
};

kunit_test_suite(xesim_engine_cs_suite);
