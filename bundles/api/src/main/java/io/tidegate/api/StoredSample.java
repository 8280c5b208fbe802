package io.tidegate.api;

/**
 * A sample as the store hands it out.
 *
 * @param id     the store's id, to acknowledge or release it
 * @param sample the sample as appended
 */
public record StoredSample(long id, Sample sample) {
}
