# vdso_datapage.S — what both vDSOs know of [vvar] (as include/vdso/datapage.h is for Linux's):
# struct vdso_time_data of Linux 6.18, clock_data[CS_HRES_COARSE] then clock_data[CS_RAW], each a
# struct vdso_clock of VC_SIZE bytes; eight aux clocks; then the timezone and hrtimer_res; the rng
# data on page 2. vvar.ts writes the same layout. .include'd by vdso64.S and vdso32.S.
	VVAR_OFFSET = 0x6000		# [vvar] (16 KiB) and [vvar_vclock] (8 KiB) lie right below [vdso]
	VD_SEQ = 0
	VD_CLOCK_MODE = 4
	VD_CYCLE_LAST = 8
	VD_MAX_CYCLES = 16
	VD_MASK = 24
	VD_MULT = 32
	VD_SHIFT = 36
	VD_BASETIME = 40		# basetime[clock] = {sec, nsec << shift}, 16 bytes each
	VC_SIZE = 232			# sizeof(struct vdso_clock): clock_data[CS_RAW] starts here
	VD_TZ_MINUTESWEST = 2320
	VD_TZ_DSTTIME = 2324
	VD_HRTIMER_RES = 2328
	VD_RNG_IS_READY = 0x2008	# vdso_rng_data.is_ready, on [vvar]'s page 2 (generation at 0x2000)
	VDSO_CLOCKMODE_NONE = 0
	NSEC_PER_SEC = 1000000000
	CLOCK_REALTIME = 0
	CLOCK_MONOTONIC_RAW = 4
	CLOCK_TAI = 11
