package io.tidegate.driver.modbus.internal;

import io.tidegate.driver.modbus.Area;
import java.util.ArrayList;
import java.util.List;

/**
 * What a device taught us with exception 02 (illegal data address): points it refuses, which are
 * then read on their own so they cannot spoil a block, and stretches between points it refuses to
 * be read across, which then split blocks. Learned per session; a reconnect starts afresh, so a
 * device whose map was fixed is read in blocks again.
 */
final class LearnedAddresses {
    private record Range(Area area, int first, int last) {
        boolean overlaps(Area a, int from, int to) {
            return area == a && first <= to && from <= last;
        }
    }

    private final List<Range> isolated = new ArrayList<>();
    private final List<Range> refusedGaps = new ArrayList<>();
    private int version;

    /** True when the point at these addresses must be read on its own. */
    boolean isolated(Area area, int first, int last) {
        return isolated.stream().anyMatch(r -> r.area == area && r.first == first && r.last == last);
    }

    /** True when some learned refused stretch lies inside [from, to]. */
    boolean refusedBetween(Area area, int from, int to) {
        return from <= to && refusedGaps.stream().anyMatch(r -> r.overlaps(area, from, to));
    }

    void isolate(Area area, int first, int last) {
        if (!isolated(area, first, last)) {
            isolated.add(new Range(area, first, last));
            version++;
        }
    }

    void refuseGap(Area area, int first, int last) {
        if (first <= last) {
            refusedGaps.add(new Range(area, first, last));
            version++;
        }
    }

    /** Changes whenever something is learned, so that a cached plan is made again. */
    int version() {
        return version;
    }

    @Override
    public String toString() {
        return "isolated " + isolated + ", refused gaps " + refusedGaps;
    }
}
