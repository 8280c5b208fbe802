package io.tidegate.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Optional for a driver: finding what is on the wire before points are configured, e.g. which
 * Modbus unit ids answer on a line, or which nodes an OPC UA server offers below a node. The
 * driver's bundle registers it as an OSGi service with the driver's {@value Driver#NAME_PROPERTY}
 * property (one name or several): the driver component itself may implement it, or a separate
 * component of the same bundle. The console lists the drivers that offer it. A discovery uses its
 * own connection, never a running device's session.
 */
public interface DeviceDiscovery {

    /**
     * What this driver can discover, e.g. {@code "scan unit ids"} or {@code "browse nodes"}, with the
     * parameters it takes and their meaning, for the console's form.
     */
    Description describe();

    /**
     * Runs one discovery with the given parameters (keys as {@link Description#parameters()}).
     * Bounded in time by the parameters and the driver's own limits; reports each finding to
     * {@code progress} as it happens, as well as in the result.
     *
     * @throws DriverException when the parameters are unusable or the connection cannot be made at all
     */
    Result discover(Map<String, String> parameters, Consumer<Progress> progress) throws DriverException;

    /**
     * @param action     what a run does, e.g. {@code "scan unit ids"}
     * @param parameters parameter name to a sentence saying what it is and its default
     */
    record Description(String action, Map<String, String> parameters) {
    }

    /**
     * Where a run stands.
     *
     * @param done   steps done (units tried, nodes read)
     * @param total  steps in all, or -1 when not known
     * @param found  the finding of the step just done, or null
     */
    record Progress(int done, int total, Finding found) {
    }

    /**
     * One thing found.
     *
     * @param id         the address to use in a profile (a unit id, a node id)
     * @param name       what it calls itself (a browse name), or empty
     * @param details    further facts, e.g. {@code nodeClass}, {@code dataType}, {@code answer}
     */
    record Finding(String id, String name, Map<String, String> details) {
    }

    /**
     * @param findings what answered, in the order found
     * @param tried    how many steps were taken
     * @param elapsed  how long the run took
     * @param complete false when the run stopped at its time bound before trying everything
     * @param note     a sentence about the run (what was not tried and why), or empty
     */
    record Result(List<Finding> findings, int tried, Duration elapsed, boolean complete, String note) {
    }
}
