package dev.mpujanitor.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** How every report writes a figure for a person to read: counts, bytes, dollars, ages and durations, one way each. */
public final class Figures {

    private Figures() {
    }

    /** {@code 1 bucket}, {@code 2 buckets}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** {@code 1,234,567}: a count that can run to millions reads at a glance. */
    public static String number(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** Binary units with one decimal: {@code 77.0 MiB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Cents from a dollar up; below it, two significant digits, so that a small waste does not read as nothing. */
    public static String usd(BigDecimal amount) {
        if (amount.signum() == 0) {
            return "USD 0";
        }
        BigDecimal rounded = amount.compareTo(BigDecimal.ONE) >= 0
                ? amount.setScale(2, RoundingMode.HALF_UP)
                : amount.round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros();
        return "USD " + rounded.toPlainString();
    }

    /** How long ago something began, in whole days: {@code under a day ago}, {@code 1 day ago}, {@code 12 days ago}. */
    public static String ago(Duration age) {
        return switch ((int) Math.min(age.toDays(), 2)) {
            case 0 -> "under a day ago";
            case 1 -> "1 day ago";
            default -> number(age.toDays()) + " days ago";
        };
    }

    /** {@code 812 ms}, {@code 4.2 s}, {@code 3 min 12 s}, {@code 1 h 5 min}. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return duration.toHours() > 0 ? duration.toHours() + " h " + duration.toMinutesPart() + " min" : duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
    }

    /** Days with one decimal, for records: enough to tell a day-old upload from a week-old one at a glance. */
    static double days(Duration age) {
        return Math.round(age.toMinutes() / 144.0) / 10.0;
    }
}
