package io.tidegate.api;

/**
 * A sample as the store hands it out.
 *
 * @param id      the store's id, to acknowledge or release it
 * @param sample  the sample as appended
 * @param backlog true when it comes from a backlog that newer, live samples were handed out ahead
 *                of (after an outage): an uplink must flag it historical, whenever it was taken
 */
public record StoredSample(long id, Sample sample, boolean backlog) {

    /** A sample handed out in plain oldest-first order. */
    public StoredSample(long id, Sample sample) {
        this(id, sample, false);
    }
}
