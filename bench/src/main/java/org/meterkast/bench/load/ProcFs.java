package org.meterkast.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc says about a process: CPU time and resident memory. */
final class ProcFs {
    private ProcFs() {
    }

    /** utime + stime of /proc/&lt;pid&gt;/stat, in clock ticks; 0 once the process is gone. */
    static long cpuTicks(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime of the process's thread named {@code name} (its comm), in clock ticks; 0 if none. */
    static long threadCpuTicks(long pid, String name) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String comm = read(task.resolve("comm")).strip();
                if (comm.equals(name)) {
                    sum += ticks(task.resolve("stat"));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /**
     * utime + stime of every process whose command line contains {@code text}: a PostgreSQL backend shows its
     * database in its title ("postgres: 15/main: postgres mydb 127.0.0.1(51234) idle").
     */
    static long cpuTicksOfProcessesNamed(String text) {
        long sum = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                String cmdline = read(p.resolve("cmdline")).replace('\0', ' ');
                if (cmdline.contains(text)) {
                    sum += ticks(p.resolve("stat"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return sum;
    }

    /** VmRSS and VmHWM of /proc/&lt;pid&gt;/status, in kB; zeros once the process is gone. */
    static long[] memoryKb(long pid) {
        long rss = 0;
        long hwm = 0;
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kb(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kb(line);
            }
        }
        return new long[] {rss, hwm};
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
    }

    private static long ticks(Path stat) {
        String s = read(stat);
        if (s.isEmpty()) {
            return 0;
        }
        // the command name in parentheses may hold spaces: count the fields after its closing parenthesis
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);      // fields 14 and 15: utime, stime
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
