package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Scaling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A site of two devices whose points cover every data type: a pump (numbers of every width, a
 * scaled INT16, a read-write setpoint) and a meter (float, bool, string). Ids are unique across the
 * site, as the profile validation guarantees.
 */
final class TestSite extends FixedSite {
    static final String PUMP = "pump";
    static final String METER = "meter";

    static final String BOOL = "pump/running";
    static final String INT16 = "pump/temp_raw";
    static final String SCALED_INT16 = "pump/pressure";
    static final String UINT16 = "pump/status_word";
    static final String INT32 = "pump/position";
    static final String UINT32 = "pump/heartbeat";
    static final String INT64 = "pump/energy_counter";
    static final String FLOAT64 = "pump/setpoint";
    static final String FLOAT32 = "meter/voltage";
    static final String STRING = "meter/serial";
    static final String METER_ALARM = "meter/alarm";

    TestSite() {
        super("gw-test", pumpAndMeter());
    }

    private static List<Device> pumpAndMeter() {
        List<Point> pump = new ArrayList<>();
        pump.add(point(BOOL, PUMP, DataType.BOOL, "", Scaling.IDENTITY, Access.READ, "Pump running",
                Map.of("category", "pump")));
        pump.add(point(INT16, PUMP, DataType.INT16, "degC", Scaling.IDENTITY, Access.READ, "Raw temperature",
                Map.of("category", "temperature")));
        pump.add(point(SCALED_INT16, PUMP, DataType.INT16, "bar", new Scaling(0.1, 0.0), Access.READ,
                "Discharge pressure", Map.of("category", "pump", "site", "north")));
        pump.add(point(UINT16, PUMP, DataType.UINT16, "", Scaling.IDENTITY, Access.READ, "Status word", Map.of()));
        pump.add(point(INT32, PUMP, DataType.INT32, "mm", Scaling.IDENTITY, Access.READ, "Valve position",
                Map.of()));
        pump.add(point(UINT32, PUMP, DataType.UINT32, "", Scaling.IDENTITY, Access.READ, "Heartbeat", Map.of()));
        pump.add(point(INT64, PUMP, DataType.INT64, "Wh", Scaling.IDENTITY, Access.READ, "Energy counter",
                Map.of()));
        pump.add(point(FLOAT64, PUMP, DataType.FLOAT64, "m", Scaling.IDENTITY, Access.READ_WRITE,
                "Start level", Map.of("category", "control")));
        List<Point> meter = new ArrayList<>();
        meter.add(point(FLOAT32, METER, DataType.FLOAT32, "V", Scaling.IDENTITY, Access.READ, "Phase voltage",
                Map.of("sub-item", "L1")));
        meter.add(point(STRING, METER, DataType.STRING, "", Scaling.IDENTITY, Access.READ, "", Map.of()));
        meter.add(point(METER_ALARM, METER, DataType.BOOL, "", Scaling.IDENTITY, Access.READ, "Alarm", Map.of()));
        return List.of(new Device(PUMP, "sim", Map.of(), pump), new Device(METER, "sim", Map.of(), meter));
    }

    private static Point point(String id, String device, DataType type, String unit, Scaling scaling, Access access,
                               String description, Map<String, String> tags) {
        return new Point(id, device, id.replace('/', '.'), type, unit, scaling, access,
                access == Access.READ_WRITE ? 0.3 : null, access == Access.READ_WRITE ? 4.0 : null,
                Duration.ofSeconds(1), tags, description);
    }
}
