package io.tidegate.driver.modbus.internal;

import io.tidegate.driver.modbus.Area;
import io.tidegate.driver.modbus.ModbusAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Coalesces a device's points into the fewest read requests: points of one area are sorted by
 * address and joined into one block as long as the block stays within the protocol limit (125
 * registers, 2000 bits, or the device's lower limits) and the stretch no point needs between two
 * of them is at most {@code maxGap}. Addresses the device refused (exception 02, see
 * {@link LearnedAddresses}) are never spanned: a point learned bad is read on its own, and a
 * refused gap splits the block.
 */
final class ReadPlanner {
    /** One point to read: its position in the caller's list and its address. */
    record Item(int index, ModbusAddress address) {
    }

    private final int maxGap;
    private final int maxRegisters;
    private final int maxBits;

    ReadPlanner(int maxGap, int maxRegisters, int maxBits) {
        this.maxGap = maxGap;
        this.maxRegisters = maxRegisters;
        this.maxBits = maxBits;
    }

    ReadPlan plan(List<Item> items, LearnedAddresses learned) {
        List<ReadRequest> requests = new ArrayList<>();
        for (Area area : Area.values()) {
            List<Item> inArea = new ArrayList<>();
            for (Item item : items) {
                if (item.address().area() == area) {
                    inArea.add(item);
                }
            }
            inArea.sort(Comparator.comparingInt((Item i) -> i.address().offset())
                    .thenComparingInt(i -> i.address().lastOffset()));
            int limit = area.isBits() ? maxBits : maxRegisters;
            List<Item> block = new ArrayList<>();
            int start = 0;
            int end = -1;
            for (Item item : inArea) {
                ModbusAddress a = item.address();
                boolean alone = learned.isolated(area, a.offset(), a.lastOffset());
                boolean joins = !block.isEmpty() && !alone && !isolatedBlock(block, learned)
                        && a.offset() - end - 1 <= maxGap
                        && Math.max(end, a.lastOffset()) - start + 1 <= limit
                        && !learned.refusedBetween(area, end + 1, a.offset() - 1);
                if (!joins && !block.isEmpty()) {
                    requests.add(new ReadRequest(area, start, end - start + 1, List.copyOf(block)));
                    block.clear();
                }
                if (block.isEmpty()) {
                    start = a.offset();
                    end = a.lastOffset();
                } else {
                    end = Math.max(end, a.lastOffset());
                }
                block.add(item);
            }
            if (!block.isEmpty()) {
                requests.add(new ReadRequest(area, start, end - start + 1, List.copyOf(block)));
            }
        }
        return new ReadPlan(requests);
    }

    private static boolean isolatedBlock(List<Item> block, LearnedAddresses learned) {
        ModbusAddress first = block.get(0).address();
        return block.size() == 1 && learned.isolated(first.area(), first.offset(), first.lastOffset());
    }

    /** One read request and the points it serves. */
    record ReadRequest(Area area, int start, int count, List<Item> items) {
        /** A block that overlaps only its own points' registers, e.g. for the one-point-per-request baseline. */
        Pdu pdu() {
            return Pdu.read(area, start, count);
        }

        /** Position of a point's first byte in the response data (register areas only). */
        int byteOffset(ModbusAddress a) {
            return (a.offset() - start) * 2;
        }

        @Override
        public String toString() {
            return "FC" + area.readFunction() + " " + area.shortName() + ":" + start + (count > 1 ? ".." + (start + count - 1)
                    : "") + " (" + count + (area.isBits() ? " bits" : " registers") + ", " + items.size() + " points)";
        }
    }

    /** The requests one poll of a group makes. */
    record ReadPlan(List<ReadRequest> requests) {
        /** One line per request, for installers and logs. */
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (ReadRequest r : requests) {
                sb.append(r).append('\n');
            }
            return sb.toString();
        }

        /** Bytes on the wire for one poll: requests and normal responses, per ADU framing. */
        long wireBytes(boolean rtu) {
            long total = 0;
            for (ReadRequest r : requests) {
                int header = rtu ? 1 + 2 : 7; // unit + CRC, or the MBAP header (unit included)
                total += header + 5;
                total += header + r.pdu().expectedResponse();
            }
            return total;
        }
    }
}
