package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.DataType;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.WordOrder;
import io.tidegate.driver.modbus.internal.ReadPlanner.Item;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadPlannerTest {

    private static List<Item> items(String... addressesAndTypes) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < addressesAndTypes.length; i += 2) {
            items.add(new Item(i / 2, ModbusAddress.parse(addressesAndTypes[i],
                    DataType.valueOf(addressesAndTypes[i + 1]), 0, WordOrder.ABCD)));
        }
        return items;
    }

    private static List<String> plan(ReadPlanner planner, List<Item> items, LearnedAddresses learned) {
        return planner.plan(items, learned).requests().stream()
                .map(r -> r.area().shortName() + ":" + r.start() + "+" + r.count()).toList();
    }

    @Test
    void neighboursShareOneRequestPerAreaAndGapsUpToTheLimitAreSpanned() {
        ReadPlanner planner = new ReadPlanner(10, 125, 2000);
        List<Item> items = items("hr:0", "UINT16", "hr:1", "FLOAT32", "hr:13", "INT16", "hr:40", "INT16",
                "ir:5", "UINT16", "co:3", "BOOL", "co:9", "BOOL", "hr:3.4", "BOOL");
        // hr:0..13 (gap 3..12 has 3 used -> gaps of 1 and 9 registers), hr:40 is 26 past -> its own request
        assertEquals(List.of("co:3+7", "ir:5+1", "hr:0+14", "hr:40+1"), plan(planner, items, new LearnedAddresses()));
    }

    @Test
    void zeroGapJoinsOnlyAdjacentRegisters() {
        ReadPlanner planner = new ReadPlanner(0, 125, 2000);
        List<Item> items = items("hr:0", "UINT16", "hr:1", "INT32", "hr:4", "UINT16");
        assertEquals(List.of("hr:0+3", "hr:4+1"), plan(planner, items, new LearnedAddresses()));
    }

    @Test
    void blocksNeverExceedTheProtocolLimit() {
        ReadPlanner planner = new ReadPlanner(10, 125, 2000);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(new Item(i, ModbusAddress.parse("hr:" + (i * 2), DataType.FLOAT32, 0, WordOrder.ABCD)));
        }
        List<String> requests = plan(planner, items, new LearnedAddresses());
        // 600 registers of packed FLOAT32: 62 floats (124 registers) per request, a float never split
        assertEquals(List.of("hr:0+124", "hr:124+124", "hr:248+124", "hr:372+124", "hr:496+104"), requests);
    }

    @Test
    void aDeviceLimitBelowTheProtocolsIsHonoured() {
        ReadPlanner planner = new ReadPlanner(20, 16, 2000);
        List<Item> items = items("hr:0", "UINT16", "hr:15", "UINT16", "hr:16", "UINT16");
        assertEquals(List.of("hr:0+16", "hr:16+1"), plan(planner, items, new LearnedAddresses()));
    }

    @Test
    void coilsJoinUpTo2000Bits() {
        ReadPlanner planner = new ReadPlanner(2000, 125, 2000);
        List<Item> items = items("co:0", "BOOL", "co:1999", "BOOL", "co:2000", "BOOL");
        assertEquals(List.of("co:0+2000", "co:2000+1"), plan(planner, items, new LearnedAddresses()));
    }

    @Test
    void learnedBadPointsAreReadAloneAndRefusedGapsSplitBlocks() {
        ReadPlanner planner = new ReadPlanner(10, 125, 2000);
        List<Item> items = items("hr:0", "UINT16", "hr:2", "UINT16", "hr:4", "UINT16", "hr:8", "UINT16");
        LearnedAddresses learned = new LearnedAddresses();
        assertEquals(List.of("hr:0+9"), plan(planner, items, learned));

        learned.isolate(io.tidegate.driver.modbus.Area.HOLDING_REGISTER, 2, 2);
        assertEquals(List.of("hr:0+1", "hr:2+1", "hr:4+5"), plan(planner, items, learned));

        learned.refuseGap(io.tidegate.driver.modbus.Area.HOLDING_REGISTER, 5, 7);
        assertEquals(List.of("hr:0+1", "hr:2+1", "hr:4+1", "hr:8+1"), plan(planner, items, learned));
    }

    @Test
    void thePlanDescribesEachRequest() {
        ReadPlanner planner = new ReadPlanner(10, 125, 2000);
        String text = planner.plan(items("hr:0", "UINT16", "hr:5", "FLOAT32", "co:1", "BOOL"), new LearnedAddresses())
                .describe();
        assertEquals("FC1 co:1 (1 bits, 1 points)\nFC3 hr:0..6 (7 registers, 2 points)\n", text);
    }
}
