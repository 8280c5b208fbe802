package io.tidegate.console.internal;

import io.tidegate.api.DeviceDiscovery;
import io.tidegate.api.DriverException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs discoveries (a Modbus unit scan, an OPC UA browse) in the background, one at a time, so a
 * scan that takes a minute neither holds an HTTP request open nor loads a small gateway twice; the
 * page asks how the run stands ({@link #status}) until it is done. The last few runs are kept.
 */
final class DiscoveryJobs implements AutoCloseable {
    private static final int KEPT = 5;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tidegate-console-discovery");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new LinkedHashMap<>();

    /** One run and how it stands. */
    private static final class Job {
        final long id;
        final String driver;
        final String started = Instant.now().toString();
        volatile String state = "running";
        volatile int done;
        volatile int total = -1;
        final List<DeviceDiscovery.Finding> found = new ArrayList<>();
        volatile DeviceDiscovery.Result result;
        volatile String error = "";

        Job(long id, String driver) {
            this.id = id;
            this.driver = driver;
        }
    }

    /**
     * Starts a run.
     *
     * @return the job id
     * @throws IllegalStateException when a run is still going
     */
    synchronized long start(String driver, DeviceDiscovery discovery, Map<String, String> parameters) {
        if (jobs.values().stream().anyMatch(j -> j.state.equals("running"))) {
            throw new IllegalStateException("a discovery is still running; wait for it to finish");
        }
        Job job = new Job(ids.incrementAndGet(), driver);
        jobs.put(job.id, job);
        while (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        worker.execute(() -> run(job, discovery, parameters));
        return job.id;
    }

    private static void run(Job job, DeviceDiscovery discovery, Map<String, String> parameters) {
        try {
            job.result = discovery.discover(parameters, step -> {
                job.done = step.done();
                job.total = step.total();
                if (step.found() != null) {
                    synchronized (job.found) {
                        job.found.add(step.found());
                    }
                }
            });
            job.state = "done";
        } catch (DriverException | RuntimeException e) {
            job.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.state = "failed";
        }
    }

    /** How a run stands, as JSON; null when there is no such run (any more). */
    synchronized Map<String, Object> status(long id) {
        Job job = jobs.get(id);
        if (job == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", job.id);
        out.put("driver", job.driver);
        out.put("started", job.started);
        out.put("state", job.state);
        DeviceDiscovery.Result result = job.result;
        out.put("done", result != null ? result.tried() : job.done);
        out.put("total", job.total);
        List<DeviceDiscovery.Finding> findings;
        if (result != null) {
            findings = result.findings();
        } else {
            synchronized (job.found) {
                findings = List.copyOf(job.found);
            }
        }
        List<Object> list = new ArrayList<>();
        for (DeviceDiscovery.Finding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("name", f.name());
            m.put("details", f.details());
            list.add(m);
        }
        out.put("findings", list);
        out.put("complete", result != null && result.complete());
        out.put("note", result == null ? "" : result.note());
        out.put("elapsedSeconds", result == null ? null : result.elapsed().toMillis() / 1000.0);
        out.put("error", job.error);
        return out;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
