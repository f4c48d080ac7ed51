# What the sandbox says of itself, in English: each protection's name and detail (`grade doctor`,
# the report's header and its `protections`), and why an isolation was refused.
# Each id has its twin in ../fr/sandbox.ftl (a test checks it); arguments are written { $name }.

## The protections' names; the report also keeps each one's English name, the same everywhere.

protection-isolation = isolation
protection-filesystem = filesystem allowlist
protection-network = no network
protection-processes = process namespace
protection-user = unprivileged user
protection-kill = kill every process
protection-memory = memory limit
protection-tasks = task limit
protection-disk = disk limit
protection-rlimits = rlimits
protection-system-calls = system calls
protection-fetch = dependency fetch

## The isolations, and why one was refused.

sandbox-namespaces = namespaces
sandbox-user-namespace = namespaces in a user namespace
sandbox-landlock = Landlock
sandbox-bare = no isolation
sandbox-refusal = { $isolation }: { $reason }
sandbox-probe-unstarted = cannot start { $helper }: { $reason }
sandbox-probe-hung = `true` did not end within { $timeout }
sandbox-probe-failed = `true` failed ({ $status }): { $message }
sandbox-probe-silent = no message
# The helper's own words on Landlock's enforcement, in English ("not enforced (...)").
sandbox-landlock-unenforced = Landlock is { $state }
sandbox-landlock-unknown = Landlock said nothing of its enforcement
sandbox-required = the sandbox is required (sandbox.required) but protection `{ $name }` is not active here: { $detail }

## Each protection's detail: how it is done, or what replaces it.

sandbox-with-refusals = { $detail } (refused: { $refusals })
sandbox-isolation-built-in = { $isolation }, built into grade
# { $state }: the helper's own words, in English ("fully enforced").
sandbox-isolation-landlock = Landlock only ({ $state })
sandbox-isolation-none = none
sandbox-filesystem-namespaces = a root of its own on a tmpfs: read-only /usr, /lib*, a minimal /etc, the toolchains; only the job's scratch disk is writable
sandbox-filesystem-landlock = Landlock: read-only /usr, /lib*, a few /etc files, the toolchains; writable: the working folder and the host's /dev/shm, where what a job leaves is removed after it
sandbox-filesystem-bare = no namespaces and no Landlock: the program sees every file its user can read
sandbox-network-namespaces = a network namespace with only a loopback that is down
sandbox-network-landlock = partly: Landlock refuses every TCP connection and listening socket, but UDP (DNS included) reaches the network
sandbox-network-bare = the program can connect anywhere
sandbox-processes-namespaces = a PID namespace: the program sees and signals only its own processes
sandbox-processes-landlock = no PID namespace: the program sees the host's processes; Landlock (from ABI 6) keeps it from signalling them
sandbox-processes-bare = a process group only: the program sees and may signal its user's processes
sandbox-user-not-root = grade is not root: student code runs as uid { $uid }, without capabilities
sandbox-user-namespaces = uid { $uid }, no capabilities, no_new_privs
sandbox-user-bare = uid { $uid }, no capabilities, no_new_privs; without namespaces a toolchain closed to uid { $uid } (under /root) cannot be used, and grade says what to change
# A file of a run's cgroup: { $version } is v1 or v2, { $file } the file (memory.max).
sandbox-cgroup-file = cgroup { $version } { $file } in { $dir }/<run>
# { $why }: what the machine said of its cgroups, in English.
sandbox-kill-cgroup = { $how }; exact membership for the monitor
sandbox-kill-namespace = the job's PID namespace: killing its init kills all (no cgroup.kill: { $why })
sandbox-kill-v1 = SIGKILL to every member of the run's v1 cgroups until none is left ({ $why })
sandbox-kill-group = process group only, which setsid escapes ({ $why })
sandbox-memory = { $size } per job: { $how }
sandbox-memory-with-disk = { $size } per job, its scratch disk included: { $how }
sandbox-memory-none = no usable memory cgroup ({ $why }); RLIMIT_AS is not used, it breaks runtimes
sandbox-tasks = { $tasks } processes and threads per job: { $how }
sandbox-tasks-nproc = RLIMIT_NPROC { $tasks } for the sandbox uid, shared by concurrent jobs (no pids cgroup)
sandbox-tasks-none = no usable pids cgroup ({ $why }); RLIMIT_NPROC would count the user's other processes
sandbox-disk-namespaces = { $size } and { $files } files per build or run (a tmpfs behind its working folder, /tmp and /dev/shm); past it the job is stopped
sandbox-disk-host = no mount namespace: jobs write to the host's disk, each file up to { $size }
sandbox-rlimits = CPU { $seconds } s per process, files up to { $size }, { $files } open files, no core dumps
sandbox-system-calls = a seccomp filter: no kernel keyring, no new user namespace, no other architecture's calls
-fetch-how = the grader's cargo vendors from a copy of the manifests alone (git dependencies, other registries and paths outside the crate refused)
sandbox-fetch-https = { -fetch-how }; TCP to port 443 only (Landlock ABI { $abi })
sandbox-fetch-any-port = { -fetch-how }; to any TCP port: this kernel's Landlock (ABI { $abi }) cannot restrict ports, which takes Linux 6.7
