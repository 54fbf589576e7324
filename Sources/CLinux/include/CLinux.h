#ifndef MC_CLINUX_H
#define MC_CLINUX_H
/// Thin wrappers around Linux calls that Swift cannot import directly: variadic functions
/// (prctl) and structures hidden behind _GNU_SOURCE (struct ucred).
#include <sys/types.h>

/// Asks the kernel to send `signal` to this process when its parent dies, then checks the
/// parent is still `expected_parent` (closing the race where it died before the call).
/// Returns 0 on success, -1 with errno set on failure, 1 when the parent is already gone.
int mc_set_parent_death_signal(int signal, pid_t expected_parent);

/// Reads the peer credentials of a connected Unix domain socket (SO_PEERCRED).
/// Returns 0 on success and fills the out parameters, -1 with errno set on failure.
int mc_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// Spawns `path` with `argv` and `envp` in a new process whose stdin is /dev/null and whose
/// stdout and stderr are `out_fd` and `err_fd`. Every other descriptor is closed in the child.
/// Returns the child's pid, or -1 with errno set.
pid_t mc_spawn(const char *path, char *const argv[], char *const envp[], int out_fd, int err_fd);

/// Creates a pipe whose both ends are close-on-exec (pipe2 with O_CLOEXEC).
int mc_pipe_cloexec(int fds[2]);

/// Resident set size of `pid` in bytes from /proc/PID/statm, or -1 when unreadable.
long long mc_process_rss(pid_t pid);

/// Layout of Linux's struct ucred, which glibc hides behind _GNU_SOURCE.
typedef struct mc_ucred {
    int pid;
    unsigned int uid;
    unsigned int gid;
} mc_ucred;

/// The SO_PEERCRED socket option name.
int mc_so_peercred(void);

#endif
