package io.tidegate.bench;

import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic 200-point Modbus map of a sewage pump station, laid out the way station PLCs,
 * drives, flow meters, a water-quality analyser and an energy meter usually are: blocks of
 * related registers with reserved stretches between them.
 */
final class PumpStationMap {
    private final List<Point> points = new ArrayList<>();

    private PumpStationMap() {
    }

    static List<Point> points() {
        PumpStationMap m = new PumpStationMap();
        m.build();
        if (m.points.size() != 200) {
            throw new IllegalStateException("map has " + m.points.size() + " points");
        }
        return m.points;
    }

    private void add(String id, String address, DataType type) {
        points.add(Point.simple(id, "station", address, type, Duration.ofSeconds(1)));
    }

    private void build() {
        // station PLC: heartbeat, mode, clock
        add("plc/heartbeat", "hr:0", DataType.UINT32);
        add("plc/mode", "hr:2", DataType.UINT16);
        for (int i = 0; i < 6; i++) {
            add("plc/clock_" + i, "hr:" + (10 + i), DataType.UINT16);
        }
        // four pumps on drives, 22 points each, 100 registers apart
        for (int p = 1; p <= 4; p++) {
            int b = 1000 + 100 * (p - 1);
            for (int bit = 0; bit < 8; bit++) {
                add("pump" + p + "/status_" + bit, "hr:" + b + "." + bit, DataType.BOOL);
            }
            add("pump" + p + "/speed", "hr:" + (b + 1), DataType.UINT16);
            add("pump" + p + "/current", "hr:" + (b + 2), DataType.FLOAT32);
            add("pump" + p + "/voltage", "hr:" + (b + 4), DataType.FLOAT32);
            add("pump" + p + "/power", "hr:" + (b + 6), DataType.FLOAT32);
            add("pump" + p + "/frequency", "hr:" + (b + 8), DataType.UINT16);
            add("pump" + p + "/run_hours", "hr:" + (b + 10) + ":CDAB", DataType.UINT32);
            add("pump" + p + "/starts", "hr:" + (b + 12) + ":CDAB", DataType.UINT32);
            add("pump" + p + "/motor_temp", "hr:" + (b + 14), DataType.INT16);
            add("pump" + p + "/bearing_temp", "hr:" + (b + 15), DataType.INT16);
            add("pump" + p + "/torque", "hr:" + (b + 16), DataType.INT16);
            add("pump" + p + "/vibration", "hr:" + (b + 20), DataType.FLOAT32);
            add("pump" + p + "/fault_code", "hr:" + (b + 30), DataType.UINT16);
            add("pump" + p + "/speed_setpoint", "hr:" + (b + 40), DataType.UINT16);
            add("pump" + p + "/since_service", "hr:" + (b + 50), DataType.UINT16);
        }
        // wet well and weather
        add("well/level", "ir:0", DataType.FLOAT32);
        add("well/level_backup", "ir:2", DataType.FLOAT32);
        add("site/rain", "ir:4", DataType.FLOAT32);
        add("site/air_temp", "ir:6", DataType.FLOAT32);
        add("well/inflow_estimate", "ir:8", DataType.INT16);
        add("well/overflow_count", "ir:20", DataType.UINT32);
        // two magnetic flow meters
        for (int f = 1; f <= 2; f++) {
            int b = 100 + 20 * (f - 1);
            add("flow" + f + "/rate", "ir:" + b, DataType.FLOAT32);
            add("flow" + f + "/total", "ir:" + (b + 2), DataType.FLOAT64);
            add("flow" + f + "/velocity", "ir:" + (b + 6), DataType.FLOAT32);
        }
        // water-quality analyser
        String[] quality = {"ph", "turbidity", "chlorine", "conductivity", "temperature", "orp", "oxygen"};
        for (int i = 0; i < quality.length; i++) {
            add("analyser/" + quality[i], "ir:" + (200 + 2 * i), DataType.FLOAT32);
        }
        add("analyser/status", "ir:230", DataType.UINT16);
        // three-phase energy meter: 14 floats in a row, two 64-bit energy counters further on
        String[] meter = {"v1", "v2", "v3", "i1", "i2", "i3", "p1", "p2", "p3", "p", "q", "s", "pf", "hz"};
        for (int i = 0; i < meter.length; i++) {
            add("meter/" + meter[i], "hr:" + (3000 + 2 * i), DataType.FLOAT32);
        }
        add("meter/import_kwh", "hr:3100", DataType.INT64);
        add("meter/export_kwh", "hr:3104", DataType.INT64);
        // alarms and statuses: 40 discrete inputs with a few spares, 12 intrusion inputs far away
        int di = 0;
        for (int i = 0; i < 40; i++) {
            di += (i % 10 == 9) ? 3 : 1;
            add("alarm/di_" + di, "di:" + di, DataType.BOOL);
        }
        for (int i = 0; i < 12; i++) {
            add("security/di_" + (500 + i), "di:" + (500 + i), DataType.BOOL);
        }
        // commands: 16 coils
        for (int i = 0; i < 16; i++) {
            add("command/co_" + i, "co:" + i, DataType.BOOL);
        }
    }
}
