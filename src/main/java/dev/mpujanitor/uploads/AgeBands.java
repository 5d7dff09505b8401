package dev.mpujanitor.uploads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Incomplete uploads by how long ago they began: how many, and the bytes they hold, in each band of {@link #LABELS}.
 * Immutable; a bucket's are added up into the run's.
 */
public record AgeBands(List<Long> uploads, List<Long> bytes) {

    /** The bands' upper ends in days, exclusive; the last band has none. */
    private static final long[] UNDER_DAYS = {1, 7, 30, 90, 365};
    public static final List<String> LABELS = List.of("under a day", "1-7 days", "7-30 days", "30-90 days", "90-365 days", "over a year");

    public AgeBands {
        uploads = List.copyOf(uploads);
        bytes = List.copyOf(bytes);
    }

    public static AgeBands none() {
        List<Long> zeroes = Collections.nCopies(LABELS.size(), 0L);
        return new AgeBands(zeroes, zeroes);
    }

    /** These bands and one upload more, of this age and size. */
    public AgeBands with(Duration age, long uploadBytes) {
        int band = 0;
        while (band < UNDER_DAYS.length && age.toDays() >= UNDER_DAYS[band]) {
            band++;
        }
        List<Long> moreUploads = new ArrayList<>(uploads);
        List<Long> moreBytes = new ArrayList<>(bytes);
        moreUploads.set(band, moreUploads.get(band) + 1);
        moreBytes.set(band, moreBytes.get(band) + uploadBytes);
        return new AgeBands(moreUploads, moreBytes);
    }

    public AgeBands plus(AgeBands other) {
        List<Long> sumUploads = new ArrayList<>(uploads);
        List<Long> sumBytes = new ArrayList<>(bytes);
        for (int band = 0; band < LABELS.size(); band++) {
            sumUploads.set(band, sumUploads.get(band) + other.uploads.get(band));
            sumBytes.set(band, sumBytes.get(band) + other.bytes.get(band));
        }
        return new AgeBands(sumUploads, sumBytes);
    }
}
