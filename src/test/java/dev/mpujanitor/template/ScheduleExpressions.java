package dev.mpujanitor.template;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EventBridge schedule expressions a rule accepts: {@code rate(1 minute|hour|day)},
 * {@code rate(N minutes|hours|days)} for N > 1, and {@code cron()} with six fields of which exactly one of
 * day-of-month and day-of-week is {@code ?}. Field values themselves are not checked.
 */
final class ScheduleExpressions {

    private static final Pattern RATE = Pattern.compile("rate\\(([1-9][0-9]*) (minute|hour|day)(s?)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final int DAY_OF_MONTH = 2;
    private static final int DAY_OF_WEEK = 4;

    private ScheduleExpressions() {
    }

    /** Why EventBridge would reject the expression, or empty if it accepts it. */
    static Optional<String> problem(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            boolean one = rate.group(1).equals("1");
            boolean plural = !rate.group(3).isEmpty();
            return one == plural
                    ? Optional.of("rate() takes the singular unit for 1 and the plural for more: " + expression)
                    : Optional.empty();
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            String[] fields = cron.group(1).strip().split(" +");
            if (fields.length != 6) {
                return Optional.of("cron() takes 6 fields (minutes hours day-of-month month day-of-week year), "
                        + "found " + fields.length + ": " + expression);
            }
            if (fields[DAY_OF_MONTH].equals("?") == fields[DAY_OF_WEEK].equals("?")) {
                return Optional.of("cron() needs '?' in exactly one of day-of-month and day-of-week: " + expression);
            }
            return Optional.empty();
        }
        return Optional.of("neither rate(value unit) nor cron(fields): " + expression);
    }
}
