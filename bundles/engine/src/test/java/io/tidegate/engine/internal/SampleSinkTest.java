package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** While the store refuses appends, the newest samples wait in memory and are written, in order, when it recovers. */
class SampleSinkTest {
    private final FakeStore store = new FakeStore();

    private static List<Sample> batch(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> Sample.good("meter/energy", Value.of(DataType.INT64, i), i)).toList();
    }

    @Test
    void samplesHeldDuringAStoreOutageAreWrittenInOrderWhenItRecovers() {
        SampleSink sink = new SampleSink(store, 1000);
        sink.accept(batch(0, 3));
        store.failure = "disk full: /var/lib/tidegate/queue.db";
        sink.accept(batch(3, 3));
        sink.accept(batch(6, 3));
        assertEquals(6, sink.held());

        store.failure = null;
        sink.accept(batch(9, 3));

        assertEquals(0, sink.held());
        assertEquals(IntStream.range(0, 12).boxed().toList(),
                store.appended.stream().map(s -> (int) s.value().asLong()).toList());
        assertEquals(12, sink.stored());
        assertEquals(0, sink.dropped());
    }

    @Test
    void aLongOutageKeepsTheNewestAndCountsWhatItDrops() {
        SampleSink sink = new SampleSink(store, 5);
        store.failure = "disk full";
        sink.accept(batch(0, 4));
        sink.accept(batch(4, 4));

        assertEquals(5, sink.held());
        assertEquals(3, sink.dropped(), "every drop is counted");
        store.failure = null;
        sink.accept(List.of());
        assertEquals(List.of(3, 4, 5, 6, 7), store.appended.stream().map(s -> (int) s.value().asLong()).toList());
    }
}
