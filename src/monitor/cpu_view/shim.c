/* grade's CPU view shim, loaded with LD_PRELOAD into a program under test.
 *
 * Makes the program see as many CPUs as the number that ends the name of the folder this
 * library is in (`view-16/`: 16; 16 when there is none), whatever the machine has, so that a
 * pool sized from the CPU count gets the same verdict on a 2-core laptop as on a 64-core
 * server. Covers what glibc programs ask: sched_getaffinity (Rust's available_parallelism,
 * Python's os.sched_getaffinity, the num_cpus crate), sysconf(_SC_NPROCESSORS_ONLN/CONF)
 * (Python's os.cpu_count, C programs), get_nprocs and get_nprocs_conf.
 *
 * Not covered: statically linked programs (musl targets), programs reading
 * /sys/devices/system/cpu or /proc/cpuinfo themselves, raw syscalls, and a CPU quota in the
 * program's cgroup (Rust's available_parallelism takes the smaller of the mask and the quota).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

/* Read from the library's own path rather than from an environment variable, which would
 * tell the program it is being graded. */
static int view_cpus(void) {
    static int cpus;
    if (cpus) return cpus;
    long found = 16;
    Dl_info info;
    if (dladdr((void *)view_cpus, &info) && info.dli_fname) {
        const char *end = strrchr(info.dli_fname, '/');
        const char *start = end;
        while (start && start > info.dli_fname && start[-1] >= '0' && start[-1] <= '9') start--;
        if (start && start < end) found = strtol(start, NULL, 10);
    }
    if (found < 1 || found > 4096) found = 16;
    cpus = (int)found;
    return cpus;
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *mask) {
    static int (*real)(pid_t, size_t, cpu_set_t *);
    if (!real) real = (int (*)(pid_t, size_t, cpu_set_t *))dlsym(RTLD_NEXT, "sched_getaffinity");
    int rc = real ? real(pid, size, mask) : -1;
    if (rc != 0) return rc;
    int cpus = view_cpus();
    CPU_ZERO_S(size, mask);
    for (int cpu = 0; cpu < cpus && (size_t)cpu < size * 8; cpu++) CPU_SET_S(cpu, size, mask);
    return 0;
}

long sysconf(int name) {
    static long (*real)(int);
    if (name == _SC_NPROCESSORS_ONLN || name == _SC_NPROCESSORS_CONF) return view_cpus();
    if (!real) real = (long (*)(int))dlsym(RTLD_NEXT, "sysconf");
    return real ? real(name) : -1;
}

int get_nprocs(void) { return view_cpus(); }

int get_nprocs_conf(void) { return view_cpus(); }
